"""The redactor's rules for casual and pasted Dutch: what people type, not what forms hold.

Works on normalised text (normalize.py) and returns spans (start, end, tag).
Names in any case come from first-name and surname lists; a name that is also
an ordinary Dutch word ("roos", "storm", "bakker") is taken only with a cue
(a role word before it, "heet", a possessive, a surname after it, an age in
brackets). A word that is in no list at all is taken as a name only where a
name is expected (after a role word, beside a known name, before an age).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.privacy.lexicon import Lexicon

Span = tuple[int, int, str]

# --- word classes -------------------------------------------------------------------------

FUNCTION_WORDS = frozenset(
    """
de het een en of maar want dus dat die dit deze wat wie waar wanneer hoe ik jij je u hij zij ze wij we
jullie hun hen hem haar zijn mijn jouw uw ons onze me mij men er hier daar niet geen wel ook nog al toch nu
dan toen als om op in aan uit bij met van voor na naar over onder tegen tussen door zonder tot te is was ben
bent waren wordt werd worden heeft heb hebben had hadden kan kon kunnen wil wilde willen moet moest moeten
mag mocht zal zou zullen gaat ging gaan komt kwam komen zegt zei zeggen doet deed doen ja nee heel erg veel
weinig meer minder zo zoals omdat terwijl sinds vanaf vandaag gisteren morgen zit zat lag ligt staat stond
loopt liep vond vindt weet wist denk dacht zag ziet hoorde hoort belde belt vertelde vertelt kreeg krijgt gaf
geeft nam neemt sloeg slaat altijd nooit vaak soms steeds elke iedere alle allebei beide andere ander eigen
nieuwe oude goed slecht boos bang blij stil druk thuis school huis weg mee even snel laat vroeg echt gewoon
eigenlijk misschien zeker bijna pas net juist samen alleen lang kort groot klein jong oud eerste tweede
laatste hele half iemand niemand iets niets alles ook zelf ie t zn mn m'n z'n d'r der nu dr jaar jaren
keer dag dagen week weken maand maanden uur ouder oudste jongste kleine grote lieve arme
""".split()
)

# Words after which a name follows: "juf petra", "mijn leerling youssef", "de moeder, fatima, ...".
ROLE_WORDS = frozenset(
    """
juf juffrouw meester meneer mevrouw mevr mw mr dhr hr heer leerling leerlinge cliënt cliënte client cliente
patiënt patiënte patient patiente zoon zoontje dochter dochtertje vader moeder pa ma papa mama mam pap
stiefvader stiefmoeder stiefzoon stiefdochter stiefbroer stiefzus pleegvader pleegmoeder pleegkind
pleegzoon pleegdochter halfbroer halfzus broer broertje zus zusje zuster oom tante opa oma neef neefje
nicht nichtje vriend vriendje vriendin vriendinnetje buurman buurvrouw buurjongen buurmeisje buurkind
collega klasgenoot klasgenote klasgenootje partner ex echtgenoot echtgenote kleinzoon kleindochter
kleinkind leerkracht docent docente mentor coach trainer begeleider begeleidster ib'er ib-er ibber
zorgcoördinator jeugdarts huisarts dokter arts wijkagent agent directeur directrice pm'er leidster
leider tweeling baby peuter kleuter puber tiener jongere student studente cursist deelnemer bewoner
bewoonster mantelzorger casusregisseur jeugdconsulent voetbaltrainer trainster oppas ouderling dominee
imam pastoor kind kindje meisje jongen jongetje meid meiske man vrouw jongste oudste familie fam gezin
roepnaam voornaam achternaam naam
""".split()
)
# ... after which a surname follows even when it is an ordinary word ("meneer bakker", "familie de boer")
SURNAME_CUES = frozenset("meneer mevrouw mevr mw mr dhr hr heer familie fam gezin juf meester achternaam".split())
# Words that say the next words are a name: "ze heet femke", "genaamd", "noemt zichzelf".
NAMING_WORDS = frozenset("heet heten hete genaamd genoemd noemt noemen roepnaam voornaam achternaam".split())
FAMILY_WORDS = frozenset(
    """
vader moeder pa ma papa mama mam pap ouders broer broertje zus zusje oom tante opa oma stiefvader
stiefmoeder vriend vriendin vriendje vriendinnetje juf meester zoon dochter kinderen kind baby man vrouw
neef nicht familie huis fiets telefoon mentor trainer
""".split()
)
PARTICLES = (
    *("van der", "van den", "van de", "van 't"),
    *"van de der den ter ten te 't el al ait ben bin abu da di du le la dos del von vd v.d.".split(),
)
_PARTICLE_WORDS = frozenset(w for p in PARTICLES for w in p.split())
MONTHS = (
    "januari februari maart april mei juni juli augustus september oktober november december "
    "jan feb febr mrt apr jun jul aug sep sept okt nov dec"
).split()
WEEKDAYS = frozenset("maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ma di wo do vr za zo".split())
# Names that are also ordinary words, and ordinary words in these messages: taken only with a cue.
NEVER_ALONE = (
    frozenset(MONTHS[:12])
    | WEEKDAYS
    | frozenset(
        """
roos storm zon zomer winter lente herfst hoop bloem engel beer vos wolf merel mees raaf zwaan parel
iris lieve maan ster sterre lucky angel brand kok koop rijk luis roman kader kam kar kas lam leen
tak ton veer wei win meis mensje maatje ouwe mare marine kick jazz jeep joke fan fee gul kin kiem kier
kit lei lelie linde lotus mint mus peer raven rem rein rover servet splinter star tam tin vin zen
aan adel adem albino alien allen alp anemoon aster aura azalea baan bars beren bergen berk beste bijou
blaas bouwen boy bruin burger camelia ceder charisma chi comfort constant corona dahlia deli dia dim divan
dodo domino dong dot eden elke fake fancy fin fine forum fox gala gazel gene genesis germ hang hart hei
heide hoi hok hope horst hortensia hunter imam innocent ion islam jersey jihad jouw junior karma kent
kenter klaar lala lava lijntje linze lion lot luit lux mana manna mans mate marines melodie men nacho
nanny narcis nazi ninja nader nadir ouwe pastor patience peren pep ping pluk pom prima prudent pui ram
ramadan reef riff rijmpje romein rosé salami server sherry skip sol take tea teddy terra tien timber toy
tri tuba tutu uiltje urban uwe vega vesper bas wang maas tromp tule viola violet vrouwtje wan wiel wil
yoga zilver zoetje zus
zweer dan hee hai sen ante ale alen ama mar bin gelt boet toon ken super
""".split()
    )
)
# Sayings with a name in them: "jan en alleman", "joost mag weten".
IDIOMS = re.compile(
    r"(?i)\b(?:jan en alleman|joost mag weten|jan modaal|jan met de pet|klaas vaak|pietje precies|"
    r"jantje lacht|jan rap en zijn maat|hoge piet|zwarte piet|jut en jul|tante pos|oom agent)\b"
)
DOMAIN = frozenset(
    """
