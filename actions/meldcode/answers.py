"""Reads a typed answer to one question of the consultation. Plain Python, no Rasa.

Every question has a few fixed options (ja / nee / twijfel, how often, which
signals, whom the worry is about, ...). A typed answer is read two ways:

* the answer rules of `consultation.interpret`: explicit forms ("ja",
  "nee nog niet", a telling verb with its teller, option keywords);
* a classifier per question, trained on example answers in
  `actions/content/antwoorden.yml`: logistic regressions on tf-idf n-grams
  and on multilingual-e5-small sentence embeddings (the same two the NLU
  uses, bot/text_models.py), with a class `geen` for messages that answer
  nothing ("ok", "wat bedoel je?", a knowledge question).

`read()` combines them: a confident classifier wins, then an explicit rule,
then a less confident classifier above a floor; otherwise the message is not
an answer. `make eval` scores the rules, the classifier and the combination on
a typed-answer set with a held-out part (bench/answers_eval.py).

The fitted classifiers are cached in `models/` under a hash of the examples
and this code, so the action server loads them in a second; `python -m
actions.meldcode.answers` (run by `make train`) builds the cache.
"""

from __future__ import annotations

import hashlib
import re
import threading
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import yaml

from actions.meldcode import consultation
from actions.meldcode.content import CONTENT_DIR
from bot.text_models import embed, embedding_model, mix, ngram_model, probabilities

EXAMPLES = CONTENT_DIR / "antwoorden.yml"
CACHE_DIR = Path(__file__).resolve().parents[2] / "models"
NONE = "geen"
EMBEDDING_SHARE = 0.5
CONFIDENT = 0.6  # the classifier alone decides from here
FLOOR = 0.35  # below this the classifier is not heard, unless its best option leads by MARGIN
MARGIN = 0.2
_QUESTION_START = re.compile(
    r"^(wat|hoe|waarom|wanneer|wie|welke|waar|moet|mag|kan|kun|kunnen|is|zijn|heeft|hebben|wordt|"
    r"bedoel|betekent)\b"
)


@dataclass(frozen=True)
class Reading:
    value: str | None
    confidence: float
    by: str  # "knop", "regel", "model" or "" (not read)


def _has_words(text: str) -> bool:
    """Not just a key held down ("jjjjjj") or stray signs."""
    letters = [c for c in consultation.normalise(text) if c.isalpha()]
    return len(set(letters)) >= 2 or len(letters) <= 3


_QUESTION_AFTER = re.compile(r"(?:,|\bmaar|\ben)\s+(wat|hoe|waarom|wanneer|wie|welke|mag|moet)\b")


def looks_like_a_question(text: str) -> bool:
    norm = consultation.normalise(text)
    return norm.endswith("?") or bool(_QUESTION_START.match(norm)) or bool(_QUESTION_AFTER.search(norm))


def answer_head(text: str) -> str | None:
    """The part before a question that rides along: "ja, maar wat is ...?" -> "ja"; None if there is none."""
    norm = consultation.normalise(text)
    m = _QUESTION_AFTER.search(norm)
    head = (norm[: m.start()] if m else norm.split("?")[0].split(",")[0].split(" maar ")[0]).strip(" ,")
    return head if head and head != norm.strip(" ?") else None


