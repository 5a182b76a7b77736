"""Organisations make the assistant their own (issue #31). Plain Python, no Rasa.

One YAML file per organisation in the organisations folder
(MELDCODE_ORGANISATIONS_DIR, default `organisations/` in the project; only the
`*.yml` files directly in it). The file's name without `.yml` is the
organisation's key: the widget's `data-organisation`, Telegram's
`t.me/<bot>?start=<key>`. A file holds the organisation's name, its sector
(which skips the sector question), its own work contacts by role with how to
reach them, a link to its own protocol, its own notes per meldcode step, the
regional Veilig Thuis, and the widget's title and colour. The documented
examples are in organisations/examples/.

`validate_file` checks a file against the schema and names the field and the
line of each problem; `check_folder` does all files (`python -m bot
check-organisations`, and the launcher before it starts anything). At run time
`registry().get(key)` reads the folder again whenever a file changed, so a
change needs no retraining and no restart; a file that became invalid keeps
its last valid version and is logged (file and field only, never user text).

What the assistant says with it (the Dutch texts are in
actions/content/organisatie.yml) is assembled here too: `contacts_text`,
`consult_label`, the step notes and the lines of the outcome and the summary.
Without an organisation every function here gives nothing, and the assistant
says exactly what it said before.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from actions.meldcode import content

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
DIR_ENV = "MELDCODE_ORGANISATIONS_DIR"
KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")  # also a valid Telegram deep-link parameter
COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
STEPS = ("1", "2", "3", "4", "5", "vrijwilliger")
# What a volunteer at a club chooses at "Waar doe je vrijwilligerswerk?" (vw_organisatie).
CLUB_KINDS = ("sport", "anders")
MAX_TEXT = 400  # a note or a field: a few sentences at most
MAX_SHORT = 120  # a name, a title, who, how to reach
VOLUNTEER_ROLES = ("vertrouwenscontactpersoon", "coordinator_vrijwilligers", "vertrouwenspersoon")


def texts() -> dict[str, Any]:
    return content.load("organisatie")


def roles() -> tuple[str, ...]:
    return tuple(texts()["roles"])


def sectors() -> tuple[str, ...]:
    """The sector question's answers (actions/content/consultatie.yml), `vrijwilliger` included."""
    return tuple(content.consultation()["questions"]["sector"]["options"])


# --- the organisation ---------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    role: str
    reach: str
    who: str | None = None
    label: str | None = None  # how the file wants it called, else the role's own words

    def title(self) -> str:
        return self.label or texts()["roles"][self.role]

    def text(self) -> str:
        """ "de intern begeleider (toestel 201)", or with who it is."""
        t = texts()
        if self.who:
            return t["contact_who"].format(label=self.title(), who=self.who, reach=self.reach)
        return t["contact"].format(label=self.title(), reach=self.reach)


@dataclass(frozen=True)
class Organisation:
    key: str
    name: str
    sector: str | None = None
    club: str | None = None  # sector vrijwilliger: what kind of club (vw_organisatie)
    contacts: dict[str, Contact] = field(default_factory=dict)
    consult: tuple[str, ...] = ()  # roles to consult in step 2
    decides: tuple[str, ...] = ()  # roles who weigh and decide (steps 4-5)
    inform: tuple[str, ...] = ()  # roles to inform of the outcome
    protocol: str | None = None
    steps: dict[str, str] = field(default_factory=dict)
    veilig_thuis: str | None = None
    widget_title: str | None = None
    widget_color: str | None = None

    def named(self, role_keys: tuple[str, ...]) -> list[Contact]:
        return [self.contacts[r] for r in role_keys if r in self.contacts]

    def volunteer_contacts(self) -> list[Contact]:
        """Whom a volunteer goes to: the club's vertrouwenscontactpersoon (or coordinator,
        or vertrouwenspersoon); else the aandachtsfunctionaris; else the board."""
        return self.named(VOLUNTEER_ROLES) or self.named(("aandachtsfunctionaris",)) or self.named(("bestuur",))

    def widget(self) -> dict[str, str]:
        """The widget's defaults (the page's own data-title and data-color win)."""
        out = {"name": self.name}
        if self.widget_title:
            out["title"] = self.widget_title
        if self.widget_color:
            out["color"] = self.widget_color
        return out


# --- validation -----------------------------------------------------------------------


class OrganisationError(ValueError):
    """An organisation file that does not fit the schema; the message names file, line and field."""


@dataclass
class _Check:
    path: Path
    problems: list[str] = field(default_factory=list)

    def fail(self, node: yaml.Node | None, where: str, problem: str) -> None:
        line = f"regel {node.start_mark.line + 1}" if node is not None else "bovenaan"
        self.problems.append(f"{self.path.name}, {line}, veld '{where}': {problem}")


