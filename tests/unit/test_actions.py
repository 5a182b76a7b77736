"""The actions with tracker fixtures (no servers), as a user would notice them:
the messages sent and the slots set. The form's validation action reads the
answer and asks the next question itself, so an answer costs one call to the
action server."""

from __future__ import annotations

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.form import ValidateMeldcodeForm
from actions.meldcode.consultation import FORM_SLOTS, plan
from actions.meldcode.content import consultation as texts
from actions.meldcode.turns import LAST_INTRO
from actions.navigation import ActionBack, ActionNextStep, ActionStopConsultation, ActionSummary
from actions.outcome import ActionConsultationOutcome
from actions.start import ActionOfferConsultation, ActionStartConsultation
from actions.tracker import FORM
from bot.config import PROJECT_DIR

DOMAIN = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text())


def tracker(
    slots: dict, message: str, *, intent: str = "inform", choice: str | None = None, answered: str | None = None
) -> Tracker:
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
    slots, messages = await run(
        tracker(SCHOOL, '/inform{"choice":"vaker"}', choice="vaker", answered="signaal_frequentie")
    )
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


ONDERWIJS_Q1 = {
    **SCHOOL,
    "signaal_frequentie": "vaker",
    "meer_kinderen": "nee",
    "stap2_collega": "ja",
    "stap2_veilig_thuis": "ja",
    "stap3_gesprek": "ja",
    LAST_INTRO: "4",
}


async def test_an_answer_with_a_question_gets_both_and_moves_on():
    t = question_tracker(
        ONDERWIJS_Q1,
        "ja, maar wat is structurele onveiligheid eigenlijk?",
        "question/structurele_onveiligheid",
        "vraag_vermoeden",
    )
    slots, messages = await run(t)
    assert slots["vraag_vermoeden"] == "ja"
    assert messages[0].get("response") == "utter_question/structurele_onveiligheid"
    assert slots["requested_slot"] == "vraag_veiligheid"


async def test_a_question_alone_is_answered_and_the_step_kept():
    t = question_tracker(
        ONDERWIJS_Q1, "wat is structurele onveiligheid?", "question/structurele_onveiligheid", "vraag_vermoeden"
    )
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
    slots, messages = await run(
        tracker(state, "nee, het gaat om een oudere mevrouw", intent="deny", answered="signaal_soort")
    )
    assert slots["zorg_over"] == "oudere"
    assert "Ik pas het aan" in messages[0]["text"]
    assert slots["requested_slot"] == "signaal_soort"


async def test_a_first_answer_in_correction_words_is_an_answer_not_a_correction():
    state = {"sector": "kinderopvang", LAST_INTRO: "start"}
    slots, messages = await run(
        tracker(state, "het gaat om een collega die ruw is met de kindjes", answered="opvang_route")
    )
    assert slots["opvang_route"] == "medewerker"
    assert not any("Ik pas het aan" in m.get("text", "") for m in messages)


async def test_what_else_an_answer_says_is_taken_and_confirmed():
    state = {"sector": "onderwijs", "school_route": "thuis", LAST_INTRO: "1"}
    slots, messages = await run(tracker(state, "ze heeft vaak honger, al weken", answered="signaal_soort"))
    assert slots["signaal_soort"] == "verwaarlozing" and slots["signaal_frequentie"] == "vaker"
    assert any("Ik noteer ook" in m["text"] for m in messages)
    assert slots["requested_slot"] == "meer_kinderen"  # not asked again


# --- the other actions, each with a tracker fixture (as in RasaHQ/financial-demo) ---


