"""Organisations on the channels (#31), without servers: the web channel's key
check and pseudonyms, the widget's organisation file and links, the Telegram
bot's deep link, and the actions reading the organisation from the metadata."""

from __future__ import annotations

import json
import logging

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.meldcode import organisations
from actions.meldcode.organisations import Registry
from actions.start import ActionStartConsultation
from actions.tracker import organisation
from bot.channels import widget
from bot.channels.gateway import conversation_channel, organisation_of, parse_body, parse_request
from bot.config import PROJECT_DIR
from bot.privacy.pseudonym import pseudonym

EXAMPLES = PROJECT_DIR / "organisations" / "examples"
DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())


@pytest.fixture(autouse=True)
def example_organisations(monkeypatch):
    registry = Registry(EXAMPLES)
    monkeypatch.setattr(organisations, "registry", lambda: registry)
    return registry


def body(obj) -> bytes:
    return json.dumps(obj).encode()


# --- the web channel ---------------------------------------------------------------


def test_the_body_may_name_an_organisation_and_the_old_contract_still_holds():
    assert parse_body(body({"sender": "a", "message": "hoi", "organisation": "sv-voorbeeld"})) == (
        "a",
        "hoi",
        "sv-voorbeeld",
    )
    assert parse_body(body({"sender": "a", "message": "hoi"})) == ("a", "hoi", None)
    assert parse_request(body({"sender": "a", "message": "hoi", "organisation": "x"})) == ("a", "hoi")


def test_a_configured_key_is_taken(caplog):
    assert organisation_of("obs-het-voorbeeld") == "obs-het-voorbeeld"
    assert organisation_of(None) is None and organisation_of("") is None
    assert not caplog.records


@pytest.mark.parametrize("key", ["onbekende-school", "../geheim", {"a": 1}, 12, "OBS-HET-VOORBEELD", "x" * 300])
def test_an_unknown_key_gets_the_generic_assistant_and_a_log_line_without_what_was_sent(key, caplog):
    with caplog.at_level(logging.WARNING):
        assert organisation_of(key) is None
    assert len(caplog.records) == 1
    assert "unknown organisation key" in caplog.text
    assert str(key) not in caplog.text


def test_conversations_of_different_organisations_never_share_a_pseudonym():
    generic = pseudonym(conversation_channel("web", None), "web-123")
    assert generic == pseudonym("web", "web-123"), "without an organisation: exactly as before"
    school = pseudonym(conversation_channel("web", "obs-het-voorbeeld"), "web-123")
    club = pseudonym(conversation_channel("web", "sv-voorbeeld"), "web-123")
    assert len({generic, school, club}) == 3


# --- the widget ------------------------------------------------------------------------


def test_the_widget_gets_the_organisations_title_and_colour():
    school = json.loads(widget.organisation_json("organisation-obs-het-voorbeeld.json"))
    assert school == {"name": "OBS Het Voorbeeld", "title": "Meldcode-assistent OBS Het Voorbeeld", "color": "#1a5276"}
    assert widget.organisation_json("organisation-onbekend.json") is None
    assert widget.organisation_json("widget.js") is None


def test_the_organisations_protocols_become_links():
    links = json.loads(widget.links_json())
    assert "https://intranet.obs-voorbeeld.example/protocol-meldcode" in links
    assert "https://www.sv-voorbeeld.example/veilig-sportklimaat" in links
    assert set(widget.link_allow_list()) <= set(links)


def test_the_widget_sends_the_organisation_and_stores_each_organisations_conversation_apart():
    source = (PROJECT_DIR / "bot" / "widget" / "widget.js").read_text(encoding="utf-8")
    assert "cfg.organisation" in source and "organisation: ORGANISATION" in source
    assert 'STORE_KEY = "meldcode-assistent" + (ORGANISATION' in source


# --- Telegram ----------------------------------------------------------------------------


def telegram_bot(**env):
    import httpx

    from bot.channels.telegram import Relay, TelegramBot, telegram_settings

    cfg = telegram_settings({"TELEGRAM_BOT_TOKEN": "1:x", "MELDCODE_ASSISTANT_URL": "http://127.0.0.1:9", **env})
    return TelegramBot(cfg, Relay(cfg.assistant_url, httpx.AsyncClient()))


