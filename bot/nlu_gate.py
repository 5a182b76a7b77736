"""A knowledge question counts only when one known answer clearly fits.

The intent classifier can be sure that a message is a `question`, also for
answers given in the middle of a consultation ("hoe het thuis gaat met een
meisje"). The answer selection is more honest: for such messages no answer
scores well. This component sits between the classifier (bot/nlu_linear.py)
and the FallbackClassifier. When the best answer's confidence is below
`min_answer_confidence`, it lowers the `question` intent's confidence to that
value, so the FallbackClassifier turns the message into `nlu_fallback`: inside
the consultation the form then takes it as an answer; outside it the user is
asked to rephrase instead of getting an answer to a question they did not ask.
A message that ends with a question mark is always left alone.

It also makes sure a worry or an introduction starts the steps: a message the
classifier calls a greeting, out of scope, or is unsure about, but that says
"ik maak me zorgen" (or "ongerust", "zorgen over ...") or who the user is ("ik
werk op de bso", "ik zit bij de scouting als vrijwilliger") is an `inform`.
The assistant itself tells people to type "ik maak me zorgen"; such a message
must never get "Sorry, dat begreep ik niet" or only a greeting.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.nlu.constants import RESPONSE_SELECTOR_PREDICTION_KEY, RESPONSE_SELECTOR_PROPERTY_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from actions.meldcode.sectors import detect_sector, is_volunteer, normalise

_WORRY = re.compile(
    r"\b(maak (ik )?(me|mij) (\w+ ){0,2}zorgen|(heb|zit met) (\w+ )?zorgen|zorgen over|zorgen om|"
    r"ongerust|bezorgd|zit met zorgen|niet pluis|niet vertrouw|vertrouw .{1,40} niet)\b"
)
_WEAK_INTENTS = ("greet", "out_of_scope", "nlu_fallback")
_ASKS = re.compile(r"^(wat|hoe|waarom|wanneer|wie|welke|waar|moet|mag|kan|kun|geldt|is|zijn)\b")
FALLBACK_BELOW = 0.45  # the FallbackClassifier's threshold in config.yml
AMBIGUOUS_WITHIN = 0.05  # and its ambiguity_threshold


def route_worry(message: Message, inform: str = "inform") -> bool:
    """A message that voices a worry, or a weakly classified one that says who
    the user is, becomes `inform`, which starts (or feeds) the steps. True if changed.

    A worry stated as such ("ik vertrouw een andere leider niet", "ik maak me
    zorgen over ...") is not a knowledge question unless it is asked as one.
    """
    intent = message.get(INTENT) or {}
    name, confidence = intent.get(INTENT_NAME_KEY), float(intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    if name not in (*_WEAK_INTENTS, "question", inform):
        return False  # danger_now, stop, a yes or no ... keep their meaning
    others = sorted(
        (
            float(r.get(PREDICTED_CONFIDENCE_KEY) or 0.0)
            for r in message.get(INTENT_RANKING_KEY) or []
            if r.get(INTENT_NAME_KEY) != name
        ),
        reverse=True,
    )
    ambiguous = bool(others) and confidence - others[0] < AMBIGUOUS_WITHIN  # the FallbackClassifier would fire
    weak = name in _WEAK_INTENTS or confidence < FALLBACK_BELOW or ambiguous
    raw = str(message.get(TEXT) or "")
    text = normalise(raw)
    if text.startswith("/"):
        return False
    worry = bool(_WORRY.search(text)) and not raw.rstrip().endswith("?") and not _ASKS.match(text)
    who = bool(detect_sector(text) or is_volunteer(text))
    if name == inform:
        change = weak
    elif name == "question":
        change = worry or (weak and who)
    else:
        change = worry or who
    if not change:
        return False
    boosted = max(confidence, 0.9)
    message.set(INTENT, {INTENT_NAME_KEY: inform, PREDICTED_CONFIDENCE_KEY: boosted}, add_to_output=True)
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != inform]
    message.set(
        INTENT_RANKING_KEY, [{INTENT_NAME_KEY: inform, PREDICTED_CONFIDENCE_KEY: boosted}, *ranking], add_to_output=True
    )
    return True


def gate_question(message: Message, retrieval_intent: str, min_confidence: float) -> bool:
    """Lower the retrieval intent's confidence to the best answer's; True if it was lowered."""
    intent = message.get(INTENT) or {}
    if intent.get(INTENT_NAME_KEY) != retrieval_intent:
        return False
    if str(message.get(TEXT) or "").rstrip().endswith("?"):
        return False  # asked as a question: answer it, even if the fit is modest
    selector = (message.get(RESPONSE_SELECTOR_PROPERTY_NAME) or {}).get(retrieval_intent) or {}
    best = float((selector.get(RESPONSE_SELECTOR_PREDICTION_KEY) or {}).get(PREDICTED_CONFIDENCE_KEY) or 0.0)
    if best >= min_confidence:
        return False
    message.set(INTENT, {**intent, PREDICTED_CONFIDENCE_KEY: best}, add_to_output=True)
    ranking = [
        {**r, PREDICTED_CONFIDENCE_KEY: best} if r.get(INTENT_NAME_KEY) == retrieval_intent else r
        for r in message.get(INTENT_RANKING_KEY) or []
    ]
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
    return True


# the component configuration Rasa hands over
Config = dict[str, Any]


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
        cls, config: Config, model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> QuestionGate:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        intent = self.component_config["retrieval_intent"]
        minimum = float(self.component_config["min_answer_confidence"])
        for message in messages:
            gate_question(message, intent, minimum)
            route_worry(message)
        return messages