veilig thuis ggd huisarts juf meester kindertelefoon wijkteam buurtteam politie jeugdarts augeo
movisie aandachtsfunctionaris vertrouwenspersoon vertrouwensinspecteur inspectie reclassering halt dji
ggz bso kdv scouting zorgcoördinator mentor directie mama papa oma opa meldcode kindcheck halt poh
raad kinderbescherming jeugdbescherming centrum seksueel geweld knmg vng nji
""".split()
)

# --- regexes -------------------------------------------------------------------------------

_L = r"[^\W\d_]"  # a letter
TOKEN = re.compile(rf"{_L}+(?:-{_L}+)*(?:'(?![sS]\b){_L}+)*")
_MONTH = "|".join(MONTHS)
_UNIT = "een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TEEN = "tien|elf|twaalf|dertien|veertien|vijftien|zestien|zeventien|achttien|negentien"
_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_BELOW100 = rf"(?:(?:{_UNIT})(?:en|ën)(?:{_TENS})|{_TENS}|{_TEEN}|{_UNIT})"
_NUMWORD = rf"(?:(?:{_UNIT})?honderd(?:en)?{_BELOW100}?|{_BELOW100})"
_ORD = (
    r"(?:eerste|tweede|derde|vierde|vijfde|zesde|zevende|achtste|negende|tiende|elfde|twaalfde|"
    r"dertiende|veertiende|vijftiende|zestiende|zeventiende|achttiende|negentiende|twintigste|"
    rf"(?:{_UNIT})(?:en|ën)twintigste|dertigste|eenendertigste|eenëndertigste)"
)
_YEARWORD = (
    rf"(?:tweeduizend(?:[ -]?(?:en[ -])?{_BELOW100})?|negentien(?:honderd)?[ -]?(?:{_BELOW100})|"
    rf"twintig[ -]?(?:{_BELOW100}))"
)
_DAY = rf"(?:\d{{1,2}}(?:e|ste|de|st)?|{_ORD}|{_BELOW100})"
_YEAR = rf"(?:'\d\d|\d{{4}}|{_YEARWORD})"
DATE_WORDS = re.compile(
    rf"(?<![\w'])(?:de\s+)?{_DAY}\s*(?:-|\s|\.|/)?\s*(?:van\s+)?(?:{_MONTH})\.?(?:\s*(?:-|\s|,)?\s*{_YEAR})?(?![\w])",
    re.I,
)
DATE_NUM = re.compile(
    r"(?<![\d\w./-])(?:\d{1,2}\s?(?P<sep>[-/.])\s?\d{1,2}\s?(?P=sep)\s?(?:\d{4}|'?\d{2})|(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2})(?![\d\w/-])"
)
BIRTH_YEAR = re.compile(
    rf"(?i:\b(?:geboren|geb\.?|geboortejaar|geboortedatum|geb\.?\s?datum|bouwjaar)\s*:?\s*(?:in\s+|op\s+)?)"
    rf"(?P<y>(?:(?:{_MONTH})\.?\s+)?(?:(?:19|20)\d\d|'\d\d|{_YEARWORD}))\b"
)

# phone numbers: Dutch and foreign, with spaces, dots, dashes, brackets
PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?\d{1,3}|\(\s?0\d{1,3}\s?\)|0)(?:[\s.\-/]{0,3}(?:\(0\)|\(\d{1,4}\)|\d)){6,16}(?!\d)"
)
# nine digits in any layout: a BSN when it passes the 11-check
BSN_LIKE = re.compile(r"(?<![\d\w.,-])\d(?:[ .\-]?\d){7,8}(?![\d\w]|[.,]\d)")
# whatever number follows "bsn" or "burgerservicenummer"
BSN_CUE = re.compile(
    r"(?i:\b(?:bsn|burgerservicenummer|sofinummer|sofi-nummer|bsn-nummer|bsn-nr|polisnummer)\b[^\d\n]{0,25})"
    r"(?P<n>\d(?:[ .\-]?\d){6,10})(?!\d)"
)
# an IBAN, grouped or not, any case
IBAN = re.compile(
    r"(?<![\w])(?:NL|BE|DE|FR|GB|LU|ES|IT|PL|TR|PT|AT|CH|DK|SE|NO|FI|IE|GR|RO|BG|HR|CZ|SK|HU|SI|EE|LV|LT|MT|CY|MA)"
    r"[ .-]?\d{2}[ .-]?(?:[A-Z]{4}|\d{4})(?:[ .-]?\d{2,4}){2,6}(?:[ .-]?\d{1,3})?(?![\w])",
    re.I,
)
POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}(?:\s?|-)(?P<letters>[A-Za-z]{2})(?![\w])")
_PL = r"[A-Z]"
_PD = r"\d"
_SIDECODES = [
    (_PL * 2, _PD * 2, _PD * 2),
    (_PD * 2, _PD * 2, _PL * 2),
    (_PD * 2, _PL * 2, _PD * 2),
    (_PL * 2, _PD * 2, _PL * 2),
    (_PL * 2, _PL * 2, _PD * 2),
    (_PD * 2, _PL * 2, _PL * 2),
    (_PD * 2, _PL * 3, _PD),
    (_PD, _PL * 3, _PD * 2),
    (_PL * 2, _PD * 3, _PL),
    (_PL, _PD * 3, _PL * 2),
    (_PL * 3, _PD * 2, _PL),
    (_PD, _PL * 2, _PD * 3),
    (_PD * 3, _PL * 2, _PD),
    (_PL, _PD * 2, _PL * 3),
    (_PL * 3, _PD * 2, _PD),
    (_PD, _PD * 2, _PL * 3),
]
PLATE_DASH = re.compile(r"(?<![\w-])(?:" + "|".join(rf"{a}-{b}-{c}" for a, b, c in _SIDECODES) + r")(?![\w-])", re.I)
PLATE_SOLID = re.compile(r"(?<![\w-])(?:" + "|".join(rf"{a}{b}{c}" for a, b, c in _SIDECODES) + r")(?![\w-])", re.I)
PLATE_SPACED = re.compile(r"(?<![\w-])(?:" + "|".join(rf"{a} {b} {c}" for a, b, c in _SIDECODES) + r")(?![\w-])")
PLATE_FOREIGN = re.compile(r"\bkenteken\b[^\n]{0,30}?(?P<p>\b[A-Z]{1,3}[- ][A-Z]{1,2}[- ]?\d{1,4}[A-Z]?\b)", re.I)
PLATE_CUE = re.compile(
    r"(?i:\b(?:kenteken|nummerbord|nummerplaat)\b[:\s]*(?:is|was)?[:\s]*)"
    r"(?P<p>[A-Z0-9][A-Z0-9 -]{3,9}[A-Z0-9])\b",
    re.I,
)

_DOT = r"(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\(punt\)|\[punt\])\s*|\s+(?:dot|punt)\s+)"
_AT = (
    r"(?:\s*(?:@|\(at\)|\[at\]|\{at\}|\(a\)|\[a\]|\(apenstaartje\))\s*|"
    r"\s+(?:at|apenstaartje|apestaartje|apenstaart)\s+)"
)
_TLD = r"(?:com|nl|be|org|net|de|eu|info|uk|fr|nu|me|io|co|pl|tr|ma|es|it|biz|online)"
EMAIL_LOOSE = re.compile(rf"(?<![\w.])[\w+-]+(?:{_DOT}[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}{_TLD}\b", re.I)
URL_PATH = re.compile(rf"(?<![\w@.])(?:[\w-]+\.)+{_TLD}/[^\s\x22'<>]*[^\s.,;:!?)'\x22<>]", re.I)

PLATFORM = (
    r"insta|instagram|ig|tiktok|tik\s?tok|snap|snapchat|sc|twitter|x|facebook|fb|discord|telegram|"
    r"whatsapp|youtube|yt|twitch|roblox|fortnite|minecraft|steam|psn|xbox|kik|threads|bereal|pinterest|"
    r"linkedin|onlyfans|reddit|tumblr|signal|gamertag|gebruikersnaam|username|accountnaam|schuilnaam|kanaal|"
    r"account|accountje|playstation|ps4|ps5|nintendo|gamernaam|nickname|nick|bijnaam|alias|online\s+naam"
)
HANDLE_AFTER_PLATFORM = re.compile(
    rf"(?i:(?<![\w@])(?:{PLATFORM})\b(?:\s+(?:account|accountje|naam|profiel|kanaal|name|handle|id))?"
    rf"(?:\s+(?:van\s+(?:hem|haar|die\s+\w+|de\s+\w+|mijn\s+\w+)))?"
    rf"(?:\s*(?:[:=,]|-|is|heet|heette|als|zegt|noemt|noemde|zich|hij|ze|zij|die|staat|stond|"
    rf"onder\s+de\s+naam|met\s+de\s+naam|met\s+naam|genaamd|\(+)\s*)*\s)"
    r"(?P<h>['\"(]*@?[A-Za-z0-9][\w.\-]{1,40}[\w])"
)
# an e-mail address without its top-level domain: "naam@hotmail"
EMAIL_NO_TLD = re.compile(r"(?<![\w.])[\w.+-]*[A-Za-z0-9]@[A-Za-z][\w-]+(?:\.[\w-]+)*")
# handles anywhere: after an @ ("@tim_v2013"), and what only a handle looks like ("tim_v2013", "lisa.xo", "jordy99")
HANDLE_AT, HANDLE_SHAPE = (
    re.compile(r"(?<![\w@.])@[A-Za-z0-9_][\w.]{1,40}[\w]"),
    re.compile(
        r"(?<![\w@.])(?=[\w.]*[A-Za-z])(?:[A-Za-z0-9]+(?:[_.][A-Za-z0-9]+)+_?|[A-Za-z0-9]+_|"
        r"[A-Za-z]+\d{2,}(?:[_.]?[A-Za-z0-9]+)*)(?![\w@])"
    ),
)
# a name in quotes (group h): after a platform word, insta "sterretje"; as a nickname, noemt zichzelf "big mike"
QUOTED_NAMES = (
    re.compile(rf"(?i:\b(?:{PLATFORM})\b[^'\"\n]{{0,40}})['\"](?P<h>[^'\"\n]{{2,40}})['\"]"),
    re.compile(
        r"(?i:\b(?:(?:noemt|noemen|noemde)\s+(?:zich(?:zelf)?|hem|haar)|bijnaam(?:\s+is)?|alias|"
        r"(?:wordt|werd)\s+(?:hij|ze|zij)|(?:hij|ze|zij)\s+(?:wordt|werd))\s*:?\s*)['\"](?P<h>[^'\"\n]{2,30})['\"]"
    ),
)
# a case, file or client number after the word that says so
CASE_NUMBER = re.compile(
    r"(?i:\b(?:dossiernummer|dossiernr|dossier|zaaknummer|zaaknr|zaak|kenmerk|ons kenmerk|uw kenmerk|referentie|"
    r"referentienummer|ref|registratienummer|registratienr|cliëntnummer|clientnummer|cliëntnr|clientnr|"
    r"patiëntnummer|patientnummer|patiëntnr|patientnr|meldingsnummer|melding|klantnummer|casenummer|"
    r"leerlingnummer|leerlingnr|studentnummer|polisnummer|pv-nummer|pv nummer|pv|proces-verbaal|aangiftenummer|"
    r"aangifte|relatienummer|lidnummer|dossiernummers|bsn|zaak-id|case)\b\.?"
    r"(?:\s*(?:nr\.?|nummer|no\.?|is|:|#|=|-|van|rvdk|vt|bij\s+\w+))*\s*)"
    r"(?P<n>\d{2,4}(?: \d{2,4}){1,3}(?!\d)|#?(?=[\w/.-]*\d)[A-Za-z]{0,6}[-/ ]?\d[\w/.-]{2,20}[\w]"
    r"(?:\s[-/]\s\d[\w/.-]*\w)?)"
)
# a code of letters and digits joined by - / . with at least four digits: "A-00731-X", "JGZ/VLA/24-1187",
# "22.4471.8", "M-24-00912", or "#882134": a case, client or file number wherever it stands
CODE_SHAPE = re.compile(
    r"(?<![\w@/.#-])(?:#\d{4,}|(?:[A-Za-z]{1,6}[-/.])*[A-Za-z]{0,6}\d[\w]*(?:[-/.]\w+)+)"
    r"(?![\w@/-]|\.\w)"
)
_SIBLING_WORDS = frozenset(
    "broertje zusje broer zus zoon zoontje dochter dochtertje neefje nichtje tweelingbroer "
    "tweelingzus kleinzoon kleindochter".split()
)
_NOT_AFTER_SIBLING = frozenset(
    "is was en of die dat heeft had zit zat wil kan mag moet gaat ging zegt zei komt kwam "
    "ook nog al niet wel heb".split()
)
_PLAIN_POSTFIX = frozenset(("basisschool", "atletiek", "gym", "boys", "girls", "united"))
_SPECIALISMS = frozenset(
    """interne chirurgie kindergeneeskunde psychiatrie neurologie cardiologie geriatrie
spoedeisende verloskunde gynaecologie oncologie revalidatie neonatologie orthopedie""".split()
)
_GROUP_AFTER = re.compile(r"\s*\(\s*(?:groep|klas|leerjaar)\s*\d", re.I)
_INST_TAIL = re.compile(
    r"(?<=[BN])\.V\.|\s*(?:B\.V\.|BV\b|N\.V\.|NV\b|V\.O\.F\.|&\s*Zn\.?|'\d\d\b)"
    r"|\s+(?:Noord|Zuid|Oost|West|Centrum)\b"
)
# places and quarters by shape: "Leiden-Noord", "de K-buurt", "de Indische Buurt"
QUARTER_SHAPE = re.compile(
    r"\b[A-Z][a-zà-ÿ]+-(?:Noord|Zuid|Oost|West|Centrum|Noordoost|Noordwest|Zuidoost|Zuidwest)\b"
    r"|\b[A-Z]-(?:buurt|wijk|flat|straat)\b"
    r"|(?<=[a-z,] )(?:[A-Z][a-zà-ÿ]+\s+)+(?:Buurt|Wijk|Kwartier)\b"
)
# a quarter after "wijk" or "buurt", a compass quarter after "in": "de wijk Lombok", "in Zuidoost"
QUARTER_NAMED = re.compile(
    r"(?i:\b(?:wijk|buurt|stadsdeel|woonwijk|deelgemeente)\s+)(?P<n>[^\W\d_][\w'-]+)"
    r"|(?<=\bin )(?P<c>Noord|Zuid|Oost|West|Zuidoost|Noordoost|Zuidwest|Noordwest)\b"
)
# a name no dictionary knows after "op het": "ze zit op het Erasmiaans"
SCHOOL_HET = re.compile(r"\b(?:op|naar|van)\s+het\s+(?P<n>[A-Z][a-zà-ÿ]{3,})\b")
# names right after a kind of place, as (kinds, the name's shape): a ward, unit or group by its own
# name ("afd. Kastanje", "groep Vlinders"); a name starting with a digit ("Kinderopvang 2Samen")
NAMED_AFTER_KIND = [
    re.compile(rf"(?i:\b(?:{kinds})\s+)(?P<n>{shape})")
    for kinds, shape in (
        (r"afd\.?|afdeling|unit|paviljoen|woning|groep", r"[A-Z][a-zà-ÿ]{2,}\b"),
        (r"kinderopvang|kdv|bso|opvang|school|club|stichting|gastouderbureau", r"\d+[A-Za-z][\w-]*"),
    )
]
# what looks like a code but is none: a school year, a time
_NOT_A_CODE = re.compile(r"(?:19|20)\d\d[-/](?:19|20)?\d\d|\d{1,2}[.:]\d{2}(?:[-/]\d{1,2}[.:]\d{2})?")
# "sh4dowk1ng#4471"
DISCORD_TAG = re.compile(r"(?<![\w@#])[\w.]{2,32}#\d{4}(?!\w)")
CASE_SHAPE = re.compile(
    r"(?<![\w/-])(?:[A-Z]{2,5}\d{0,4}[-/]\d{3,}(?:[-/]\w+)*|(?:19|20)\d\d[-/]\d{4,}|"
    r"[A-Z]{2,5}/(?:19|20)\d\d/\d{2,})(?![\w/-])"
)

_STREET_SUFFIX = (
    r"straat|str|laan|weg|plein|gracht|kade|singel|dijk|dreef|hof|park|ring|boulevard|steeg|pad|"
    r"plantsoen|markt|baan|erf|wal|veld|berg|hoven|burg|straatweg|lei|oord|haven|poort|zijde|"
    r"brink|akker|gaarde|weide|waard|hage|stede|laantje|straatje|pleintje|hofje"
)
_QUARTER_ENDINGS = ("wijk", "buurt", "kwartier")
AGE_AFTER = re.compile(
    rf"\s+(?:is|wordt|werd)\s+(?:pas\s+|net\s+|bijna\s+|nu\s+|al\s+)?(?:\d{{1,2}}|{_NUMWORD})\b(?:\s*(?:jaar|jr)\b)?"
    r"(?!\s*(?:uur|min|minuten|dagen|weken|maanden|keer|euro|procent|kilo|kg|cm|meter|%))",
    re.I,
)
_STRONG_STREET = re.compile(
    r"^[^\W\d_]{3,}(?:straat|laan|weg|plein|gracht|kade|singel|dreef|steeg|plantsoen|"
    r"boulevard|hof|park|dijk)$"
)
STREET_WORD = re.compile(rf"^{_L}{{3,}}(?:{_STREET_SUFFIX})$", re.I)
HOUSE_NUMBER = re.compile(
    rf"(?P<n>\s*,?\s*(?:(?:huis)?(?:nummer|nr\.?|no\.?)\s*)?(?:\d{{1,5}}(?:\s?-?\s?(?:[a-zA-Z]\b|I{{1,3}}\b|"
    rf"hs\b|bis\b|huis\b|boven\b|beneden\b|bg\b|rood\b|zwart\b)|-\d{{1,4}}\b)*(?:\s+(?:bis|boven|beneden|hs|huis|"
    rf"rood|zwart|BOVEN|BIS|BENEDEN)\b)?|(?:nummer|nr\.?)\s+{_NUMWORD}\b))",
    re.I,
)

INITIALS = re.compile(r"(?<![\w.])(?P<i>(?:[A-Za-z]\.\s?|v[dD]\.\s?){1,5})")
ABBREVIATIONS = frozenset(
    """
