"""How well the consultation understands typed answers (issue #28).

    .venv/bin/python bench/answers_eval.py            # (make eval runs it)
    .venv/bin/python bench/answers_eval.py --errors   # ... and list the misreadings of dev

Reads the typed-answer set in bench/typed_answers/: `dev.yml`, and the
held-out part, `heldout.yml` and `heldout2.yml`, each written by a separate
session that saw only the questions and their options, and not used while
writing the example answers (actions/content/antwoorden.yml). Each item is a question, a
typed text and the option it means (or null: it answers nothing). Prints the
accuracy per question type for three readers: the answer rules alone, the
classifier alone, and `answers.read` (what the assistant uses).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from actions.meldcode import answers, consultation  # noqa: E402

SET_DIR = ROOT / "bench" / "typed_answers"
PARTS = ("dev", "heldout")
FILES = {"dev": ("dev",), "heldout": ("heldout", "heldout2")}


def question_type(slot: str) -> str:
    if slot == "vraag_resultaat":
        return "vraag_resultaat"
    return "ja_nee" if consultation.is_yes_no(slot) else slot


def load_file(name: str) -> list[dict]:
    return yaml.safe_load((SET_DIR / f"{name}.yml").read_text(encoding="utf-8"))


def load(part: str) -> list[dict]:
    return [item for name in FILES[part] for item in load_file(name)]


def readers() -> dict:
    return {
        "rules": lambda slot, text: consultation.interpret(slot, text, None, fallback=True),
        "classifier": lambda slot, text: answers.by_model(slot, text)[0],
        "assistant": lambda slot, text: answers.read(slot, text).value,
    }


def score(items: list[dict], read) -> tuple[dict[str, list[int]], list[tuple]]:
    per_type: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors = []
    for item in items:
        got = read(item["question"], item["text"])
        ok = got == item["expected"]
        row = per_type[question_type(item["question"])]
        row[0] += ok
        row[1] += 1
        if not ok:
            errors.append((item["question"], item["text"], item["expected"], got))
    return per_type, errors


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true", help="list the dev set's misreadings")
    args = parser.parse_args()
    t0 = time.perf_counter()
    answers.models()
    print(f"typed answers: reader ready in {time.perf_counter() - t0:.1f} s")
    sets = {part: load(part) for part in PARTS}
    results = {(part, name): score(items, fn) for part, items in sets.items() for name, fn in readers().items()}
    types = sorted({question_type(i["question"]) for items in sets.values() for i in items})
    header = "| type | " + " | ".join(f"{part} {name}" for part in PARTS for name in readers()) + " |"
    print(header)
    print("|" + "---|" * (1 + len(PARTS) * len(readers())))

    def cell(row):
        return f"{row[0] / row[1]:.1%} ({row[1]})" if row[1] else "-"

    for t in types:
        print(
            f"| {t} | " + " | ".join(cell(results[(p, n)][0].get(t, [0, 0])) for p in PARTS for n in readers()) + " |"
        )
    totals = []
    for p in PARTS:
        for n in readers():
            rows = results[(p, n)][0].values()
            totals.append([sum(r[0] for r in rows), sum(r[1] for r in rows)])
    print("| **all** | " + " | ".join(cell(r) for r in totals) + " |")
    for name in FILES["heldout"]:
        rows = score(load_file(name), readers()["assistant"])[0].values()
        print(f"held-out file {name}.yml, assistant: {cell([sum(r[0] for r in rows), sum(r[1] for r in rows)])}")
    if args.errors:
        for slot, text, expected, got in results[("dev", "assistant")][1]:
            print(f"  dev miss: {slot}: {text!r} expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
