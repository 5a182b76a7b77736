"""The guided consultation: which question comes next, what an answer means,
and the anonymous summary. Plain Python, no Rasa.

The conversation state is a dict of slot values (all categorical). `plan()`
returns the questions on the user's path so far plus the next one, or the
outcome when the path ends. The Rasa form asks the first unanswered question
of that list, so the whole flow (sector, step 1, kindcheck, steps 2-3 and the
afwegingskader of steps 4-5) lives here and is tested without Rasa.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from actions.meldcode import afweging
from actions.meldcode.afweging import JA, NEE, TWIJFEL
from actions.meldcode.content import consultation as texts
from actions.meldcode.sectors import SECTORS, detect_sector, is_volunteer, normalise

VOLUNTEER = "vrijwilliger"

START_SLOTS = ("sector", "zorg_over", "opvang_route")
VOLUNTEER_SLOTS = ("vw_zorg_over", "vw_verteld", "vw_contactpersoon")
STEP1_SLOTS = ("signaal_soort", "signaal_frequentie", "meer_kinderen")
KINDCHECK_SLOTS = ("kc_kinderen", "kc_zorg", "kc_schade")
STEP23_SLOTS = ("stap2_collega", "stap2_veilig_thuis", "stap3_gesprek")
FORM_SLOTS = START_SLOTS + VOLUNTEER_SLOTS + STEP1_SLOTS + KINDCHECK_SLOTS + STEP23_SLOTS + afweging.QUESTIONS

ROUTE_OUTCOMES = {"medewerker": "route_medewerker", "kinderen": "route_kinderen"}
VOLUNTEER_OUTCOMES = {"thuis": "vrijwilliger_thuis", "organisatie": "vrijwilliger_organisatie"}


@dataclass(frozen=True)
class Plan:
    required: tuple[str, ...]  # questions on the path so far, the next one last
    outcome: str | None  # set when the path has ended
    implied: tuple[str, ...] = ()  # answered by a rule (disclosure), not asked

    @property
    def next_question(self) -> str | None:
        return None if self.outcome else self.required[-1]


def variant_of(slots: dict) -> str:
    sector = SECTORS.get(slots.get("sector") or "")
    return sector.variant if sector else afweging.GENERIC


def zorg_over(slots: dict) -> str | None:
    sector = SECTORS.get(slots.get("sector") or "")
    if sector and sector.clients == "kind":
        return "kind"
    return slots.get("zorg_over")


def disclosure(slots: dict) -> bool:
    return slots.get("signaal_soort") == "verteld"


def valid_answers(slots: dict) -> dict:
    """Only the answers that are one of a question's fixed values.

    During slot extraction Rasa hands over raw candidates (a typed text, a
    button payload) before validation has turned them into a value; those
    count as unanswered here.
    """
    clean = {}
    for slot in FORM_SLOTS:
        value = slots.get(slot)
        if slot == "sector" and value == VOLUNTEER:
            clean[slot] = value
        elif value is not None and value in allowed_values(slot):
            clean[slot] = value
    return clean


def allowed_values(slot: str) -> tuple[str, ...]:
    if is_yes_no(slot):
        return (JA, NEE, TWIJFEL)
    return tuple(question(slot).get("options", {}))


def plan(slots: dict) -> Plan:
    """The path through the meldcode for the answers in `slots`."""
    slots = valid_answers(slots)
    required: list[str] = []

    def need(slot: str) -> bool:
        required.append(slot)
        return slots.get(slot) is None

    if need("sector"):
        return Plan(tuple(required), None)
    sector = slots["sector"]
    if sector == VOLUNTEER:
        return volunteer_plan(slots, required)
    if SECTORS[sector].clients != "kind" and need("zorg_over"):
        return Plan(tuple(required), None)
    if sector == "kinderopvang":
        if need("opvang_route"):
            return Plan(tuple(required), None)
        if slots["opvang_route"] in ROUTE_OUTCOMES:
            return Plan(tuple(required), ROUTE_OUTCOMES[slots["opvang_route"]])

    steps = ["signaal_soort", "signaal_frequentie"]
    if zorg_over(slots) == "kind":
        steps.append("meer_kinderen")
    else:
        steps.append("kc_kinderen")
        if slots.get("kc_kinderen") == JA:
            steps.append("kc_zorg")
        if slots.get("kc_kinderen") in (JA, TWIJFEL):
            steps.append("kc_schade")
    steps += list(STEP23_SLOTS)
    for slot in steps:
        if need(slot):
            return Plan(tuple(required), None)

    answers = {q: slots.get(q) for q in afweging.QUESTIONS}
    step = afweging.walk(variant_of(slots), answers, disclosure(slots))
    required += [q for q in step.asked if q not in step.implied]
    if step.question:
        required.append(step.question)
    return Plan(tuple(required), step.outcome, step.implied)


def volunteer_plan(slots: dict, required: list[str]) -> Plan:
    """The volunteer's own short path: never the professional's afwegingskader.

    What worries them (home situation, or someone inside the organisation),
    whether a child told them (home route only), and whether the organisation
    has someone to go to. The outcome says who to talk to.
    """
    slots_needed = ["vw_zorg_over"]
    if slots.get("vw_zorg_over") == "thuis":
        slots_needed.append("vw_verteld")
    slots_needed.append("vw_contactpersoon")
    for slot in slots_needed:
        required.append(slot)
        if slots.get(slot) is None:
            return Plan(tuple(required), None)
    return Plan(tuple(required), VOLUNTEER_OUTCOMES[slots["vw_zorg_over"]])


def kindcheck_result(slots: dict) -> str | None:
    """'positief', 'negatief' or 'onduidelijk' once the kindcheck is answered."""
    kinderen, schade = slots.get("kc_kinderen"), slots.get("kc_schade")
    if kinderen == NEE:
        return "negatief"
    if kinderen is None or schade is None:
        return None
    if TWIJFEL in (kinderen, schade):
        return "onduidelijk"
    return "positief" if schade == JA else "negatief"


def last_answered(slots: dict) -> str | None:
    """The question 'terug' clears: the last one the user answered."""
    current = plan(slots)
    answered = [s for s in current.required if slots.get(s) is not None]
    answered = [s for s in answered if s not in current.implied]
    return answered[-1] if answered else None


# --- reading answers -------------------------------------------------------

_YES = re.compile(r"^(ja|jazeker|jawel|jep|yes|klopt|zeker|inderdaad|absoluut|ok ja|dat klopt)\b")
_NO = re.compile(r"^(nee|neen|nope|no|niet|nog niet|helemaal niet|zeker niet)\b")
_UNSURE = re.compile(r"(twijfel|weet (het |ik )?niet|geen idee|misschien|onbekend|onzeker|lastig)")

OPTION_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "vw_zorg_over": {
        "organisatie": ("andere vrijwilliger", "andere trainer", "andere leider", "andere leiding",
                        "een trainer", "een leider", "een begeleider", "medevrijwilliger",
                        "collega", "bestuurslid", "binnen de club", "binnen onze club",
                        "bij de club zelf", "grensoverschrijdend", "binnen de vereniging",
                        "binnen de organisatie", "iemand van de club", "iemand van de organisatie",
                        "de coach", "een coach"),
        "thuis": ("thuis", "ouders", "gezin", "vader", "moeder", "kind", "jongen", "meisje",
                  "lid", "deelnemer", "speler", "leerling", "zoon", "dochter"),
    },
    "zorg_over": {
        "kind": ("kind", "leerling", "baby", "peuter", "kleuter", "jongere", "tiener",
                 "zoon", "dochter", "meisje", "jongen", "minderjarig", "puber", "scholier"),
        "volwassene": ("volwassen", "client", "patient", "moeder", "vader", "ouder", "partner",
                       "vrouw", "man ", "oudere", "bejaard", "mevrouw", "meneer", "echtgeno"),
    },
    "opvang_route": {
        "medewerker": ("medewerker", "collega", "leidster", "personeel", "stagiair",
                       "invalkracht", "houder", "pm'er", "pedagogisch"),
        "kinderen": ("onderling", "tussen kinderen", "ander kind", "andere kinderen",
                     "seksueel", "doktertje"),
        "thuis": ("thuis", "ouders", "gezin", "vader", "moeder"),
    },
    "signaal_soort": {
        "verteld": ("vertelde", "verteld", "vertelt", "zei dat", "zegt dat", "zei me",
                    "in vertrouwen", "onthul", "kwam naar me toe", "heeft me gezegd",
                    "disclosure"),
        "letsel": ("blauwe plek", "letsel", "wond", "brandwond", "breuk", "striem",
                   "kneuzing", "verwonding", "blauw oog", "schram", "bult"),
        "verwaarlozing": ("verwaarloz", "honger", "geen eten", "vies", "stinkt", "kleren",
                          "hygiene", "geen ontbijt", "geen brood", "onverzorgd", "luier"),
        "thuis": ("ruzie", "geweld thuis", "partner", "drank", "alcohol", "drugs",
                  "verslav", "psychisch", "schreeuw", "gezin", "thuis"),
        "gedrag": ("gedrag", "bang", "angst", "schrik", "teruggetrokken", "stil",
                   "agressief", "huil", "slaapt slecht", "somber", "boos"),
    },
    "signaal_frequentie": {
        "eenmalig": ("een keer", "eenmalig", "1 keer", "eerste keer", "voor het eerst",
                     "een enkele keer", "1x"),
        "vaker": ("vaker", "vaak", "meerdere", "regelmatig", "steeds", "herhaal",
                  "al langer", "elke", "iedere", "maanden", "weken", "telkens", "meer dan"),
        "onbekend": ("weet ik niet", "weet niet", "geen idee", "onbekend"),
    },
    "kc_zorg": {
        "samen": ("samen", "partner", "met iemand", "ex", "co-ouder", "grootouder", "oma", "opa"),
        "alleen": ("alleen", "in haar eentje", "in zijn eentje", "zelf"),
        "onbekend": ("weet ik niet", "weet niet", "geen idee", "onbekend"),
    },
    "stap3_gesprek": {
        "niet_veilig": ("niet veilig", "onveilig", "gevaarlijk", "gevaar", "eer",
                        "huwelijksdwang", "kan niet", "durf"),
    },
}

_OTHER_SECTOR = ("anders", "iets anders", "overig", "andere sector", "geen van")


def _starts_a_word(keyword: str, text: str) -> bool:
    return re.search(r"(?<![a-z0-9])" + re.escape(normalise(keyword)), text) is not None


def question(slot: str) -> dict:
    return texts()["questions"][slot]


def is_yes_no(slot: str) -> bool:
    return bool(question(slot).get("yes_no"))


def interpret(slot: str, text: str, intent: str | None = None, choice: str | None = None) -> str | None:
    """The canonical answer to `slot` in a message, or None if unclear.

    `intent` is the NLU intent (affirm/deny/unsure), `choice` the value a
    button sent. Free text is read with word lists. The text itself is never
    returned: only one of the question's fixed values.
    """
    q = question(slot)
    options = list(q.get("options", {})) if not is_yes_no(slot) else [JA, NEE, TWIJFEL]
    if choice in options:
        return choice
    norm = normalise(text or "")

    if slot == "stap3_gesprek":
        if any(k in norm for k in OPTION_KEYWORDS["stap3_gesprek"]["niet_veilig"]):
            return "niet_veilig"
        by_intent = {"affirm": JA, "deny": NEE}.get(intent or "")
        if by_intent:
            return by_intent
        return JA if _YES.search(norm) else NEE if _NO.search(norm) else None

    if is_yes_no(slot):
        by_intent = {"affirm": JA, "deny": NEE, "unsure": TWIJFEL}.get(intent or "")
        if by_intent:
            return by_intent
        if _UNSURE.search(norm):
            return TWIJFEL
        if _YES.search(norm):
            return JA
        if _NO.search(norm):
            return NEE
        return None

    if slot == "sector":
        if is_volunteer(norm):
            return VOLUNTEER
        found = detect_sector(norm)
        if found:
            return found
        return "anders" if any(k in norm for k in _OTHER_SECTOR) else None

    # Keywords match at the start of a word ("kind" in "kinderen", not "thuis" in
    # "buurthuis"); "Veilig Thuis" is a name, not the home situation.
    words = " " + norm.replace("veilig thuis", " ")
    for value, keywords in OPTION_KEYWORDS.get(slot, {}).items():
        if any(_starts_a_word(k, words) for k in keywords):
            return value
    if slot == "signaal_frequentie" and intent == "unsure":
        return "onbekend"
    if slot == "kc_zorg" and intent == "unsure":
        return "onbekend"
    if slot == "signaal_soort" and norm:
        return "anders"  # any description counts; the words themselves are not kept
    return None


# --- summary ------------------------------------------------------------------

LABELS = {
    "sector": "Sector",
    "vw_zorg_over": "Zorg over",
    "vw_verteld": "Zelf verteld",
    "vw_contactpersoon": "Organisatie heeft een contactpersoon",
    "zorg_over": "Zorg over",
    "opvang_route": "Route",
    "signaal_soort": "Stap 1, soort signalen",
    "signaal_frequentie": "Stap 1, hoe vaak",
    "meer_kinderen": "Stap 1, meer kinderen betrokken",
    "kc_kinderen": "Kindcheck, zorgt voor kinderen of zwanger",
    "kc_zorg": "Kindcheck, zorgt alleen of samen",
    "kc_schade": "Kindcheck, situatie kan kinderen schaden",
    "stap2_collega": "Stap 2, overlegd met collega",
    "stap2_veilig_thuis": "Stap 2, advies Veilig Thuis gevraagd",
    "stap3_gesprek": "Stap 3, gesprek met betrokkene(n)",
    afweging.VERMOEDEN: "Vraag 1, vermoeden",
    afweging.VEILIGHEID: "Vraag 2, acute of structurele onveiligheid",
    afweging.HULP: "Vraag 3, hulp mogelijk",
    afweging.ACCEPTATIE: "Vraag 4, hulp aanvaard",
    afweging.RESULTAAT: "Vraag 5, resultaat",
}
_YES_NO_LABEL = {JA: "ja", NEE: "nee", TWIJFEL: "twijfel"}
_MELDEN_LABEL = {"ja": "ja, melden bij Veilig Thuis", "nee": "nee", "advies": "eerst advies vragen aan Veilig Thuis"}
_HULP_LABEL = {
    "ja": "ja", "nee": "nee, niet door jou of je organisatie",
    "samen_met_vt": "bespreek je samen met Veilig Thuis", "nvt": "niet nodig",
}


def answer_label(slot: str, value: str) -> str:
    if slot == "sector" and value == VOLUNTEER:
        return "vrijwilliger"
    if is_yes_no(slot):
        return _YES_NO_LABEL.get(value, value)
    title = question(slot).get("options", {}).get(value, value)
    title = title[0].lower() + title[1:] if title else value
    return title.removeprefix("over ") if slot == "zorg_over" else title


def summary(slots: dict) -> str | None:
    """An anonymous summary of the answers so far, or None before the first."""
    current = plan(slots)
    lines = []
    for slot in current.required:
        value = slots.get(slot)
        if value is None:
            continue
        lines.append(f"- {LABELS[slot]}: {answer_label(slot, value)}")
    for slot in current.implied:
        lines.append(f"- {LABELS[slot]}: ja (het kind of de cliënt vertelde het zelf)")
    if not lines:
        return None
    outcome = current.outcome
    if outcome in afweging.OUTCOMES:
        lines.append(f"- Beslissing 1, is melden nodig: {_MELDEN_LABEL[afweging.melden_noodzakelijk(outcome)]}")
        lines.append(f"- Beslissing 2, is hulp (ook) mogelijk: {_HULP_LABEL[afweging.hulp_mogelijk(outcome)]}")
    if outcome and outcome in texts()["outcomes"]:
        lines.append(f"- {texts()['outcomes'][outcome]['title']}")
    elif not outcome:
        lines.append("- Nog niet afgerond.")
    if slots.get("sector") == VOLUNTEER:
        head = "Samenvatting, zonder namen. Handig als je met je organisatie of Veilig Thuis praat:\n"
    else:
        head = "Samenvatting, zonder namen. Neem dit over in je eigen dossier:\n"
    return head + "\n".join(lines) + "\nDit is een hulpmiddel. De beslissing ligt bij jou en je organisatie."
