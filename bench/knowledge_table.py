"""Review table of the knowledge answers: topic -> source address(es) -> answer.

    .venv/bin/python bench/knowledge_table.py > docs/knowledge-review.md

Reads data/nlu/*.yml (the answers live beside their examples) and prints Markdown,
one row per answer variant, for content reviewers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
URL = re.compile(r"https?://[^\s;]+")


def rows():
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key, variants in (data.get("responses") or {}).items():
            for variant in variants:
                text = variant["text"]
                body, _, sources = text.partition("Bron:")
                topic = key.removeprefix("utter_question/")
                if variant.get("condition"):
                    topic += " (vrijwilliger)"
                addresses = URL.findall(sources) or ["(this assistant: PRIVACY.md)"]
                others = [s.strip() for s in sources.split(";") if s.strip() and not URL.search(s)]
                yield topic, path.name, addresses + others, " ".join(body.split())


def main() -> int:
    print("| topic | file | source address(es) | answer |")
    print("|---|---|---|---|")
    for topic, file, sources, answer in rows():
        cell = "<br>".join(sources)
        print(f"| {topic} | {file} | {cell} | {answer.replace('|', '/')} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