@cache
def examples() -> dict[str, Any]:
    with open(EXAMPLES, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def training_set(slot: str) -> tuple[list[str], list[str]]:
    """(texts, labels) for one question: its type's examples, its own, and `geen`."""
    data = examples()
    texts: list[str] = []
    labels: list[str] = []
    allowed = set(consultation.allowed_values(slot))
    sources = [t["examples"] for t in data["types"].values() if slot in t["slots"]]
    sources.append(data.get("slots", {}).get(slot, {}))
    for source in sources:
        for value, items in source.items():
            if value in allowed:
                texts += items
                labels += [value] * len(items)
    texts += data["geen"]
    labels += [NONE] * len(data["geen"])
    return texts, labels


def slots_with_examples() -> list[str]:
    data = examples()
    found = {s for t in data["types"].values() for s in t["slots"]} | set(data.get("slots", {}))
    return sorted(found & set(consultation.FORM_SLOTS))


def _fingerprint() -> str:
    h = hashlib.sha256()
    # What the fitted models depend on: the examples, the questions' options, and
    # the fitting code (answer rules elsewhere can change without a refit).
    for path in (
        EXAMPLES,
        CONTENT_DIR / "consultatie.yml",
        Path(__file__),
        Path(__file__).resolve().parents[2] / "bot" / "text_models.py",
    ):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def fit() -> dict[str, Any]:
    """One n-gram and one embedding model per question with examples."""
    sets = {slot: training_set(slot) for slot in slots_with_examples()}
    unique = sorted({t for texts, _ in sets.values() for t in texts})
    vectors = dict(zip(unique, embed(unique), strict=True))
    models = {}
    for slot, (texts, labels) in sets.items():
        ngrams = ngram_model(4.0).fit(texts, labels)
        embedded = embedding_model(8.0).fit(np.stack([vectors[t] for t in texts]), labels)
        models[slot] = (ngrams, embedded)
    return models


_MODELS: dict[str, Any] | None = None
_LOCK = threading.Lock()


def models() -> dict[str, Any]:
    """The fitted models, from the cache in models/ or fitted now (and cached)."""
    global _MODELS
    with _LOCK:
        if _MODELS is None:
            path = CACHE_DIR / f"answer-reader-{_fingerprint()}.joblib"
            if path.exists():
                _MODELS = joblib.load(path)
            else:
                _MODELS = fit()
                CACHE_DIR.mkdir(exist_ok=True)
                for old in CACHE_DIR.glob("answer-reader-*.joblib"):
                    old.unlink()
                joblib.dump(_MODELS, path)
    return _MODELS


def scores(slot: str, text: str) -> dict[str, float]:
    """Option -> probability (and `geen`) for a typed answer to `slot`; {} if the slot has no examples."""
    pair = models().get(slot)
    if pair is None or not text.strip():
        return {}
    ngrams, embedded = pair
    return mix(probabilities(ngrams, text), probabilities(embedded, embed([text])[0]), EMBEDDING_SHARE)


def _best(ranked: list[tuple[str, float]]) -> tuple[str | None, float]:
    if not ranked or ranked[0][0] == NONE:
        return None, ranked[0][1] if ranked else 0.0
    return ranked[0]


def by_model(slot: str, text: str) -> tuple[str | None, float]:
    """The classifier's best option and its probability (None: `geen` is best)."""
    return _best(sorted(scores(slot, text).items(), key=lambda kv: -kv[1]))


def _clear_lead(ranked: list[tuple[str, float]]) -> bool:
    """The best option is far ahead of the next (a typo spreads the rest thin)."""
    return len(ranked) > 1 and ranked[0][1] - ranked[1][1] >= MARGIN


def read(slot: str, text: str, intent: str | None = None, choice: str | None = None) -> Reading:
    """What a message answers to `slot`: an option value, or None."""
    if choice in consultation.allowed_values(slot):
        return Reading(choice, 1.0, "knop")
    if looks_like_a_question(text):
        head = answer_head(text)  # the answer is read before the question: "onveilig" in it answers nothing
        if head is not None:
            reading = read(slot, head, None)
            if reading.value is not None:
                return reading
    skip = consultation.skip_value(slot)
    if skip and consultation.says_unsure(text):
        return Reading(skip, 1.0, "regel")
    rule = consultation.interpret(slot, text, intent, fallback=False)
    if not text.strip() or not _has_words(text):
        return Reading(rule, 1.0, "regel") if rule else Reading(None, 0.0, "")
    ranked = sorted(scores(slot, text).items(), key=lambda kv: -kv[1])  # embedded once per message
    value, p = _best(ranked)
    if value is not None and p >= CONFIDENT:
        return Reading(value, p, "model")
    if rule is not None:
        return Reading(rule, 1.0, "regel")
    if value is not None and (p >= FLOOR or _clear_lead(ranked)):
        return Reading(value, p, "model")
    if slot == "signaal_soort" and len(text.split()) >= 3 and not looks_like_a_question(text):
        return Reading("anders", p, "regel")  # a description that fits no option: "iets anders"
    return Reading(None, p, "")


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    built = models()
    print(f"answer reader: {len(built)} questions ready in {time.perf_counter() - t0:.1f} s")
