"""The one place that decides which Dutch spaCy pipeline the NLU uses.

`config.yml` always points Rasa's SpacyNLP at `.spacy/nl` (a path). This module
fills that path:

* with `nl_core_news_sm` when that package is installed (setup tries the
  official install; its host may be unreachable, as it is in our CI), or
* with a Dutch base pipeline built from `spacy.blank("nl")` plus the lookup
  lemmatizer of spacy-lookups-data. It needs no download: the Dutch tokenizer
  rules ship inside spaCy and the lemma tables inside spacy-lookups-data.

A small `meldcode-pipeline.json` beside the pipeline records which one was
built, so `python -m bot info` can say so without loading spaCy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from bot.config import SPACY_DIR

PIPELINE_DIR = SPACY_DIR / "nl"
MARKER = SPACY_DIR / "meldcode-pipeline.json"
OFFICIAL_MODEL = "nl_core_news_sm"


def official_model_installed() -> bool:
    import spacy.util

    return spacy.util.is_package(OFFICIAL_MODEL)


def build_pipeline(target: Path = PIPELINE_DIR, force: bool = False) -> str:
    """Build the pipeline at `target` if missing; return its kind."""
    wanted = "official" if official_model_installed() else "blank"
    current = active_pipeline()
    if not force and target.exists() and current and current["kind"] == wanted:
        return wanted

    import spacy

    if wanted == "official":
        nlp = spacy.load(OFFICIAL_MODEL)
        description = f"{OFFICIAL_MODEL} {nlp.meta.get('version', '?')}"
    else:
        nlp = spacy.blank("nl")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()  # loads the lookup tables from spacy-lookups-data
        description = "spacy.blank('nl') + lookup lemmatizer (spacy-lookups-data)"

    if target.exists():
        shutil.rmtree(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(target)
    MARKER.write_text(json.dumps({"kind": wanted, "description": description, "spacy": spacy.__version__}))
    return wanted


def active_pipeline() -> dict | None:
    """What `.spacy/nl` holds, or None before setup built it."""
    if not MARKER.exists() or not PIPELINE_DIR.exists():
        return None
    try:
        return json.loads(MARKER.read_text())
    except (OSError, ValueError):
        return None
