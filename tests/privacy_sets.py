"""Evaluation sets for the redactor, generated (seeded) with Faker's nl_NL locale.

* identifying set: realistic Dutch sentences about a worry, each embedding
  one or more identifying values (names, addresses, postcodes, phone numbers,
  e-mail, BSN, IBAN, birth dates, license plates, handles); the planted
  values are recorded so recall can be measured;
* domain set: realistic messages without identifying data, full of the words
  the assistant needs; every word must survive redaction.

Beside these, written by hand by someone other than the redactor's author, in
bench/privacy_sets/: casual chat-style and pasted messages with their
planted values (``casual_dev.yml``, for development; ``casual_heldout.yml``,
only for the figure in ``make eval``: never read for error analysis) and more
realistic domain messages, many with words that are also names
(``domain_extra.yml``).

Used by tests/unit/test_privacy.py (thresholds) and bench/run_eval.py (figures).
"""

from __future__ import annotations

import logging
import random
import re
from pathlib import Path

import yaml
from faker import Faker

SETS = Path(__file__).resolve().parents[1] / "bench" / "privacy_sets"

logging.getLogger("faker").setLevel(logging.WARNING)

TEMPLATES = [
    "Ik maak me zorgen over {first} {last}, ze zit in groep 6.",
    "De moeder, {name}, belde me vanochtend huilend op.",
    "{first} vertelde dat papa hem slaat als hij te laat thuis is.",
    "Ze woont op {street} in {city}, ik zag daar politie voor de deur.",
    "Het gezin woont op {street}, {postcode} {city}.",
    "Zijn vader heeft telefoonnummer {phone}, moet ik die bellen?",
    "Je kunt me mailen op {email} als je meer wilt weten.",
    "Het BSN van de cliënt is {bsn}, heb je dat nodig?",
    "Geboortedatum {dob}, ze is pas net op school.",
    "Hij is geboren op {dob_long} en woont bij zijn oma.",
    "De ouders betalen de opvang niet meer vanaf rekening {iban}.",
    "Meneer {last} reed weg in een auto met kenteken {plate}.",
    "Op Instagram noemt ze zich {handle} en daar staan rare foto's.",
    "Mijn cliënte {name} ({phone}) wil niet dat haar partner het weet.",
    "Juf {first} zag blauwe plekken bij {first2} uit groep 3.",
    "Ik ben {name}, intern begeleider, en ik twijfel over een melding.",
    "De leerling {first} {last} kwam zonder ontbijt, adres {street}, {postcode}.",
    "Bel gerust naar {phone} of mail {email}, groet {first}.",
    "{name} uit {city} is al drie weken niet op school geweest.",
    "Zijn oom {name} staat elke dag om {time} bij het hek.",
]

DOMAIN_MESSAGES = [
    "Ik ben leerkracht en een jongen van 10 heeft steeds blauwe plekken.",
    "Moet ik Veilig Thuis bellen of eerst de intern begeleider vragen?",
    "De huisarts zegt dat de Raad voor de Kinderbescherming erbij kan komen.",
    "Ik werk bij de GGD als jeugdarts en maak me zorgen over een baby.",
    "De juf van groep 4 zag dat een meisje van 7 honger had.",
    "Meester zegt dat het kind bang is om naar huis te gaan.",
    "Ik ben pedagogisch medewerker op de bso en twijfel over een melding.",
    "Wat doet Veilig Thuis met een advies over een gezin?",
    "Mijn cliënt van 34 jaar is verslaafd en heeft twee kinderen.",
    "Ik werk in het wijkteam en de moeder accepteert geen hulp.",
    "Een jongere van 15 vertelde me over geweld thuis.",
    "De aandachtsfunctionaris is op vakantie, wie beslist er nu?",
    "Is een melding bij Veilig Thuis anoniem voor de ouders?",
    "Ik ben wijkverpleegkundige en een oudere dame wordt verwaarloosd.",
    "De reclassering vraagt of de kindcheck al gedaan is.",
    "Ik ben vrijwilliger bij de scouting en maak me zorgen over een lid.",
    "De vertrouwenspersoon van de voetbalclub weet er nog niets van.",
    "Kan de Kindertelefoon het kind helpen als het zelf wil praten?",
    "Het Centrum Seksueel Geweld is dag en nacht bereikbaar toch?",
    "De politie is al eens bij het gezin geweest vorig jaar.",
    "In 2019 en 2020 ging het al mis, nu weer.",
    "Ze is 16 en bang voor een gedwongen huwelijk in de zomervakantie.",
    "De mentor en de zorgcoördinator hebben het besproken met de directie.",
    "Ik ben psycholoog in de GGZ en de partner van mijn cliënt is gewelddadig.",
    "De oma zorgt nu voor de kinderen, opa is ziek.",
    "Ik heb 0800-2000 gebeld en daarna 112.",
    "Het Centrum Seksueel Geweld heeft nummer 0800-0188.",
    "De Kindertelefoon is 0800-0432, dat heb ik het kind gegeven.",
    "Een meisje van 12 en haar broertje van 3 wonen bij hun moeder.",
    "Ze zat in groep 8 en nu in de brugklas, ze is 12 jaar.",
]

DOMAIN_FILLERS = [
    "Wat moet ik doen?",
    "Ik twijfel heel erg.",
    "Het gebeurt al maanden.",
    "Ik heb het met een collega besproken.",
    "Ze was erg stil vandaag.",
]


