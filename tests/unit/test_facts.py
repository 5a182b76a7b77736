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
    files = [
        PROJECT_DIR / "domain.yml",
        *sorted((PROJECT_DIR / "actions" / "content").glob("*.yml")),
        *sorted(NLU_DIR.glob("*.yml")),
    ]
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
    context = " ".join(said[max(first - 1, 0) : first + 1])
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


# Issue 27, items 1-6: the knowledge answers a professional or volunteer expects
# (domain reference 1.3, 1.4, 6.1 and 8).

VERTROUWENSINSPECTEURS = "https://www.onderwijsinspectie.nl/contact/vertrouwensinspecteurs"
KNMG_STAP_3 = (
    "https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/stap-3-gesprek-met-de-betrokkenen"
)


def test_disclosure_is_only_what_the_victim_tells_themselves():
    text, sources = answer("disclosure")
    assert "zelf over geweld vertelt" in text
    hearsay = next(s for s in sentences(text) if "buurvrouw" in s)
    assert "opa of oma" in hearsay and "collega" in hearsay, hearsay
    assert "Dan is het geen disclosure, maar een signaal." in text
    adult = text[text.index("volwassen cliënt") :]
    assert "niet vanzelf acute onveiligheid" in adult
    assert "toestemming" in adult and "regie" in adult and "vraag 2" in adult
    assert "kinderen bij betrokken" in adult and "ernstig" in adult
    assert "https://handelingsprotocol.nl/utrecht-amw-stap-5-hulp-of-melden" in sources


def test_a_suspicion_against_school_staff_goes_to_the_bevoegd_gezag():
    text, sources = answer("medewerker_onderwijs")
    assert "zedenmisdrijf" in text and "minderjarige leerling" in text
    assert "niet de route van Veilig Thuis" in text
    assert "Vertel het meteen aan het bevoegd gezag" in text
    assert "vertrouwensinspecteur" in text and "0900-111 3 111" in text
    assert "redelijk vermoeden" in text and "aangifte" in text
    said = sentences(text)
    aangifte = next(i for i, s in enumerate(said) if "aangifte" in s)
    parents = next(i for i, s in enumerate(said) if "ouders" in s)
    assert "medewerker" in said[parents] and "Voor die aangifte" in said[parents]
    assert parents == aangifte + 1, said  # parents and staff member hear it before the aangifte
    assert VERTROUWENSINSPECTEURS in sources
    assert "Wet op het primair onderwijs, art. 4a" in sources and "Wet op het voortgezet onderwijs, art. 3" in sources


def test_kinderopvang_route_2_is_complete():
    text, sources = answer("medewerker_opvang")
    assert "mishandelt" in text and "zedenmisdrijf" in text
    assert "gastouder" in text
    assert "Vertel het meteen aan de houder" in text
    assert "De houder overlegt meteen met een vertrouwensinspecteur" in text
    assert "0900-111 3 111, op werkdagen van 8 tot 17 uur" in text
    assert "Dan moet de houder aangifte doen" in text
    suspect = text[text.index("Is de houder zelf de verdachte?") :]
    assert "mag jij de vertrouwensinspecteur bellen" in suspect
    assert "moet je zelf aangifte doen" in suspect
    assert "route 1" in text  # the home situation is the ordinary meldcode
    assert "Wet kinderopvang, art. 1.51b en 1.51c" in sources
    assert VERTROUWENSINSPECTEURS in sources


def test_every_knowledge_answer_with_the_vertrouwensinspecteur_gives_the_number():
    for name, variants in _answers().items():
        for variant in variants:
            if "vertrouwensinspecteur" in variant["text"]:
                assert "0900-111 3 111" in variant["text"], name


def test_letselduiding_in_step_2():
    text, sources = answer("letselduiding")
    assert "stap 2" in text and "letselduiding" in text
    assert "vertrouwensarts van Veilig Thuis" in text and "forensisch arts" in text
    assert "https://www.veiligthuisutrecht.nl/voor-professionals/meldcode/" in sources
    assert "https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/inhoud/meldcode" in sources


def test_veilig_thuis_waiting_times_and_what_to_do_meanwhile():
    for volunteer in (False, True):
        text, sources = answer("vt_wachttijd", volunteer)
        assert "5 werkdagen" in text and "10 weken" in text
        assert "Inspectie" in text and "2023" in text
        assert "opnieuw: 0800-2000" in text and "112" in text
        assert "https://www.igj.nl/publicaties/rapporten/2023/12/04/" in sources
        assert "https://nos.nl/artikel/2539453" in sources
    text, _ = answer("vt_wachttijd")
    assert "geen enkele Veilig Thuis-organisatie" in text
    assert "door met je eigen hulp" in text
    text, _ = answer("vt_melding")
    assert "in de praktijk duurt het vaak langer" in text


