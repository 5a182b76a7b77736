"""Several organisations on one server (#31), through the web endpoint as the
widget's data-organisation sends them: a school and a sports club (the
documented examples, organisations/examples/, configured by conftest.py) each
get their own contacts, steps and sector and never the other's; an unknown key
and no key get the generic assistant."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from tests.conftest import Chat

SCHOOL = "obs-het-voorbeeld"
CLUB = "sv-voorbeeld"
# What only the school's file says, and what only the club's file says.
SCHOOL_ONLY = ("OBS Het Voorbeeld", "toestel 20", "obs-voorbeeld.example", "zorgoverleg van je bouw")
CLUB_ONLY = ("SV Voorbeeld", "vcp@sv-voorbeeld", "sv-voorbeeld.example", "Bij ons meldt de VCP")
OPENING = "Ik maak me zorgen over een kind"


def transcript(chat: Chat) -> str:
    return "\n".join(chat.replies)


def school_conversation(chat: Chat) -> dict[str, str]:
    said = {"start": chat.say(OPENING)}  # "een kind" at a school: a pupil, at home; step 1 follows
    chat.say("blauwe plekken")
    chat.say("vaker")
    said["step2"] = chat.say("nee, er zijn geen andere kinderen")
    chat.say("ja")  # consulted
    chat.say("ja")  # Veilig Thuis advice
    chat.say("ja")  # spoke with the parents
    chat.say("ja")  # question 1
    said["outcome"] = chat.say("ja")  # question 2: unsafe
    said["summary"] = chat.say("samenvatting")
    return said


def club_conversation(chat: Chat) -> dict[str, str]:
    said = {"start": chat.say(OPENING)}
    said["where"] = chat.say("over hoe het thuis gaat")
    said["outcome"] = chat.say("nee")  # the child did not tell me
    said["summary"] = chat.say("samenvatting")
    return said


def test_the_school_gets_its_own_sector_contacts_steps_and_deciders(server):
    chat = Chat(server["url"], organisation=SCHOOL)
    said = school_conversation(chat)
    assert "OBS Het Voorbeeld" in said["start"]
    assert "de vraag naar je sector over" in said["start"]
    assert "In welke sector" not in transcript(chat)
    assert "https://intranet.obs-voorbeeld.example/protocol-meldcode" in said["start"]
    assert "Afspraak bij OBS Het Voorbeeld: Noteer je signalen in het leerlingvolgsysteem" in said["start"]
    assert "Bij OBS Het Voorbeeld overleg je met de intern begeleider (toestel 201" in said["step2"]
    assert "Heb je al overlegd met de intern begeleider of de aandachtsfunctionaris?" in said["step2"]
    assert "melden bij Veilig Thuis is nodig" in said["outcome"]
    assert "Wie beslist over melden: de aandachtsfunctionaris, de adjunct-directeur (toestel 202" in said["outcome"]
    assert "Informeer bij OBS Het Voorbeeld ook de directie" in said["outcome"]
    assert "Afspraak bij OBS Het Voorbeeld: Meld het ook bij de locatiemanager" in said["outcome"]
    last = said["outcome"].split("\n")[-1]
    assert last.index("112") < last.index("0800-2000") < last.index("Veilig Thuis Voorbeeldregio")
    assert "- Organisatie: OBS Het Voorbeeld" in said["summary"]
    assert "- Wie beslist bij deze organisatie: de aandachtsfunctionaris" in said["summary"]
    assert not [w for w in CLUB_ONLY if w in transcript(chat)]


def test_the_club_gets_the_volunteers_route_and_its_own_vertrouwenscontactpersoon(server):
    chat = Chat(server["url"], organisation=CLUB)
    said = club_conversation(chat)
    assert "SV Voorbeeld" in said["start"]
    assert "Waar maak je je zorgen over?" in said["start"], "a club: the volunteers' route, the club known"
    assert "Waar doe je vrijwilligerswerk?" not in transcript(chat)
    assert "In welke sector" not in transcript(chat) and "Stap 1" not in transcript(chat)
    assert (
        "Bij SV Voorbeeld ga je met je zorg naar de vertrouwenscontactpersoon (VCP) (vcp@sv-voorbeeld"
        in (said["outcome"])
    )
    assert "Afspraak bij SV Voorbeeld: Bij ons meldt de VCP" in said["outcome"]
    assert "0900-202 55 90" in said["outcome"]  # Centrum Veilige Sport stays
    assert "112" in said["outcome"] and "0800-2000" in said["outcome"]
    assert "- Organisatie: SV Voorbeeld" in said["summary"]
    assert not [w for w in SCHOOL_ONLY if w in transcript(chat)]


def test_one_browser_id_with_two_organisations_is_two_conversations(server):
    school = Chat(server["url"], organisation=SCHOOL)
    club = Chat(server["url"], sender=school.sender, organisation=CLUB)
    assert "Wat voor signalen" in school.say(OPENING)
    text = club.say(OPENING)  # not an answer to the school's open question: the club's own start
    assert "SV Voorbeeld" in text and "Waar maak je je zorgen over?" in text
    summary = school.say("samenvatting")
    assert "- Organisatie: OBS Het Voorbeeld" in summary and "SV Voorbeeld" not in summary


def test_without_an_organisation_the_generic_assistant_answers(server):
    chat = Chat(server["url"])
    text = chat.say(OPENING)
    assert "In welke sector werk je?" in text
    assert "Voorbeeld" not in text and "Afspraak bij" not in text


def test_an_unknown_key_gets_the_generic_assistant_and_a_log_line_without_it(server):
    chat = Chat(server["url"], organisation="school-die-niet-bestaat")
    text = chat.say(OPENING)
    assert "In welke sector werk je?" in text and "Voorbeeld" not in text
    log = server["log"].read_text()
    assert "unknown organisation key" in log
    assert "school-die-niet-bestaat" not in log and OPENING not in log


@pytest.mark.parametrize(("key", "status"), [(SCHOOL, 200), (CLUB, 200), ("bestaat-niet", 404)])
def test_the_widget_gets_the_organisations_title_and_colour(server, key, status):
    url = f"{server['url']}/widget/organisation-{key}.json"
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            got, body = resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        got, body = exc.code, None
    assert got == status
    if status == 200:
        assert body["title"] and body["color"].startswith("#")


def test_a_knowledge_answer_about_the_aandachtsfunctionaris_says_who_that_is_at_the_school(server):
    text = Chat(server["url"], organisation=SCHOOL).say("wat doet een aandachtsfunctionaris?")
    assert "De aandachtsfunctionaris bij OBS Het Voorbeeld: de aandachtsfunctionaris, de adjunct-directeur" in text
    generic = Chat(server["url"]).say("wat doet een aandachtsfunctionaris?")
    assert "aandachtsfunctionaris" in generic.lower() and "Voorbeeld" not in generic
