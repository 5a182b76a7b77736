"""The outcome a user reads fits the answers they gave (#27, item 4).

For every sector variant and every path through the five questions, the
texts of the outcome (as the assistant sends them) are read against the
answers: a doubt is not told it is certainty, a refusal of help says who helps
after the melding, "too early to tell" gets a moment to weigh again, and only
a doctor is told "jij als arts". The expectations are written from the domain
reference (§1.2, §1.4, §8), not derived from the texts under test.
"""

from __future__ import annotations

import pytest

from actions.meldcode import afweging as a
from actions.meldcode.consultation import plan, summary
from actions.meldcode.messages import outcome_messages
from actions.meldcode.sectors import SECTORS
from tests.unit.test_afweging import GENERIC_PATHS

STEPS = {
    "signaal_frequentie": "vaker",
    "meer_kinderen": "nee",
    "kc_kinderen": "nee",
    "stap2_collega": "ja",
    "stap2_veilig_thuis": "nee",
    "stap3_gesprek": "ja",
}
# One profile per afwegingskader variant, and the practice staff who are not doctors.
PROFILES = {
    "onderwijs": {"sector": "onderwijs", "school_route": "thuis"},
    "kinderopvang": {"sector": "kinderopvang", "opvang_route": "thuis"},
    "arts": {"sector": "arts", "zorg_over": "kind"},
    "praktijk": {"sector": "praktijk", "zorg_over": "volwassene"},
    "sociaal_werk": {"sector": "sociaal_werk", "zorg_over": "volwassene"},
}


def read(state: dict) -> tuple[str, str]:
    outcome = plan(state).outcome
    assert outcome, f"the path should end: {state}"
    return outcome, "\n".join(outcome_messages(state, outcome))


@pytest.mark.parametrize("profile", list(PROFILES))
@pytest.mark.parametrize("answers", [p for p, _ in GENERIC_PATHS], ids=["-".join(p.values()) for p, _ in GENERIC_PATHS])
def test_outcome_text_fits_the_answers(profile, answers):
    state = {**PROFILES[profile], "signaal_soort": "gedrag", **STEPS, **answers}
    outcome, text = read(state)
    veiligheid, hulp = answers.get(a.VEILIGHEID), answers.get(a.HULP)
    acceptatie, resultaat = answers.get(a.ACCEPTATIE), answers.get(a.RESULTAAT)

    if answers[a.VERMOEDEN] == "nee":
        assert "geen vermoeden" in text
    if veiligheid == "ja":
        assert "Er is acute en/of structurele onveiligheid" in text
    if veiligheid == "twijfel":
        assert "Er is acute" not in text  # the user doubts: no claim that there is
        assert "Je twijfelt" in text
        if profile == "onderwijs":  # the onderwijs kader: doubt about safety -> melden directly
            assert "meld je dan direct bij Veilig Thuis" in text
    if hulp == "nee":
        assert "geen goede hulp" in text
    if acceptatie == "nee":
        assert "accepteren de hulp niet" in text
        assert "samen wie welke hulp biedt" in text  # §8: decided together after the melding
    if resultaat == "ja":
        assert "Melden is nu niet nodig" in text
    if resultaat == "nee":
        assert "(opnieuw) bij Veilig Thuis" in text
    if resultaat == "twijfel":  # §8: doubt at question 5 is advice, not "melden: nee"
        assert "advies" in text and "Melden is nu niet nodig" not in text
    if resultaat == "te_vroeg":
        assert "te vroeg" in text and "opnieuw beantwoordt" in text

    melden = a.melden_noodzakelijk(outcome) == "ja"
    # informing first, with its exceptions; waiting times and own help meanwhile
    assert ("vooraf dat je gaat melden" in text) == melden
    assert ("contact verbreken" in text) == melden
    assert ("wachttijden" in text) == melden
    assert ("jij als arts" in text) == (profile == "arts")
    assert SECTORS[state["sector"]].decides in text
    assert "Leg in je dossier vast hoe je hebt gewogen" in text
    if profile == "arts":
        assert ("professionele norm" in text) == melden
    assert "112" in text and "0800-2000" in text

    lines = summary(state)
    decision = {"ja": "ja, melden bij Veilig Thuis", "nee": "nee", "advies": "eerst advies vragen aan Veilig Thuis"}[
        a.melden_noodzakelijk(outcome)
    ]
    assert f"Beslissing 1, is melden nodig: {decision}" in lines


def test_disclosure_outcome_says_why_question_2_was_yes():
    state = {**PROFILES["onderwijs"], "signaal_soort": "verteld", "verteld_door": "zelf", **STEPS, a.VERMOEDEN: "ja"}
    outcome, text = read(state)
    assert outcome == a.MELDEN_ONVEILIG
    assert "disclosure" in summary(state)


def test_hearsay_with_doubt_about_safety_gets_advice_not_a_melding():
    state = {
        **PROFILES["sociaal_werk"],
        "zorg_over": "kind",
        "signaal_soort": "gehoord",
        **STEPS,
        a.VERMOEDEN: "ja",
        a.VEILIGHEID: "twijfel",
    }
    outcome, text = read(state)
    assert outcome == a.ADVIES_VT
    assert "vraag nu advies aan Veilig Thuis" in text


@pytest.mark.parametrize(
    "route,words",
    [
        (
            "route_medewerker",
            [
                "houder",
                "vertrouwensinspecteur",
                "aangifte",
                "0900-111 3 111",
                "gastouder",
                "mishandelt of seksueel misbruikt",
                "Is de houder zelf de persoon",
            ],
        ),
        (
            "route_school_medewerker",
            ["bevoegd gezag", "vertrouwensinspecteur", "aangifte", "0900-111 3 111", "ouders en de medewerker"],
        ),
    ],
)
def test_staff_routes_name_the_legal_steps(route, words):
    state = (
        {"sector": "kinderopvang", "opvang_route": "medewerker"}
        if route == "route_medewerker"
        else {"sector": "onderwijs", "school_route": "medewerker"}
    )
    outcome, text = read(state)
    assert outcome == route
    for word in words:
        assert word in text
    assert "niet de route naar Veilig Thuis" in text
    assert "Beslissing 1" not in summary(state)  # not the afwegingskader's decisions
    assert "Vanaf stap 4" not in text and "legt alles vast" not in text  # nor its sector notes


@pytest.mark.parametrize(
    "where,words,absent",
    [
        ("sport", ["0900-202 55 90", "vertrouwenscontactpersoon"], ["aandachtsfunctionaris"]),
        ("meldcode", ["aandachtsfunctionaris", "eigen meldcode"], ["0900-202 55 90"]),
        ("anders", [], ["0900-202 55 90", "eigen meldcode"]),
    ],
)
def test_volunteer_outcome_fits_where_they_volunteer(where, words, absent):
    state = {
        "sector": "vrijwilliger",
        "vw_organisatie": where,
        "vw_zorg_over": "organisatie",
        "vw_contactpersoon": "ja",
    }
    _, text = read(state)
    for word in words:
        assert word in text
    for word in absent:
        assert word not in text


def test_a_volunteer_whose_child_told_hears_how_to_undo_a_promise_of_secrecy():
    state = {
        "sector": "vrijwilliger",
        "vw_organisatie": "anders",
        "vw_zorg_over": "thuis",
        "vw_verteld": "ja",
        "vw_contactpersoon": "ja",
    }
    _, text = read(state)
    assert "Heb je al beloofd het geheim te houden? Kom daar eerlijk op terug" in text