def test_what_to_record_of_the_decision_and_the_melding():
    text, sources = answer("dossier")
    for recorded in (
        "Houd je vragen en je uitleg daar apart",
        "Schrijf op van wie",
        "met wie je overlegde",
        "hoe je woog en wat je besloot",
        "wat je meldde en wanneer",
        "Schrijf op waarom, en wat je probeerde",
    ):
        assert recorded in text, recorded
    assert "https://www.meldcode.nu/informatie-verwerken/" in sources
    assert KNMG_STAP_3 in sources


def test_informing_before_melding_has_three_exceptions():
    text, sources = answer("vt_client_informeren")
    body = " ".join(text.split())
    assert "vooraf" in body
    assert "de veiligheid in gevaar brengt van het kind, de cliënt, jou of een ander" in body
    assert "je geen contact krijgt, ook niet na redelijke pogingen" in body
    assert "de cliënt dan het contact verbreekt" in body
    assert re.findall(r"\b\d\. ", body) == ["1. ", "2. ", "3. "], body
    assert "Vertel het dan later" in body
    assert "waarom je het niet vooraf deed, en wat je probeerde" in body
    assert KNMG_STAP_3 in sources


def test_elder_abuse_has_six_forms_and_is_veilig_thuis_work():
    text, sources = answer("signalen_ouderen")
    forms = text.split("zes vormen:", 1)[1].split(".", 1)[0]
    for form in ("lichamelijk", "psychisch", "financieel", "verwaarlozing", "seksueel", "schending van rechten"):
        assert form in forms, form
    assert "geen bewijs" in text
    assert "Ouderenmishandeling hoort bij Veilig Thuis" in text
    assert "https://www.aanpak-ouderenmishandeling.nl/ " in sources + " "
    text, sources = answer("vt_wat")
    assert "ouderenmishandeling en mensenhandel" in text
    assert "https://www.veiligthuisutrecht.nl/meer-informatie/veelgestelde-vragen/" in sources


def test_kindcheck_details():
    text, sources = answer("kindcheck")
    assert "kinderen onder de 18" in text and "samenwoont" in text
    assert "kinderen van een (nieuwe) partner" in text
    assert "plekken waar je cliënt vaak met kinderen is" in text
    assert "zwanger" in text
    assert "minderjarige broers of zussen" in text
    assert "ook als je geen zorgen hebt" in text
    assert "https://www.augeo.nl/nl-nl/kindcheck/stappenplan/" in sources


def test_sports_volunteers_get_centrum_veilige_sport():
    text, sources = answer("vw_sport")
    assert "vertrouwenscontactpersoon" in text
    assert "melding" in text and "bestuur" in text
    assert "0900-202 55 90, op werkdagen van 8.30 tot 17.00 uur" in text
    assert "vertrouwelijk" in text and "anoniem" in text
    assert "https://centrumveiligesport.nl/een-melding-maken/waar-kan-ik-terecht" in sources
    for shown in user_texts():
        if "Centrum Veilige Sport" in shown:
            assert "0900-202 55 90" in shown, shown


def test_a_volunteer_who_promised_secrecy_goes_back_on_it_honestly():
    text, _ = answer("vw_geheim")
    assert "Heb je het al beloofd? Kom er dan eerlijk op terug." in text
    assert "want ik wil dat je veilig bent" in text
    assert "aan wie je het vertelt" in text
    assert "geheimhouding" in text and "0800-2000" in text


def test_volunteers_in_a_covered_organisation_follow_its_meldcode():
    for name in ("vw_meldcode_geldt", "vw_wie_vertellen"):
        text, sources = answer(name)
        assert "school" in text and "ziekenhuis" in text and "verpleeghuis" in text, name
        assert "coördinator" in text and "aandachtsfunctionaris" in text, name
        assert "https://www.rijksoverheid.nl/onderwerpen/huiselijk-geweld/inhoud/meldcode" in sources, name
    text, _ = answer("vw_meldcode_geldt")
    assert "Niet voor vrijwilligersorganisaties" in text
    assert "kan die meldcode ook zeggen wat jij als vrijwilliger doet" in text
