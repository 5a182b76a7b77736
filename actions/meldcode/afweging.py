"""The 2019 afwegingskader as decision tables: steps 4 and 5 of the meldcode.

Plain Python, no Rasa. Five questions, each answered "ja", "nee" or
"twijfel" (question 5 also "te_vroeg": the help has only just started);
each answer leads to the next question or to an outcome. The
generic table follows domain reference §1.2; sector variants (§1.4) change
one branch (onderwijs) or the wording and duties around the same branches
(KNMG for artsen, kinderopvang). Twijfel follows "Neem bij twijfel altijd
contact op met Veilig Thuis" (step 4 of the meldcode) at every question,
question 5 included (domain reference §8), except where a sector's code says
otherwise (onderwijs, question 2).

Sources: https://www.1gezin1plan1regisseur.nl/stap-4-en-5-weeg-en-beslis/ ;
https://handelingsprotocol.nl/utrecht-amw-stap-5-hulp-of-melden ;
https://www.handelingsprotocol.nl/utrecht-bo-stap-5-hulp-of-melden-3 ;
https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/stap-5-grafische-weergave-van-het-afwegingskader
"""

from __future__ import annotations

from dataclasses import dataclass

JA, NEE, TWIJFEL = "ja", "nee", "twijfel"
ANSWERS = (JA, NEE, TWIJFEL)
TE_VROEG = "te_vroeg"  # question 5 only: too early to tell, the help has just started

# The five questions, in order. The slot names of the consultation form.
VERMOEDEN = "vraag_vermoeden"
VEILIGHEID = "vraag_veiligheid"
HULP = "vraag_hulp"
ACCEPTATIE = "vraag_acceptatie"
RESULTAAT = "vraag_resultaat"
QUESTIONS = (VERMOEDEN, VEILIGHEID, HULP, ACCEPTATIE, RESULTAAT)

# Outcomes: the two decisions of step 5 follow from each.
AFSLUITEN = "afsluiten"  # no suspicion: record and close
MELDEN_ONVEILIG = "melden_onveilig"  # acute and/or structurele onveiligheid
MELDEN_TWIJFEL_VEILIGHEID = "melden_twijfel_veiligheid"  # onderwijs: doubt about safety
MELDEN_GEEN_HULP = "melden_geen_hulp"  # no effective help possible
MELDEN_NIET_AANVAARD = "melden_niet_aanvaard"  # help not accepted
MELDEN_GEEN_RESULTAAT = "melden_geen_resultaat"  # help does not bring safety
HULP_MONITOREN = "hulp_monitoren"  # help works: close or continue, with monitoring
HULP_LOPEND = "hulp_lopend"  # help just started: too early to tell, weigh again later
ADVIES_VT = "advies_vt"  # doubt: consult Veilig Thuis first
OUTCOMES = (
    AFSLUITEN,
    MELDEN_ONVEILIG,
    MELDEN_TWIJFEL_VEILIGHEID,
    MELDEN_GEEN_HULP,
    MELDEN_NIET_AANVAARD,
    MELDEN_GEEN_RESULTAAT,
    HULP_MONITOREN,
    HULP_LOPEND,
    ADVIES_VT,
)

GENERIC, ONDERWIJS, KNMG, KINDEROPVANG = "generiek", "onderwijs", "knmg", "kinderopvang"
VARIANTS = (GENERIC, ONDERWIJS, KNMG, KINDEROPVANG)

_GENERIC_TABLE: dict[str, dict[str, str]] = {
    VERMOEDEN: {JA: VEILIGHEID, NEE: AFSLUITEN, TWIJFEL: ADVIES_VT},
    VEILIGHEID: {JA: MELDEN_ONVEILIG, NEE: HULP, TWIJFEL: ADVIES_VT},
    HULP: {JA: ACCEPTATIE, NEE: MELDEN_GEEN_HULP, TWIJFEL: ADVIES_VT},
    ACCEPTATIE: {JA: RESULTAAT, NEE: MELDEN_NIET_AANVAARD, TWIJFEL: ADVIES_VT},
    RESULTAAT: {JA: HULP_MONITOREN, NEE: MELDEN_GEEN_RESULTAAT, TWIJFEL: ADVIES_VT, TE_VROEG: HULP_LOPEND},
}