def _bsn(rng: random.Random) -> str:
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        total = sum(d * w for d, w in zip(digits, [9, 8, 7, 6, 5, 4, 3, 2], strict=True))
        last = total % 11
        if last < 10 and digits[0] != 0:
            return "".join(map(str, digits)) + str(last)


def _plate(rng: random.Random) -> str:
    letters = "BDFGHJKLNPRSTVXZ"
    L = lambda n: "".join(rng.choice(letters) for _ in range(n))  # noqa: E731
    D = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice(
        [
            f"{L(2)}-{D(2)}-{D(2)}",
            f"{D(2)}-{L(3)}-{D(1)}",
            f"{D(1)}-{L(3)}-{D(2)}",
            f"{L(2)}-{D(3)}-{L(1)}",
            f"{D(2)}-{D(2)}-{L(2)}",
        ]
    )


def identifying_set(n: int = 600, seed: int = 20261122) -> list[tuple[str, list[str]]]:
    """(message, planted values) pairs."""
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        template = TEMPLATES[i % len(TEMPLATES)]
        values = {
            "first": fake.first_name(),
            "first2": fake.first_name(),
            "last": fake.last_name(),
            "name": fake.name(),
            "street": f"{fake.street_name()} {fake.building_number()}",
            "city": fake.city(),
            "postcode": fake.postcode(),
            "phone": fake.phone_number(),
            "email": fake.email(),
            "bsn": _bsn(rng),
            "iban": fake.iban(),
            "dob": fake.date_of_birth(minimum_age=1, maximum_age=17).strftime("%d-%m-%Y"),
            "dob_long": fake.date_of_birth(minimum_age=1, maximum_age=17).strftime("%-d %B %Y"),
            "plate": _plate(rng),
            "handle": "@" + fake.user_name(),
            "time": "half negen",
        }
        months = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ]
        for en, nl in zip(
            [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ],
            months,
            strict=True,
        ):
            values["dob_long"] = values["dob_long"].replace(en, nl)
        used = [k for k in values if "{" + k + "}" in template and k != "time"]
        out.append((template.format(**values), [values[k] for k in used]))
    return out


def domain_set(n: int = 120, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    msgs = list(DOMAIN_MESSAGES)
    while len(msgs) < n:
        msgs.append(rng.choice(DOMAIN_MESSAGES) + " " + rng.choice(DOMAIN_FILLERS))
    return msgs[:n]


KINDS_OF_PLACE = frozenset(
    """wijkteam team afdeling afd locatie inloophuis snackbar kapperszaak barbershop carwash
uitzendbureau transportbedrijf schoonmaakbedrijf verloskundigenpraktijk kinderopvang isk""".split()
)


def planted_parts(value: str) -> list[str]:
    """The identifying parts of a planted value that must be gone.

    A full name "Jan de Vries" counts as found when "Jan" and "Vries" are gone
    ("de" alone identifies nobody); digits-only values must vanish whole.
    A kind of place that the value names ("basisschool", "moskee", "wijkteam") identifies nobody either: it
    stays in the text ("op de [instelling] basisschool" is as good as "op de [instelling]").
    """
    from bot.privacy.casual import _TYPE_SET

    words = [w.strip(",.()") for w in value.split()]
    return [
        w
        for w in words
        if len(w) > 2
        and w.lower() not in {"van", "der", "den", "ten", "ter", "het"}
        and w.lower() not in _TYPE_SET
        and w.lower() not in KINDS_OF_PLACE
    ] or words


def still_there(part: str, redacted: str) -> bool:
    """part is in redacted as a word of its own ("mei" is not in "meisje")."""
    return re.search(rf"(?<!\w){re.escape(part)}(?!\w)", redacted) is not None


def recall(redact, items) -> tuple[float, list[tuple[str, str]]]:
    total, found, misses = 0, 0, []
    for message, values in items:
        redacted = redact(message)
        for value in values:
            total += 1
            if not any(still_there(part, redacted) for part in planted_parts(value)):
                found += 1
            else:
                misses.append((value, redacted))
    return found / total, misses


def domain_words_kept(redact, messages) -> tuple[float, list[tuple[str, str]]]:
    changed = [(m, redact(m)) for m in messages if redact(m) != m]
    return 1 - len(changed) / len(messages), changed


def casual_set(name: str) -> list[tuple[str, list[str]]]:
    """(message, planted values) pairs of bench/privacy_sets/<name>.yml."""
    with open(SETS / f"{name}.yml", encoding="utf-8") as f:
        return [(item["text"], list(item["values"])) for item in yaml.safe_load(f)]


def domain_extra() -> list[str]:
    with open(SETS / "domain_extra.yml", encoding="utf-8") as f:
        return [m for m in yaml.safe_load(f) if isinstance(m, str)]


def domain_heldout2() -> list[str]:
    """Messages without identifying values, written blind (see casual_heldout2.yml)."""
    with open(SETS / "domain_heldout2.yml", encoding="utf-8") as f:
        return [m for m in yaml.safe_load(f) if isinstance(m, str)]


def realistic_domain_set() -> list[str]:
    """The generated domain set and the hand-written one: at least 300 messages."""
    return domain_set() + domain_extra()