oa ipv dwz mbt zsm tav nav ivm mn nvt ps svp bv evt ca vs ie eg aub wo eo ed oba obv tzt ovv bijv
dd tnv pv jl vj ws nb zgn gr mvg ah vd ib hr mr dr st nr no tel ma di do vr za zo wo
""".split()
)

INSTITUTION_TYPES = (
    r"cbs|obs|pcbs|rkbs|kbs|ikc|sbo|vso|so|rsg|csg|osg|sg|pcb|kdv|bso|psz|vve|vv|sv|rkvv|hv|hc|mhc|kv|zv|gkv|"
    r"fc|afc|tc|jc|ttv|zpc|zwc|wsv|roc|hogeschool|universiteit|koor|zwembad|snackbar|apotheek|camping|bibliotheek|jeugdhuis|"
    r"café|cafe|restaurant|kapsalon|sportschool|manege|kinderboerderij|internaat|dagopvang|nachtopvang|"
    r"vrouwenopvang|huisartsenpost|revalidatiecentrum|tempel|mandir|koranschool|weekendschool|zorgboerderij|"
    r"basisschool|school|scholengemeenschap|college|lyceum|gymnasium|atheneum|kindcentrum|kinderdagverblijf|"
    r"dagverblijf|kinderopvang|peuterspeelzaal|peuteropvang|gastouderbureau|opvang|voetbalclub|"
    r"voetbalvereniging|sportclub|sportvereniging|hockeyclub|tennisclub|zwemclub|zwemvereniging|turnclub|"
    r"turnvereniging|korfbalclub|korfbalvereniging|judovereniging|judoclub|dansschool|muziekschool|"
    r"scouting|scoutinggroep|vereniging|club|kerk|moskee|parochie|synagoge|evangeliegemeente|gemeente|"
    r"zorgcentrum|woonzorgcentrum|verzorgingshuis|verpleeghuis|zorginstelling|jeugdzorginstelling|instelling|"
    r"woongroep|gezinshuis|ziekenhuis|praktijk|huisartsenpraktijk|tandartspraktijk|kliniek|buurthuis|"
    r"wijkcentrum|jongerencentrum|zorgboerderij|dagbesteding|stichting|praktijkschool|mavo|afdeling|"
    r"woonvoorziening|azc|zorgboerderij|speeltuin|clubhuis|sporthal|carwash|barbershop|inloophuis|buurtcentrum"
)
_SHORT_TYPES = frozenset(
    "cbs obs pcbs rkbs kbs ikc sbo vso so rsg csg osg sg pcb kdv psz vv sv rkvv hv hc mhc kv "
    "zv gkv fc afc tc jc ttv zpc zwc wsv roc".split()
)
INSTITUTION_SUFFIX = re.compile(rf"^{_L}{{3,}}(?:kerk|school|college|lyceum|gymnasium|moskee|hof)$", re.I)


@dataclass
class Tok:
    start: int
    end: int
    text: str
    low: str
    shape: str  # lower | cap | upper | mixed


def _shape(t: str) -> str:
    if t.islower():
        return "lower"
    if t.isupper():
        return "upper" if len(t) > 1 else "cap"
    if t[0].isupper() and (t[1:].islower() or "-" in t or "'" in t):
        return "cap"
    return "mixed"


def elfproef(digits: str) -> bool:
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or digits == "000000000":
        return False
    return sum(int(d) * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2, -1], strict=True)) % 11 == 0


class CasualRules:
    def __init__(self, lex: Lexicon, street_trie=None, helplines: frozenset = frozenset()) -> None:
        self.lex = lex
        self._slips: dict[str, bool] = {}
        self.place_first = frozenset(p.split()[0] for p in lex.places if p)
        self.street_trie = street_trie
        self.helplines = helplines

    # --- helpers ----------------------------------------------------------------------------

    def word(self, low: str) -> bool:
        return self.lex.is_word(low) or low in FUNCTION_WORDS

    def first(self, low: str) -> bool:
        return low in self.lex.first and len(low) > 1

    def sur(self, low: str) -> bool:
        return low in self.lex.surname and len(low) > 1

    def plain_name(self, low: str) -> bool:
        """A first name or surname that is no ordinary word: a name wherever it stands."""
        if low in FUNCTION_WORDS or low in DOMAIN or low in NEVER_ALONE or len(low) < 3:
            return False
        if "-" in low:
            parts = low.split("-")
            return any(self.plain_name(p) for p in parts) and not self.word(low)
        return (
            (self.first(low) and not self.word(low))
            or (self.first(low) and low not in FUNCTION_WORDS)
            or (self.sur(low) and not self.word(low))
        )

    def unknown(self, low: str) -> bool:
        """In no word list: a name, a typo or a word we do not know."""
        if len(low) < 2 or low in FUNCTION_WORDS or low in DOMAIN or low in ROLE_WORDS:
            return False
        if "-" in low:
            parts = low.split("-")
            return not self.word(low) and not all(self.word(p) for p in parts) and not any(p in DOMAIN for p in parts)
        if self.word(low):
            return False
        return not self.slip_of_word(low)

    def slip_of_word(self, low: str) -> bool:
        """A word typed with one slip ("moedr", "zorgn", "klass"): a letter missing, one too many, or two swapped."""
        if len(low) < 5 or not low.isalpha():
            return False
        cached = self._slips.get(low)
        if cached is None:
            # only the slips that hardly ever make a name: an "e" left out ("moedr", "zorgn"), a letter
            # typed twice ("klass"), two letters swapped ("vadre")
            cached = (
                any(self.word(low[:k] + "e" + low[k:]) for k in range(1, len(low) + 1))
                or any(low[k] == low[k + 1] and self.word(low[:k] + low[k + 1 :]) for k in range(len(low) - 1))
                or any(
                    low[k] != low[k + 1] and self.word(low[:k] + low[k + 1] + low[k] + low[k + 2 :])
                    for k in range(len(low) - 1)
                )
            )
            if len(self._slips) > 20000:
                self._slips.clear()
            self._slips[low] = cached
        return cached

    def surname_token(self, low: str) -> bool:
        if low in CORE_FUNCTION or low in DOMAIN or low in ROLE_WORDS:
            return False
        if "-" in low:
            return any(self.sur(p) or self.unknown(p) for p in low.split("-"))
        return self.sur(low) or self.unknown(low)

    def _compound(self, low: str) -> bool:
        """Two ordinary words run together ("reclasseringswerker", "zorgoverleg"): a word, no name."""
        n = len(low)
        for k in range(3, n - 2):
            head, tail = low[:k], low[k:]
            if (
                self.word(tail)
                and len(tail) >= 3
                and (self.word(head) or (head[-1] in "se" and len(head) > 3 and self.word(head[:-1])))
            ):
                return True
        return False

    def typo_of_word(self, low: str) -> bool:
        """One typing slip from an ordinary word ("klass", "moedre"): no name or place."""
        for k in range(len(low)):
            if self.word(low[:k] + low[k + 1 :]):
                return True
            if k + 1 < len(low) and self.word(low[:k] + low[k + 1] + low[k] + low[k + 2 :]):
                return True
        return False

    def near_name(self, low: str) -> bool:
        """One typing slip from a first name or surname that is no word: "femkke", "jnasen", "sanen"."""
        if len(low) < 5 or not low.isalpha():
            return False
        names = self.lex.first
        surnames = self.lex.surname

        def hit(w: str) -> bool:
            return len(w) >= 4 and (w in names or w in surnames) and not self.word(w)

        for k in range(len(low)):
            if hit(low[:k] + low[k + 1 :]):  # a letter too many
                return True
            if k + 1 < len(low) and low[k] != low[k + 1] and hit(low[:k] + low[k + 1] + low[k] + low[k + 2 :]):
                return True  # two letters swapped
        return False

    def name_like(self, low: str) -> bool:
        """Could be a name where a name is expected (after a role word, "heet", ...)."""
        if low in FUNCTION_WORDS or low in DOMAIN or low in ROLE_WORDS or low in WEEKDAYS or low in MONTHS:
            return False
        return self.first(low) or self.sur(low) or self.unknown(low)

    # --- entry point ------------------------------------------------------------------------

    def spans(self, text: str) -> list[Span]:
        toks = [Tok(m.start(), m.end(), m.group(), m.group().lower(), _shape(m.group())) for m in TOKEN.finditer(text)]
        out: list[Span] = []
        lows = {t.low for t in toks}
        digits = _DIGIT.search(text) is not None
        if digits:
            out += self._numbers(text)
        if "nul" in lows:  # "nul zes een twee ...": a phone number in words
            out += [(m.start(), m.end(), "telefoonnummer") for m in PHONE_WORDS.finditer(text)]
        if digits or "@" in text or "/" in text or "_" in text or "." in text or not lows.isdisjoint(_ONLINE_WORDS):
            out += self._online(text, lows)
        if digits or not lows.isdisjoint(_MONTH_SET) or "geb" in text.lower():
            out += self._dates(text)
        if "." in text:
            out += self._initials(text, toks)
        out += self._institutions(text, toks)
        out += self._addresses(text, toks)
        names = self._names(text, toks)
        idioms = [(m.start(), m.end()) for m in IDIOMS.finditer(text)]
        out += [sp for sp in names if not any(sp[0] < e and s < sp[1] for s, e in idioms)]
        # an institution's legal form or founding year goes with it: "Flexpower B.V.", "Zwaluwen '30"
        out = [
            (st, m.end(), tag) if tag == "instelling" and (m := _INST_TAIL.match(text, en)) else (st, en, tag)
            for st, en, tag in out
        ]
        if digits:  # a code no other rule took: a case, client or file number
            out += [sp for sp in self._codes(text) if not any(sp[0] < e and s < sp[1] for s, e, _ in out)]
        return out

    def _codes(self, text: str) -> list[Span]:
        out: list[Span] = []
        for m in CODE_SHAPE.finditer(text):
            g = m.group()
            if sum(c.isdigit() for c in g) < 4 or _NOT_A_CODE.fullmatch(g):
                continue  # "24/7", "1-op-1", a school year "2023-2024", a time "10.30"
            out.append((m.start(), m.end(), "nummer"))
        return out

    def repeats(self, text: str, spans: list[Span]) -> list[Span]:
        """The other places where a name or place found in the message is written again: "storm (3) ...
        en storm zit ..."."""
        words: dict[str, str] = {}
        for start, end, tag in spans:
            if tag not in ("naam", "plaats", "instelling"):
                continue
            for m in TOKEN.finditer(text, start, end):
                low = m.group().lower()
                if (
                    len(low) < 3
                    or low in FUNCTION_WORDS
                    or low in _PARTICLE_WORDS
                    or low in ROLE_WORDS
                    or low in DOMAIN
                    or low in _TYPE_SET
                    or low in MONTHS
                    or low in WEEKDAYS
                    or low in STREET_TITLES
                    or low in NATIONAL
                    or low in POSTFIX_TYPES
                ):
                    continue
                if tag == "instelling" and self.word(low) and not m.group()[0].isupper():
                    continue  # "de kleine reus": "kleine" elsewhere is just a word
                words.setdefault(low, tag)
        if not words:
            return []
        out = []
        for m in TOKEN.finditer(text):
            tag = words.get(m.group().lower())
            if tag is not None:
                out.append((m.start(), m.end(), tag))
        return out

    # --- numbers ----------------------------------------------------------------------------

    def _numbers(self, text: str) -> list[Span]:
        out: list[Span] = []
        for m in PHONE.finditer(text):
            digits = re.sub(r"\D", "", m.group())
            if m.group().startswith(("+", "00")):
                ok = 9 <= len(digits) <= 15
            else:
                ok = 9 <= len(digits) <= 11
            if digits.startswith(("0800", "0900")) or digits in self.helplines:
                ok = False
            if ok:
                out.append((m.start(), m.end(), "telefoonnummer"))
        for m in BSN_LIKE.finditer(text):
            if elfproef(re.sub(r"\D", "", m.group())):
                out.append((m.start(), m.end(), "bsn"))
        for m in BSN_CUE.finditer(text):
            out.append((m.start("n"), m.end("n"), "bsn"))
        for m in IBAN.finditer(text):
            if sum(c.isdigit() for c in m.group()) >= 8:
                out.append((m.start(), m.end(), "iban"))
        for pattern in (PLATE_DASH, PLATE_SOLID, PLATE_SPACED):
            for m in pattern.finditer(text):
                g = m.group()
                if pattern is PLATE_SOLID and (g.isalpha() or g.isdigit()):
                    continue
                out.append((m.start(), m.end(), "kenteken"))
        for pattern in (PLATE_FOREIGN, PLATE_CUE):
            for m in pattern.finditer(text):
                p = m.group("p")
                if any(c.isdigit() for c in p) and any(c.isalpha() for c in p):
                    out.append((m.start("p"), m.end("p"), "kenteken"))
        for m in CASE_NUMBER.finditer(text):
            n = m.group("n")
            if re.fullmatch(r"\d{1,2}", n) or n.lower().startswith("groep"):
                continue
            out.append((m.start("n"), m.end("n"), "nummer"))
        for m in CASE_SHAPE.finditer(text):
            if not _NOT_A_CODE.fullmatch(m.group()):
                out.append((m.start(), m.end(), "nummer"))
        for m in DISCORD_TAG.finditer(text):
            out.append((m.start(), m.end(), "account"))
        for m in LONG_NUMBER.finditer(text):  # any number of 7 digits or more identifies something
            out.append((m.start(), m.end(), "nummer"))
        for m in NUMBER_CUE.finditer(text):  # "heeft nummer Z247123", "bekend onder nummer 2024123456"
            out.append((m.start("n"), m.end("n"), "nummer"))
        return out

    # --- e-mail, handles, profile addresses -------------------------------------------------------

    def _online(self, text: str, lows: set[str]) -> list[Span]:
        out: list[Span] = []
        platform = not lows.isdisjoint(_PLATFORM_SET)
        if "@" in text or not lows.isdisjoint(_AT_WORDS):
            for m in EMAIL_LOOSE.finditer(text):
                out.append((m.start(), m.end(), "e-mail"))
            for m in EMAIL_NO_TLD.finditer(text):
                out.append((m.start(), m.end(), "e-mail"))
        if "/" in text:
            for m in URL_PATH.finditer(text):
                out.append((m.start(), m.end(), "url"))
        for m in HANDLE_AFTER_PLATFORM.finditer(text) if platform else ():
            h = m.group("h").strip("'\"(")
            low = h.lower().lstrip("@")
            if (h.startswith("@") or not h.isalpha() or not self.word(low)) and low not in FUNCTION_WORDS:
                s = m.start("h") + m.group("h").find(h)
                out.append((s, s + len(h), "account"))
        for pattern in (HANDLE_AT, HANDLE_SHAPE):
            for m in pattern.finditer(text):
                g = m.group()
                low = g.lower()
                if pattern is HANDLE_SHAPE:
                    if re.fullmatch(r"[a-z]{1,3}\.[a-z]{1,3}\.?(?:[a-z]\.?)?", low) or (
                        re.fullmatch(r"[a-zA-Z]+\d{2,}", g)
                        and (self.word(re.sub(r"\d", "", low)) or re.sub(r"\d", "", low) in NUMBERED_WORDS)
                    ):
                        continue
                    if (
                        "." in g
                        and "_" not in g
                        and not any(c.isdigit() for c in g)
                        and (any(c.isupper() for c in g) or all(self.word(p.lower()) for p in g.split(".") if p))
                    ):
                        continue  # "ging.Toen", "Vries.Ze": a missing space, not a handle
                    if "." in g and g.replace(".", "").isalpha() and not any(c.isupper() for c in g[1:]):
                        parts = [p for p in g.split(".") if p]
                        if all(len(p) <= 2 for p in parts) or all(self.word(p) for p in parts):
                            continue
                out.append((m.start(), m.end(), "account"))
        quoted = platform or not lows.isdisjoint(_QUOTE_CUES)
        for pattern in QUOTED_NAMES if quoted else ():
            for m in pattern.finditer(text):
                out.append((m.start("h"), m.end("h"), "account"))
        return out

    # --- dates ------------------------------------------------------------------------------------

    def _dates(self, text: str) -> list[Span]:
        out: list[Span] = []
        for m in DATE_WORDS.finditer(text):
            g = m.group()
            start = m.start() + (len(g) - len(g.lstrip())) if not g.lower().startswith("de ") else m.start() + 3
            out.append((start, m.end(), "datum"))
        for m in DATE_NUM.finditer(text):
            parts = [int(p) for p in re.findall(r"\d+", m.group())]
            if len(parts) == 3 and (parts[0] > 31 and not 1900 <= parts[0] <= 2100):
                continue
            out.append((m.start(), m.end(), "datum"))
        for m in MONTH_FIRST.finditer(text):  # "geboren op mei 12", "dob: november 27, 2014"
            out.append((m.start("d"), m.end("d"), "datum"))
        for m in BIRTHDAY_BEFORE.finditer(text):
            out.append((m.start("d"), m.end("d"), "datum"))
        for m in BIRTHDAY_SHORT.finditer(text):
            out.append((m.start("d"), m.end("d"), "datum"))
        for m in BIRTH_YEAR.finditer(text):
            out.append((m.start("y"), m.end("y"), "datum"))
        return out

    # --- initials ----------------------------------------------------------------------------------

    def _initials(self, text: str, toks: list[Tok]) -> list[Span]:
        out: list[Span] = []
        for m in INITIALS.finditer(text):
            ini = m.group("i").rstrip()
            letters = re.sub(r"[^a-z]", "", ini.lower())
            dots = ini.count(".")
            if letters in ABBREVIATIONS or re.sub(r"[^a-z.]", "", ini.lower()).rstrip(".") in {"d.d", "t.n.v"}:
                continue
            end = m.start() + len(ini)
            # a surname after it: "j. de boer", "A.M. Hoekstra-Postma", "P. Zieliński"
            after = text[end:]
            sm = re.match(
                rf"\s*(?:\([^)\n]{{1,30}}\)\s*)?(?:(?:{'|'.join(re.escape(p) for p in PARTICLES)})\s+)*"
                rf"({_L}+(?:[-']{_L}+)*)",
                after,
                re.I,
            )
            took_surname = False
            if sm:
                low = sm.group(1).lower()
                prev = text[: m.start()].rstrip().lower()
                if (sm.group(1)[0].isupper() and low not in FUNCTION_WORDS and low not in DOMAIN) or (
                    low not in FUNCTION_WORDS and (self.surname_token(low) or (sm.group(0).strip() != sm.group(1)))
                ):
                    if not (low in ROLE_WORDS or low in DOMAIN) or prev.endswith(tuple(ROLE_WORDS)):
                        end = end + sm.end()
                        took_surname = True
            if not took_surname:
                if dots < 2 and len(letters) < 2:
                    continue  # a lone "a." is not a name without a surname
                if len(letters) >= 2 and ini.islower() and letters in ABBREVIATIONS:
                    continue
            out.append((m.start(), end, "naam"))
        return out

    # --- institutions -------------------------------------------------------------------------------

    def _name_run(self, toks: list[Tok], i: int, text: str, max_len: int = 4, need_article: bool = False) -> int:
        """How many tokens from i make a proper name ("de wegwijzer", "het zonnetje", "oranje boys")."""
        n = 0
        j = i
        if j < len(toks) and toks[j].low in ("de", "het", "'t", "t", "sint", "st") and self._adjacent(text, toks, j):
            j += 1
        elif need_article and not (j < len(toks) and toks[j].shape in ("cap", "upper")):
            return 0
        while j < len(toks) and n < max_len:
            t = toks[j]
            if j > i and not self._adjacent(text, toks, j):
                break
            if t.low in CORE_FUNCTION and not (n > 0 and t.low in ("van", "de", "der")) and t.low not in ("de", "het"):
                break
            if (
                t.low
                in (
                    "in",
                    "op",
                    "aan",
                    "bij",
                    "met",
                    "en",
                    "is",
                    "was",
                    "waar",
                    "die",
                    "dat",
                    "heeft",
                    "zit",
                    "zitten",
                    "gaat",
                    "gaan",
                    "afdeling",
                    "groep",
                    "klas",
                )
                or t.low in WEEKDAYS
            ):
                break
            if t.low in ROLE_WORDS and n > 0:
                break
            n += 1
            j += 1
        while n > 0 and toks[i + (j - i - n) + n - 1].low in ("van", "de", "der", "het"):
            n -= 1
            j -= 1
        return (j - i) if n > 0 else 0

    def _adjacent(self, text: str, toks: list[Tok], j: int) -> bool:
        """Token j follows token j-1 within the same phrase (only spaces or a hyphen between)."""
        if j == 0:
            return True
        gap = text[toks[j - 1].end : toks[j].start]
        return (gap.strip(" -") == "" or gap in (" '", "'")) and "\n" not in gap

    def _institutions(self, text: str, toks: list[Tok]) -> list[Span]:
        out: list[Span] = []
        for i, t in enumerate(toks):
            is_type = t.low in _TYPE_SET or (
                len(t.low) > 8 and t.low.endswith(_TYPE_ENDINGS) and t.low not in COMMON_STREET_NOUNS
            )
            if is_type or (t.low.endswith(_INST_ENDINGS) and INSTITUTION_SUFFIX.match(t.low)):
                if not is_type:
                    # "de pauluskerk", "het hofstede lyceum" are the name themselves
                    if self.word(t.low) and t.shape == "lower":
                        continue
                    s = t.start
                    if i > 0 and toks[i - 1].low in ("de", "het") and self._adjacent(text, toks, i):
                        s = toks[i - 1].start
                    out.append((s, t.end, "instelling"))
                    continue
                short = t.low in _SHORT_TYPES
                if (
                    short
                    and t.shape == "lower"
                    and t.low in ("so", "sg", "hc", "kv", "hv", "zv")
                    and not (
                        i + 1 < len(toks)
                        and (
                            toks[i + 1].shape in ("cap", "upper")
                            or self.unknown(toks[i + 1].low)
                            or toks[i + 1].low in ("de", "het")
                            or (i > 0 and toks[i - 1].low in ("bij", "van", "naar"))
                        )
                    )
                ):
                    continue
                if i + 1 >= len(toks) or not self._adjacent(text, toks, i + 1):
                    continue
                nxt = toks[i + 1]
                if nxt.low in ("de", "het", "'t", "t"):
                    k = self._name_run(toks, i + 1, text, 3)
                    if k >= 2:
                        inner = toks[i + 2 : i + 1 + k]
                        # "op school de hele dag", "naar de opvang de volgende ochtend": no name
                        if (
                            inner[0].low in NOT_A_NAME_AFTER_TYPE
                            or inner[0].low in ROLE_WORDS
                            or inner[0].low in FAMILY_WORDS
                        ):
                            continue
                        out.append((t.start, toks[i + k].end, "instelling"))
                    continue
                if short or nxt.shape in ("cap", "upper") or nxt.low not in FUNCTION_WORDS:
                    k = self._name_run(toks, i + 1, text, 3)
                    if k == 0:
                        continue
                    run = toks[i + 1 : i + 1 + k]
                    if not short and not any(x.shape in ("cap", "upper") or self.unknown(x.low) for x in run):
                        # "basisschool bijenkorf", "bso egel": a noun right after the type names it
                        if (
                            t.low in GENERIC_TYPES
                            or (i > 0 and toks[i - 1].low in DETERMINERS)
                            or not self._bare_name_noun(run[0].low)
                        ):
                            continue
                        run = run[:1]
                    if short and all(x.low in FUNCTION_WORDS for x in run):
                        continue
                    if all(x.low in NATIONAL for x in run):
                        continue  # "Scouting Nederland", "Kerk in Nederland": no one's own club
                    out.append((t.start, run[-1].end, "instelling"))
        # "het noorderlicht college", "het Hofstede Lyceum": the name before the type
        for i, t in enumerate(toks):
            if t.low not in POSTFIX_TYPES or i == 0:
                continue
            j = i - 1
            while (
                j >= 0
                and i - j <= 3
                and self._adjacent(text, toks, j + 1)
                and toks[j].low not in CORE_FUNCTION
                and toks[j].low not in DOMAIN
                and toks[j].low not in ROLE_WORDS
            ):
                j -= 1
            if j == i - 1:
                continue
            if t.low in _PLAIN_POSTFIX and not any(
                x.shape in ("cap", "upper") or self.unknown(x.low) for x in toks[j + 1 : i]
            ):
                continue  # "de christelijke basisschool": a kind of school, not its name
            if j >= 0 and toks[j].low in ("de", "het", "'t") and self._adjacent(text, toks, j + 1):
                out.append((toks[j].start, t.end, "instelling"))
            elif toks[j + 1].shape in ("cap", "upper") or self.unknown(toks[j + 1].low):
                out.append((toks[j + 1].start, t.end, "instelling"))
        # "de school heet de springplank", "op de ichthus in groep 7"
        for m in SCHOOL_NAMED.finditer(text):
            g = "n" if m.group("n") else "n2"
            w = (m.group("w") or m.group("w2")).lower()
            if w not in FUNCTION_WORDS and w not in DOMAIN and w not in NOT_AFTER_VAN and w not in _INST_GENERIC:
                out.append((m.start(g), m.end(g), "instelling"))
        for m in SAINT.finditer(text):  # "het Sint Antonius", "rkbs Sint Jozef"
            out.append((m.start(), m.end(), "instelling"))
        for m in SCHOOL_HET.finditer(text):  # "ze zit op het Erasmiaans": a name no dictionary knows
            w = m.group("n").lower()
            if not self.word(w) and w not in DOMAIN and _mid(text, m.start("n")):
                out.append((m.start("n"), m.end("n"), "instelling"))
        for pattern in NAMED_AFTER_KIND:
            for m in pattern.finditer(text):
                w = m.group("n").lower()
                if w not in DOMAIN and w not in FUNCTION_WORDS and w not in _SPECIALISMS:
                    out.append((m.start("n"), m.end("n"), "instelling"))
        # "BSO: Kids Club Paddington", "Hervormde Gemeente Urk": a capitalised word before a capitalised kind
        for i, t in enumerate(toks[1:], 1):
            if (
                t.shape == "cap"
                and t.low in _TYPE_SET
                and _mid(text, t.start)
                and toks[i - 1].shape == "cap"
                and toks[i - 1].low not in FUNCTION_WORDS
                and toks[i - 1].low not in DOMAIN
                and self._adjacent(text, toks, i)
                and i + 1 < len(toks)
                and toks[i + 1].shape == "cap"
                and self._adjacent(text, toks, i + 1)
            ):
                out.append((toks[i - 1].start, toks[i + 1].end, "instelling"))
        # "groep 5 van De Klimop", "op de wegwijzer": a school named after a group number
        for m in re.finditer(r"(?i:\b(?:groep|klas)\s+\d+[a-z]?\s+(?:van|op|bij|in)\s+)((?:de|het|'t)\s+)?(\w+)", text):
            w = m.group(2)
            if m.group(1) or w[0].isupper():
                if w.lower() not in FUNCTION_WORDS and w.lower() not in DOMAIN:
                    out.append((m.start(1) if m.group(1) else m.start(2), m.end(2), "instelling"))
        for m in STAFF_AT.finditer(text):
            w = m.group(2).lower()
            if (
                w not in FUNCTION_WORDS
                and w not in DOMAIN
                and w not in GENERIC_WORKPLACES
                and w not in _TYPE_SET
                and not (len(w) > 8 and w.endswith(_TYPE_ENDINGS))
                and not w.endswith(_TEAM_ENDINGS)
                and not any(c.isdigit() for c in w)
            ):
                out.append((m.start(1), m.end(2), "instelling"))
        # a capitalised "De X" in mid-sentence is a proper name: "van De Klimop", "kdv De Kleine Reus"
        for m in re.finditer(rf"(?:(?<=[a-z,] )|(?<=\())(?:De|Het|'t)\s+{_L}[\w'-]*(?:\s+[A-Z][\w'-]*)*", text):
            words = m.group().split()[1:]
            if m.group().startswith("'t") and (words[0].lower() in FUNCTION_WORDS or words[0].lower() in T_VERBS):
                continue  # "en 't gaat slecht"
            if all(w.lower() not in DOMAIN for w in words):
                out.append((m.start(), m.end(), "instelling"))
        return out

    def _bare_name_noun(self, low: str) -> bool:
        """A word that, straight after "basisschool" or "bso" without an article, is its name."""
        if (
            low in FUNCTION_WORDS
            or low in CORE_FUNCTION
            or low in ROLE_WORDS
            or low in FAMILY_WORDS
            or low in NOT_A_NAME_AFTER_TYPE
            or low in WEEKDAYS
            or low in MONTHS
            or low in DOMAIN
            or low in TYPE_FOLLOW_STOP
            or low in _TYPE_SET
            or len(low) < 3
        ):
            return False
        if low.endswith("en") or (low.startswith("ge") and low.endswith(("t", "d"))):
            return False  # a plural, an infinitive or a participle: "school gepest", "opvang kosten"
        return True

    def _looks_like_name_word(self, low: str) -> bool:
        return low.endswith(
            (
                "je",
                "tje",
                "pje",
                "kje",
                "hof",
                "horst",
                "borg",
                "baken",
                "ster",
                "lint",
                "toren",
                "boog",
                "wijzer",
                "klimop",
                "boom",
                "vlinder",
                "zon",
                "beek",
                "bron",
                "dolfijn",
                "reus",
                "hut",
                "rots",
                "poort",
                "kompas",
                "eik",
                "linde",
                "zwervers",
            )
        )

    # --- streets and places ---------------------------------------------------------------------------

    def _is_street(self, tok: Tok, mid_capital: bool, numbered: bool = False, cued: bool = False) -> bool:
        low = tok.low
        if low in FUNCTION_WORDS or low in DOMAIN or len(low) < 5:
            return False
        if STREET_WORD.match(low) and (low not in COMMON_STREET_NOUNS or numbered):
            if not self.word(low) or (tok.shape in ("cap", "upper") and mid_capital) or numbered:
                return True
            if cued and _STRONG_STREET.match(low):
                return True
        if self.street_trie is not None and not self.word(low):
            title = tok.text[:1].upper() + tok.text[1:].lower()
            try:
                if (
                    self.street_trie.longest_matching_prefix([title]) == [title]
                    and len(low) >= 6
                    and (not self.first(low) and not self.sur(low))
                ):
                    return True
            except Exception:  # pragma: no cover - a trie that does not answer
                return False
        return False

    def _addresses(self, text: str, toks: list[Tok]) -> list[Span]:
        out: list[Span] = []
        digits = _DIGIT.search(text) is not None or "nummer" in text.lower() or "nr" in text.lower()
        for i, t in enumerate(toks):
            if len(t.low) < 5 or t.low in FUNCTION_WORDS or (self.word(t.low) and not STREET_WORD.match(t.low)):
                continue  # cheap first: most words are no street
            mid = i > 0 and not _sentence_start(text, t.start)
            hn = HOUSE_NUMBER.match(text, t.end) if digits else None
            numbered = bool(hn and re.search(r"\d|nummer|nr", hn.group("n")))
            cued = (
                i > 1
                and toks[i - 1].low == "de"
                and toks[i - 2].low in ("aan", "in", "op", "via", "naar", "uit", "van", "bij", "langs", "over")
            )
            # "ze wonen aan het dorpsplein": a street word after a verb of living is an address
            lived = (
                i > 1
                and toks[i - 1].low in ("de", "het")
                and toks[i - 2].low in ("aan", "op")
                and any(x.low in PLACE_VERBS for x in toks[max(0, i - 6) : i - 2])
            )
            if lived and STREET_WORD.match(t.low) and t.low not in DOMAIN:
                hm = HOUSE_NUMBER.match(text, t.end)
                out.append((t.start, hm.end() if hm and hm.group("n").strip(" ,") else t.end, "adres"))
                continue
            if not self._is_street(t, mid or t.shape == "upper", numbered, cued):
                continue
            s = t.start
            # "prins hendrikstraat", "burg. de withstraat", "van goghstraat", "2e jan steenstraat"
            j = i - 1
            run_start = i
            while j >= 0 and self._adjacent_loose(text, toks, j + 1):
                w = toks[j].low
                if (
                    w in STREET_TITLES
                    or (toks[j].shape == "cap" and w not in FUNCTION_WORDS and mid)
                    or w in ("van", "de", "der", "den", "'t", "ter", "ten", "v", "vd")
                    or ((self.first(w) or self.sur(w)) and not self.word(w) and w not in ROLE_WORDS)
                ):
                    j -= 1
                    continue
                break
            j += 1
            while j < i and toks[j].low in ("van", "de", "der", "den", "'t", "ter", "ten", "het"):
                j += 1  # an article before the street is not part of it
            run_start = j
            s = toks[run_start].start
            m = HOUSE_NUMBER.match(text, t.end)
            e = t.end
            if m and m.group("n").strip(" ,"):
                e = m.end()
            out.append((s, e, "adres"))
            if e > t.end:  # "Lindeplein 3 | Kleinvliet", "kerklaan 4 zandwijk", "Veldweg 2, Oudemolen"
                pm = re.match(rf"\s*[,|\n]?\s*(?:in\s+)?({_L}+(?:-{_L}+)*)", text[e:])
                if pm:
                    w = pm.group(1)
                    wl = w.lower()
                    if (
                        wl not in FUNCTION_WORDS
                        and wl not in DOMAIN
                        and (self.unknown(wl) or (w[0].isupper() and not self.word(wl)) or wl in self.lex.places)
                    ):
                        out.append((e + pm.start(1), e + pm.end(1), "plaats"))
        # a street from deduce's list before a house number, in any case: "baron van lijndenlaan 30"
        if self.street_trie is not None and digits:
            for i, t in enumerate(toks):
                hm = _NUMBER_AFTER.match(text, t.end)
                if not hm:
                    continue
                for k in (4, 3, 2, 1):
                    if i - k + 1 < 0 or not all(self._adjacent(text, toks, x) for x in range(i - k + 2, i + 1)):
                        continue
                    words = [x.text for x in toks[i - k + 1 : i + 1]]
                    if words[0].lower() in FUNCTION_WORDS or (
                        k == 1 and (self.word(words[0].lower()) or len(words[0]) < 5)
                    ):
                        continue
                    if any(self._street_entry(v) for v in _capitalisations(words)):
                        e = HOUSE_NUMBER.match(text, t.end)
                        out.append((toks[i - k + 1].start, e.end() if e else hm.end(), "adres"))
                        break
        # whatever stands between "adres:" or "woont op" and a house number is a street
        for m in ADDRESS_CUE.finditer(text) if digits else ():
            words = m.group("s").lower().split()
            if (
                words[0] in FUNCTION_WORDS
                or any(w in FUNCTION_WORDS and w not in _STREET_PARTICLES for w in words)
                or any(w in ADDRESS_STOP for w in words)
            ):
                continue  # "woont met 3 kinderen", "woont sinds 2019"
            e = HOUSE_NUMBER.match(text, m.end("s"))
            out.append((m.start("s"), e.end() if e else m.end(), "adres"))
        # postcode, and the place after it: "2345 CD Ergensdorp", "8901 kl beekhuizen"
        for m in POSTCODE.finditer(text) if digits else ():
            letters = m.group("letters")
            if letters.lower() in NOT_POSTCODE_LETTERS and letters.islower():
                continue
            e = m.end()
            pm = re.match(rf"[ ,]+((?:{_L}[\w'-]*)(?:[ -]{_L}[\w'-]*){{0,2}})", text[e:])
            if pm:
                words = pm.group(1).split()
                keep = []
                for w in words:
                    if w.lower() in FUNCTION_WORDS or (w.islower() and self.word(w.lower()) and keep):
                        break
                    keep.append(w)
                    if not (w[0].isupper() and len(keep) < 3):
                        break
                if keep and keep[0].lower() not in FUNCTION_WORDS:
                    e = e + pm.start(1) + len(" ".join(keep))
                    hn = re.match(r"\s+\d{1,4}(?:\s?[a-zA-Z]\b|-\w+)?(?![\d:.,]\d)", text[e:])
                    if hn and not re.match(r"\s*(?:jaar|jr|uur|kinderen|keer)\b", text[e + hn.end() :]):
                        e += hn.end()  # "1234 AB Ergensdorp 14": the house number written after the place
                    out.append((m.end() + pm.start(1), e, "plaats"))
            hm = _AFTER_POSTCODE.match(text, m.end())  # "3511 AB 12-bis": the house number with it
            out.append((m.start(), hm.end() if hm else m.end(), "postcode"))
        # places: lower-case or capitalised entries of the place list; an unknown word after "woont in"
        n = len(toks)
        place_first = self.place_first
        for i, t in enumerate(toks):
            if t.low not in place_first:
                continue
            for k in (5, 4, 3, 2, 1):
                if i + k > n:
                    continue
                if k > 1 and not all(self._adjacent(text, toks, x) for x in range(i + 1, i + k)):
                    continue
                phrase = " ".join(x.low for x in toks[i : i + k])
                if phrase in self.lex.places:
                    if (
                        k > 1
                        and t.shape == "lower"
                        and t.low in ("de", "het")
                        and all(self.word(x.low) for x in toks[i + 1 : i + k])
                    ):
                        continue  # "de wijk", "de linde", "de kade": places only when capitalised
                    if k == 1 and (self.word(t.low) or t.low in DOMAIN or self.first(t.low) or len(t.low) < 4):
                        lived = (
                            i > 0
                            and toks[i - 1].low in ("in", "uit", "naar", "te")
                            and any(x.low in PLACE_VERBS for x in toks[max(0, i - 7) : i - 1])
                            and (
                                i + 1 == n or not self._adjacent(text, toks, i + 1) or toks[i + 1].low in CORE_FUNCTION
                            )
                        )
                        if not (
                            i > 0
                            and toks[i - 1].low in PLACE_CUES
                            and t.low not in FUNCTION_WORDS
                            and not self._common(t.low)
                        ) and not (lived and t.low not in CORE_FUNCTION):
                            continue
                    out.append((t.start, toks[i + k - 1].end, "plaats"))
                    break
        for m in QUARTER_SHAPE.finditer(text):
            out.append((m.start(), m.end(), "plaats"))
        for m in QUARTER_NAMED.finditer(text):  # "in de wijk Lombok", "jongerenwerker in Zuidoost"
            g = "n" if m.group("n") else "c"
            w = m.group(g).lower()
            if w not in FUNCTION_WORDS and w not in DOMAIN and not (self.word(w) and m.group(g).islower()):
                out.append((m.start(g), m.end(g), "plaats"))
        for t in toks:  # "tarwewijk", "schilderswijk": an unknown word ending like a neighbourhood
            if (
                t.low.endswith(_QUARTER_ENDINGS)
                and len(t.low) >= 8
                and self.unknown(t.low)
                and not self.typo_of_word(t.low)
            ):
                out.append((t.start, t.end, "plaats"))
        for i, t in enumerate(toks[:-1]):
            if (
                t.low in ("in", "op")
                and i + 2 < n
                and toks[i + 1].low in ("de", "het", "'t")
                and any(x.low in PLACE_VERBS for x in toks[max(0, i - 4) : i])
            ):
                nxt = toks[i + 2]
                if (
                    self.unknown(nxt.low)
                    and len(nxt.low) >= 4
                    and nxt.low not in DOMAIN
                    and not self.typo_of_word(nxt.low)
                ):
                    out.append((nxt.start, nxt.end, "plaats"))
            if t.low in PLACE_CUES and i + 1 < n:
                nxt = toks[i + 1]
                if nxt.low in FUNCTION_WORDS or nxt.low in DOMAIN:
                    continue
                if (
                    self.unknown(nxt.low)
                    and not self.first(nxt.low)
                    and len(nxt.low) >= 4
                    and (
                        t.low not in ("in", "uit", "naar", "bij", "te")
                        or self._placey(nxt.low)
                        or (i > 0 and toks[i - 1].low in PLACE_VERBS)
                        or (
                            t.low in ("in", "uit", "naar", "te")
                            and len(nxt.low) >= 6
                            and nxt.shape != "mixed"
                            and not self.typo_of_word(nxt.low)
                        )
                    )
                ):
                    out.append((nxt.start, nxt.end, "plaats"))
            elif t.low == "van" and i > 0 and toks[i - 1].low in ("buurt", "omgeving", "regio", "gemeente", "richting"):
                nxt = toks[i + 1]
                if (self.unknown(nxt.low) and len(nxt.low) >= 4) or (
                    nxt.low in self.lex.places and not self.word(nxt.low)
                ):
                    out.append((nxt.start, nxt.end, "plaats"))
        return out

    def _street_entry(self, words: list[str]) -> bool:
        try:
            return self.street_trie.longest_matching_prefix(words) == words
        except Exception:  # pragma: no cover - a trie that does not answer
            return False

    def _placey(self, low: str) -> bool:
        base = low.split("-")[0]
        return base.endswith(PLACE_ENDINGS) and not self.word(base)

    def _common(self, low: str) -> bool:
        return low in COMMON_PLACE_WORDS

    def _adjacent_loose(self, text: str, toks: list[Tok], j: int) -> bool:
        if j == 0:
            return False
        gap = text[toks[j - 1].end : toks[j].start]
        return gap.strip(" .-") == "" and "\n" not in gap

    # --- names ------------------------------------------------------------------------------------------

    def _names(self, text: str, toks: list[Tok]) -> list[Span]:
        out: list[Span] = []
        n = len(toks)
        taken = [False] * n

        def prev_low(i: int, k: int = 1) -> str:
            return toks[i - k].low if i - k >= 0 else ""

        def take(i: int, tag: str = "naam", strong: bool = False) -> None:
            # extend with the surname: particles + a surname token, or an unknown word
            j = i + 1
            end = toks[i].end
            while j < n and self._adjacent(text, toks, j):
                low = toks[j].low
                # particles: "van der meer", "el amrani", "de boer", "ait taleb"
                k = j
                while k < n and toks[k].low in _PARTICLE_WORDS and self._adjacent(text, toks, k) and k - j < 3:
                    k += 1
                if k > j and k < n and self._adjacent(text, toks, k):
                    sl = toks[k].low
                    if (
                        sl not in CORE_FUNCTION
                        and sl not in ROLE_WORDS
                        and sl not in DOMAIN
                        and (self.surname_token(sl) or toks[k].shape in ("cap", "upper"))
                    ):
                        end = toks[k].end
                        for x in range(j, k + 1):
                            taken[x] = True
                        j = k + 1
                        continue
                    break
                if toks[j - 1].low.endswith(
                    ("-de", "-van", "-der", "-den", "-ter", "-ten", "-el", "-al", "-op")
                ) and toks[j].shape in ("cap", "upper"):
                    end = toks[j].end  # "Bezemer-de Grote"
                    taken[j] = True
                    j += 1
                    continue
                if (
                    low in FUNCTION_WORDS
                    or low in ROLE_WORDS
                    or low in DOMAIN
                    or low in MONTHS
                    or low in WEEKDAYS
                    or (low in NEVER_ALONE and not self.sur(low))
                ):
                    break
                if (
                    (
                        self.sur(low)
                        and (
                            not self.word(low)
                            or toks[j].shape != "lower"
                            or toks[i].shape != "lower"
                            or self.plain_name(toks[i].low)
                            or strong
                        )
                        and not self._verbish(low)
                    )
                    or self.unknown(low)
                    or (toks[j].shape in ("cap", "upper") and toks[i].shape == toks[j].shape and not self.word(low))
                ):
                    end = toks[j].end
                    taken[j] = True
                    j += 1
                    continue
                break
            taken[i] = True
            out.append((toks[i].start, end, tag))

        for i, t in enumerate(toks):
            if taken[i]:
                continue
            low = t.low
            p1, p2 = prev_low(i), prev_low(i, 2)
            # "meneer de jong", "meester van dijk", "familie de groot": a surname even when it is a word
            after_cue = (
                p1 in SURNAME_CUES
                or (p1 in _PARTICLE_WORDS and p2 in SURNAME_CUES)
                or (p1 in ("der", "den") and p2 == "van" and prev_low(i, 3) in SURNAME_CUES)
            )
            if (
                p1 in SURNAME_CUES
                and len(low) == 1
                and i + 1 < n
                and self._adjacent(text, toks, i + 1)
                and (
                    self.surname_token(toks[i + 1].low)
                    or toks[i + 1].low in _PARTICLE_WORDS
                    or self.sur(toks[i + 1].low)
                )
            ):
                take(i, strong=True)  # "dhr j bakker": an initial without its dot
                continue
            family_cue = p1 in ("familie", "fam", "gezin") or p2 in ("familie", "fam", "gezin")
            if (
                after_cue
                and self.sur(low)
                and low not in CORE_FUNCTION
                and low not in DOMAIN
                and (low not in FUNCTION_WORDS or low in WORD_SURNAMES)
                and not (family_cue and self.word(low) and t.shape == "lower" and p1 not in _REAL_PARTICLES)
                and not (self.word(low) and p1 == "te" and t.shape == "lower")
                and low not in NOT_AFTER_VAN
                and not re.match(r"\s*\d", text[t.end : t.end + 3])
                and self._adjacent(text, toks, i)
            ):
                take(i)
                continue
            if (
                t.shape == "cap"
                and low in FUNCTION_WORDS
                and self.first(low)
                and i + 1 < n
                and toks[i + 1].low in PERSON_VERBS
            ):
                take(i)  # "Ben vertelde dat ...": a verb does not come before a verb
                continue
            if (
                p1 in _SIBLING_WORDS
                and self.first(low)
                and low not in _NOT_AFTER_SIBLING
                and t.shape == "lower"
                and self._adjacent(text, toks, i)
            ):
                take(i)  # "zijn broertje ben worden ...", "haar zoon storm"
                continue
            if (
                low not in DOMAIN
                and low not in FUNCTION_WORDS
                and low not in ROLE_WORDS
                and low not in MONTHS
                and low not in WEEKDAYS
                and len(low) >= 2
            ):
                before, after = text[max(0, t.start - 3) : t.start].rstrip(), text[t.end : t.end + 40]
                m_verb = re.match(r"\s*,\s*([^\W\d_]+)", after)
                if (
                    (
                        before.endswith(",")
                        and m_verb
                        and m_verb.group(1).lower() in PERSON_VERBS
                        and (self.first(low) or t.shape == "cap")
                    )
                    or (before.endswith("(") and re.match(r"\s*,\s*\d{1,2}\s*(?:jaar|jr)?\s*[),]", after))
                    or re.match(r"\s*[(,]?[^()]{0,15}\bzo heet (?:ze|hij)\b", after)
                ):
                    take(i)  # ", merel, vertelde", "(zon, 12 jaar)", "lief (ja echt, zo heet ze)"
                    continue
            nx = toks[i + 1] if i + 1 < n and self._adjacent(text, toks, i + 1) else None
            if (
                t.shape == "cap"
                and self.first(low)
                and nx is not None
                and nx.shape == "cap"
                and _mid(text, t.start)
                and (self.sur(nx.low) or self.unknown(nx.low))
                and nx.low not in DOMAIN
                and nx.low not in FUNCTION_WORDS
                and not self.word(nx.low)
            ):
                take(i, strong=True)  # "(Ben Hoekstra)": a first name that is also a word, with its surname
                continue
            if after_cue and t.shape == "cap" and self.unknown(low) and len(low) >= 3 and low not in DOMAIN:
                take(i)  # "fam. Yazıcı": an unknown capitalised word after a surname cue
                continue
            if (
                t.shape == "cap"
                and _mid(text, t.start)
                and low not in DOMAIN
                and low not in ROLE_WORDS
                and low not in FUNCTION_WORDS
                and low not in MONTHS
                and low not in WEEKDAYS
                and _GROUP_AFTER.match(text, t.end)
            ):
                take(i)  # "met Zon (groep 6)": a capitalised word with a school group in brackets
                continue
            if (
                self.first(low)
                and low not in DOMAIN
                and low not in ROLE_WORDS
                and p1 not in DETERMINERS
                and p1 not in ("de", "het", "een", "'t")
                and AGE_AFTER.match(text, t.end)
            ):
                take(i)  # "Storm is 5 en ...", "roos is pas drie": a first name whose age is given
                continue
            if (
                low in FUNCTION_WORDS
                or low in DOMAIN
                or low in ROLE_WORDS
                and not (t.shape == "cap" and _mid(text, t.start))
            ):
                continue
            if not (self.first(low) or self.sur(low) or self.unknown(low)):
                continue  # an ordinary word: no rule below takes it
            nxt = toks[i + 1] if i + 1 < n and self._adjacent(text, toks, i + 1) else None
            gap_before = text[toks[i - 1].end : t.start] if i > 0 else ""
            gap_after = text[t.end : toks[i + 1].start] if i + 1 < n else text[t.end :]
            cue_role = (
                i > 0
                and (p1 in ROLE_WORDS or (p1 in ("de", "het") and p2 in ROLE_WORDS))
                and "\n" not in gap_before
                and gap_before.strip(" ,:(") == ""
            )
            cue_naming = (
                i > 0
                and (p1 in NAMING_WORDS or (p2 in NAMING_WORDS and p1 in ("ook", "eigenlijk", "gewoon", "zelf", "dus")))
                and "\n" not in gap_before
                and not (p1 in ("heet", "heten") and p2 in ("dat", "dit", "het", "zo", "wat"))
            )  # "dat heet ..."
            # "ik ben femke" names; "ik ben klaar", "ik ben maatje", "ik ben reclasseringswerker" do not
            i_am = (
                i > 1
                and (p2, p1) == ("ik", "ben")
                and (self.plain_name(low) or (self.unknown(low) and not self._compound(low)))
            )
            cue_naming |= i_am
            cue_naming |= i > 1 and (p2, p1) in (
                ("naam", "is"),
                ("noemt", "zich"),
                ("noemen", "haar"),
                ("noemen", "hem"),
                ("noemt", "haar"),
                ("noemt", "hem"),
            )
            cue_naming |= i > 2 and (prev_low(i, 3), p2, p1) in (("naam", "is", "dat"), ("noemt", "zich", "zelf"))
            cue_surname = i > 0 and (
                p1 in SURNAME_CUES
                or (p1 in _PARTICLE_WORDS and p1 != "van" and p2 in SURNAME_CUES)
                or (p1 in ("der", "den") and p2 == "van" and prev_low(i, 3) in SURNAME_CUES)
            )
            paren_after = (
                re.match(
                    r"\s*\(\s*(?:\d{1,2}|groep\s*\d|\d{1,2}\s*jaar)\s*[),]",
                    gap_after + text[toks[i + 1].start : toks[i + 1].start + 12] if i + 1 < n else gap_after,
                )
                is not None
            )
            paren_after |= re.match(r"\s*,\s*\d{1,2}\s*(?:jaar)?\s*[,)]", text[t.end : t.end + 12]) is not None
            in_parens = gap_before.endswith("(") and gap_after.startswith(")")
            appositive = (
                gap_before.strip() == ","
                and gap_after.strip()[:1] in (",", ")")
                and i > 1
                and (p1 in ROLE_WORDS or p2 in ROLE_WORDS or prev_low(i, 3) in ROLE_WORDS or self.plain_name(p1))
            )
            possessive = (
                nxt is not None
                and nxt.low in ("haar", "zijn", "z'n", "d'r", "zn", "der")
                and i + 2 < n
                and toks[i + 2].low in FAMILY_WORDS
            )
            possessive |= text[t.end : t.end + 3].lower() in ("'s ", "'s,") or (
                text[t.end : t.end + 2] == "' " and low.endswith("s")
            )
            strict = not self.plain_name(low)  # an ordinary word: only a surname that is no word makes it a name
            followed_by_surname = nxt is not None and self.sur(nxt.low) and not self.word(nxt.low)
            if nxt is not None and nxt.low in _PARTICLE_WORDS and nxt.low not in ("te", "het"):
                k = i + 1
                while k < n and toks[k].low in _PARTICLE_WORDS and k - i <= 3 and self._adjacent(text, toks, k):
                    k += 1
                particles = " ".join(x.low for x in toks[i + 1 : k])
                if (
                    k < n
                    and self._adjacent(text, toks, k)
                    and self.sur(toks[k].low)
                    and toks[k].low not in CORE_FUNCTION
                    and not (
                        toks[i + 1].low == "van" and k == i + 2 and self.word(toks[k].low) and toks[k].shape == "lower"
                    )
                    and not (
                        strict
                        and self.word(toks[k].low)
                        and toks[k].shape == "lower"
                        and particles not in ("van der", "van den", "ter", "ten", "vd")
                    )
                ):
                    followed_by_surname = True
            before_verb_age = re.match(r"\s*(?:\(|,)?\s*\d{1,2}\s*(?:jaar|jr)\b", text[t.end : t.end + 14]) is not None
            coordinated = (nxt is not None and nxt.low == "en" and i + 2 < n and self.plain_name(toks[i + 2].low)) or (
                p1 == "en" and i > 1 and taken[i - 2]
            )

            # what is said of a person: "storm zit bij mij in de klas", "met iris gaat het niet goed",
            # "roos en haar moeder", "ik heb merel gesproken"
            bare = i == 0 or _sentence_start(text, t.start) or p1 in BARE_BEFORE
            nxt2 = toks[i + 2].low if i + 2 < n else ""
            person_ctx = (
                bare
                and nxt is not None
                and (
                    nxt.low in PERSON_VERBS
                    or (nxt.low == "en" and nxt2 in ("haar", "zijn", "z'n", "d'r"))
                    or (p1 == "met" and nxt.low == "gaat")
                    or (p1 in ("heb", "hebben", "had") and nxt.low in PERSON_PARTICIPLES)
                )
            )
            person_ctx |= p2 == "zorgen" and p1 in ("over", "om")
            person_ctx |= (
                p1 == "van"
                and p2 in FAMILY_WORDS
                and p2 not in ("huis", "fiets", "telefoon", "kind", "kinderen", "familie")
            )
            person_ctx |= p1 in SPEECH_VERBS and nxt is not None and nxt.low in ("dat", "me", "mij", "ons", "tegen")
            person_ctx |= (
                bare
                and nxt is not None
                and nxt.low == "uit"
                and nxt2 in ("mijn", "groep", "klas", "de", "havo", "vwo", "vmbo", "onze")
            )
            person_ctx |= (
                re.match(r"\s*,?\s*\(?\s*(?:groep|klas|leerjaar)\s*\d", text[t.end : t.end + 16], re.I) is not None
            )
            first_like = self.first(low)
            sur_like = self.sur(low)
            plain = self.plain_name(low)
            mid_cap = t.shape == "cap" and _mid(text, t.start)
            if low in NEVER_ALONE and not (
                cue_role
                or cue_naming
                or possessive
                or in_parens
                or paren_after
                or followed_by_surname
                or appositive
                or (person_ctx and first_like and low not in MONTHS and low not in WEEKDAYS)
                or (mid_cap and low not in MONTHS and low not in WEEKDAYS)
            ):
                continue
            if t.shape == "cap" and not mid_cap and not plain and not (cue_role or cue_naming or possessive):
                # sentence-initial capital: only a name from the lists that is no ordinary word
                if not (
                    first_like
                    and not self.word(low)
                    or followed_by_surname
                    or (not self.word(low) and self.near_name(low))
                ):
                    continue
            is_name = False
            if plain and t.shape in ("lower", "upper", "cap"):
                is_name = True
            elif (
                (first_like or (sur_like and not self.word(low)))
                and not self._verbish(low)
                and (
                    cue_role
                    or cue_naming
                    or possessive
                    or paren_after
                    or followed_by_surname
                    or in_parens
                    or appositive
                    or coordinated
                    or before_verb_age
                    or (person_ctx and first_like)
                )
            ):
                is_name = True
            elif (
                sur_like
                and not self._verbish(low)
                and (cue_surname or cue_naming or in_parens)
                and not (
                    self.word(low) and t.shape == "lower" and (p1 == "te" or (family_cue and p1 not in _REAL_PARTICLES))
                )
            ):
                is_name = True
            elif (
                self.unknown(low)
                and len(low) >= 3
                and (
                    cue_role
                    or cue_naming
                    or (p1 in NAME_ADJECTIVES and p2 in ("de", "onze", "mijn", "die", "het"))
                    or paren_after
                    or in_parens
                    or appositive
                    or before_verb_age
                    or (possessive and t.shape != "lower")
                    or cue_surname
                    or person_ctx
                    or (p1 == "van" and p2 in ROLE_WORDS)
                    or self.near_name(low)
                    or (
                        nxt is not None
                        and (
                            self.plain_name(nxt.low)
                            or (self.unknown(nxt.low) and t.shape == nxt.shape and len(nxt.low) >= 3)
                        )
                    )
                )
            ):
                is_name = True
            elif mid_cap and self.unknown(low) and len(low) >= 3:
                is_name = True  # a capitalised word in mid-sentence that is no Dutch word: "Wongsodikromo"
            elif mid_cap and first_like and low not in MONTHS and low not in WEEKDAYS and not self._verbish(low):
                is_name = True
            elif (
                mid_cap
                and (first_like or sur_like)
                and (
                    cue_role
                    or cue_surname
                    or cue_naming
                    or followed_by_surname
                    or possessive
                    or in_parens
                    or appositive
                )
            ):
                is_name = True
            if is_name:
                take(i, strong=cue_role or cue_naming or cue_surname or in_parens or paren_after)
        return out

    def _verbish(self, low: str) -> bool:
        return low in FUNCTION_WORDS or low in VERBISH

    def _surname_after_particle(self, toks: list[Tok], j: int, k: int) -> bool:
        return self.sur(toks[k].low) or toks[k].shape != "lower"


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip(" \t\"'(")
    return not before or before[-1] in ".!?:\n|;-"


