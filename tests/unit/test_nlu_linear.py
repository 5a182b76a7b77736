"""The NLU classifier (bot/nlu_linear.py): n-grams and embeddings, blending, a trained component."""

from __future__ import annotations

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_linear import LinearClassifier, blend, mix, set_answer


def test_a_sure_linear_model_outweighs_an_unsure_neural_one():
    ranking = blend({"greet": 0.4, "goodbye": 0.6}, {"greet": 0.95, "goodbye": 0.05}, weight=0.5)
    assert ranking[0][0] == "greet"
    assert abs(sum(conf for _, conf in ranking) - 1.0) < 1e-9


def test_a_label_only_one_side_knows_counts_as_zero_on_the_other():
    ranking = dict(blend({"question": 1.0}, {"question": 0.5, "inform": 0.5}, weight=0.5))
    assert ranking == {"question": 0.75, "inform": 0.25}


def test_at_weight_one_the_linear_opinion_alone_decides():
    assert blend({"greet": 1.0}, {"thanks": 0.7, "greet": 0.3}, weight=1.0)[0] == ("thanks", 0.7)


def test_the_chosen_answer_points_the_retrieval_action_at_its_response():
    responses = {"utter_question/contact": [{"text": "Bel 0800-2000."}]}
    message = Message(data={"text": "nummer van veilig thuis"})
    set_answer(message, "question", [("question/contact", 0.8), ("question/vt_wat", 0.2)], responses)
    selector = message.get("response_selector")
    assert selector["all_retrieval_intents"] == ["question"]
    assert selector["question"]["response"]["utter_action"] == "utter_question/contact"
    assert selector["question"]["response"]["responses"] == responses["utter_question/contact"]
    assert [r["intent_response_key"] for r in selector["question"]["ranking"]] == [
        "question/contact",
        "question/vt_wat",
    ]


def _example(text: str, intent: str, key: str | None = None) -> Message:
    data = {"text": text, "intent": intent}
    if key:
        data["intent_response_key"] = key
    return Message(data=data)


def _train(tmp_path, examples, **config) -> LinearClassifier:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear")
    config = {**LinearClassifier.get_default_config(), **config}
    LinearClassifier.create(config, storage, resource, None).train(TrainingData(examples))
    return LinearClassifier.load(config, storage, resource, None)


def test_trained_component_survives_persisting_and_reads_a_typo(tmp_path):
    examples = [_example(t, "greet") for t in ("hallo", "hoi", "goedemorgen", "hey daar")]
    examples += [
        _example(t, "question", "question/contact")
        for t in ("wat is het nummer van veilig thuis", "telefoonnummer veilig thuis", "hoe bel ik veilig thuis")
    ]
    examples += [
        _example(t, "question", "question/kindcheck")
        for t in ("wat is de kindcheck", "wanneer doe ik de kindcheck", "kindcheck uitleg")
    ]
    loaded = _train(tmp_path, examples, embedding_share=0.0)

    message = Message(data={"text": "telefoonummer veilig thuis?"})
    loaded.process([message])
    assert message.get("intent")["name"] == "question"
    assert message.get("intent_ranking")[0]["name"] == "question"
    assert message.get("response_selector")["question"]["response"]["intent_response_key"] == "question/contact"


def test_the_linear_opinion_mixes_ngrams_and_embeddings_by_share():
    assert mix({"inform": 0.8, "question": 0.2}, {"question": 1.0}, share=0.5) == {"inform": 0.4, "question": 0.6}
    assert mix({"inform": 1.0}, {"question": 1.0}, share=0.0) == {"inform": 1.0, "question": 0.0}


def test_embeddings_carry_meaning_the_ngrams_lack(tmp_path):
    # Two answers; the test sentence shares no word with either one's examples:
    # meaning (the embedding model) links "oma wordt bestolen door haar kleinzoon" to
    # the elderly. The n-gram model alone picks the contact answer for it.
    examples = [
        _example(t, "question", "question/signalen_ouderen")
        for t in (
            "signalen van ouderenmishandeling",
            "hoe herken ik mishandeling van een bejaarde",
            "een oudere bewoner heeft blauwe plekken",
            "financieel misbruik van een oudere",
        )
    ]
    examples += [
        _example(t, "question", "question/contact")
        for t in (
            "wat is het nummer van veilig thuis",
            "telefoonnummer veilig thuis",
            "hoe bel ik veilig thuis",
            "waar kan ik bellen",
        )
    ]
    examples += [_example(t, "greet") for t in ("hallo", "hoi", "goedemorgen", "hey daar")]
    loaded = _train(tmp_path, examples, embedding_share=1.0)
    assert {"intents_embedded", "answers_embedded"} <= set(loaded.models)
    message = Message(data={"text": "oma wordt bestolen door haar kleinzoon"})
    loaded.process([message])
    selected = message.get("response_selector")["question"]["response"]["intent_response_key"]
    assert selected == "question/signalen_ouderen"