def test_a_deep_link_makes_the_chat_the_organisations_and_keeps_only_its_pseudonym():
    bot = telegram_bot()
    assert bot.organisation(42) is None
    bot.choose(42, ["sv-voorbeeld"])
    assert bot.organisation(42) == "sv-voorbeeld" and bot.organisation(43) is None
    bot.choose(42, [])  # a plain /start keeps it
    assert bot.organisation(42) == "sv-voorbeeld"
    bot.choose(42, ["Geen Sleutel!"])
    assert bot.organisation(42) == "sv-voorbeeld"
    assert "42" not in " ".join(bot.chosen), "chat ids are never kept"


def test_a_bot_can_have_one_organisation_for_all_its_chats():
    bot = telegram_bot(TELEGRAM_ORGANISATION="obs-het-voorbeeld")
    assert bot.organisation(7) == "obs-het-voorbeeld"
    bot.choose(7, ["sv-voorbeeld"])
    assert bot.organisation(7) == "sv-voorbeeld"


def test_the_deep_links_kept_are_bounded(monkeypatch):
    from bot.channels import telegram

    monkeypatch.setattr(telegram, "MAX_CHOSEN", 3)
    bot = telegram_bot()
    for chat in range(5):
        bot.choose(chat, ["sv-voorbeeld"])
    assert len(bot.chosen) == 3 and bot.organisation(0) is None and bot.organisation(4) == "sv-voorbeeld"


# --- the actions -------------------------------------------------------------------------


def tracker_with(metadata: dict | None, message: str = "ik maak me zorgen over een kind") -> Tracker:
    latest = {"text": message, "intent": {"name": "inform", "confidence": 1.0}, "entities": []}
    if metadata is not None:
        latest["metadata"] = metadata
    events = [{"event": "user", "text": message, "parse_data": latest, "metadata": metadata or {}}]
    return Tracker("test", {}, latest, events, False, None, {}, "action_listen")


def test_the_actions_read_the_organisation_from_the_messages_metadata():
    assert organisation(tracker_with({"organisation": "sv-voorbeeld"})).name == "SV Voorbeeld"
    assert organisation(tracker_with(None)) is None
    assert organisation(tracker_with({"organisation": "onbekend"})) is None


async def test_starting_for_the_school_and_for_the_club():
    async def start(metadata):
        dispatcher = CollectingDispatcher()
        events = await ActionStartConsultation().run(dispatcher, tracker_with(metadata), DOMAIN)
        slots = {e["name"]: e["value"] for e in events if e["event"] == "slot" and e["value"] is not None}
        return slots, "\n".join(m.get("text") or "" for m in dispatcher.messages)

    slots, said = await start({"organisation": "obs-het-voorbeeld"})
    assert slots["sector"] == "onderwijs" and "OBS Het Voorbeeld" in said
    slots, said = await start({"organisation": "sv-voorbeeld"})
    assert slots["sector"] == "vrijwilliger" and slots["vw_organisatie"] == "sport" and "SV Voorbeeld" in said
    slots, said = await start(None)
    assert "sector" not in slots and "Voorbeeld" not in said


# --- knowledge answers -------------------------------------------------------------------


def test_a_knowledge_answer_about_the_aandachtsfunctionaris_says_who_that_is_here():
    from bot.channels.web import with_own_contacts

    answer = {"recipient_id": "s", "text": "De aandachtsfunctionaris is een collega die je helpt. Bron: ..."}
    offer = {"recipient_id": "s", "text": "Wil je de stappen doorlopen?", "buttons": [{"title": "Ja", "payload": "/x"}]}
    replies = with_own_contacts("obs-het-voorbeeld", [answer, offer], "s")
    assert [r["text"] for r in replies][1] == (
        "De aandachtsfunctionaris bij OBS Het Voorbeeld: de aandachtsfunctionaris, de adjunct-directeur "
        "(toestel 202, aandachtsfunctionaris@obs-voorbeeld.example)."
    )
    assert replies[-1] is offer, "the buttons stay on the newest message"
    assert with_own_contacts(None, [answer, offer], "s") == [answer, offer]
    assert with_own_contacts("sv-voorbeeld", [answer], "s") == [answer], "the club has no aandachtsfunctionaris"
    already = {"recipient_id": "s", "text": replies[1]["text"]}
    assert with_own_contacts("obs-het-voorbeeld", [already], "s") == [already], "said once"


def test_a_malformed_telegram_organisation_stops_the_bot():
    with pytest.raises(SystemExit, match="TELEGRAM_ORGANISATION"):
        telegram_bot(TELEGRAM_ORGANISATION="Mijn School")