def _mid(text: str, pos: int) -> bool:
    return not _sentence_start(text, pos)


NAMEY_WORDS = frozenset()
STREET_TITLES = frozenset(
    """
burgemeester burg dokter dr professor prof prins prinses koning koningin graaf gravin pastoor pater generaal
kapitein admiraal sint st jonkheer mr president minister dominee ds meester baron barones doctor hertog
hertogin markies ridder vrouwe kardinaal bisschop keizer keizerin kolonel majoor luitenant wethouder
oude nieuwe lange korte hoge lage grote kleine verlengde hoger lager hooge wester ooster noorder zuider
achter binnen buiten boven beneden halve
""".split()
)
COMMON_STREET_NOUNS = frozenset(
    """
snelweg rondweg ringweg zijstraat winkelstraat hoofdstraat hoofdweg fietspad voetpad zandpad schoolplein
speelplein marktplein kerkplein stationsplein voetbalveld grasveld speelveld sportveld sportpark pretpark
kerkhof binnenhof achterhof gerechtshof voorhof bijbaan loopbaan ijsbaan renbaan spoorweg autoweg
uitweg omweg achterpad tuinpad bospad zwembad jeugdzorg opvang ziekenhuis middenbouw onderbouw bovenbouw
brugklas vakantiepark
""".split()
)
PLACE_CUES = frozenset("in uit naar te bij woonplaats omgeving regio gemeente dorp stad wijk buurt".split())
PLACE_VERBS = frozenset(
    "woont wonen woon woonde woonden woonachtig verhuisd verhuist verhuizen geboren komt kwam "
    "komen vandaan opgegroeid".split()
)
PLACE_ENDINGS = (
    "woud",
    "dorp",
    "dam",
    "donk",
    "veld",
    "velde",
    "vliet",
    "meer",
    "zande",
    "zand",
    "molen",
    "huizen",
    "hoven",
    "wijk",
    "wijck",
    "burg",
    "berg",
    "broek",
    "beek",
    "stad",
    "horst",
    "hout",
    "haven",
    "oord",
    "dijk",
    "kerk",
    "recht",
    "drecht",
    "sum",
    "um",
    "rode",
    "lo",
    "loo",
    "wolde",
    "noord",
    "zuid",
    "oost",
    "west",
    "heim",
    "heuvel",
    "kamp",
    "gracht",
    "hoek",
    "sluis",
    "aa",
    "ee",
    "erveen",
    "veen",
    "zijl",
    "wold",
    "mond",
    "geest",
    "ven",
    "oever",
    "laar",
    "schot",
    "werd",
    "weerd",
    "waard",
    "rade",
    "ingen",
)
COMMON_PLACE_WORDS = frozenset(
    """
best goes hoorn kampen buren doorn putten epe ens mill nes vaals stad noord zuid oost west eind ede
""".split()
)
VERBISH = frozenset(
    """
wil ben kan mag zal was heb had zat lag ging kwam zei zag vond wist gaf nam sloeg liep hoop denk weet
ken toon kom hoor zie doe ga sta lig loop zeg vraag help
""".split()
)
NOT_POSTCODE_LETTERS = frozenset(
    """
en in op om of is te de al ik je me we ze zo na nu er ja ga ok uw an bv nr jr uur
""".split()
)
# The words that end a name: articles, pronouns, prepositions, common verbs (not adjectives, which
# can be part of a name: "de kleine reus", "de groot").
CORE_FUNCTION = frozenset(
    """
de het een en of maar want dus dat die dit deze wat wie waar wanneer hoe ik jij je u hij zij ze wij we jullie
hun hen hem haar zijn mijn jouw uw ons onze me mij men er hier daar niet geen wel ook nog al toch nu dan toen
als om op in aan uit bij met van voor na naar over onder tegen tussen door zonder tot te is was ben bent waren
wordt werd worden heeft heb hebben had hadden kan kon kunnen wil wilde willen moet moest moeten mag mocht zal
zou zullen gaat ging gaan komt kwam komen zegt zei zeggen doet deed doen ja nee zo zoals omdat terwijl sinds
vanaf zit zat lag ligt staat stond loopt liep vond vindt weet wist denk dacht zag ziet hoorde hoort belde belt
vertelde vertelt kreeg krijgt gaf geeft nam neemt sloeg slaat altijd nooit vaak soms steeds jaar uur
""".split()
)
NAME_ADJECTIVES = frozenset("kleine grote lieve arme jongste oudste kleintje".split())
POSTFIX_TYPES = frozenset(
    "college lyceum gymnasium atheneum kerk moskee ziekenhuis kliniek atletiek boys girls "
    "basisschool "
    "united gym".split()
)
NUMBERED_WORDS = frozenset("covid mp groep jo mo mc jm mb ma vwo havo vmbo klas".split())
NOT_AFTER_VAN = frozenset(
    """
groep klas school gym kamer afdeling rekenen taal de het een dienst team kantoor huis thuiszorg zorg
""".split()
)
BIRTHDAY_SHORT = re.compile(
    r"(?i:\b(?:jarig|geboren|verjaardag|geb\.?|geboortedatum|geb\.?\s?datum)\s*"
    r"(?:is\s+)?(?:op\s+)?:?\s*)(?P<d>\d{1,2}[-/.]\d{1,2})(?![\d/.-])"
)
SCHOOL_NAMED = re.compile(
    r"(?i:\b(?:school|basisschool|opvang|kinderopvang|club|vereniging|kdv|bso|kinderdagverblijf|crèche|creche|"
    r"peuterspeelzaal|kerk|moskee|instelling)\s+(?:heet|genaamd|met\s+de\s+naam)\s+)"
    r"(?P<n>(?:(?:de|het|'t)\s+)?(?P<w>[^\W\d_][\w'-]*)(?:\s+[A-Z][\w'-]*)*)"
    r"|(?i:\b(?:op|bij|naar)\s+)(?P<n2>(?:de|het|'t)\s+(?P<w2>[^\W\d_][\w'-]*))(?=\s*,?\s+(?:in\s+)?(?:groep|klas)\s*\d)"
)
_INST_GENERIC = frozenset(
    """
school basisschool opvang kinderopvang bso kdv peuterspeelzaal club vereniging kerk moskee middelbare brugklas
""".split()
)
_TYPE_SET = frozenset(INSTITUTION_TYPES.split("|"))
_INST_ENDINGS = ("kerk", "school", "college", "lyceum", "gymnasium", "moskee", "hof")
_DIGIT = re.compile(r"\d")
_MONTH_SET = frozenset(MONTHS)
_PLATFORM_SET = frozenset(w for w in PLATFORM.replace("\\s?", " ").replace("|", " ").split())
_AT_WORDS = frozenset("at apenstaartje apestaartje apenstaart a".split())
_PLATFORM_SET = _PLATFORM_SET | frozenset("ps online naam".split())
_ONLINE_WORDS = _PLATFORM_SET | _AT_WORDS | frozenset("noemt noemen noemde bijnaam alias wordt werd".split())
# Before a bare name ("dat storm ...", "met iris ...") rather than before a noun, which takes an article.
BARE_BEFORE = frozenset(
    """
en dat want maar omdat toen als met over om aan tegen zag hoorde vroeg heb hebben had ook dus nu
""".split()
)
PERSON_VERBS = frozenset(
    """
zegt zei vertelde vertelt zit zat huilt huilde woont woonde durft durfde speelt speelde slaapt sliep krijgt
kreeg wil wilde mag mocht moet moest praat praatte lacht lachte schreeuwt schreeuwde heeft had loopt liep
eet at vindt vond weet wist
""".split()
)
PERSON_PARTICIPLES = frozenset("gesproken gebeld geholpen getroost opgehaald gevraagd gezien gehoord".split())
# a place named after a member of staff: "juf op de Klimop", "trainer bij het Zwaluwnest"
STAFF_AT = re.compile(
    r"(?i:\b(?:meester|juf|juffrouw|leerkracht|docent|docente|ib'er|ib-er|ibber|intern\s+begeleider|mentor|"
    r"conciërge|directeur|directrice|pm'er|leidster|leider|trainer|coach|onderwijsassistent|"
    r"juf\s+\w+|meester\s+\w+)[,]?\s+(?:op|bij|van|aan)\s+)((?:de|het|'t)\s+)(\w[\w'-]*)",
    re.I,
)
GENERIC_WORKPLACES = frozenset(
    """
atletiek judo tennis turnen korfbal handbal volleybal basketbal zwemmen dans schaken honkbal rugby
school basisschool opvang kinderopvang bso kdv peuterspeelzaal groep klas les buurt gemeente afdeling
thuiszorg dagbesteding ggd politie voetbal hockey club vereniging kerk moskee zwemles gym training
middelbare brugklas onderbouw bovenbouw middenbouw kleutergroep kleuters peuters locatie vestiging
mbo hbo vmbo havo vwo mavo roc universiteit hogeschool pabo
zelfde andere nieuwe oude eerste tweede derde hele
""".split()
)
T_VERBS = frozenset(
    """
gaat ging kan kon moet moest wordt werd lijkt leek blijkt bleek valt viel komt kwam zit zat wil wou mag
lukt lukte klopt klopte helpt hielp duurt duurde scheelt maakt doet deed voelt voelde regent sneeuwt
""".split()
)
SAINT = re.compile(r"(?<=\w )(?:Sint|St\.?)\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?")
_DIGIT_WORD = rf"(?:nul|{_UNIT}|{_TEEN}|{_TENS}|(?:{_UNIT})(?:en|ën)(?:{_TENS}))"
PHONE_WORDS = re.compile(rf"(?i)\b(?:nul|\+\s?\d+)(?:[\s,-]+{_DIGIT_WORD}){{6,}}\b")
_TYPE_ENDINGS = ("school", "vereniging", "club", "opvang", "centrum", "gemeente", "bedrijf", "bureau", "praktijk")
NOT_A_NAME_AFTER_TYPE = frozenset(
    """
hele heel gehele ganse volgende vorige eerste laatste andere zelfde week dag dagen middag avond nacht ochtend
zomer winter vakantie pauze tijd keer kinderen leerlingen ouders jongens meiden mensen leiding ene
""".split()
)
BIRTHDAY_BEFORE = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2}[-/.]\d{1,2})(?=\s+(?:is|ben|was|wordt|werd)\s+"
    r"(?:hij|ze|zij|ik|die)?\s*(?:jarig|geboren))",
    re.I,
)
TYPE_FOLLOW_STOP = frozenset(
    """
vandaag morgen gisteren weer even toe aan langs mee heen terug binnen buiten thuis zelf tijd tijden gebouw
plein tas reisje vakantie dienst kosten werk les leiding locatie lokaal klas groep team ouders kind kinderen
leerling leerlingen kantine gang hek deur zaal speelplaats zorg zorgen melding signaal signalen gesprek
""".split()
)
GENERIC_TYPES = frozenset(
    """
school opvang kerk gemeente club vereniging instelling praktijk speeltuin sporthal kinderboerderij zwembad
bibliotheek camping café cafe restaurant snackbar kapsalon koor afdeling college
""".split()
)
DETERMINERS = frozenset("de het een die deze dat dit mijn zijn haar onze ons jullie hun hun elke iedere welke".split())
SPEECH_VERBS = frozenset("vertelde vertelt zei zegt vroeg vraagt riep schreef appte belde".split())
NUMBER_CUE = re.compile(
    r"(?i:\b(?:nummer|nr\.?|onder)\s+)"
    r"(?P<n>(?:[A-Z]{1,4}[-/]?\d{4,}|\d{4}[./-]\d{3,}|\d{5,})[\w/-]*)(?![\w/-])"
)
_NUMBER_AFTER = re.compile(r"\s+(?:(?:huis)?(?:nummer|nr\.?)\s*)?\d{1,5}(?![\d.,:/-]\d)", re.I)
_STREET_PARTICLES = frozenset("van de der den het 't te ter ten op aan in bij v".split())


