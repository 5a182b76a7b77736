"""The training data itself: enough varied examples, and no example that
could as well belong to another intent. Runs without a trained model."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from itertools import combinations

import yaml
from rapidfuzz import fuzz

from bot.config import PROJECT_DIR

NLU_DIR = PROJECT_DIR / "data" / "nlu"
MIN_QUESTION_EXAMPLES = 12
NEAR_DUPLICATE = 90  # rapidfuzz ratio (0-100) at which two examples count as the same


def normal(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\[[^\]]*\]\([^)]*\)", "", text)  # entity annotations
    return " ".join(re.sub(r"[^a-z0-9\[\] ]+", " ", text).split())


def examples_by_intent() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(NLU_DIR.glob("*.yml")):
        for item in yaml.safe_load(path.read_text()).get("nlu", []):
            if "intent" in item:
                lines = [ln[2:].strip() for ln in item["examples"].splitlines() if ln.startswith("- ")]
                found[item["intent"]].extend(lines)
    return found


def responses() -> dict[str, list]:
    found = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        found.update(yaml.safe_load(path.read_text()).get("responses", {}) or {})
    return found


def test_every_question_intent_has_enough_examples_and_an_answer():
    examples = examples_by_intent()
    answers = responses()
    questions = [i for i in examples if i.startswith("question/")]
    assert len(questions) >= 30
    for intent in questions:
        assert len(examples[intent]) >= MIN_QUESTION_EXAMPLES, (intent, len(examples[intent]))
        assert f"utter_{intent}" in answers, intent
    for key in answers:
        assert key.removeprefix("utter_") in examples, f"{key} has no training examples"


def test_no_duplicates_within_an_intent():
    for intent, lines in examples_by_intent().items():
        seen = [normal(x) for x in lines]
        doubles = {x for x in seen if seen.count(x) > 1}
        assert not doubles, (intent, doubles)


def test_no_near_duplicates_across_intents():
    owner: list[tuple[str, str, str]] = []
    for intent, lines in examples_by_intent().items():
        owner += [(intent, line, normal(line)) for line in lines]
    clashes = [
        (a[0], a[1], b[0], b[1])
        for a, b in combinations(owner, 2)
        if a[0] != b[0] and fuzz.ratio(a[2], b[2]) >= NEAR_DUPLICATE
    ]
    assert not clashes, clashes[:10]