def plain_tracker(
    slots: dict,
    message: str = "",
    *,
    intent: str = "inform",
    active_loop: str | None = None,
    earlier: tuple[str, ...] = (),
) -> Tracker:
    """A tracker outside the form's validation: earlier user messages, then the latest one."""
    latest = {"text": message, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    events = [{"event": "user", "text": text} for text in earlier]
    events.append({"event": "user", "text": message, "parse_data": latest})
    loop = {"name": active_loop} if active_loop else {}
    return Tracker("test", slots, latest, events, False, None, loop, "action_listen")


async def run_action(action, t: Tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, DOMAIN)
    return events, dispatcher.messages


def test_every_question_has_its_own_validate_method():
    missing = [s for s in FORM_SLOTS if f"validate_{s}" not in vars(ValidateMeldcodeForm)]
    assert not missing


SAFE_AT_SCHOOL = {
    **ONDERWIJS_Q1,
    "vraag_vermoeden": "ja",
    "vraag_veiligheid": "nee",
    "vraag_hulp": "ja",
    "vraag_acceptatie": "ja",
    "vraag_resultaat": "ja",
}


async def test_the_outcome_is_told_with_its_sources_and_the_next_buttons():
    events, messages = await run_action(ActionConsultationOutcome(), plain_tracker(SAFE_AT_SCHOOL))
    outcome = plan(SAFE_AT_SCHOOL).outcome
    assert events == []
    assert messages[0]["text"].startswith(texts()["outcomes"][outcome]["title"])
    assert "Bron:" in messages[0]["text"]
    assert "0800-2000" in messages[-1]["text"]
    assert [b["title"] for b in messages[-1]["buttons"]] == [
        "Samenvatting",
        "Ik heb een vraag",
        "Opnieuw beginnen",
        "Stoppen",
    ]


async def test_no_outcome_after_a_form_that_ended_early():
    assert await run_action(ActionConsultationOutcome(), plain_tracker(SCHOOL)) == ([], [])


async def test_back_clears_the_last_answer_and_reopens_the_form():
    events, messages = await run_action(ActionBack(), plain_tracker(SCHOOL, "terug", intent="back"))
    assert messages[0]["text"] == texts()["back_done"]
    assert {"event": "slot", "timestamp": None, "name": "signaal_soort", "value": None} in events
    assert events[-1]["event"] == "followup" and events[-1]["name"] == FORM
    inside = await run_action(ActionBack(), plain_tracker(SCHOOL, "terug", intent="back", active_loop=FORM))
    assert not [e for e in inside[0] if e["event"] == "followup"]  # the form is already running


async def test_back_with_nothing_answered_says_so():
    events, messages = await run_action(ActionBack(), plain_tracker({}, "terug", intent="back"))
    assert events == [] and messages[0]["text"] == texts()["back_nothing"]


async def test_stop_forgets_every_answer_and_gives_the_safety_line():
    events, messages = await run_action(
        ActionStopConsultation(), plain_tracker(SCHOOL, "stop", intent="stop", active_loop=FORM)
    )
    assert events[0]["event"] == "active_loop" and events[0]["name"] is None
    cleared = {e["name"] for e in events if e["event"] == "slot" and e["value"] is None}
    assert set(FORM_SLOTS) | {"requested_slot", LAST_INTRO} <= cleared
    assert "112" in messages[0]["text"] and "gewist" in messages[0]["text"]


async def test_the_summary_holds_the_answers_and_no_free_text():
    _, messages = await run_action(ActionSummary(), plain_tracker(SCHOOL, "samenvatting", intent="summary"))
    text = messages[0]["text"]
    assert text.startswith("Samenvatting, zonder namen.")
    assert "- Sector: onderwijs" in text and "Nog niet afgerond." in text
    _, empty = await run_action(ActionSummary(), plain_tracker({}, "samenvatting", intent="summary"))
    assert empty[0]["text"] == texts()["summary_empty"]


async def test_start_reads_the_sector_and_what_the_opening_says():
    t = plain_tracker({}, "ik ben leerkracht en een leerling heeft al weken honger")
    events, messages = await run_action(ActionStartConsultation(), t)
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["sector"] == "onderwijs" and slots["signaal_soort"] == "verwaarlozing"
    assert slots[LAST_INTRO] == "start"
    assert messages[0]["text"].startswith("Goed dat je dit niet alleen laat.")
    assert messages[1]["text"].startswith("Ik noteer: ")


async def test_restart_clears_the_answers_first():
    t = plain_tracker(SCHOOL, "opnieuw beginnen", intent="restart_consultation", earlier=("ik werk op een school",))
    events, messages = await run_action(ActionStartConsultation(), t)
    assert messages[0]["text"] == texts()["restarted"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["sector"] is None and slots["signaal_soort"] is None


async def test_the_offer_comes_once_and_not_during_the_steps():
    events, messages = await run_action(ActionOfferConsultation(), plain_tracker({}))
    assert messages[0]["buttons"] and events[0]["value"] is True
    assert await run_action(ActionOfferConsultation(), plain_tracker({"aanbod_gedaan": True})) == ([], [])
    assert await run_action(ActionOfferConsultation(), plain_tracker(SCHOOL)) == ([], [])


async def test_next_step_never_says_the_same_three_times_in_a_row():
    replies: list[str] = []
    for answer in ("ja", "twijfel", "ja", "oké"):
        t = plain_tracker(SAFE_AT_SCHOOL, answer, intent="affirm")
        if replies:
            t.events.insert(-1, {"event": "bot", "text": replies[-1]})
        _, messages = await run_action(ActionNextStep(), t)
        replies.append(messages[0]["text"])
    assert all(replies[i] != replies[i + 1] for i in range(len(replies) - 1))
    assert all("samenvatting" in r.lower() or "knop" in r.lower() for r in replies)


async def test_next_step_after_an_outcome_offers_what_can_come_next():
    _, messages = await run_action(ActionNextStep(), plain_tracker(SAFE_AT_SCHOOL, "nee", intent="deny"))
    assert messages[0]["text"] == texts()["next_step"]["after_outcome_no"]
    _, before = await run_action(ActionNextStep(), plain_tracker({}, "ja", intent="affirm"))
    assert before[0]["text"] == texts()["next_step"]["before_start"]
