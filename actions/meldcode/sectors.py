"""Sectors and roles: who the user is (professionally) and what follows.

Plain Python. Each sector names its afwegingskader variant, whom the user
consults in step 2 and who decides in steps 4 and 5 (both, with their sources,
in actions/content/consultatie.yml), and whether its clients are
usually children (then the kindcheck is not the first question) or adults
(then it is). Detection works on the redacted text of a message, with word
lists: robust with little data, and testable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from actions.meldcode import afweging
from actions.meldcode.content import consultation as texts


@dataclass(frozen=True)
class Sector:
    key: str
    variant: str
    clients: str  # "kind", "volwassene" or "beide": whom the work is usually with
    keywords: tuple[str, ...]

    @property
    def consult(self) -> str:
        """Step 2: with whom to consult first (`sectors` in actions/content/consultatie.yml)."""
        return texts()["sectors"][self.key]["consult"]

    @property
    def decides(self) -> str:
        """Steps 4-5: who weighs and decides (`sectors` in actions/content/consultatie.yml)."""
        return texts()["sectors"][self.key]["decides"]


SECTORS: dict[str, Sector] = {
    s.key: s
    for s in (
        Sector(
            "onderwijs",
            afweging.ONDERWIJS,
            "kind",
            keywords=(
                "onderwijs",
                "school",
                "leerkracht",
                "leraar",
                "lerares",
                "docent",
                "juf",
                "meester",
                "leerling",
                "mentor",
                "intern begeleider",
                "ib'er",
                "iber",
                "zorgcoordinator",
                "decaan",
                "leerplicht",
                "klas",
                "studieloopbaanbegeleider",
                "basisschool",
                "middelbare school",
                "mbo",
            ),
        ),
        Sector(
            "kinderopvang",
            afweging.KINDEROPVANG,
            "kind",
            keywords=(
                "kinderopvang",
                "kinderdagverblijf",
                "kdv",
                "bso",
                "buitenschoolse",
                "pedagogisch medewerker",
                "pm'er",
                "gastouder",
                "peuterspeelzaal",
                "creche",
                "peuteropvang",
                "leidster",
                "opvang",
            ),
        ),
        Sector(
            "arts",
            afweging.KNMG,
            "beide",
            keywords=(
                "huisarts",
                "arts",
                "artsen",
                "kinderarts",
                "tandarts",
                "dokter",
                "specialist",
                "seh",
                "spoedeisende hulp",
                "jeugdarts",
                "knmg",
            ),
        ),
        # A POH or doktersassistent is not bound by the KNMG code: the practice's
        # own meldcode applies, and the doctor or whom it names decides (§8).
        Sector(
            "praktijk",
            afweging.GENERIC,
            "beide",
            keywords=(
                "poh",
                "poh-ggz",
                "poh-s",
                "praktijkondersteuner",
                "doktersassistent",
                "doktersassistente",
                "assistent bij de huisarts",
                "assistente bij de huisarts",
                "huisartsassistent",
                "huisartsassistente",
                "praktijkassistent",
                "praktijkassistente",
                "tandartsassistent",
                "tandartsassistente",
                "assistent van de huisarts",
                "assistente van de huisarts",
            ),
        ),
        Sector(
            "verpleging",
            afweging.GENERIC,
            "beide",
            keywords=(
                "verpleegkundige",
                "verpleging",
                "verzorgende",
                "verzorging",
                "wijkverpleging",
                "wijkverpleegkundige",
                "thuiszorg",
                "ziekenhuis",
                "verloskundige",
                "kraamzorg",
                "jgz-verpleegkundige",
                "zuster",
                "ouderenzorg",
                "verpleeghuis",
                "verzorgingshuis",
                "woonzorgcentrum",
            ),
        ),
        Sector(
            "ggz",
            afweging.GENERIC,
            "volwassene",
            keywords=(
                "ggz",
                "psycholoog",
                "psychiater",
                "therapeut",
                "psychotherapeut",
                "verslavingszorg",
                "behandelaar",
                "orthopedagoog",
                "gz-psycholoog",
                "psychiatrie",
                "cliënt in behandeling",
            ),
        ),
        Sector(
            "jeugdhulp",
            afweging.GENERIC,
            "kind",
            keywords=(
                "jeugdhulp",
                "jeugdzorg",
                "jeugdwerker",
                "jeugdhulpverlener",
                "gezinsvoogd",
                "jeugdbescherming",
                "pleegzorg",
                "jongerenwerker",
                "gezinshuis",
                "jeugdconsulent",
            ),
        ),
        Sector(
            "sociaal_werk",
            afweging.GENERIC,
            "beide",
            keywords=(
                "sociaal werker",
                "sociaal werk",
                "maatschappelijk werk",
                "maatschappelijk werker",
                "wijkteam",
                "buurtteam",
                "sociaal team",
                "wmo",
                "welzijn",
                "schuldhulp",
                "wijkcoach",
                "lokaal team",
                "amw",
                "sociale wijkteam",
            ),
        ),
        Sector(
            "justitie",
            afweging.GENERIC,
            "volwassene",
            keywords=(
                "justitie",
                "reclassering",
                "reclasseringswerker",
                "dji",
                "gevangenis",
                "penitentiaire",
                "halt",
                "tbs",
                "detentie",
                "justitiele",
                "reclasseringsmedewerker",
                "probation",
            ),
        ),
        Sector(
            "anders",
            afweging.GENERIC,
            "beide",
            # Sectors the law covers whose own afwegingskader could not be retrieved
            # (domain reference, Open points 3): they get the generic one.
            keywords=(
                "gehandicaptenzorg",
                "fysiotherapeut",
                "fysiotherapie",
                "ergotherapeut",
                "logopedist",
                "dietist",
                "oefentherapeut",
                "paramedicus",
                "paramedici",
                "asielzoekerscentrum",
                "azc",
                "coa",
            ),
        ),
    )
}

# Words that say the user is a volunteer, whatever else they say.
VOLUNTEER_KEYWORDS = (
    "vrijwilliger",
    "vrijwilligster",
    "vrijwilligerswerk",
    "vrijwillig",
    "trainer",
    "trainster",
    "coach bij",
    "scouting",
    "leiding bij",
    "leider bij",
    "leiding van de",
    "leider van de",
    "bestuurslid",
    "in het bestuur",
    "bestuur van de",
    "huiswerkbegeleiding",
    "huiswerkbegeleider",
    "huiswerkklas",
    "jeugdleider",
    "jeugdtrainer",
    "taalmaatje",
)
# Places where volunteers meet people; they count only when no professional
# sector is named ("ik ben docent en een leerling voetbalt" stays onderwijs).
SPORTS = ("voetbal", "hockey", "korfbal", "handbal", "tennis", "judo")
VOLUNTEER_PLACES = (
    *SPORTS,
    "sportclub",
    "sportvereniging",
    "vereniging",
    "club",
    "clubhuis",
    "buurthuis",
    "kerk",
    "moskee",
    "jeugdteam",
    "elftal",
    "welpen",
    "speeltuin",
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
PLACES = frozenset(
    {
        "seh",
        "spoedeisende hulp",
        "ziekenhuis",
        "school",
        "basisschool",
        "middelbare school",
        "klas",
        "opvang",
        "kinderopvang",
        "kinderdagverblijf",
        "kdv",
        "bso",
        "buitenschoolse",
        "peuterspeelzaal",
        "creche",
        "peuteropvang",
        "verpleeghuis",
        "verzorgingshuis",
        "woonzorgcentrum",
        "ggz",
        "psychiatrie",
        "gevangenis",
        "penitentiaire",
        "detentie",
        "wijkteam",
        "buurtteam",
        "sociaal team",
        "lokaal team",
        "sociale wijkteam",
        "thuiszorg",
        "ouderenzorg",
        "mbo",
        "gehandicaptenzorg",
        "asielzoekerscentrum",
        "azc",
    }
)


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
