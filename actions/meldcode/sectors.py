"""Sectors and roles: who the user is (professionally) and what follows.

Plain Python. Each sector names its afwegingskader variant, whom the user
consults in step 2, who decides in steps 4 and 5, and whether its clients are
usually children (then the kindcheck is not the first question) or adults
(then it is). Detection works on the redacted text of a message, with word
lists: robust with little data, and testable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from actions.meldcode import afweging


@dataclass(frozen=True)
class Sector:
    key: str
    label: str
    variant: str
    clients: str  # "kind", "volwassene" or "beide": whom the work is usually with
    consult: str  # step 2: with whom to consult first
    decides: str  # steps 4-5: who weighs and decides
    keywords: tuple[str, ...]
    source: str


SECTORS: dict[str, Sector] = {s.key: s for s in (
    Sector(
        "onderwijs", "Onderwijs", afweging.ONDERWIJS, "kind",
        consult="de intern begeleider (of zorgcoördinator, mentor of decaan)",
        decides="de aandachtsfunctionaris of de directie",
        keywords=("onderwijs", "school", "leerkracht", "leraar", "lerares", "docent",
                  "juf", "meester", "leerling", "mentor", "intern begeleider", "ib'er",
                  "iber", "zorgcoordinator", "decaan", "leerplicht", "klas",
                  "studieloopbaanbegeleider", "basisschool", "middelbare school", "mbo"),
        source="https://www.huiselijkgeweld.nl/interventies/publicaties/interventies/2018/07/04/afwegingskader-meldcode-onderwijs-en-leerplicht",
    ),
    Sector(
        "kinderopvang", "Kinderopvang", afweging.KINDEROPVANG, "kind",
        consult="je leidinggevende of de aandachtsfunctionaris",
        decides="de aandachtsfunctionaris of je leidinggevende (volgens het protocol van je organisatie)",
        keywords=("kinderopvang", "kinderdagverblijf", "kdv", "bso", "buitenschoolse",
                  "pedagogisch medewerker", "pm'er", "gastouder", "peuterspeelzaal",
                  "creche", "peuteropvang", "leidster", "opvang"),
        source="https://www.boink.info/meldcode-kindermishandeling",
    ),
    Sector(
        "arts", "Arts (KNMG-meldcode)", afweging.KNMG, "beide",
        consult="een collega-arts of de aandachtsfunctionaris",
        decides="jij als arts, volgens de KNMG-meldcode",
        keywords=("huisarts", "arts", "artsen", "kinderarts", "tandarts", "dokter", "specialist",
                  "seh", "spoedeisende hulp", "jeugdarts", "knmg"),
        source="https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/stap-5-grafische-weergave-van-het-afwegingskader",
    ),
    # A POH or doktersassistent is not bound by the KNMG code: the practice's
    # own meldcode applies, and the doctor or whom it names decides (§8).
    Sector(
        "praktijk", "Huisartsen- of tandartspraktijk (POH, assistent)", afweging.GENERIC, "beide",
        consult="de huisarts of tandarts, of de aandachtsfunctionaris van de praktijk",
        decides="de huisarts of tandarts, of wie de meldcode van je praktijk daarvoor aanwijst",
        keywords=("poh", "poh-ggz", "poh-s", "praktijkondersteuner", "doktersassistent",
                  "doktersassistente", "assistent bij de huisarts", "assistente bij de huisarts",
                  "huisartsassistent", "huisartsassistente", "praktijkassistent",
                  "praktijkassistente", "tandartsassistent", "tandartsassistente",
                  "assistent van de huisarts", "assistente van de huisarts"),
        source="https://knmg-meldcode.maglr.com/meldcode-kindermishandeling-en-huiselijk-geweld/voorwoord1",
    ),
    Sector(
        "verpleging", "Verpleging en verzorging", afweging.GENERIC, "beide",
        consult="een collega of de aandachtsfunctionaris",
        decides="de aandachtsfunctionaris of wie je meldcode daarvoor aanwijst",
        keywords=("verpleegkundige", "verpleging", "verzorgende", "verzorging",
                  "wijkverpleging", "wijkverpleegkundige", "thuiszorg", "ziekenhuis",
                  "verloskundige", "kraamzorg", "jgz-verpleegkundige", "zuster",
                  "ouderenzorg", "verpleeghuis", "verzorgingshuis", "woonzorgcentrum"),
        source="https://www.schoolformaat.nl/nieuws/meldcode-app-is-bijgewerkt",
    ),
    Sector(
        "ggz", "GGZ", afweging.GENERIC, "volwassene",
        consult="een collega, je behandelaar-collega of de aandachtsfunctionaris",
        decides="de aandachtsfunctionaris of wie je meldcode daarvoor aanwijst",
        keywords=("ggz", "psycholoog", "psychiater", "therapeut", "psychotherapeut",
                  "verslavingszorg", "behandelaar", "orthopedagoog", "gz-psycholoog",
                  "psychiatrie", "cliënt in behandeling"),
        source="https://www.augeo.nl/nl-nl/kindcheck",
    ),
    Sector(
        "jeugdhulp", "Jeugdhulp", afweging.GENERIC, "kind",
        consult="een collega, een gedragswetenschapper of de aandachtsfunctionaris",
        decides="de aandachtsfunctionaris of wie je meldcode daarvoor aanwijst",
        keywords=("jeugdhulp", "jeugdzorg", "jeugdwerker", "jeugdhulpverlener",
                  "gezinsvoogd", "jeugdbescherming", "pleegzorg", "jongerenwerker",
                  "gezinshuis", "jeugdconsulent"),
        source="https://www.meldcodehaaglanden.nl/sectoren/jeugdhulp/jeugdzorg/manager-leidinggevende-of-directielid/?step=4",
    ),
    Sector(
        "sociaal_werk", "Maatschappelijke ondersteuning en sociaal werk", afweging.GENERIC,
        "beide",
        consult="een collega, je teamleider of de aandachtsfunctionaris",
        decides="jullie team, met een gedragswetenschapper, teamleider of aandachtsfunctionaris",
        keywords=("sociaal werker", "sociaal werk", "maatschappelijk werk",
                  "maatschappelijk werker", "wijkteam", "buurtteam", "sociaal team",
                  "wmo", "welzijn", "schuldhulp", "wijkcoach", "lokaal team", "amw",
                  "sociale wijkteam"),
        source="https://www.1gezin1plan1regisseur.nl/stap-4-en-5-weeg-en-beslis/",
    ),
    Sector(
        "justitie", "Justitie (reclassering, DJI, Halt)", afweging.GENERIC, "volwassene",
        consult="een collega of de aandachtsfunctionaris",
        decides="de aandachtsfunctionaris of wie je meldcode daarvoor aanwijst",
        keywords=("justitie", "reclassering", "reclasseringswerker", "dji", "gevangenis",
                  "penitentiaire", "halt", "tbs", "detentie", "justitiele",
                  "reclasseringsmedewerker", "probation"),
        source="https://www.schoolformaat.nl/nieuws/meldcode-app-is-bijgewerkt",
    ),
    Sector(
        "anders", "Een andere sector", afweging.GENERIC, "beide",
        consult="een collega of de aandachtsfunctionaris van je organisatie",
        decides="wie de meldcode van je organisatie daarvoor aanwijst",
        # Sectors the law covers whose own afwegingskader could not be retrieved
        # (domain reference, Open points 3): they get the generic one.
        keywords=("gehandicaptenzorg", "fysiotherapeut", "fysiotherapie", "ergotherapeut",
                  "logopedist", "dietist", "oefentherapeut", "paramedicus", "paramedici",
                  "asielzoekerscentrum", "azc", "coa"),
        source="http://meldpuntmediation.nl/juridische-informatie/wet-meldcode.html",
    ),
)}

# Words that say the user is a volunteer, whatever else they say.
VOLUNTEER_KEYWORDS = (
    "vrijwilliger", "vrijwilligster", "vrijwilligerswerk", "vrijwillig", "trainer", "trainster",
    "coach bij", "scouting", "leiding bij", "leider bij", "leiding van de", "leider van de",
    "bestuurslid", "in het bestuur", "bestuur van de", "huiswerkbegeleiding",
    "huiswerkbegeleider", "huiswerkklas", "jeugdleider", "jeugdtrainer", "taalmaatje",
)
# Places where volunteers meet people; they count only when no professional
# sector is named ("ik ben docent en een leerling voetbalt" stays onderwijs).
VOLUNTEER_PLACES = (
    "voetbal", "hockey", "korfbal", "handbal", "tennis", "judo", "sportclub",
    "sportvereniging", "vereniging", "club", "clubhuis", "buurthuis", "kerk", "moskee",
    "jeugdteam", "elftal", "welpen", "speeltuin",
)


def normalise(text: str) -> str:
    """Lower case, accents off, one space: 'Pedagogisch  Medewérker' -> 'pedagogisch medewerker'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text.lower()).strip()