def _mapping(node: yaml.Node) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    return {k.value: (k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def _entries(check: _Check, node: yaml.Node, where: str, shape: str, allowed, what: str):
    """(key, key node, value node) of a mapping field, each key one of `allowed`; a wrong shape or key
    is reported with `shape` (what the field must give) or `what` (what the keys are)."""
    if not isinstance(node, yaml.MappingNode):
        check.fail(node, where, shape)
        return
    for key, (k, v) in _mapping(node).items():
        if key not in allowed:
            check.fail(k, f"{where}.{key}", f"onbekende {what}; kies uit: {', '.join(allowed)}")
            continue
        yield key, k, v


def _text(check: _Check, node: yaml.Node, where: str, limit: int) -> str | None:
    if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str" or not node.value.strip():
        check.fail(node, where, "moet een tekst zijn (niet leeg)")
        return None
    value = " ".join(node.value.split())
    if len(value) > limit:
        check.fail(node, where, f"is te lang: {len(value)} tekens, hooguit {limit}")
        return None
    if "{" in value or "}" in value:
        check.fail(node, where, "mag geen { of } bevatten")
        return None
    return value


def _roles(check: _Check, node: yaml.Node, where: str, contacts: dict[str, Contact]) -> tuple[str, ...]:
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        check.fail(node, where, "moet een lijst van rollen zijn, bijvoorbeeld [aandachtsfunctionaris]")
        return ()
    found = []
    for i, item in enumerate(node.value):
        role = item.value if isinstance(item, yaml.ScalarNode) else None
        if role not in contacts:
            known = ", ".join(contacts) or "geen"
            check.fail(item, f"{where}[{i}]", f"'{role}' staat niet onder contacts (daar staan: {known})")
            continue
        found.append(role)
    return tuple(found)


FIELDS = (
    "name",
    "sector",
    "club",
    "contacts",
    "consult",
    "decides",
    "inform",
    "protocol",
    "steps",
    "veilig_thuis",
    "widget",
)


def parse(path: Path, source: str) -> Organisation:
    """The organisation in `source` (the text of `path`), or OrganisationError naming every problem."""
    check = _Check(path)
    key = path.stem
    if not KEY.match(key):
        check.fail(None, "bestandsnaam", "gebruik alleen kleine letters, cijfers, - en _ (hooguit 64 tekens)")
    try:
        root = yaml.compose(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"regel {mark.line + 1}" if mark else "bovenaan"
        raise OrganisationError(f"{path.name}, {line}: geen geldige YAML ({getattr(exc, 'problem', exc)})") from None
    if not isinstance(root, yaml.MappingNode):
        raise OrganisationError(f"{path.name}: het bestand moet velden bevatten, zoals 'name: ...'")
    fields = _mapping(root)
    for name, (k, _) in fields.items():
        if name not in FIELDS:
            check.fail(k, name, f"onbekend veld; kies uit: {', '.join(FIELDS)}")

    name = None
    if "name" not in fields:
        check.fail(None, "name", "ontbreekt: de naam van de organisatie")
    else:
        name = _text(check, fields["name"][1], "name", MAX_SHORT)

    sector = None
    if "sector" in fields:
        node = fields["sector"][1]
        sector = node.value if isinstance(node, yaml.ScalarNode) else None
        if sector not in sectors():
            check.fail(node, "sector", f"kies uit: {', '.join(sectors())}")
            sector = None
    club = None
    if "club" in fields:
        node = fields["club"][1]
        club = node.value if isinstance(node, yaml.ScalarNode) else None
        if club not in CLUB_KINDS:
            check.fail(node, "club", f"kies uit: {', '.join(CLUB_KINDS)}")
            club = None
        elif sector != "vrijwilliger":
            check.fail(node, "club", "hoort alleen bij 'sector: vrijwilliger' (een club met vrijwilligers)")
            club = None

    contacts: dict[str, Contact] = {}
    if "contacts" in fields:
        shape = "moet per rol een contact geven, bijvoorbeeld 'aandachtsfunctionaris:'"
        for role, _k, v in _entries(check, fields["contacts"][1], "contacts", shape, roles(), "rol"):
            where = f"contacts.{role}"
            if not isinstance(v, yaml.MappingNode):
                check.fail(v, where, "moet 'reach:' geven (hoe je deze persoon bereikt)")
                continue
            parts = _mapping(v)
            for extra, (ek, _) in parts.items():
                if extra not in ("reach", "who", "label"):
                    check.fail(ek, f"{where}.{extra}", "onbekend veld; kies uit: reach, who, label")
            if "reach" not in parts:
                check.fail(v, f"{where}.reach", "ontbreekt: hoe bereik je deze persoon (toestel, mailadres, kamer)")
                continue
            reach = _text(check, parts["reach"][1], f"{where}.reach", MAX_SHORT)
            who = _text(check, parts["who"][1], f"{where}.who", MAX_SHORT) if "who" in parts else None
            label = _text(check, parts["label"][1], f"{where}.label", MAX_SHORT) if "label" in parts else None
            if reach:
                contacts[role] = Contact(role, reach, who, label)

    lists = {}
    for name_of_list in ("consult", "decides", "inform"):
        if name_of_list in fields:
            lists[name_of_list] = _roles(check, fields[name_of_list][1], name_of_list, contacts)

    protocol = None
    if "protocol" in fields:
        protocol = _text(check, fields["protocol"][1], "protocol", MAX_SHORT)
        if protocol and (not protocol.startswith("https://") or " " in protocol):
            check.fail(fields["protocol"][1], "protocol", "moet een webadres zijn dat begint met https://")
            protocol = None

    steps: dict[str, str] = {}
    if "steps" in fields:
        shape = "moet per stap een tekst geven, bijvoorbeeld '\"2\": Bij ons ...'"
        for step, _k, v in _entries(check, fields["steps"][1], "steps", shape, STEPS, "stap (tussen aanhalingstekens)"):
            note = _text(check, v, f"steps.{step}", MAX_TEXT)
            if note:
                steps[step] = note

    veilig_thuis = None
    if "veilig_thuis" in fields:
        veilig_thuis = _text(check, fields["veilig_thuis"][1], "veilig_thuis", MAX_SHORT)
        if veilig_thuis and not veilig_thuis.startswith("Veilig Thuis"):
            problem = "moet beginnen met 'Veilig Thuis', bijvoorbeeld 'Veilig Thuis Utrecht'"
            check.fail(fields["veilig_thuis"][1], "veilig_thuis", problem)
            veilig_thuis = None

    title = colour = None
    if "widget" in fields:
        node = fields["widget"][1]
        if not isinstance(node, yaml.MappingNode):
            check.fail(node, "widget", "moet 'title:' en/of 'color:' geven")
        else:
            parts = _mapping(node)
            for extra, (ek, _) in parts.items():
                if extra not in ("title", "color"):
                    check.fail(ek, f"widget.{extra}", "onbekend veld; kies uit: title, color")
            if "title" in parts:
                title = _text(check, parts["title"][1], "widget.title", MAX_SHORT)
            if "color" in parts:
                v = parts["color"][1]
                colour = v.value if isinstance(v, yaml.ScalarNode) and COLOUR.match(v.value) else None
                if colour is None:
                    check.fail(v, "widget.color", 'moet een kleur zijn als "#1a5276" (tussen aanhalingstekens)')

    if check.problems:
        raise OrganisationError("\n".join(check.problems))
    return Organisation(
        key=key,
        name=name or key,
        sector=sector,
        club=club,
        contacts=contacts,
        consult=lists.get("consult", ()),
        decides=lists.get("decides", ()),
        inform=lists.get("inform", ()),
        protocol=protocol,
        steps=steps,
        veilig_thuis=veilig_thuis,
        widget_title=title,
        widget_color=colour,
    )


def validate_file(path: Path) -> Organisation:
    return parse(path, path.read_text(encoding="utf-8"))


def folder(env: dict[str, str] | None = None) -> Path:
    raw = (os.environ if env is None else env).get(DIR_ENV, "").strip()
    path = Path(raw) if raw else PROJECT_DIR / "organisations"
    return path if path.is_absolute() else PROJECT_DIR / path


def files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yml") if p.is_file()) if directory.is_dir() else []


def check_folder(directory: Path) -> tuple[list[Organisation], list[str]]:
    """Every organisation file in `directory`: the valid ones, and the problems of the others."""
    found, problems = [], []
    for path in files(directory):
        try:
            found.append(validate_file(path))
        except (OrganisationError, OSError, UnicodeDecodeError) as exc:
            problems.append(str(exc))
    return found, problems


# --- at run time ----------------------------------------------------------------------


class Registry:
    """The organisations of a folder, read again when a file changes (no retraining, no restart)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.seen: dict[Path, tuple[tuple[int, int], Organisation | None]] = {}

    def all(self) -> dict[str, Organisation]:
        current: dict[str, Organisation] = {}
        paths = files(self.directory)
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            stamp = (stat.st_mtime_ns, stat.st_size)
            before = self.seen.get(path)
            if before is None or before[0] != stamp:
                previous = before[1] if before else None
                try:
                    organisation: Organisation | None = validate_file(path)
                except (OrganisationError, OSError, UnicodeDecodeError) as exc:
                    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                    logger.error("organisation file invalid, the last valid version is used: %s", first)
                    organisation = previous
                self.seen[path] = (stamp, organisation)
            organisation = self.seen[path][1]
            if organisation is not None:
                current[organisation.key] = organisation
        for gone in set(self.seen) - set(paths):
            del self.seen[gone]
        return current

    def get(self, key: str | None) -> Organisation | None:
        if not key or not isinstance(key, str) or not KEY.match(key):
            return None
        return self.all().get(key)


@cache
def registry() -> Registry:
    return Registry(folder())


def get(key: str | None) -> Organisation | None:
    """The organisation with this key, or None (the generic assistant)."""
    return registry().get(key)


# --- what the assistant says with it ------------------------------------------------------


def join(items: list[str], word: str = "or") -> str:
    """ "a, b of c" (`word` "or"), "a, b en c" (`word` "and")."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {texts()[word]} " + items[-1]


def contacts_text(contacts: list[Contact], word: str = "or") -> str:
    return join([c.text() for c in contacts], word)


def consult_label(org: Organisation | None) -> str | None:
    """Step 2's question: whom to consult, by role only ("de intern begeleider of de aandachtsfunctionaris")."""
    if org is None or not org.named(org.consult):
        return None
    return join([c.title() for c in org.named(org.consult)])


def welcome(org: Organisation | None, sector_skipped: bool) -> str | None:
    """At the start: whose assistant this is, that the sector question is skipped, the protocol."""
    if org is None:
        return None
    t = texts()
    lines = [t["welcome"].format(name=org.name)]
    if sector_skipped:
        lines.append(t["sector_known"].format(name=org.name))
    if org.protocol:
        lines.append(t["protocol"].format(name=org.name, url=org.protocol))
    return " ".join(lines)


def step_note(org: Organisation | None, step: str) -> str | None:
    if org is None or step not in org.steps:
        return None
    return texts()["step_note"].format(name=org.name, note=org.steps[step])


def consult_line(org: Organisation | None) -> str | None:
    if org is None or not org.named(org.consult):
        return None
    return texts()["consult"].format(name=org.name, contacts=contacts_text(org.named(org.consult)))


def decides(org: Organisation | None) -> str | None:
    """Who weighs and decides in this organisation, with how to reach them (the outcome's decides_note)."""
    if org is None or not org.named(org.decides):
        return None
    return contacts_text(org.named(org.decides))


def outcome_lines(org: Organisation | None) -> list[str]:
    """Whom to inform in this organisation, its note for step 5, its protocol."""
    if org is None:
        return []
    t = texts()
    lines = []
    if org.named(org.inform):
        lines.append(t["inform"].format(name=org.name, contacts=contacts_text(org.named(org.inform), "and")))
    if note := step_note(org, "5"):
        lines.append(note)
    if org.protocol:
        lines.append(t["protocol"].format(name=org.name, url=org.protocol))
    return lines


def volunteer_lines(org: Organisation | None) -> list[str]:
    """A volunteer's outcome: whom to go to here (the club's VCP), its note for volunteers."""
    if org is None:
        return []
    lines = []
    if contacts := org.volunteer_contacts():
        lines.append(texts()["volunteer_contact"].format(name=org.name, contacts=contacts_text(contacts)))
    if note := step_note(org, "vrijwilliger"):
        lines.append(note)
    if org.protocol:
        lines.append(texts()["protocol"].format(name=org.name, url=org.protocol))
    return lines


def aandachtsfunctionaris_line(org: Organisation | None, said: str) -> str | None:
    """Who the aandachtsfunctionaris is here, for a reply that mentions the role
    (a knowledge answer) but does not say who it is in this organisation yet."""
    if org is None or "aandachtsfunctionaris" not in said.lower():
        return None
    contact = org.contacts.get("aandachtsfunctionaris")
    if contact is None or contact.reach in said:
        return None
    return texts()["aandachtsfunctionaris"].format(name=org.name, contacts=contact.text())


def regional_line(org: Organisation | None) -> str | None:
    """The regional Veilig Thuis, for after the safety line (never before it)."""
    if org is None or not org.veilig_thuis:
        return None
    return texts()["veilig_thuis"].format(veilig_thuis=org.veilig_thuis)


def summary_lines(org: Organisation | None, volunteer: bool) -> list[str]:
    """The summary's lines about the organisation: its name, who decides, whom to inform (roles only)."""
    if org is None:
        return []
    s = texts()["summary"]
    lines = [f"- {s['organisation']}: {org.name}"]
    if volunteer:
        if org.volunteer_contacts():
            lines.append(f"- {s['inform']}: {join([c.title() for c in org.volunteer_contacts()])}")
        return lines
    if org.named(org.decides):
        lines.append(f"- {s['decides']}: {join([c.title() for c in org.named(org.decides)])}")
    if org.named(org.inform):
        lines.append(f"- {s['inform']}: {join([c.title() for c in org.named(org.inform)], 'and')}")
    return lines
