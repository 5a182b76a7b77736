"""The Rasa server's one performance fix (bot/rasa_server.py): same check, schema checked once."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import rasa_server

VALID = {"events": [{"event": "slot", "name": "sector", "value": "onderwijs"}],
         "responses": [{"text": "Welke signalen zie je?"}]}
INVALID = {"events": [{"event": "slot", "value": "onderwijs"}], "responses": "no list"}


@pytest.fixture
def patched(monkeypatch):
    original = RemoteAction._validate_action_result
    monkeypatch.setattr(RemoteAction, "_validate_action_result", original)  # restored after the test
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
