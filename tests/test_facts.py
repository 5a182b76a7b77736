"""Facts a user would notice (issue 27, item 7): each corrected fact is in the
text the assistant shows, with its source, and the old wrong fact is gone.

The facts and their sources are in the domain reference,
shared/domain/meldcode.md (section 8 wins where it differs from older text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

from actions.meldcode.content import consultation
from bot.config import PROJECT_DIR

NLU_DIR = PROJECT_DIR / "data" / "nlu"


def _answers() -> dict[str, list[dict]]:
    answers: dict[str, list[dict]] = {}
    for path in sorted(NLU_DIR.glob("*.yml")):
        answers.update(yaml.safe_load(path.read_text()).get("responses") or {})
    return answers


def answer(name: str, volunteer: bool = False) -> tuple[str, str]:
    """(text, sources) of a knowledge answer; the volunteer variant if asked."""
    variants = _answers()[f"utter_question/{name}"]
    variant = next(v for v in variants if bool(v.get("condition")) == volunteer)
    body, _, sources = variant["text"].partition("Bron:")
    return " ".join(body.split()), sources


def _strings(node) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def user_texts() -> list[str]:
    """Every text a user can be shown: knowledge answers, domain responses, consultation texts."""
    texts = [v["text"].partition("Bron:")[0] for vs in _answers().values() for v in vs]
    domain = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())
    texts += [v["text"] for vs in domain["responses"].values() for v in vs]
    texts += [s for s in _strings(consultation()) if not s.startswith("http")]
    return texts


def sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n", text) if s.strip()]


def all_sources() -> str:
    """Every source line, as the content files write them."""
    files = [PROJECT_DIR / "domain.yml", *sorted((PROJECT_DIR / "actions" / "content").glob("*.yml")),
             *sorted(NLU_DIR.glob("*.yml"))]
    return "\n".join(path.read_text() for path in files)


def test_retention_is_20_years():
    text, sources = answer("vt_dossier")
    assert "20 jaar" in text
    assert "https://www.veiligthuisgv.nl/over-ons/privacy-en-rechten/een-melding-over-u/" in sources
    for shown in user_texts():
        for sentence in sentences(shown):
            if "bewaar" in sentence:
                assert "15 jaar" not in sentence, sentence


def test_there_are_25_veilig_thuis_organisations():
    text, sources = answer("vt_wat")
    assert "25 Veilig Thuis-organisaties" in text
    assert "https://www.igj.nl/publicaties/rapporten/2023/12/04/" in sources
    for shown in user_texts():
        assert not re.search(r"\b26\b[^.?!]*Veilig Thuis", shown), shown


def test_an_advies_leaves_the_advice_and_the_role_not_the_family():
    text, sources = answer("vt_advies")
    assert "niets over het gezin vast" in text
    assert "welk advies je kreeg" in text and "functie of organisatie" in text
    name = next(s for s in sentences(text) if "naam" in s)
    assert "alleen" in name and "goed vindt" in name, name
    assert not re.search(r"alleen d[aá]t je belde", text, re.I)
    assert "https://www.veiligthuisdrenthe.nl/privacy-veiligheid/" in sources

    text, sources = answer("vt_advies", volunteer=True)
    assert "welk advies je kreeg" in text and "niets over het gezin" in text
    assert "https://www.veiligthuisdrenthe.nl/privacy-veiligheid/" in sources


def test_who_hears_the_melders_name_depends_on_professional_or_citizen():
    text, sources = answer("vt_anoniem_melden")
    said = sentences(text)
    # The first sentence on what the family hears must already say for whom it holds.
    first = next(i for i, s in enumerate(said) if "hoort het gezin" in s or "gezin hoort" in s)
    context = " ".join(said[max(first - 1, 0): first + 1])
    assert "professional" in context or "burger" in context, said[first]

    professional, _, citizen = text.partition("Ben je een burger")
    assert "professional" in professional and "in principe" in professional
    assert "alleen als jij dat goed vindt" not in professional
    assert "alleen als jij dat goed vindt" in citizen
    assert "https://www.veiligthuisgv.nl/over-ons/privacy-en-rechten/een-melding-over-u/" in sources
    assert "https://www.meldcode.nu/melden/" in sources

    text, _ = answer("vt_verschil")
    assert "Ben je professional? Dan vertelt Veilig Thuis het gezin in principe dat jij meldde." in text
    for name in ("vt_advies", "vt_verschil", "vt_melding", "vt_anoniem_melden"):
        text, _ = answer(name, volunteer=True)
        assert re.search(r"(alleen als|tenzij) jij dat goed vindt", text), name


def test_meisjesbesnijdenis_mostly_between_4_and_12():
    text, sources = answer("signalen_vgv")
    assert "tussen 4 en 12 jaar" in text
    assert "4 tot 20" not in text
    assert "https://www.ikvermoedhuiselijkgeweld.nl/meisjesbesnijdenis/herken-meisjesbesnijdenis" in sources


def test_no_two_of_three_rule_for_the_gratis_vog():
    two_of_three = re.compile(r"\b(2|twee)\s+van\s+(de|deze)?\s*(3|drie)\b", re.I)
    for shown in user_texts():
        assert not two_of_three.search(shown), shown
    text, sources = answer("vw_bestuur")
    assert "Gratis VOG" in text and "eHerkenning" in text and "KvK" in text
    assert "https://gratisvog.nl/voorwaarden/preventief-beleid-vrijwilligersorganisaties" in sources


def test_police_and_raad_are_informed_not_hulp():
    authorities = re.compile(r"politie|Raad voor de Kinderbescherming", re.I)
    for shown in user_texts():
        for sentence in sentences(shown):
            if authorities.search(sentence):
                assert "hulp" not in sentence.lower(), sentence
    for name in ("vt_wat", "vt_melding"):
        text, sources = answer(name)
        named = [s for s in sentences(text) if authorities.search(s)]
        assert named, name
        assert all(re.search(r"\binforme(ert|ren)\b", s) for s in named), named
        assert "art. 4.1.1 lid 2" in sources, name


def test_steps_cite_the_2019_besluit_not_the_2013_text():
    assert "stb-2013-324" not in all_sources()
    meldcode_page = "https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/inhoud/meldcode"
    _, sources = answer("meldcode_stappen")
    assert meldcode_page in sources
    assert "wijziging-besluit-meldcode" in sources
    texts = consultation()
    assert meldcode_page in texts["steps"]["start"]["sources"]
    assert meldcode_page in texts["outcomes"]["advies_vt"]["sources"]
