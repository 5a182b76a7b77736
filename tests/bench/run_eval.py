"""Evaluation figures: redaction quality and (with --nlu) NLU cross-validation.

    make eval            # redaction + 5-fold NLU cross-validation (about 2 h 15 min on 2 cores alone)
    make eval ARGS=--no-nlu

Prints figures; the thresholds are asserted by the tests, not here.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
logging.disable(logging.INFO)

from bot.config import runtime_env  # noqa: E402
from bot.privacy.redactor import redactor  # noqa: E402
from tests.privacy_sets import domain_set, domain_words_kept, identifying_set, recall  # noqa: E402


def eval_redaction() -> None:
    r = redactor()
    items, domain = identifying_set(), domain_set()
    rate, misses = recall(lambda t: r.redact(t).text, items)
    kept, changed = domain_words_kept(lambda t: r.redact(t).text, domain)
    timings = []
    for message, _ in items:
        t0 = time.perf_counter()
        r.redact(message)
        timings.append(time.perf_counter() - t0)
    q = statistics.quantiles(timings, n=100)
    planted = sum(len(v) for _, v in items)
    print(f"redaction recall: {rate:.2%} of {planted} identifying values in {len(items)} messages")
    print(f"domain messages untouched: {kept:.2%} of {len(domain)}")
    print(f"redaction time per message: p50 {q[49] * 1000:.2f} ms, p95 {q[94] * 1000:.2f} ms")
    for value, text in misses[:5]:
        print(f"  missed: {value!r} in: {text}")


def eval_nlu() -> None:
    out = ROOT / "results" / "nlu-cv"
    subprocess.run(
        [sys.executable, "-m", "rasa", "test", "nlu", "--nlu", "data", "--config", "config.yml",
         "--cross-validation", "--folds", "5", "--out", str(out)],
        cwd=ROOT, env=runtime_env(), check=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for name in ("intent_report.json", "response_selection_report.json"):
        report = json.loads((out / name).read_text())
        label = name.split("_report")[0]
        print(f"{label}: macro-F1 {report['macro avg']['f1-score']:.3f}"
              f"  (accuracy {report.get('accuracy', float('nan')):.3f},"
              f" {int(report['macro avg']['support'])} held-out examples)")
        weak = sorted(
            (v["f1-score"], k) for k, v in report.items()
            if isinstance(v, dict) and "confused_with" in v and v["f1-score"] < 0.9
        )
        for f1, key in weak:
            confused = ", ".join(f"{k} ({n})" for k, n in report[key]["confused_with"].items())
            print(f"  {key}: F1 {f1:.2f}; confused with {confused or '-'}")
    for image in ("intent_confusion_matrix.png", "response_selection_confusion_matrix.png"):
        if (out / image).exists():
            print(f"confusion matrix: {out / image}")

def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-nlu", action="store_true")
    args = parser.parse_args()
    eval_redaction()
    if not args.no_nlu:
        eval_nlu()
    return 0


if __name__ == "__main__":
    sys.exit(main())
