"""5-fold cross-validation of the linear model alone (bot/nlu_blend.py), in about a minute.

    .venv/bin/python tests/bench/linear_cv.py

A quick way to see what a change to data/nlu does before the 35-55 minutes of
`make eval` (which cross-validates the whole pipeline: DIET, ResponseSelector
and the blend). Prints intent and answer macro-F1 and the most frequent
confusions. The folds are stratified and seeded, like `rasa test nlu`'s.
"""

from __future__ import annotations

import logging
import sys
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
logging.disable(logging.WARNING)
warnings.filterwarnings("ignore")

from rasa.shared.nlu.training_data.loading import load_data  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_predict  # noqa: E402

from bot.nlu_blend import LinearBlend, linear_model  # noqa: E402


def report(name: str, texts: list[str], labels: list[str]) -> None:
    c = float(LinearBlend.get_default_config()["C"])
    folds = StratifiedKFold(5, shuffle=True, random_state=42)
    predicted = cross_val_predict(linear_model(c), texts, labels, cv=folds)
    print(f"{name}: macro-F1 {f1_score(labels, predicted, average='macro'):.3f}"
          f"  (accuracy {accuracy_score(labels, predicted):.3f}, {len(texts)} examples)")
    confused = Counter((a, b) for a, b in zip(labels, predicted, strict=True) if a != b)
    for (a, b), n in confused.most_common(8):
        print(f"  {a} -> {b}: {n}")


def main() -> int:
    data = load_data(str(ROOT / "data" / "nlu"))
    examples = [m for m in data.intent_examples if m.get("text")]
    report("intents (linear only)", [m.get("text") for m in examples], [m.get("intent") for m in examples])
    answers = [m for m in examples if m.get("intent_response_key")]
    report("answers (linear only)", [m.get("text") for m in answers],
           [m.get("intent_response_key") for m in answers])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
