"""Content checks: every text is there, and every source is traceable."""

import re
from pathlib import Path

import pytest
import yaml

from actions.meldcode.consultation import FORM_SLOTS
from actions.meldcode.content import consultation
from bot.config import PROJECT_DIR

REFERENCE = PROJECT_DIR.parent / "shared" / "domain" / "meldcode.md"
URL = re.compile(r"https?://[^\s;]+")


def content_files() -> list[Path]:
    return [PROJECT_DIR / "domain.yml", *sorted((PROJECT_DIR / "actions" / "content").glob("*.yml"))]


def test_every_question_has_a_text_and_a_step():
    texts = consultation()
    for slot in FORM_SLOTS:
        q = texts["questions"][slot]
        assert q["text"].strip(), slot
        assert str(q["step"]) in texts["steps"], slot
        assert q.get("yes_no") or q.get("options"), slot


def test_every_outcome_has_title_text_and_source():
    for key, outcome in consultation()["outcomes"].items():
        assert outcome["title"].startswith(("Uitkomst", "Route")), key
        assert outcome["sources"], key


def test_knowledge_answers_name_their_source():
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())
    answers = {k: v for k, v in domain["responses"].items() if k.startswith("utter_question/")}
    assert len(answers) >= 10
    for key, variants in answers.items():
        if key == "utter_question/privacy":
            continue  # about this assistant itself: PRIVACY.md, not the reference
        assert "Bron: https://" in variants[0]["text"], key


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/ is not beside the repo")
def test_every_source_address_is_in_the_domain_reference():
    reference = REFERENCE.read_text()
    missing = set()
    for path in content_files():
        for url in URL.findall(path.read_text()):
            if url.rstrip(".,") not in reference:
                missing.add((path.name, url))
    assert not missing, sorted(missing)
