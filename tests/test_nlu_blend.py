"""The linear second opinion (bot/nlu_blend.py): blending, and a trained component."""

from __future__ import annotations

from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_blend import LinearBlend, apply_answer, apply_intent, blend, mix


def test_a_sure_linear_model_outweighs_an_unsure_neural_one():
    ranking = blend({"greet": 0.4, "goodbye": 0.6}, {"greet": 0.95, "goodbye": 0.05}, weight=0.5)
    assert ranking[0][0] == "greet"
    assert abs(sum(conf for _, conf in ranking) - 1.0) < 1e-9


def test_a_label_only_one_side_knows_counts_as_zero_on_the_other():
    ranking = dict(blend({"question": 1.0}, {"question": 0.5, "inform": 0.5}, weight=0.5))
    assert ranking == {"question": 0.75, "inform": 0.25}


def test_apply_intent_rewrites_intent_and_ranking():
    data = {"intent": {"name": "question", "confidence": 0.55},
            "intent_ranking": [{"name": "question", "confidence": 0.55},
                               {"name": "out_of_scope", "confidence": 0.45}]}
    apply_intent(data, {"question": 0.1, "out_of_scope": 0.9}, weight=0.5)
    assert data["intent"]["name"] == "out_of_scope"
    assert [r["name"] for r in data["intent_ranking"]] == ["out_of_scope", "question"]


def test_apply_answer_points_the_retrieval_action_at_the_blended_answer():
    responses = {"utter_question/contact": [{"text": "Bel 0800-2000."}]}
    data = {"response_selector": {"question": {
        "response": {"intent_response_key": "question/vt_wat", "confidence": 0.5,
                     "utter_action": "utter_question/vt_wat", "responses": []},
        "ranking": [{"id": 1, "intent_response_key": "question/vt_wat", "confidence": 0.5},
                    {"id": 2, "intent_response_key": "question/contact", "confidence": 0.4}]}}}
    apply_answer(data, "question", {"question/contact": 0.8, "question/vt_wat": 0.2}, 0.5, responses)
    response = data["response_selector"]["question"]["response"]
    assert response["utter_action"] == "utter_question/contact"
    assert response["responses"] == responses["utter_question/contact"]
    assert data["response_selector"]["question"]["ranking"][0]["id"] == 2


def _example(text: str, intent: str, key: str | None = None) -> Message:
    data = {"text": text, "intent": intent}
    if key:
        data["intent_response_key"] = key
    return Message(data=data)


def test_trained_component_survives_persisting_and_reads_a_typo(tmp_path):
    examples = [_example(t, "greet") for t in ("hallo", "hoi", "goedemorgen", "hey daar")]
    examples += [_example(t, "question", "question/contact") for t in (
        "wat is het nummer van veilig thuis", "telefoonnummer veilig thuis", "hoe bel ik veilig thuis")]
    examples += [_example(t, "question", "question/kindcheck") for t in (
        "wat is de kindcheck", "wanneer doe ik de kindcheck", "kindcheck uitleg")]
    storage = LocalModelStorage(tmp_path)
    resource = Resource("blend")
    config = {**LinearBlend.get_default_config(), "intent_weight": 1.0, "answer_weight": 1.0}
    LinearBlend.create(config, storage, resource, None).train(TrainingData(examples))

    loaded = LinearBlend.load(config, storage, resource, None)
    message = Message(data={
        "text": "telefoonummer veilig thuis?",
        "intent": {"name": "greet", "confidence": 0.9},
        "intent_ranking": [{"name": "greet", "confidence": 0.9}],
        "response_selector": {"question": {"response": {}, "ranking": []}},
    })
    loaded.process([message])
    assert message.get("intent")["name"] == "question"
    assert message.get("response_selector")["question"]["response"]["intent_response_key"] == "question/contact"


def test_the_linear_opinion_mixes_ngrams_and_embeddings_by_share():
    assert mix({"inform": 0.8, "question": 0.2}, {"question": 1.0}, share=0.5) == {"inform": 0.4, "question": 0.6}
    assert mix({"inform": 1.0}, {"question": 1.0}, share=0.0) == {"inform": 1.0, "question": 0.0}


def test_embeddings_carry_meaning_the_ngrams_lack(tmp_path):
    # Two answers; the test sentence shares no word with either one's examples:
    # meaning (the embedding model) links "oma wordt bestolen door haar kleinzoon" to
    # the elderly. The n-gram model alone picks the contact answer for it.
    examples = [_example(t, "question", "question/signalen_ouderen") for t in (
        "signalen van ouderenmishandeling", "hoe herken ik mishandeling van een bejaarde",
        "een oudere bewoner heeft blauwe plekken", "financieel misbruik van een oudere")]
    examples += [_example(t, "question", "question/contact") for t in (
        "wat is het nummer van veilig thuis", "telefoonnummer veilig thuis",
        "hoe bel ik veilig thuis", "waar kan ik bellen")]
    examples += [_example(t, "greet") for t in ("hallo", "hoi", "goedemorgen", "hey daar")]
    storage = LocalModelStorage(tmp_path)
    resource = Resource("blend")
    config = {**LinearBlend.get_default_config(), "intent_weight": 1.0, "answer_weight": 1.0,
              "embedding_share": 1.0}
    LinearBlend.create(config, storage, resource, None).train(TrainingData(examples))
    loaded = LinearBlend.load(config, storage, resource, None)
    assert {"intents_embedded", "answers_embedded"} <= set(loaded.models)
    message = Message(data={"text": "oma wordt bestolen door haar kleinzoon",
                            "response_selector": {"question": {"response": {}, "ranking": []}}})
    loaded.process([message])
    selected = message.get("response_selector")["question"]["response"]["intent_response_key"]
    assert selected == "question/signalen_ouderen"
