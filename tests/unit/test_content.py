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
    return [
        PROJECT_DIR / "domain.yml",
        *sorted((PROJECT_DIR / "actions" / "content").glob("*.yml")),
        *sorted((PROJECT_DIR / "data" / "nlu").glob("*.yml")),
    ]


def knowledge_answers() -> dict[str, list[dict]]:
    answers = {}
    for path in sorted((PROJECT_DIR / "data" / "nlu").glob("*.yml")):
        answers.update(yaml.safe_load(path.read_text()).get("responses") or {})
    return answers


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
    answers = knowledge_answers()
    assert len(answers) >= 30
    for key, variants in answers.items():
        assert key.startswith("utter_question/"), key
        if key == "utter_question/privacy":
            continue  # about this assistant itself: PRIVACY.md, not the reference
        for variant in variants:  # the volunteer variants too
            text = variant["text"]
            assert "Bron:" in text, key
            assert URL.search(text.split("Bron:", 1)[1]), key


def test_knowledge_answers_are_short_plain_dutch():
    """B1 for a stressful moment: a few sentences, none of them long."""
    for key, variants in knowledge_answers().items():
        for variant in variants:
            body = variant["text"].split("Bron:", 1)[0]
            words = body.split()
            assert len(words) <= 130, (key, len(words))
            sentences = [s for s in re.split(r"[.?!:;]\s|\n", body) if s.strip()]
            longest = max(len(s.split()) for s in sentences)
            assert longest <= 30, (key, longest)


def test_volunteer_variants_use_no_professional_jargon():
    jargon = ("afwegingskader", "cliënt", "dossier", "meldplicht", "professional", "beroepsgeheim")
    for key, variants in knowledge_answers().items():
        for variant in variants:
            if variant.get("condition") or key.startswith("utter_question/vw_"):
                body = variant["text"].split("Bron:", 1)[0].lower()
                if key == "utter_question/vw_meldcode_geldt":
                    continue  # must say the law is for professionals
                assert not [w for w in jargon if w in body], key


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared/ is not beside the repo")
def test_every_source_address_is_in_the_domain_reference():
    reference = REFERENCE.read_text()
    missing = set()
    for path in content_files():
        for url in URL.findall(path.read_text()):
            if url.rstrip(".,") not in reference:
                missing.add((path.name, url))
    assert not missing, sorted(missing)
