"""Cross-validation of the linear model alone (bot/nlu_blend.py), in a few minutes.

    .venv/bin/python tests/bench/linear_cv.py            # 5-fold CV, repeated over 3 seeds
    .venv/bin/python tests/bench/linear_cv.py --curve    # and a learning curve

A quick way to see what a change to data/nlu does before the 75 minutes or so of
`make eval` (which cross-validates the whole pipeline: DIET, ResponseSelector
and the blend). Prints intent and answer macro-F1 per seed and their mean, and
the most frequent confusions. One 5-fold split moves by about 0.01 whenever
examples are added (the folds change), which is as large as the effect of a
small data change; the mean over three seeds is steadier.

`--curve` trains on 50 %, 75 % and 100 % of each training fold: how much the
score still grows with more examples of the same kind.
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
from sklearn.model_selection import StratifiedKFold, train_test_split  # noqa: E402

from bot.nlu_blend import LinearBlend, linear_model  # noqa: E402

SEEDS = (1, 2, 3)
C = float(LinearBlend.get_default_config()["C"])


def predict(texts: list[str], labels: list[str], seed: int, share: float = 1.0) -> list[str]:
    """Held-out predictions of a stratified 5-fold split; `share` of each training fold is used."""
    predicted = [""] * len(texts)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=seed).split(texts, labels):
        x, y = [texts[i] for i in train], [labels[i] for i in train]
        if share < 1.0:
            x, _, y, _ = train_test_split(x, y, train_size=share, stratify=y, random_state=seed)
        model = linear_model(C).fit(x, y)
        for i, label in zip(test, model.predict([texts[i] for i in test]), strict=True):
            predicted[i] = label
    return predicted


def report(name: str, texts: list[str], labels: list[str], curve: bool) -> None:
    scores, accuracies, confused = [], [], Counter()
    for seed in SEEDS:
        predicted = predict(texts, labels, seed)
        scores.append(f1_score(labels, predicted, average="macro"))
        accuracies.append(accuracy_score(labels, predicted))
        confused.update((a, b) for a, b in zip(labels, predicted, strict=True) if a != b)
    per_seed = " ".join(f"{s:.3f}" for s in scores)
    print(f"{name}: macro-F1 {sum(scores) / len(scores):.3f} (seeds {per_seed}; "
          f"accuracy {sum(accuracies) / len(accuracies):.3f}; {len(texts)} examples)")
    for (a, b), n in confused.most_common(8):
        print(f"  {a} -> {b}: {n / len(SEEDS):.1f} per run")
    if curve:
        for share in (0.5, 0.75):
            f1 = f1_score(labels, predict(texts, labels, SEEDS[0], share), average="macro")
            print(f"  learning curve: {share:.0%} of each training fold -> macro-F1 {f1:.3f}")


def main() -> int:
    curve = "--curve" in sys.argv[1:]
    data = load_data(str(ROOT / "data" / "nlu"))
    examples = [m for m in data.intent_examples if m.get("text")]
    report("intents (linear only)", [m.get("text") for m in examples],
           [m.get("intent") for m in examples], curve)
    answers = [m for m in examples if m.get("intent_response_key")]
    report("answers (linear only)", [m.get("text") for m in answers],
           [m.get("intent_response_key") for m in answers], curve)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
