"""`action_consultation_outcome`: the outcome once the form's path has ended."""

from __future__ import annotations

from rasa_sdk import Action

from actions.meldcode import messages
from actions.meldcode.consultation import plan
from actions.tracker import form_state, organisation


class ActionConsultationOutcome(Action):
    def name(self) -> str:
        return "action_consultation_outcome"

    async def run(self, dispatcher, tracker, domain):
        state = form_state(tracker)
        outcome = plan(state).outcome
        if not outcome:  # the form ended early (stop): nothing to conclude
            return []
        for message in messages.outcome(state, outcome, organisation(tracker)):
            dispatcher.utter_message(**message)
        return []
