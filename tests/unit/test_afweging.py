"""The afwegingskader decision tables: every path to every outcome."""

import pytest

from actions.meldcode import afweging as a
from actions.meldcode.afweging import JA, NEE, TWIJFEL

# Every path through the generic table, written out by hand from the domain
# reference §1.2 and §8 (not derived from the table under test): doubt leads to
# advice from Veilig Thuis at every question, question 5 included; "too early
# to tell" at question 5 is its own answer.
GENERIC_PATHS = [
    ({a.VERMOEDEN: NEE}, a.AFSLUITEN),
    ({a.VERMOEDEN: TWIJFEL}, a.ADVIES_VT),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: JA}, a.MELDEN_ONVEILIG),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: TWIJFEL}, a.ADVIES_VT),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: NEE}, a.MELDEN_GEEN_HULP),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: TWIJFEL}, a.ADVIES_VT),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: JA, a.ACCEPTATIE: NEE}, a.MELDEN_NIET_AANVAARD),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: JA, a.ACCEPTATIE: TWIJFEL}, a.ADVIES_VT),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: JA, a.ACCEPTATIE: JA, a.RESULTAAT: JA}, a.HULP_MONITOREN),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: JA, a.ACCEPTATIE: JA, a.RESULTAAT: NEE}, a.MELDEN_GEEN_RESULTAAT),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: JA, a.ACCEPTATIE: JA, a.RESULTAAT: TWIJFEL}, a.ADVIES_VT),
    ({a.VERMOEDEN: JA, a.VEILIGHEID: NEE, a.HULP: JA, a.ACCEPTATIE: JA, a.RESULTAAT: a.TE_VROEG}, a.HULP_LOPEND),
]


@pytest.mark.parametrize("variant", [a.GENERIC, a.KNMG, a.KINDEROPVANG])
@pytest.mark.parametrize("answers,outcome", GENERIC_PATHS)
def test_generic_branches(variant, answers, outcome):
    step = a.walk(variant, answers)
    assert step.outcome == outcome
    assert step.question is None
    assert step.asked == tuple(answers)  # asked in order, nothing skipped


@pytest.mark.parametrize("answers,outcome", GENERIC_PATHS)
def test_onderwijs_differs_only_at_doubt_about_safety(answers, outcome):
    expected = outcome
    if answers.get(a.VEILIGHEID) == TWIJFEL:
        expected = a.MELDEN_TWIJFEL_VEILIGHEID  # "JA of twijfel -> direct melden"
    assert a.walk(a.ONDERWIJS, answers).outcome == expected


def test_every_table_edge_is_covered_by_the_paths():
    edges = {(q, ans) for answers, _ in GENERIC_PATHS for q, ans in answers.items()}
    assert edges == {(q, ans) for q in a.QUESTIONS for ans in a.answers_for(q)}


@pytest.mark.parametrize("variant", a.VARIANTS)
def test_disclosure_counts_as_acute_onveiligheid(variant):
    step = a.walk(variant, {a.VERMOEDEN: JA}, disclosure=True)
    assert step.outcome == a.MELDEN_ONVEILIG
    assert step.implied == (a.VEILIGHEID,)


@pytest.mark.parametrize("variant", a.VARIANTS)
def test_disclosure_without_suspicion_still_closes(variant):
    assert a.walk(variant, {a.VERMOEDEN: NEE}, disclosure=True).outcome == a.AFSLUITEN


def test_questions_are_asked_one_by_one():
    assert a.walk(a.GENERIC, {}).question == a.VERMOEDEN
    assert a.walk(a.GENERIC, {a.VERMOEDEN: JA}).question == a.VEILIGHEID
    assert a.walk(a.GENERIC, {a.VERMOEDEN: JA, a.VEILIGHEID: NEE}).question == a.HULP


def test_unknown_answer_is_rejected():
    with pytest.raises(ValueError):
        a.walk(a.GENERIC, {a.VERMOEDEN: "misschien"})
    with pytest.raises(ValueError):  # "too early to tell" belongs to question 5 only
        a.walk(a.GENERIC, {a.VERMOEDEN: a.TE_VROEG})


@pytest.mark.parametrize(
    "outcome,melden,hulp",
    [
        (a.AFSLUITEN, "nee", "nvt"),
        (a.MELDEN_ONVEILIG, "ja", "samen_met_vt"),
        (a.MELDEN_GEEN_HULP, "ja", "nee"),
        (a.MELDEN_TWIJFEL_VEILIGHEID, "ja", "samen_met_vt"),
        (a.MELDEN_NIET_AANVAARD, "ja", "samen_met_vt"),  # §8: after the melding, together
        (a.MELDEN_GEEN_RESULTAAT, "ja", "samen_met_vt"),
        (a.HULP_MONITOREN, "nee", "ja"),
        (a.HULP_LOPEND, "nee", "ja"),
        (a.ADVIES_VT, "advies", "samen_met_vt"),
    ],
)
def test_two_decisions_of_step_5(outcome, melden, hulp):
    assert a.melden_noodzakelijk(outcome) == melden
    assert a.hulp_mogelijk(outcome) == hulp
