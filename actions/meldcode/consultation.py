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
from actions.meldcode.sectors import SECTORS, SPORTS, detect_sector, is_volunteer, normalise

VOLUNTEER = "vrijwilliger"

START_SLOTS = ("sector", "school_route", "zorg_over", "opvang_route")
VOLUNTEER_SLOTS = ("vw_organisatie", "vw_zorg_over", "vw_verteld", "vw_contactpersoon")
STEP1_SLOTS = ("signaal_soort", "verteld_door", "afhankelijk", "signaal_frequentie", "meer_kinderen")
KINDCHECK_SLOTS = ("kc_kinderen", "kc_zorg", "kc_schade")
STEP23_SLOTS = ("stap2_collega", "stap2_veilig_thuis", "stap3_gesprek")
FORM_SLOTS = START_SLOTS + VOLUNTEER_SLOTS + STEP1_SLOTS + KINDCHECK_SLOTS + STEP23_SLOTS + afweging.QUESTIONS

# Routes that leave the Veilig Thuis path: a suspicion against staff (the law
# sets its own route) and sexual behaviour between children in the opvang.
ROUTE_OUTCOMES = {"medewerker": "route_medewerker", "kinderen": "route_kinderen"}
SCHOOL_ROUTE_OUTCOMES = {"medewerker": "route_school_medewerker"}
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
    """'kind' or 'volwassene' (an older person is an adult): whom the worry is about."""
    if slots.get("sector") == "onderwijs":
        # mbo, hbo and university students can be adults (domain reference §8).
        return "volwassene" if slots.get("school_route") == "student" else "kind"
    sector = SECTORS.get(slots.get("sector") or "")
    if sector and sector.clients == "kind":
        return "kind"
    value = slots.get("zorg_over")
    return "volwassene" if value == "oudere" else value


def told_by_victim(slots: dict) -> bool:
    """The child or the client told it themselves (not a neighbour, not family)."""
    return slots.get("signaal_soort") == "verteld" and slots.get("verteld_door") == "zelf"


def disclosure(slots: dict) -> bool:
    """Disclosure in the sense of the meldcode (§1.3, limits of the rule): a
    child, or an adult who depends on others' care, told it themselves. It
    counts as acute onveiligheid. Hearsay is a signal, not a disclosure."""
    if not told_by_victim(slots):
        return False
    return zorg_over(slots) == "kind" or slots.get("afhankelijk") == JA


