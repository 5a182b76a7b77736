"""The form's validation action with tracker fixtures (no servers): it reads the
answer, and asks the next question itself, so an answer costs one call to the
action server."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.consultation import FORM, LAST_INTRO, ValidateMeldcodeForm
from actions.meldcode.consultation import plan
from actions.meldcode.content import consultation as texts
from bot.config import PROJECT_DIR

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())


def tracker(slots: dict, message: str, *, intent: str = "inform", choice: str | None = None,
            answered: str | None = None) -> Tracker:
    """A tracker right after the user's message, as Rasa hands it to the validation action.

    `answered`: the slot that Rasa's slot mapping (from_text) just filled with the message.
    """
    entities = [{"entity": "choice", "value": choice}] if choice else []
    latest = {"text": message, "intent": {"name": intent, "confidence": 1.0}, "entities": entities}
    events = [{"event": "user", "text": message, "parse_data": latest}]
    if answered:
        events.append({"event": "slot", "name": answered, "value": message})
    all_slots = {"requested_slot": answered, **slots, **({answered: message} if answered else {})}
    return Tracker("test", all_slots, latest, events, False, None, {"name": FORM}, "action_listen")


async def run(t: Tracker) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await ValidateMeldcodeForm().run(dispatcher, t, DOMAIN)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    return slots, dispatcher.messages


SCHOOL = {"sector": "onderwijs", "school_route": "thuis", "signaal_soort": "gedrag", LAST_INTRO: "1"}


async def test_a_clicked_answer_is_stored_and_the_next_question_asked_in_the_same_call():
    slots, messages = await run(tracker(SCHOOL, '/inform{"choice":"vaker"}', choice="vaker",
                                        answered="signaal_frequentie"))
    assert slots["signaal_frequentie"] == "vaker"
    expected = plan({**SCHOOL, "signaal_frequentie": "vaker"}).next_question
    assert slots["requested_slot"] == expected
    assert messages[-1]["text"] == " ".join(texts()["questions"][expected]["text"].split())
    assert messages[-1]["buttons"], "the next question comes with its buttons"


async def test_an_answer_it_cannot_read_gets_the_hint_and_the_same_question_again():
    slots, messages = await run(tracker(SCHOOL, "paarse olifant", answered="signaal_frequentie"))
    assert slots["signaal_frequentie"] is None
    assert slots["requested_slot"] == "signaal_frequentie"
    question = texts()["questions"]["signaal_frequentie"]
    assert [m["text"] for m in messages] == [question["reprompt"] if "reprompt" in question
                                            else texts()["not_understood_yes_no"], question["text"]]


async def test_resuming_after_a_side_question_asks_the_open_question_without_its_intro_again():
    # Rasa calls the validation action with no new answer when the form resumes.
    slots, messages = await run(tracker(SCHOOL, "wat is een signaal?", intent="question"))
    assert slots["requested_slot"] == "signaal_frequentie"
    assert len(messages) == 1 and messages[0]["text"] == texts()["questions"]["signaal_frequentie"]["text"]


async def test_a_new_step_is_introduced_once_before_its_first_question():
    state = {**SCHOOL, "signaal_frequentie": "vaker"}
    slots, messages = await run(tracker(state, "nee hoor", intent="deny", answered="meer_kinderen"))
    assert slots["meer_kinderen"] == "nee"
    first = plan({**state, "meer_kinderen": "nee"}).next_question
    step = str(texts()["questions"][first]["step"])
    assert step != "1", "the fixture should end step 1"
    assert slots[LAST_INTRO] == step
    assert len(messages) == 2 and texts()["steps"][step]["title"] in messages[0]["text"]


@pytest.mark.parametrize("slot", ["vraag_vermoeden", "stap2_collega"])
def test_the_domain_has_no_ask_action_or_response_left_to_run_twice(slot):
    # With one, Rasa would call it after the validation action and ask twice.
    names = set(DOMAIN.get("actions", [])) | set(DOMAIN.get("responses", {}))
    assert not {f"action_ask_{slot}", f"utter_ask_{slot}", f"action_ask_{FORM}_{slot}"} & names
