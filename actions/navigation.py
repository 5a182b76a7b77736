"""Moving around the consultation: 'terug', 'stop', 'samenvatting', and what
can come next when no question is open."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet

from actions.meldcode import consultation, messages, turns
from actions.tracker import FORM, form_state, last_bot_text, organisation, said, send, slot_events


class ActionBack(Action):
    """'terug': clear the last answer so the form asks it again."""

    def name(self) -> str:
        return "action_back"

    async def run(self, dispatcher, tracker, domain):
        turn = turns.back(form_state(tracker))
        events: list[EventType] = send(dispatcher, turn)
        if turn.slots and tracker.active_loop_name != FORM:
            events.append(FollowupAction(FORM))
        return events


class ActionStopConsultation(Action):
    """'stop': leave the form and clear every answer."""

    def name(self) -> str:
        return "action_stop_consultation"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(**messages.stopped(organisation(tracker)))
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + slot_events(turns.reset())


class ActionSummary(Action):
    """The anonymous summary of the answers so far, for the user's dossier."""

    def name(self) -> str:
        return "action_summary"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(**messages.summary_of(form_state(tracker), organisation(tracker)))
        return []


class ActionNextStep(Action):
    """ "ja", "oké", "nee" outside the steps: say what can come next.

    After an outcome: the summary, a question, starting again or stopping.
    Before any steps: how to start."""

    def name(self) -> str:
        return "action_next_step"

    async def run(self, dispatcher, tracker, domain):
        finished = consultation.plan(form_state(tracker)).outcome is not None
        dispatcher.utter_message(**messages.next_step(finished, said(tracker).intent, last_bot_text(tracker)))
        return []