def _contains(text: str, keyword: str) -> bool:
    """Keyword at a word start; short ones (abbreviations) must be whole words."""
    end = r"(?![a-z])" if len(keyword) <= 4 else ""
    return re.search(r"(?<![a-z])" + re.escape(normalise(keyword)) + end, text) is not None


# Workplaces, not roles: a role named beside one wins ("verpleegkundige op de
# spoedeisende hulp" is verpleging, "docent op een basisschool" onderwijs).
PLACES = frozenset({
    "seh", "spoedeisende hulp", "ziekenhuis", "school", "basisschool", "middelbare school", "klas",
    "opvang", "kinderopvang", "kinderdagverblijf", "kdv", "bso", "buitenschoolse", "peuterspeelzaal",
    "creche", "peuteropvang", "verpleeghuis", "verzorgingshuis", "woonzorgcentrum", "ggz",
    "psychiatrie", "gevangenis", "penitentiaire", "detentie", "wijkteam", "buurtteam", "sociaal team",
    "lokaal team", "sociale wijkteam", "thuiszorg", "ouderenzorg", "mbo", "gehandicaptenzorg",
    "asielzoekerscentrum", "azc",
})


def detect_sector(text: str) -> str | None:
    """The sector a message names, or None. A role beats a workplace, the most
    specific match wins, and a practice role beats the doctor it works for
    ("poh bij de huisarts")."""
    norm = normalise(text)
    roles = _detect(norm, lambda kw: kw not in PLACES)
    return roles or _detect(norm, lambda kw: kw in PLACES)


def _detect(norm: str, use) -> str | None:
    best: tuple[int, str] | None = None
    found = set()
    for sector in SECTORS.values():
        for kw in sector.keywords:
            if use(kw) and _contains(norm, kw):
                found.add(sector.key)
                if best is None or len(kw) > best[0]:
                    best = (len(kw), sector.key)
    if best and best[1] == "arts" and "praktijk" in found:
        return "praktijk"
    return best[1] if best else None


def is_volunteer(text: str) -> bool:
    norm = normalise(text)
    if any(_contains(norm, kw) for kw in VOLUNTEER_KEYWORDS):
        return True
    return any(_contains(norm, kw) for kw in VOLUNTEER_PLACES) and detect_sector(norm) is None
