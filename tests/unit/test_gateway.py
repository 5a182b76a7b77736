"""Input checks and pseudonyms of the channel gateway, without Rasa."""

import json

import pytest

from bot.channels.gateway import BadRequest, parse_request, prepare
from bot.privacy.pseudonym import pseudonym


def body(obj) -> bytes:
    return json.dumps(obj).encode()


@pytest.mark.parametrize(
    "raw,status",
    [
        (b"{not json", 400),
        (b"\xff\xfe", 400),
        (body(["a", "list"]), 400),
        (body({"message": "hoi"}), 400),
        (body({"sender": "", "message": "hoi"}), 400),
        (body({"sender": "x" * 500, "message": "hoi"}), 400),
        (body({"sender": "abc"}), 400),
        (body({"sender": "abc", "message": 12}), 400),
    ],
)
def test_malformed_requests_get_a_dutch_400(raw, status):
    with pytest.raises(BadRequest) as err:
        parse_request(raw)
    assert err.value.status == status
    assert "message" in err.value.message or "sender" in err.value.message or "JSON" in err.value.message


def test_empty_and_too_long_messages():
    with pytest.raises(BadRequest) as err:
        prepare("web", "abc", "   ", 2000)
    assert err.value.status == 400 and "leeg" in err.value.message
    with pytest.raises(BadRequest) as err:
        prepare("web", "abc", "a" * 2001, 2000)
    assert err.value.status == 413 and "te lang" in err.value.message


def test_rasa_never_sees_the_channel_user_id():
    incoming = prepare("web", "browser-tab-123", " hallo ", 2000)
    assert incoming.text == "hallo"
    assert "browser-tab-123" not in incoming.conversation_id
    assert incoming.conversation_id == pseudonym("web", "browser-tab-123")


def test_pseudonyms_depend_on_key_and_channel():
    a = pseudonym("web", "42", key=b"k1")
    assert a == pseudonym("web", "42", key=b"k1")
    assert a != pseudonym("web", "42", key=b"k2")
    assert a != pseudonym("telegram", "42", key=b"k1")
    assert len(a) == 32


@pytest.mark.parametrize(
    "payload",
    [
        "/inform",
        '/inform{"rol":"vrijwilliger"}',
        '/inform{"choice":"twijfel"}',
        "/question/vt_melding",
    ],
)
def test_button_payloads_reach_rasa_unchanged(payload):
    assert prepare("web", "abc", payload, 2000).text == payload


@pytest.mark.parametrize(
    "old,new",
    [
        ("/start_consultation", "/inform"),
        ('/start_consultation{"choice":"vrijwilliger"}', '/inform{"rol":"vrijwilliger"}'),
    ],
)
def test_buttons_of_an_earlier_release_still_work(old, new):
    # Telegram keeps old inline keyboards in the chat; a tap must still start the steps.
    assert prepare("telegram", "abc", old, 2000).text == new


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 60_000,  # json's parser gives up with RecursionError, not ValueError
        body({"sender": "abc", "message": "hoi", "extra": json.loads("[" * 30 + "]" * 30)}),
    ],
)
def test_deeply_nested_json_gets_a_dutch_400(raw):
    with pytest.raises(BadRequest) as err:
        parse_request(raw)
    assert err.value.status == 400 and "kon je bericht niet lezen" in err.value.message


@pytest.mark.parametrize(
    "typed",
    [
        "/ik ben Jan Jansen",
        "/femke",
        "//inform extra tekst",
        '/inform{"choice":"femke"}',  # a value no button of the assistant carries
        '/help{"naam":"piet"}',
        "/question/femke",
    ],
)
def test_typed_text_that_starts_with_a_slash_is_text_not_an_intent(typed):
    # Rasa would read "/..." as an intent and print the message through warnings to stderr.
    got = prepare("web", "abc", typed, 2000).text
    assert not got.startswith("/")


def test_the_assistants_own_buttons_are_known_payloads():
    from bot.channels.gateway import is_button_payload, known_payloads

    intents, questions, values = known_payloads()
    assert {"inform", "affirm", "help", "stop", "restart_consultation"} <= intents
    assert "vt_melding" in questions and {"onderwijs", "letsel", "vrijwilliger"} <= values
    assert is_button_payload('/inform{"choice":"letsel"}')
    assert not is_button_payload('/inform{"choice":"jansen"}')
