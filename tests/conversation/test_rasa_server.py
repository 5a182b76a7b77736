"""The Rasa server's performance fixes (bot/rasa_server.py): same results, less work."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

from bot import rasa_server

VALID = {
    "events": [{"event": "slot", "name": "sector", "value": "onderwijs"}],
    "responses": [{"text": "Welke signalen zie je?"}],
}
INVALID = {"events": [{"event": "slot", "value": "onderwijs"}], "responses": "no list"}


@pytest.fixture
def patched(monkeypatch):
    original = RemoteAction._validate_action_result
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)  # restored after the test
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    rasa_server.install()
    return original, RemoteAction("validate_meldcode_form", None)


def test_the_patched_check_accepts_and_rejects_what_rasa_does(patched):
    original, action = patched
    assert action._validate_action_result(VALID) is original(action, VALID) is True
    with pytest.raises(ValidationError) as ours:
        action._validate_action_result(INVALID)
    with pytest.raises(ValidationError) as rasas:
        original(action, INVALID)
    assert ours.value.message == rasas.value.message
    assert "Failed to validate Action server response" in ours.value.message


def test_the_schema_itself_is_checked_once_not_on_every_call(patched, monkeypatch):
    from jsonschema.validators import validator_for

    cls = validator_for(RemoteAction.action_response_format_spec())
    calls = []
    check = cls.check_schema
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, s: calls.append(1) or check(s)))
    rasa_server.install()
    _, action = patched
    for _ in range(5):
        action._validate_action_result(VALID)
    assert len(calls) == 1


def test_events_come_back_from_the_store_as_they_went_in(patched):
    events = [
        UserUttered("nee hoor", {"name": "deny", "confidence": 0.9}),
        SlotSet("meer_kinderen", "nee"),
        ActionExecuted("validate_meldcode_form"),
    ]
    for _ in range(2):  # the second time from the remembered classes
        assert [Event.from_parameters(e.as_dict()) for e in events] == events
    assert Event.resolve_by_type("slot") is SlotSet


def test_an_unknown_event_name_is_still_refused_or_defaulted(patched):
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
