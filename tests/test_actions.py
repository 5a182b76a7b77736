"""The form's validation action with tracker fixtures (no servers): it reads the
answer, and asks the next question itself, so an answer costs one call to the
action server."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form import ValidateMeldcodeForm
from actions.meldcode.consultation import plan
from actions.meldcode.content import consultation as texts
from actions.meldcode.turns import LAST_INTRO
from actions.tracker import FORM
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
    assert len(messages) == 2 and messages[1]["text"] == question["text"]
    for title in question["options"].values():  # the hint names this question's own options
        assert title in messages[0]["text"]


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


# --- typed answers (#28): questions, corrections, misses, what else a message says ---

def _selector(key: str) -> dict:
    return {"question": {"response": {"intent_response_key": key, "responses": [{"text": "..."}]}}}


def question_tracker(slots: dict, message: str, key: str, answered: str) -> Tracker:
    t = tracker(slots, message, intent="question", answered=answered)
    t.latest_message["response_selector"] = _selector(key)
    return t


ONDERWIJS_Q1 = {**SCHOOL, "signaal_frequentie": "vaker", "meer_kinderen": "nee", "stap2_collega": "ja",
                "stap2_veilig_thuis": "ja", "stap3_gesprek": "ja", LAST_INTRO: "4"}


async def test_an_answer_with_a_question_gets_both_and_moves_on():
    t = question_tracker(ONDERWIJS_Q1, "ja, maar wat is structurele onveiligheid eigenlijk?",
                         "question/structurele_onveiligheid", "vraag_vermoeden")
    slots, messages = await run(t)
    assert slots["vraag_vermoeden"] == "ja"
    assert messages[0].get("response") == "utter_question/structurele_onveiligheid"
    assert slots["requested_slot"] == "vraag_veiligheid"


async def test_a_question_alone_is_answered_and_the_step_kept():
    t = question_tracker(ONDERWIJS_Q1, "wat is structurele onveiligheid?", "question/structurele_onveiligheid",
                         "vraag_vermoeden")
    slots, messages = await run(t)
    assert slots["vraag_vermoeden"] is None and slots["requested_slot"] == "vraag_vermoeden"
    assert messages[0].get("response") == "utter_question/structurele_onveiligheid"
    assert not slots.get("gemist")  # a question is not a miss


async def test_a_signal_named_in_question_words_is_an_answer():
    state = {"sector": "onderwijs", "school_route": "thuis", LAST_INTRO: "1"}
    t = question_tracker(state, "verwaarlozing denk ik", "question/signalen_verwaarlozing", "signaal_soort")
    slots, messages = await run(t)
    assert slots["signaal_soort"] == "verwaarlozing"
    assert not any(m.get("response") for m in messages)  # no knowledge answer instead


async def test_misses_get_different_help_and_never_the_same_reply_three_times():
    replies = []
    state = dict(SCHOOL)
    for _ in range(5):
        slots, messages = await run(tracker(state, "paarse olifant", answered="signaal_frequentie"))
        assert slots["signaal_frequentie"] is None
        replies.append(tuple(m["text"] for m in messages))
        state["gemist"] = slots["gemist"]
    assert "'Eén keer'" in replies[0][0] or "Eén keer" in replies[0][0]  # the question's own options
    assert "weet ik niet" in replies[1][0]  # the way out this question allows
    assert all(len({replies[i], replies[i + 1], replies[i + 2]}) > 1 for i in range(3))


async def test_a_correction_changes_what_was_taken_earlier():
    state = {"sector": "verpleging", "zorg_over": "kind", LAST_INTRO: "1"}
    slots, messages = await run(tracker(state, "nee, het gaat om een oudere mevrouw", intent="deny",
                                        answered="signaal_soort"))
    assert slots["zorg_over"] == "oudere"
    assert "Ik pas het aan" in messages[0]["text"]
    assert slots["requested_slot"] == "signaal_soort"


async def test_what_else_an_answer_says_is_taken_and_confirmed():
    state = {"sector": "onderwijs", "school_route": "thuis", LAST_INTRO: "1"}
    slots, messages = await run(tracker(state, "ze heeft vaak honger, al weken", answered="signaal_soort"))
    assert slots["signaal_soort"] == "verwaarlozing" and slots["signaal_frequentie"] == "vaker"
    assert any("Ik noteer ook" in m["text"] for m in messages)
    assert slots["requested_slot"] == "meer_kinderen"  # not asked again
