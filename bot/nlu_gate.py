"""A knowledge question counts only when one known answer clearly fits.

DIET is often sure (confidence ~1.0) that a message is a `question`, also for
answers given in the middle of a consultation ("hoe het thuis gaat met een
meisje"). The ResponseSelector is more honest: for such messages no answer
scores well. This component sits between the ResponseSelector and the
FallbackClassifier. When the best answer's confidence is below
`min_answer_confidence`, it lowers the `question` intent's confidence to that
value, so the FallbackClassifier turns the message into `nlu_fallback`: inside
the consultation the form then takes it as an answer; outside it the user is
asked to rephrase instead of getting an answer to a question they did not ask.
A message that ends with a question mark is always left alone.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.training_data.message import Message


def gate_question(data: dict[str, Any], retrieval_intent: str, min_confidence: float) -> bool:
    """Lower the retrieval intent's confidence in a parse result; True if it was lowered."""
    intent = data.get("intent") or {}
    if intent.get("name") != retrieval_intent:
        return False
    if str(data.get("text") or "").rstrip().endswith("?"):
        return False  # asked as a question: answer it, even if the fit is modest
    selector = (data.get("response_selector") or {}).get(retrieval_intent) or {}
    best = float((selector.get("response") or {}).get("confidence") or 0.0)
    if best >= min_confidence:
        return False
    intent["confidence"] = best
    for ranked in data.get("intent_ranking") or []:
        if ranked.get("name") == retrieval_intent:
            ranked["confidence"] = best
    return True


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionGate(GraphComponent, IntentClassifier):
    """See the module docstring."""

    @classmethod
    def required_components(cls) -> list[type]:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"retrieval_intent": "question", "min_answer_confidence": 0.4}

    def __init__(self, config: dict[str, Any]) -> None:
        self.component_config = config

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        intent = self.component_config["retrieval_intent"]
        minimum = float(self.component_config["min_answer_confidence"])
        for message in messages:
            gate_question(message.data, intent, minimum)
        return messages