def _capitalisations(words: list[str]) -> list[list[str]]:
    """The ways a street name may be written in deduce's list: "Baron van Lijndenlaan", "Baron Van ..."."""

    def cap(w: str) -> str:
        return w[:1].upper() + w[1:].lower()

    a = [w if w.lower() in _STREET_PARTICLES and i > 0 else cap(w) for i, w in enumerate(words)]
    a = [w.lower() if w.lower() in _STREET_PARTICLES and i > 0 else w for i, w in enumerate(a)]
    b = [cap(w) for w in words]
    return [a, b] if a != b else [a]


ADDRESS_CUE = re.compile(
    r"(?i:\b(?:adres|adres\s+is|woonadres|woont|wonen|woonde|woonden|woon|woonachtig|verhuisd|verhuizen)\s*:?\s*"
    r"(?:(?:op|aan|naar|in)\s+)?(?:de\s+|het\s+)?)"
    r"(?P<s>[^\W\d_][\w'.-]*(?:\s+[^\W\d_][\w'.-]*){0,3})(?=\s+(?:(?:huis)?(?:nummer|nr\.?)\s*)?\d{1,5}\b)"
)
ADDRESS_STOP = frozenset(
    """
sinds vanaf samen alleen kinderen kind jaar jaren maanden weken dagen keer uur euro procent km meter
ongeveer bijna ruim zo'n zon'n pas nu al nog met zonder verdieping hoog driehoog tweehoog
""".split()
)
MONTH_FIRST = re.compile(
    rf"(?i:\b(?:geboren|geb\.?|geboortedatum|jarig|dob|verjaardag)\b[^.\n\d]{{0,15}}?)"
    rf"(?P<d>\b(?:{_MONTH})\.?\s+\d{{1,2}}(?:e|ste|de)?\b(?:,?\s+(?:\d{{4}}|'\d\d))?)",
    re.I,
)
WORD_SURNAMES = frozenset("groot jong klein lange oude".split())
_REAL_PARTICLES = frozenset("de van der den ter ten el al ait".split())
_TEAM_ENDINGS = ("team", "teams", "groep", "klas", "afdeling", "elftal", "les", "lessen", "training", "selectie")
NATIONAL = frozenset("nederland holland vlaanderen belgië belgie europa nl nationaal landelijk".split())
# the house number written after a postcode ("3511 AB 12-bis"), not a count ("3 kinderen")
_AFTER_POSTCODE = re.compile(
    r"(?i)\s*,?\s*(?:huisnummer|nr\.?|nummer)?\s*\d{1,5}(?:\s?-?\s?(?:[a-z]\b|bis\b|hs\b|i{1,3}\b))?"
    r"(?!\s*(?:jaar|kinderen|uur|euro|keer|dagen|weken|maanden|km|meter)\b)(?![\d.,:])"
)
_QUOTE_CUES = frozenset("noemt noemen noemde naam bijnaam alias wordt werd".split())
LONG_NUMBER = re.compile(r"(?<![\d.,])\d{7,}(?![\d.,]\d)")