def answers_for(question: str) -> tuple[str, ...]:
    """The answers a question takes: ja, nee, twijfel; question 5 also te_vroeg."""
    return ANSWERS + ((TE_VROEG,) if question == RESULTAAT else ())


def _variant_table(**changes: dict[str, str]) -> dict[str, dict[str, str]]:
    table = {q: dict(branches) for q, branches in _GENERIC_TABLE.items()}
    for question, branches in changes.items():
        table[question].update(branches)
    return table


TABLES: dict[str, dict[str, dict[str, str]]] = {
    GENERIC: _GENERIC_TABLE,
    # Onderwijs: "JA of twijfel -> direct (telefonisch) (anoniem) melding doen
    # bij Veilig Thuis" at the safety question. Its own outcome, so that the
    # text says the user doubts the safety, not that there is unsafety (§8).
    ONDERWIJS: _variant_table(**{VEILIGHEID: {TWIJFEL: MELDEN_TWIJFEL_VEILIGHEID}}),
    # KNMG: same five questions (all in stap 5); melden is the professional
    # norm in the three melden branches. The wording differs, not the branches.
    KNMG: _variant_table(),
    # Kinderopvang, route 1 (home situation): the generic questions. Routes 2
    # and 3 do not reach this table (see consultation.py).
    KINDEROPVANG: _variant_table(),
}


@dataclass(frozen=True)
class Step:
    """Where the weighing stands: the next question, or the outcome."""

    question: str | None
    outcome: str | None
    asked: tuple[str, ...]  # questions that were (or count as) answered, in order
    implied: tuple[str, ...] = ()  # questions answered by a rule, not by the user


def walk(variant: str, answers: dict[str, str | None], disclosure: bool = False) -> Step:
    """Follow the table from question 1 with the answers given so far.

    `disclosure`: a child or dependent adult told about the violence
    themselves. That counts as acute onveiligheid (§1.3), so the safety
    question is answered "ja" without asking.
    """
    table = TABLES[variant]
    asked: list[str] = []
    implied: list[str] = []
    node = VERMOEDEN
    while node in table:
        answer = answers.get(node)
        if node == VEILIGHEID and disclosure:
            answer = JA
            implied.append(node)
        if answer is None:
            return Step(question=node, outcome=None, asked=tuple(asked), implied=tuple(implied))
        if answer not in answers_for(node):
            raise ValueError(f"{node}: unknown answer {answer!r}")
        asked.append(node)
        node = table[node][answer]
    return Step(question=None, outcome=node, asked=tuple(asked), implied=tuple(implied))


def melden_noodzakelijk(outcome: str) -> str:
    """Decision 1 of step 5: "ja", "nee" or "advies" (ask Veilig Thuis first)."""
    if outcome.startswith("melden_"):
        return "ja"
    if outcome == ADVIES_VT:
        return "advies"
    return "nee"


def hulp_mogelijk(outcome: str) -> str:
    """Decision 2 of step 5, in one word: "ja", "nee", "samen_met_vt" or "nvt"."""
    return {
        AFSLUITEN: "nvt",
        MELDEN_ONVEILIG: "samen_met_vt",
        MELDEN_TWIJFEL_VEILIGHEID: "samen_met_vt",
        MELDEN_GEEN_HULP: "nee",
        # Refused help: after the melding Veilig Thuis and the professional
        # decide together who offers which help (§8).
        MELDEN_NIET_AANVAARD: "samen_met_vt",
        MELDEN_GEEN_RESULTAAT: "samen_met_vt",
        HULP_MONITOREN: "ja",
        HULP_LOPEND: "ja",
        ADVIES_VT: "samen_met_vt",
    }[outcome]