def own_account_of_adult(slots: dict) -> bool:
    """An autonomous adult client told about the violence: a strong signal,
    weighed at question 2 like any other (talk, consent, regie)."""
    return told_by_victim(slots) and zorg_over(slots) == "volwassene" and slots.get("afhankelijk") in (NEE, TWIJFEL)


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
        return (JA, NEE, TWIJFEL) + tuple(question(slot).get("extra_options", {}))
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
    if sector == "onderwijs":
        if need("school_route"):
            return Plan(tuple(required), None)
        if slots["school_route"] in SCHOOL_ROUTE_OUTCOMES:
            return Plan(tuple(required), SCHOOL_ROUTE_OUTCOMES[slots["school_route"]])
    elif SECTORS[sector].clients != "kind" and need("zorg_over"):
        return Plan(tuple(required), None)
    if sector == "kinderopvang":
        if need("opvang_route"):
            return Plan(tuple(required), None)
        if slots["opvang_route"] in ROUTE_OUTCOMES:
            return Plan(tuple(required), ROUTE_OUTCOMES[slots["opvang_route"]])

    steps = ["signaal_soort"]
    if slots.get("signaal_soort") == "verteld":
        steps.append("verteld_door")  # who told: the child or client, or someone else
        if slots.get("verteld_door") == "zelf" and zorg_over(slots) == "volwassene":
            steps.append("afhankelijk")  # disclosure only for a care-dependent adult
    steps.append("signaal_frequentie")
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

    Where they volunteer (a sports club, an organisation with its own meldcode
    such as a school or care home, or another club), what worries them (home
    situation, or someone inside the organisation), whether a child told them
    (home route only), and whether the organisation has someone to go to (an
    organisation with a meldcode has an aandachtsfunctionaris). The outcome
    says who to talk to.
    """
    slots_needed = ["vw_organisatie", "vw_zorg_over"]
    if slots.get("vw_zorg_over") == "thuis":
        slots_needed.append("vw_verteld")
    if slots.get("vw_organisatie") != "meldcode":
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

_YES = re.compile(r"^(ja+|jazeker|jawel|jep|jup|yep|yes|klopt|zeker|inderdaad|absoluut|ok ja|dat klopt)\b")
# "niet" alone, not "niet acuut, maar structureel wel"
_NO = re.compile(r"^(nee+|neen|neuh|nah|nope|nop|no|niet$|niet echt|nog niet|helemaal niet|zeker niet)\b")
_UNSURE = re.compile(
    r"(twijfel|weet (het |ik )?(niet|nie)\b|geen idee|misschien|onbekend|onzeker|lastig|"
    r"kweenie|nog maar de vraag|geen flauw)"
)
_EVERY = re.compile(
    r"\b(elke|iedere|ieder) (dag|week|maand|keer|ochtend|middag|avond|nacht|les|training|"
    r"weekend|maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag)"
)
# The user's own observation: "ik zag ...", "ik merk ...".
_OBSERVED = re.compile(
    r"\b(ik|we|wij) (zag|zie|zagen|zien|merk|merkte|merkten|hoorde|hoor|heb\b.*\bgezien|"
    r"heb\b.*\bgemerkt|heb\b.*\bgehoord)\b"
)
# Words just before an option's keyword that say it is absent: "geen blauwe plekken".
_NEGATION = re.compile(r"(geen|niet|zonder|nooit)\s+(\w+\s+)?$")
# An age in a message: "een leerling van 14", "mevrouw van 84", "90+".
_AGE = re.compile(r"(?<![\d-])(\d{1,3})\s*(\+|jaar|jarige?|-jarige?)|\bvan (\d{1,3})\b")

OPTION_KEYWORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "vw_zorg_over": {
        "organisatie": (
            "andere vrijwilliger",
            "andere trainer",
            "andere leider",
            "andere leiding",
            "verzorgende",
            "verpleegkundige",
            "medewerker",
            "begeleider",
            "personeel",
            "leidster",
            "een docent",
            "een leraar",
            "een juf",
            "een meester",
            "een trainer",
            "een leider",
            "een begeleider",
            "medevrijwilliger",
            "collega",
            "bestuurslid",
            "binnen de club",
            "binnen onze club",
            "bij de club zelf",
            "grensoverschrijdend",
            "binnen de vereniging",
            "binnen de organisatie",
            "iemand van de club",
            "iemand van de organisatie",
            "de coach",
            "een coach",
        ),
        "thuis": (
            "thuis",
            "ouders",
            "gezin",
            "vader",
            "moeder",
            "kind",
            "jongen",
            "meisje",
            "lid",
            "deelnemer",
            "speler",
            "leerling",
            "zoon",
            "dochter",
        ),
    },
    # Whom the worry is about: the first person a message names ("een oudere
    # vrouw van wie de zoon schreeuwt" is about the older woman).
    "zorg_over": {
        "oudere": (
            "oudere",
            "bejaard",
            "op leeftijd",
            "senior",
            "oma",
            "opa",
            "grootmoeder",
            "grootvader",
            "ouderenzorg",
            "verpleeghuis",
            "dementie",
            "dement",
            "80-jarig",
            "90-jarig",
            "70-jarig",
            "hoogbejaard",
        ),
        "kind": (
            "kind",
            "leerling",
            "baby",
            "peuter",
            "kleuter",
            "jongere",
            "tiener",
            "zoon",
            "dochter",
            "meisje",
            "jongen",
            "minderjarig",
            "puber",
            "scholier",
            "zuigeling",
            "pasgeboren",
            "ongeboren",
        ),
        "volwassene": (
            "volwassen",
            "client",
            "patient",
            "moeder",
            "vader",
            "ouder",
            "partner",
            "vrouw",
            "man ",
            "mevrouw",
            "meneer",
            "echtgeno",
            "zwanger",
            "bewoner",
            "bewoonster",
            "vriendin",
            "vriend",
        ),
    },
    # The home situation first: "ik ben pedagogisch medewerker, het gaat om de
    # thuissituatie" is route 1 (the user's own role is taken out first).
    "opvang_route": {
        "thuis": ("thuis", "ouders", "gezin", "vader", "moeder"),
        "medewerker": (
            "medewerker",
            "collega",
            "leidster",
            "personeel",
            "stagiair",
            "invalkracht",
            "houder",
            "pm'er",
            "gastouder",
            "team",
            "iemand van ons",
            "iemand uit",
        ),
        "kinderen": (
            "onderling",
            "tussen kinderen",
            "ander kind",
            "andere kinderen",
            "seksue",
            "doktertje",
            "aan elkaar",
        ),
    },
    "school_route": {
        "medewerker": (
            "collega",
            "medewerker",
            "personeel",
            "leraar",
            "lerares",
            "leerkracht",
            "docent",
            "juf",
            "meester",
            "concierge",
            "gymleraar",
            "stagiair",
            "directeur",
            "directie",
            "onderwijsassistent",
            "iemand van school",
            "iemand die op school werkt",
            "mentor",
        ),
        "student": (
            "student",
            "meerderjarig",
            "volwassen",
            "ouder dan 18",
            "boven de 18",
            "18 of ouder",
            "18+",
            "18 jaar of ouder",
        ),
        "thuis": (
            "leerling",
            "kind",
            "thuis",
            "ouders",
            "gezin",
            "minderjarig",
            "scholier",
            "puber",
            "jongen",
            "meisje",
            "kleuter",
            "jonger dan 18",
        ),
    },
    "vw_organisatie": {
        "sport": (
            "sport",
            *SPORTS,
            "zwem",
            "turn",
            "atletiek",
            "basketbal",
            "volleybal",
            "trainer",
            "trainster",
            "coach",
            "elftal",
            "wielren",
            "hockeyclub",
            "voetbalclub",
        ),
        "meldcode": (
            "zorginstelling",
            "zorgorganisatie",
            "instelling",
            "hospice",
            "met een meldcode",
            "die een meldcode heeft",
        ),
        # Not "andere" alone: "een andere trainer" says who, not where.
        "anders": (
            "scouting",
            "kerk",
            "moskee",
            "buurthuis",
            "vereniging",
            "club",
            "huiswerk",
            "taalmaatje",
            "speeltuin",
            "welpen",
            "jeugdwerk",
            "anders",
            "andere club",
            "andere organisatie",
            "andere vereniging",
        ),
    },
    "verteld_door": {
        "zelf": (
            "zelf",
            "kind",
            "leerling",
            "jongen",
            "meisje",
            "jongere",
            "tiener",
            "puber",
            "peuter",
            "kleuter",
            "zoon",
            "dochter",
            "client",
            "patient",
            "bewoner",
            "slachtoffer",
            "student",
            "deelnemer",
            "mevrouw",
            "meneer",
        ),
        "ander": (
            "buur",
            "buren",
            "oma",
            "opa",
            "grootouder",
            "grootmoeder",
            "grootvader",
            "tante",
            "oom",
            "familie",
            "collega",
            "vriend",
            "klasgeno",
            "moeder",
            "vader",
            "ouder",
            "mama",
            "papa",
            "zus",
            "broer",
            "kennis",
            "juf",
            "meester",
            "leerkracht",
            "docent",
            "mentor",
            "politie",
            "wijkagent",
            "huisarts",
            "partner",
            "ander",
            "derde",
        ),
    },
    "signaal_soort": {
        "letsel": (
            "blauwe plek",
            "letsel",
            "wond",
            "brandwond",
            "breuk",
            "striem",
            "kneuzing",
            "verwonding",
            "blauw oog",
            "schram",
            "bult",
        ),
        "verwaarlozing": (
            "verwaarloz",
            "honger",
            "geen eten",
            "vies",
            "stinkt",
            "kleren",
            "hygiene",
            "geen ontbijt",
            "geen brood",
            "onverzorgd",
            "luier",
        ),
        "thuis": (
            "ruzie",
            "geweld thuis",
            "partner",
            "drank",
            "alcohol",
            "drugs",
            "verslav",
            "psychisch",
            "schreeuw",
            "geschreeuw",
            "gezin",
            "thuis",
            "slaat",
            "slaan",
            "sloeg",
            "geslagen",
            "schop",
            "duwt",
            "scheld",
            "uitgescholden",
            "bedreig",
            "mishandel",
            "geweld",
            "kleineer",
            "vernedert",
        ),
        "gedrag": (
            "gedrag",
            "bang",
            "angst",
            "schrik",
            "teruggetrokken",
            "stil",
            "agressief",
            "huil",
            "slaapt slecht",
            "somber",
            "boos",
        ),
    },
    "signaal_frequentie": {
        "eenmalig": (
            "een keer",
            "eenmalig",
            "1 keer",
            "eerste keer",
            "voor het eerst",
            "een enkele keer",
            "1x",
            "een x",
            "eenmaal",
            "alleen vandaag",
            "alleen gisteren",
        ),
        "vaker": (
            "vaker",
            "vaak",
            "meerdere",
            "regelmatig",
            "steeds",
            "herhaal",
            "paar keer",
            "twee keer",
            "drie keer",
            "2x",
            "3x",
            "4x",
            "5x",
            "al langer",
            "maanden",
            "weken",
            "telkens",
            "meer dan",
            "sinds",
            "al een tijd",
            "soms",
            "constant",
            "continu",
            "dagelijks",
            "wekelijks",
            "keer of",
        ),
        "onbekend": ("weet ik niet", "weet niet", "geen idee", "onbekend"),
    },
    "kc_zorg": {
        "samen": ("samen", "partner", "met iemand", "ex", "co-ouder", "grootouder", "oma", "opa"),
        "alleen": ("alleen", "in haar eentje", "in zijn eentje", "zelf"),
        "onbekend": (
            "weet ik niet",
            "weet niet",
            "geen idee",
            "onbekend",
            "niet gevraagd",
            "nooit gevraagd",
            "niet bekend",
        ),
    },
    "stap3_gesprek": {
        "niet_veilig": (
            "niet veilig",
            "onveilig",
            "gevaarlijk",
            "gevaar",
            "eergerelateerd",
            "eerwraak",
            "om de eer",
            "huwelijksdwang",
            "durf",
            "escal",
            "te riskant",
            "niet verstandig",
        ),
    },
    "vraag_resultaat": {
        "te_vroeg": (
            "te vroeg",
            "net begonnen",
            "net gestart",
            "pas begonnen",
            "pas gestart",
            "net bezig",
            "pas bezig",
            "nog niet te zeggen",
            "moet nog blijken",
            "kan ik nog niet zeggen",
            "nog niet te zien",
        ),
    },
}

# Who told, in a typed signal ("de buurvrouw zei dat ..."): a telling verb, and
# the teller in the words before it (or just after it: "vertelde de buurvrouw").
_TELLING = re.compile(
    r"(?<![a-z])(vertel\w*|verteld\w*|zei|zeiden|zegt|zeggen|gezegd|onthul\w*|gaf aan|geeft aan|"
    r"aangegeven|liet weten|kwam (?:naar|bij) (?:me|mij) toe|kwam ermee|belde (?:me|mij)|"
    r"vertrouwde (?:me|mij)|in vertrouwen|"
    r"(?:hoorde|gehoord|hoor|te horen) van)(?![a-z])"
)
# The victim themselves, someone else, or (a parent, a partner: they can be
# either) not clear: then the assistant asks.
_TELLER_SELF = OPTION_KEYWORDS["verteld_door"]["zelf"]
_TELLER_UNCLEAR = ("moeder", "vader", "ouder", "mama", "papa", "partner")
_TELLER_OTHER = tuple(k for k in OPTION_KEYWORDS["verteld_door"]["ander"] if k not in _TELLER_UNCLEAR)
_CLAUSE_BREAK = re.compile(r"[.,;:!?]| en | maar | dat ")


def _teller_word(words: str) -> str | None:
    """'zelf', 'ander' or 'onduidelijk' for the first word that names a teller."""
    for word in words.split():
        if word == "zelfs":  # "even", not "self"
            continue
        if any(word.startswith(k) for k in _TELLER_SELF):
            return "zelf"
        if any(word.startswith(k) for k in _TELLER_UNCLEAR):
            return "onduidelijk"
        if any(word.startswith(k) for k in _TELLER_OTHER):
            return "ander"
    return None


def teller(text: str) -> str | None:
    """Who told, when a message reports that someone told: 'zelf' (the child
    or client), 'ander' (hearsay), or 'onduidelijk'. None: nobody told."""
    norm = normalise(text)
    match = _TELLING.search(norm)
    if not match:
        return None
    prefix = norm[: match.start()]
    before = _CLAUSE_BREAK.split(prefix)[-1]
    after = " ".join(norm[match.end() :].split()[:3])
    if match.group(0).endswith(" van"):  # "hoorde van de buren": the teller follows
        before, prefix, after = after, "", ""
    # the nearest clause first, then just after the verb, then the whole lead-in
    return _teller_word(before) or _teller_word(after) or _teller_word(prefix) or "onduidelijk"


_ROLE_WORDS = sorted({normalise(k) for s in SECTORS.values() for k in s.keywords}, key=len, reverse=True)
_OWN_ROLE = re.compile(
    r"(?<![a-z])(?:ik ben|ik werk(?: als| bij| op| in)?|werkzaam (?:als|bij|op|in)|als)\s+"
    r"(?:een |de |het )?(?:" + "|".join(re.escape(k) for k in _ROLE_WORDS) + r")[a-z']*"
)


def strip_own_role(norm: str) -> str:
    """Takes out how users introduce themselves ("ik ben pedagogisch
    medewerker"): their own role is not the person they worry about."""
    return _OWN_ROLE.sub(" ", norm)


_OTHER_SECTOR = ("anders", "iets anders", "overig", "andere sector", "geen van")


def says_unsure(text: str) -> bool:
    """ "weet ik niet", "geen idee", "twijfel": short, and only that."""
    norm = normalise(text)
    return len(norm.split()) <= 6 and bool(_UNSURE.search(norm)) and not _YES.search(norm)


def _starts_a_word(keyword: str, text: str) -> bool:
    """The keyword at the start of a word, and not negated ("geen blauwe plekken")."""
    for m in re.finditer(r"(?<![a-z0-9])" + re.escape(normalise(keyword)), text):
        if not _NEGATION.search(text[: m.start()]):
            return True
    return False


def age_in(text: str) -> int | None:
    m = _AGE.search(text)
    if not m:
        return None
    age = int(m.group(1) or m.group(3))
    return age if age < 120 else None


def _first_named(text: str, options: dict[str, tuple[str, ...]]) -> str | None:
    """The option whose keyword comes first in the text (ties: the longer keyword)."""
    best: tuple[int, int, str] | None = None
    for value, keywords in options.items():
        for k in keywords:
            m = re.search(r"(?<![a-z0-9])" + re.escape(normalise(k)), text)
            if m and (best is None or (m.start(), -len(k)) < (best[0], best[1])):
                best = (m.start(), -len(k), value)
    return best[2] if best else None


def question(slot: str) -> dict:
    return texts()["questions"][slot]


def is_yes_no(slot: str) -> bool:
    return bool(question(slot).get("yes_no"))


# Keywords too loose to read an answer from a message that answered something
# else ("ik maak me zorgen over een gezin" names no signal).
WEAK_KEYWORDS = {
    "signaal_soort": ("gezin", "thuis", "partner", "stil", "boos", "kleren", "vies"),
    "vw_organisatie": ("anders", "andere club", "andere organisatie", "andere vereniging"),
}


def interpret(
    slot: str,
    text: str,
    intent: str | None = None,
    choice: str | None = None,
    fallback: bool = True,
    strict: bool = False,
) -> str | None:
    """The canonical answer to `slot` in a message, or None if unclear.

    `intent` is the NLU intent (affirm/deny/unsure), `choice` the value a
    button sent. Free text is read with word lists. The text itself is never
    returned: only one of the question's fixed values.
    """
    options = list(allowed_values(slot))
    if choice in options:
        return choice
    norm = normalise(text or "")
    for value, keywords in OPTION_KEYWORDS.get(slot, {}).items():  # extra answers of a yes/no question
        if is_yes_no(slot) and any(k in norm for k in keywords):
            return value

    if slot == "stap3_gesprek":
        if any(_starts_a_word(k, norm) for k in OPTION_KEYWORDS["stap3_gesprek"]["niet_veilig"]):
            return "niet_veilig"
        by_intent = {"affirm": JA, "deny": NEE}.get(intent or "")
        if by_intent:
            return by_intent
        return JA if _YES.search(norm) else NEE if _NO.search(norm) else None

    if slot == "vw_verteld" and teller(norm) is None and _OBSERVED.search(norm):
        return NEE  # "ik zag blauwe plekken": seen, not told
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

    if slot == "signaal_soort":
        told = teller(norm)
        tell = _TELLING.search(norm)
        if told == "onduidelijk" and tell:
            # With no clear teller, a signal named before the telling ("blauwe
            # plekken, en zegt dat ze gevallen is") is what was seen; the words
            # after it are an explanation, not a disclosure.
            seen = interpret(slot, norm[: tell.start()], fallback=False, strict=True) if tell.start() else None
            if seen and seen not in ("verteld", "gehoord"):
                return seen
        if told == "ander":
            return "gehoord"  # hearsay: a signal, not a disclosure
        if told:
            return "verteld"
    if slot == "verteld_door":
        # Asked outright, a parent or partner who told is someone else.
        return {"zelf": "zelf", "ander": "ander", "onduidelijk": "ander"}.get(_teller_word(norm) or "")
    if slot == "vw_organisatie" and not any(_starts_a_word(k, norm) for k in OPTION_KEYWORDS[slot]["sport"]):
        if detect_sector(norm):  # a school, a hospital, a care home: it has a meldcode
            return "meldcode"

    # Keywords match at the start of a word ("kind" in "kinderen", not "thuis" in
    # "buurthuis"); "Veilig Thuis" is a name, not the home situation.
    words = " " + strip_own_role(norm.replace("veilig thuis", " "))
    age = age_in(norm)
    if slot == "zorg_over":
        if age is not None:
            return "kind" if age < 18 else "oudere" if age >= 65 else "volwassene"
        return _first_named(words, OPTION_KEYWORDS[slot])
    if slot == "school_route" and age is None and (bare := re.search(r"\b([4-9]|1\d|2\d)\b", norm)):
        age = int(bare.group(1))  # "een student die net 18 is": at school a number is an age
    if (
        slot == "school_route"
        and age is not None
        and not any(_starts_a_word(k, words) for k in OPTION_KEYWORDS[slot]["medewerker"])
    ):
        return "student" if age >= 18 else "thuis"
    weak = WEAK_KEYWORDS.get(slot, ()) if strict else ()
    for value, keywords in OPTION_KEYWORDS.get(slot, {}).items():
        if any(_starts_a_word(k, words) for k in keywords if k not in weak):
            return value
    if slot == "signaal_frequentie" and _EVERY.search(words):
        return "vaker"  # "elke maandag", not "elke aanraking"
    if slot == "signaal_frequentie" and intent == "unsure":
        return "onbekend"
    if slot == "kc_zorg" and intent == "unsure":
        return "onbekend"
    if slot == "signaal_soort" and norm and fallback:
        return "anders"  # any description counts; the words themselves are not kept
    return None


def also_answers(slot: str, value: str, text: str, choice: str | None = None) -> dict[str, str]:
    """Other questions that this answer settles, so they are not asked.

    "Het kind of de cliënt vertelde het me zelf" (button, or a typed signal
    whose teller is the child or client) also says who told. "Iemand anders"
    as the answer to who told makes the signal hearsay.
    """
    if slot == "signaal_soort" and value == "verteld":
        if choice == "verteld" or teller(text) == "zelf":
            return {"verteld_door": "zelf"}
    if slot == "verteld_door" and value == "ander":
        return {"signaal_soort": "gehoord"}
    return {}


# What a message can say beyond the question asked (#28): whom the worry is
# about, the kind of signals, how often. Read with the explicit rules only.
PREFILL_SLOTS = ("school_route", "zorg_over", "opvang_route", "signaal_soort", "signaal_frequentie")
_CORRECTION = re.compile(
    r"(^|[ ,.!])(het gaat (niet )?(om|over)|ik bedoel|ik bedoelde|bedoel ik|correctie|"
    r"het is (geen|niet)|niet (een|om|over) .+ maar)"
)


def applies(slot: str, slots: dict) -> bool:
    """Whether `slot` is a question on this user's path at all."""
    sector = slots.get("sector")
    if sector == VOLUNTEER:
        return False
    if sector is None:  # not known yet: only what every path asks
        return slot in ("signaal_soort", "signaal_frequentie")
    if slot == "school_route":
        return sector == "onderwijs"
    if slot == "opvang_route":
        return sector == "kinderopvang"
    if slot == "zorg_over":
        return sector != "onderwijs" and SECTORS[sector].clients != "kind"
    return True


def also_said(text: str, slots: dict, skip: str | None = None, overwrite: bool = False) -> dict[str, str]:
    """Answers a message gives to the first questions besides `skip` (the one
    asked): only explicit ones, only for questions on the path, and only
    unanswered ones unless `overwrite` (a correction)."""
    found: dict[str, str] = {}
    for slot in PREFILL_SLOTS:
        if slot == skip or not applies(slot, slots) or (slots.get(slot) and not overwrite):
            continue
        value = interpret(slot, text, fallback=False, strict=True)
        if value and value != slots.get(slot):
            found[slot] = value
            found.update(also_answers(slot, value, text))
    return found


def volunteer_said(text: str) -> dict[str, str]:
    """What a volunteer's message already answers: where they volunteer, what
    worries them, and whether a child told them ("een meisje vertelde me ...")."""
    found: dict[str, str] = {}
    if where := interpret("vw_organisatie", text, strict=True):
        found["vw_organisatie"] = where
    if interpret("vw_zorg_over", text) == "organisatie":
        found["vw_zorg_over"] = "organisatie"
    elif teller(text) == "zelf":
        found.update(vw_zorg_over="thuis", vw_verteld=JA)
    return found


def is_correction(text: str) -> bool:
    return bool(_CORRECTION.search(normalise(text)[:60]))


def told_note(slots: dict) -> str | None:
    """Which note step 1 shows once it is clear who told: 'disclosure',
    'gehoord' (hearsay) or 'volwassene' (an autonomous adult's own account)."""
    if slots.get("signaal_soort") == "gehoord":
        return "gehoord"
    if disclosure(slots):
        return "disclosure"
    if own_account_of_adult(slots):
        return "volwassene"
    return None


# --- summary ------------------------------------------------------------------


def summary_texts() -> dict:
    """The summary's labels and frame (`summary` in actions/content/consultatie.yml)."""
    return texts()["summary"]


def label(slot: str) -> str:
    """The question's label in the summary: "Stap 1, hoe vaak"."""
    return summary_texts()["labels"][slot]


def skip_value(slot: str) -> str | None:
    """The answer "weet ik niet" gives where the meldcode allows not knowing."""
    return TWIJFEL if is_yes_no(slot) else question(slot).get("skip")


def answer_titles(slot: str) -> tuple[str, ...]:
    """The titles of a question's buttons, in order."""
    if is_yes_no(slot):
        return ("Ja", "Nee", "Ik twijfel") + tuple(question(slot).get("extra_options", {}).values())
    return tuple(question(slot).get("options", {}).values())


def answer_label(slot: str, value: str) -> str:
    if slot == "sector" and value == VOLUNTEER:
        return summary_texts()["volunteer"]
    if is_yes_no(slot):
        extra = question(slot).get("extra_options", {})
        return summary_texts()["yes_no"].get(value) or extra.get(value, value).lower()
    title = question(slot).get("options", {}).get(value, value)
    title = title[0].lower() + title[1:] if title else value
    return title.removeprefix("over ") if slot == "zorg_over" else title


def summary(slots: dict, organisation_lines: list[str] | tuple[str, ...] = ()) -> str | None:
    """An anonymous summary of the answers so far, or None before the first.
    `organisation_lines` (the organisation's name, who decides there) come first."""
    current = plan(slots)
    t = summary_texts()
    lines = []
    for slot in current.required:
        value = slots.get(slot)
        if value is None:
            continue
        lines.append(f"- {label(slot)}: {answer_label(slot, value)}")
    for slot in current.implied:
        lines.append(f"- {label(slot)}: {t['implied']}")
    if not lines:
        return None
    outcome = current.outcome
    if outcome in afweging.OUTCOMES:
        lines.append("- " + t["melden"].format(answer=t["melden_answers"][afweging.melden_noodzakelijk(outcome)]))
        lines.append("- " + t["hulp"].format(answer=t["hulp_answers"][afweging.hulp_mogelijk(outcome)]))
    if outcome and outcome in texts()["outcomes"]:
        lines.append(f"- {texts()['outcomes'][outcome]['title']}")
    elif not outcome:
        lines.append("- " + t["not_finished"])
    head = t["head_volunteer"] if slots.get("sector") == VOLUNTEER else t["head"]
    return head + "\n" + "\n".join([*organisation_lines, *lines]) + "\n" + t["footer"]
