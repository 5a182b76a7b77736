"""Redaction at the door: identifying data out of a message before Rasa sees it.

The text is normalised first (normalize.py: NFKC, zero-width characters and
soft hyphens out, non-breaking spaces as spaces, composed accents); what is
found there is cut from the text as typed, so the rest stays as the user wrote it.

Three layers:
1. Patterns for what matters here and what deduce does not (fully) catch:
   IBAN, BSN (with the 11-proef), postcodes, Dutch license plates, social
   media handles, e-mail, URLs and phone numbers.
2. The casual rules (casual.py) for what people type and paste: names in any
   case from first-name and surname lists, with a list of ordinary Dutch words
   (lexicon.py) so that "roos in de tuin" stays unless a cue says name; initials,
   possessives, schools and clubs by name, streets and places in any case,
   dates in words, numbers in any layout, handles, obfuscated e-mail, case numbers.
3. deduce (the Dutch de-identification library) for capitalised person names,
   places, street addresses and institutions, with its large lookup lists in a
   compact form (deduce_lookups.py): the same finds in about 60 MB instead of
   1 GB. Its date, phone, e-mail, URL and identifier annotators are off
   (DEDUCE_OFF): layers 1 and 2 find those in more layouts, in less time.

Each find is replaced by a neutral tag the NLU was trained to read:
[naam], [adres], [plaats], [postcode], [telefoonnummer], [e-mail], [url],
[bsn], [iban], [datum], [kenteken], [account], [instelling], [nummer].

Deliberately kept:
* ages ("een jongen van 10", "34 jaar"): an age alone does not identify
  anyone in this setting and matters for the advice (signals per age band);
* domain words (Veilig Thuis, Raad voor de Kinderbescherming, GGD, huisarts,
  intern begeleider, juf, meester, ...), also when deduce would tag them.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from bot import texts
from bot.privacy.casual import NEVER_ALONE, CasualRules
from bot.privacy.lexicon import Lexicon
from bot.privacy.normalize import normalise

TAG_NOUNS = {
    "naam": ("een naam", "namen"),
    "adres": ("een adres", "adressen"),
    "plaats": ("een plaatsnaam", "plaatsnamen"),
    "postcode": ("een postcode", "postcodes"),
    "telefoonnummer": ("een telefoonnummer", "telefoonnummers"),
    "e-mail": ("een e-mailadres", "e-mailadressen"),
    "url": ("een internetadres", "internetadressen"),
    "bsn": ("een BSN", "BSN's"),
    "iban": ("een rekeningnummer", "rekeningnummers"),
    "datum": ("een datum", "datums"),
    "kenteken": ("een kenteken", "kentekens"),
    "account": ("een accountnaam", "accountnamen"),
    "instelling": ("de naam van een instelling", "namen van instellingen"),
    "nummer": ("een nummer", "nummers"),
}

# deduce tag -> our tag (None: keep the text)
DEDUCE_TAGS = {
    "persoon": "naam",
    "patient": "naam",
    "locatie": "plaats",
    "instelling": "instelling",
    "ziekenhuis": "instelling",
    "zorginstelling": "instelling",
    "datum": "datum",
    "telefoonnummer": "telefoonnummer",
    "emailadres": "e-mail",
    "url": "url",
    "bsn": "bsn",
    "id": "nummer",
    "leeftijd": None,
}

# deduce's annotators that the casual rules (casual.py) cover in more layouts: not run, to save time.
DEDUCE_OFF = {"dates", "ages", "urls", "email_addresses", "phone_numbers", "identifiers"}

DOMAIN_WORDS = {
    "veilig thuis",
    "raad voor de kinderbescherming",
    "kinderbescherming",
    "ggd",
    "huisarts",
    "intern begeleider",
    "juf",
    "meester",
    "kindertelefoon",
    "centrum seksueel geweld",
    "wijkteam",
    "buurtteam",
    "politie",
    "jeugdarts",
    "knmg",
    "augeo",
    "movisie",
    "aandachtsfunctionaris",
    "vertrouwenspersoon",
    "vertrouwensinspecteur",
    "inspectie",
    "reclassering",
    "halt",
    "dji",
    "ggz",
    "bso",
    "kdv",
    "scouting",
    "veilig",
    "zorgcoordinator",
    "mentor",
    "directie",
    "mama",
    "papa",
    "oma",
    "opa",
}

# Public helplines the assistant itself names: never redacted.
HELPLINES = frozenset(
    {
        "08002000",
        "08000188",
        "08000432",
        "08003200032",
        "112",
        "113",
        "08000113",
        "09001113111",
        "09002025590",
        "116111",
        "116000",
        "144",
        "0800",
    }
)

_PLATE_PARTS = r"[A-Z0-9]{1,3}"
PATTERNS: list[tuple[str, re.Pattern]] = [
    ("e-mail", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)),
    ("url", re.compile(r"\b(?:https?://|www\.)[^\s\x22'<>]*[^\s\x22'<>.,;:!?)]", re.I)),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){8,10}\b", re.I)),
    ("account", re.compile(r"(?<![\w@])@[A-Za-z0-9_.]{2,30}\b")),
    ("telefoonnummer", re.compile(r"(?<![\w+])(?:\+31|0031|\(0\d{1,3}\)|0)[\d \-()]{6,16}\d(?!\d)")),
    ("bsn", re.compile(r"(?<!\d)\d{3}[ .]?\d{3}[ .]?\d{3}(?!\d)")),
    ("postcode", re.compile(r"(?<!\d)[1-9]\d{3}[ ]?(?P<letters>[A-Za-z]{2})(?![A-Za-z])")),
    (
        "kenteken",
        re.compile(
            rf"(?<![\w-])(?=[A-Z0-9-]*[A-Z])(?=[A-Z0-9-]*\d)(?=(?:[A-Z0-9]-?){{6}}(?![\w-])){_PLATE_PARTS}-{_PLATE_PARTS}-"
            rf"{_PLATE_PARTS}(?![\w-])",
            re.I,
        ),
    ),
]

_STREET_SUFFIXES = (
    "straat|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|ring|boulevard|steeg|pad|"
    "plantsoen|markt|baan|erf|wal|veld|berg|hoven|burg|straatweg|lei|oord|haven|poort|zijde"
)
STREET = re.compile(rf"\b[A-Z][\w'\u00c0-\u017f-]*(?:{_STREET_SUFFIXES})\s+\d+(?:\s?[a-zA-Z](?!\w))?")

# Words after which a capitalised word is a name: "juf Anna", "meneer 's Gravensande".
_NAME_CUES = (
    "leerling|cliënte|cliënt|client|cliente|patiënt|patient|patiënte|moeder|vader|meneer|"
    "mevrouw|juf|meester|groet|groeten|oom|tante|zoon|dochter|ben|heet|heten|genaamd|broer|zus|"
    r"opa|oma|partner|vriend|vriendin|kind|meisje|jongen|stiefvader|stiefmoeder|mama|papa|dhr\.?|mw\.?"
)
_NAME_WORD = r"(?:[A-Z\u00c0-\u00de][\w'\u00c0-\u017f-]+|'s)"
NAME_AFTER_CUE = re.compile(
    rf"(?i:\b(?:{_NAME_CUES}))[,:]?\s+(?P<name>{_NAME_WORD}"
    rf"(?:\s+(?:van|de|der|den|ter|ten|te|die|het|in 't|'t|{_NAME_WORD}))*)"
)

# Lower-case two-letter Dutch words that can follow a year ("2019 en"):
# with these, 4 digits + 2 letters is not read as a postcode.
_NOT_POSTCODE_LETTERS = {
    "en",
    "in",
    "op",
    "om",
    "of",
    "is",
    "te",
    "de",
    "al",
    "ik",
    "je",
    "me",
    "we",
    "ze",
    "zo",
    "na",
    "nu",
    "er",
    "ja",
    "ga",
    "ok",
    "uw",
    "an",
    "bv",
    "nr",
}


_TRAILING_PARTICLES = frozenset("van de der den ter ten te die het".split())


def _is_helpline(value: str) -> bool:
    digits = re.sub(r"\D", "", value)
    return digits in HELPLINES or digits.startswith(("0800", "0900")) and len(digits) <= 11


def elfproef(digits: str) -> bool:
    """The BSN 11-check: sum of digit*weight (9..2, last -1) divisible by 11."""
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    weights = [9, 8, 7, 6, 5, 4, 3, 2, -1]
    return sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 == 0


@dataclass
class Redaction:
    text: str
    found: dict[str, int] = field(default_factory=dict)  # tag -> count

    @property
    def changed(self) -> bool:
        return bool(self.found)

    def notice(self) -> str | None:
        """One short Dutch sentence for the user, or None."""
        if not self.found:
            return None
        parts = [TAG_NOUNS[t][0] if n == 1 else TAG_NOUNS[t][1] for t, n in self.found.items()]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " en " + parts[-1]
        return texts.text("redaction_notice", listed=listed)  # actions/content/kanalen.yml


class Redactor:
    def __init__(self, use_deduce: bool = True):
        self._deduce = None
        street, places = None, ()
        if use_deduce:
            from bot.privacy.deduce_lookups import compact_deduce, entries

            self._deduce = compact_deduce()  # deduce's base config, its lookup lists held compactly
            street = self._deduce.lookup_structs["street"]
            places = (" ".join(e).lower() for e in entries(self._deduce.lookup_structs["placename"]) if "(" not in e)
        self._casual = CasualRules(Lexicon(places), street_trie=street, helplines=HELPLINES)

    def _spans_from_patterns(self, text: str) -> list[tuple[int, int, str]]:
        spans = []
        for tag, pattern in PATTERNS:
            for m in pattern.finditer(text):
                if tag == "bsn" and not elfproef(re.sub(r"\D", "", m.group())):
                    continue
                if tag == "postcode" and m.group("letters") in _NOT_POSTCODE_LETTERS:
                    continue
                if tag == "telefoonnummer" and (
                    not 9 <= sum(c.isdigit() for c in m.group()) <= 12 or re.sub(r"\D", "", m.group()) in HELPLINES
                ):
                    continue
                spans.append((m.start(), m.end(), tag))
        return spans

    def _spans_from_context(self, text: str) -> list[tuple[int, int, str]]:
        spans = [(m.start(), m.end(), "adres") for m in STREET.finditer(text)]
        for m in NAME_AFTER_CUE.finditer(text):
            name = m.group("name")
            if name.lower() in DOMAIN_WORDS or name.split()[0].lower() in DOMAIN_WORDS:
                continue
            # a trailing particle ("Jan van") is not part of the name
            end = m.end("name")
            while text[m.start("name") : end].rsplit(" ", 1)[-1] in _TRAILING_PARTICLES:
                end = m.start("name") + text[m.start("name") : end].rfind(" ")
            spans.append((m.start("name"), end, "naam"))
        return spans

    def _spans_from_deduce(self, text: str) -> list[tuple[int, int, str]]:
        if self._deduce is None or text.islower() or not any(c.isupper() for c in text):
            return []  # deduce's names, places and institutions go by capitals: lower-case text is the casual rules'
        spans = []
        for ann in self._deduce.deidentify(text, disabled=DEDUCE_OFF).annotations:
            tag = DEDUCE_TAGS.get(ann.tag, "nummer")
            if tag is None or ann.text.strip().lower() in DOMAIN_WORDS:
                continue
            if tag in ("telefoonnummer", "nummer") and re.sub(r"\D", "", ann.text) in HELPLINES:
                continue
            if tag == "naam" and " " not in ann.text.strip() and ann.text.strip().lower() in NEVER_ALONE:
                continue  # "Storm en regen", "Roos" at the start of a sentence: a word, unless a cue says name
            if tag == "plaats" and any(c.isdigit() for c in ann.text):
                tag = "adres"  # "Kerkstraat 12", "3511 AB Utrecht"
            spans.append((ann.start_char, ann.end_char, tag))
        return spans

    def redact(self, text: str) -> Redaction:
        original = text
        text, starts, ends = normalise(original)
        if "<" in text:
            text = mask_markup(text)
        if _shouted(text):  # capitals say nothing in a message typed in capitals: read it as lower case
            text = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        spans = (
            self._spans_from_patterns(text)
            + self._spans_from_context(text)
            + self._casual.spans(text)
            + self._spans_from_deduce(text)
        )
        spans = [
            sp for sp in spans if not (sp[2] in ("telefoonnummer", "nummer") and _is_helpline(text[sp[0] : sp[1]]))
        ]
        spans += self._casual.repeats(text, spans)  # a name found once is a name wherever it stands
        # longest first; drop overlaps
        spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
        chosen: list[tuple[int, int, str]] = []
        for start, end, tag in spans:
            if chosen and start < chosen[-1][1]:
                last = chosen[-1]
                if end > last[1]:  # overlapping: merge into the wider span
                    chosen[-1] = (last[0], end, last[2])
                continue
            chosen.append((start, end, tag))
        out, found, pos = [], {}, 0
        for start, end, tag in chosen:
            if end <= start:
                continue
            o_start, o_end = starts[start], ends[end - 1]  # back to the text as typed
            if o_start < pos:
                o_start = pos
            out.append(original[pos:o_start])
            out.append(f"[{tag}]")
            found[tag] = found.get(tag, 0) + 1
            pos = o_end
        out.append(original[pos:])
        return Redaction("".join(out), found)


_TAG = re.compile(
    r"</?([A-Za-z][A-Za-z0-9:-]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*"
    r"(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*)\s*/?>"
)


def _shouted(text: str) -> bool:
    """Most of the message in capitals ("IK BEN LEERKRACHT EN ..."), not just a name or two in it."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return False
    return sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def mask_markup(text: str) -> str:
    """HTML tags pasted or typed ("<img src=x>", "<b>"): their tag and attribute names become spaces of
    the same length, so they are not read as names or handles; attribute values stay text to redact."""
    chars = list(text)
    for m in _TAG.finditer(text):
        for i in range(m.start(1), m.end(1)):
            chars[i] = " "
        attrs, base = m.group(2), m.start(2)
        for a in re.finditer(r"([A-Za-z_:][-A-Za-z0-9_:.]*)(\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?", attrs):
            for i in range(base + a.start(1), base + a.end(1)):
                chars[i] = " "
    return "".join(chars)


_instance: Redactor | None = None
_lock = threading.Lock()


def redactor() -> Redactor:
    """The process-wide redactor (deduce loads its compact lookup lists once, well under a second)."""
    global _instance
    with _lock:
        if _instance is None:
            _instance = Redactor()
        return _instance
