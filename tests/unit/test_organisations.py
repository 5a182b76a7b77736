"""Organisation files (#31): the schema, its messages (field and line), the
folder check, reading at run time, and what the assistant says with them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actions.meldcode import messages, organisations, turns
from actions.meldcode.consultation import plan
from actions.meldcode.content import consultation as texts
from actions.meldcode.organisations import OrganisationError, Registry, parse
from bot.config import PROJECT_DIR

EXAMPLES = PROJECT_DIR / "organisations" / "examples"


def example(key: str) -> organisations.Organisation:
    return organisations.validate_file(EXAMPLES / f"{key}.yml")


SCHOOL = "obs-het-voorbeeld"
CLUB = "sv-voorbeeld"
CARE = "zorggroep-voorbeeldhof"


def problems(source: str, name: str = "proef.yml") -> str:
    with pytest.raises(OrganisationError) as caught:
        parse(Path(name), source)
    return str(caught.value)


# --- the schema ---------------------------------------------------------------------


def test_the_three_documented_examples_are_valid_and_cover_school_care_and_club():
    found, bad = organisations.check_folder(EXAMPLES)
    assert not bad
    assert {o.key: o.sector for o in found} == {SCHOOL: "onderwijs", CARE: "verpleging", CLUB: "vrijwilliger"}


def test_only_a_name_is_needed():
    org = parse(Path("minimaal.yml"), 'name: "Stichting Voorbeeld"\n')
    assert org.key == "minimaal" and org.name == "Stichting Voorbeeld" and org.sector is None


def test_a_wrong_sector_names_the_field_and_its_line():
    message = problems('name: "X"\n\nsector: scholen\n')
    assert "proef.yml, regel 3, veld 'sector'" in message
    assert "onderwijs" in message  # says what is allowed


def test_a_missing_name_is_named():
    assert "veld 'name': ontbreekt" in problems("sector: onderwijs\n")


def test_an_unknown_field_is_named_with_its_line():
    message = problems('name: "X"\nsectr: onderwijs\n')
    assert "regel 2, veld 'sectr': onbekend veld" in message


def test_a_contact_without_a_way_to_reach_it_is_named():
    message = problems('name: "X"\ncontacts:\n  aandachtsfunctionaris:\n    who: "de adjunct"\n')
    assert "veld 'contacts.aandachtsfunctionaris.reach': ontbreekt" in message


def test_an_unknown_role_is_named():
    message = problems('name: "X"\ncontacts:\n  hoofdmeester:\n    reach: "toestel 1"\n')
    assert "regel 3, veld 'contacts.hoofdmeester': onbekende rol" in message


def test_a_role_in_consult_must_be_one_of_the_contacts():
    source = 'name: "X"\ncontacts:\n  directie:\n    reach: "toestel 1"\nconsult: [intern_begeleider]\n'
    message = problems(source)
    assert "regel 5, veld 'consult[0]'" in message and "directie" in message


def test_colour_protocol_step_and_veilig_thuis_are_checked():
    source = (
        'name: "X"\n'
        "protocol: http://niet-veilig.example\n"
        'steps:\n  "6": "Een stap te veel"\n'
        'veilig_thuis: "Regio Noord"\n'
        "widget:\n  color: blauw\n"
    )
    message = problems(source)
    for where in ("regel 2, veld 'protocol'", "veld 'steps.6'", "veld 'veilig_thuis'", "veld 'widget.color'"):
        assert where in message, where


def test_a_club_kind_belongs_to_a_volunteer_club_only():
    assert "veld 'club'" in problems('name: "X"\nsector: onderwijs\nclub: sport\n')


def test_texts_are_short_and_hold_no_placeholders():
    assert "te lang" in problems('name: "X"\nsteps:\n  "1": "' + "woord " * 100 + '"\n')
    assert "{ of }" in problems('name: "X {name}"\n')


def test_broken_yaml_names_the_line():
    message = problems('name: "X"\nsector: onderwijs\n  contacts: x\n')
    assert "proef.yml, regel 3: geen geldige YAML" in message


def test_a_bad_file_name_is_named():
    assert "bestandsnaam" in problems('name: "X"\n', name="Mijn School.yml")


def test_check_organisations_validates_the_folder_and_fails_on_a_bad_file(tmp_path):
    (tmp_path / "goed.yml").write_text('name: "Goed"\nsector: ggz\n', encoding="utf-8")
    env = {**os.environ, organisations.DIR_ENV: str(tmp_path)}
    cmd = [sys.executable, "-m", "bot", "check-organisations"]
    ok = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert ok.returncode == 0 and "goed" in ok.stdout
    (tmp_path / "fout.yml").write_text('name: "Fout"\nsector: scholen\n', encoding="utf-8")
    bad = subprocess.run(cmd, cwd=PROJECT_DIR, env=env, capture_output=True, text=True)
    assert bad.returncode == 1
    assert "fout.yml, regel 2, veld 'sector'" in bad.stderr


# --- at run time --------------------------------------------------------------------


def test_a_changed_file_is_read_again_and_a_broken_one_keeps_its_last_valid_version(tmp_path, caplog):
    path = tmp_path / "school.yml"
    path.write_text('name: "Eerst"\n', encoding="utf-8")
    registry = Registry(tmp_path)
    assert registry.get("school").name == "Eerst"
    time.sleep(0.01)
    path.write_text('name: "Daarna"\n', encoding="utf-8")
    assert registry.get("school").name == "Daarna"
    path.write_text('name: "Kapot"\nsector: scholen\n', encoding="utf-8")
    assert registry.get("school").name == "Daarna"
    assert "school.yml, regel 2, veld 'sector'" in caplog.text
    assert registry.get("onbekend") is None and registry.get("../etc/passwd") is None


def test_without_an_organisations_folder_there_is_none(tmp_path):
    assert Registry(tmp_path / "bestaat-niet").all() == {}


# --- what the assistant says -----------------------------------------------------------


def test_without_an_organisation_nothing_changes():
    state = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "gedrag"}
    assert messages.ask("stap2_collega", state, "1", None) == messages.ask("stap2_collega", state, "1")
    generic = turns.start(turns.Said("ik maak me zorgen"), [])
    assert turns.start(turns.Said("ik maak me zorgen"), [], None) == generic
    assert messages.safety_line(None) == messages.safety_line()


def test_the_organisations_sector_skips_the_sector_question_and_it_says_whose_assistant_this_is():
    school = example(SCHOOL)
    turn = turns.start(turns.Said("ik maak me zorgen over een kind"), [], school)
    assert turn.slots["sector"] == "onderwijs"
    said = " ".join(m["text"] for m in turn.messages)
    assert "OBS Het Voorbeeld" in said and "de vraag naar je sector over" in said
    assert school.protocol in said
    assert plan(turn.slots).next_question != "sector"


def test_a_sector_the_user_names_wins_over_the_organisations():
    turn = turns.start(turns.Said("ik ben huisarts"), [], example(CARE))
    assert turn.slots["sector"] == "arts"
    assert "de vraag naar je sector" not in " ".join(m["text"] for m in turn.messages)


def test_step_2_names_the_organisations_own_contacts_and_note():
    school = example(SCHOOL)
    state = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "gedrag"}
    said = [m["text"] for m in messages.ask("stap2_collega", state, "1", school)]
    assert said[-1] == "Heb je al overlegd met de intern begeleider of de aandachtsfunctionaris?"
    joined = "\n".join(said)
    assert "toestel 201" in joined and "de adjunct-directeur" in joined
    assert "Afspraak bij OBS Het Voorbeeld: Bespreek je zorg ook in het eerstvolgende zorgoverleg" in joined
    generic = [m["text"] for m in messages.ask("stap2_collega", state, "1")]
    assert texts()["sectors"]["onderwijs"]["consult"] in generic[-1]


def test_the_outcome_names_who_decides_and_whom_to_inform_and_keeps_the_safety_line_first():
    school = example(SCHOOL)
    state = {"sector": "onderwijs", "school_route": "thuis"}
    said = messages.outcome_messages(state, "melden_onveilig", school)
    joined = "\n".join(said)
    assert "Wie beslist over melden: de aandachtsfunctionaris, de adjunct-directeur (toestel 202" in joined
    assert "Informeer bij OBS Het Voorbeeld ook de directie (toestel 200) en de locatiemanager" in joined
    assert "Afspraak bij OBS Het Voorbeeld: Meld het ook bij de locatiemanager" in joined
    last = said[-1]
    assert last.startswith(messages.safety_line()), "112 and 0800-2000 first"
    assert last.index("0800-2000") < last.index("Veilig Thuis Voorbeeldregio")


def test_the_club_volunteer_goes_to_the_clubs_own_vertrouwenscontactpersoon():
    club = example(CLUB)
    turn = turns.start(turns.Said("ik maak me zorgen over een kind"), [], club)
    assert turn.slots["sector"] == "vrijwilliger" and turn.slots["vw_organisatie"] == "sport"
    assert turn.slots["vw_contactpersoon"] == "ja", "the club's file says it has a VCP"
    state = {**turn.slots, "vw_zorg_over": "organisatie"}
    outcome = plan(state).outcome
    joined = "\n".join(messages.outcome_messages(state, outcome, club))
    assert "Bij SV Voorbeeld ga je met je zorg naar de vertrouwenscontactpersoon (VCP) (vcp@sv-voorbeeld" in joined
    assert "Afspraak bij SV Voorbeeld: Bij ons meldt de VCP" in joined
    assert "0900-202 55 90" in joined  # Centrum Veilige Sport stays


def test_a_volunteer_at_a_care_organisation_goes_to_its_coordinator():
    care = example(CARE)
    turn = turns.start(turns.Said("ik ben vrijwilliger en maak me zorgen"), [], care)
    assert turn.slots["vw_organisatie"] == "meldcode"
    state = {**turn.slots, "vw_zorg_over": "thuis", "vw_verteld": "nee"}
    joined = "\n".join(messages.outcome_messages(state, plan(state).outcome, care))
    assert "de coördinator vrijwilligers (toestel 3180" in joined


def test_the_summary_names_the_organisation_and_its_deciders_by_role_only():
    school = example(SCHOOL)
    state = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "gedrag"}
    summary = messages.summary_of(state, school)["text"]
    assert "- Organisatie: OBS Het Voorbeeld" in summary
    assert "- Wie beslist bij deze organisatie: de aandachtsfunctionaris" in summary
    assert "toestel" not in summary
    assert "Organisatie" not in messages.summary_of(state)["text"]


def test_the_school_and_the_club_never_say_each_others_contacts():
    school, club = example(SCHOOL), example(CLUB)
    state = {"sector": "onderwijs", "school_route": "thuis"}
    school_text = "\n".join(messages.outcome_messages(state, "melden_onveilig", school))
    volunteer = {
        "sector": "vrijwilliger",
        "vw_organisatie": "sport",
        "vw_zorg_over": "thuis",
        "vw_verteld": "ja",
        "vw_contactpersoon": "ja",
    }
    club_text = "\n".join(messages.outcome_messages(volunteer, plan(volunteer).outcome, club))
    assert "SV Voorbeeld" not in school_text and "vcp@" not in school_text
    assert "OBS Het Voorbeeld" not in club_text and "toestel 20" not in club_text


def test_an_invalid_file_stops_the_start_and_names_the_field(tmp_path):
    """`python -m bot serve` checks the folder before it starts either server."""
    (tmp_path / "school.yml").write_text('name: "School"\nwidget:\n  color: blauw\n', encoding="utf-8")
    env = {
        **os.environ,
        organisations.DIR_ENV: str(tmp_path),
        "MELDCODE_PORT": os.environ.get("MELDCODE_TEST_PORT", "15005"),
        "MELDCODE_ACTION_PORT": os.environ.get("MELDCODE_TEST_ACTION_PORT", "15055"),
    }
    started = subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert started.returncode == 1
    assert "school.yml, regel 3, veld 'widget.color'" in started.stderr
    assert "De Meldcode-assistent draait" not in started.stdout
