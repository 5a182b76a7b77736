"""Starting the consultation: `action_start_consultation` (also "opnieuw
beginnen") and `action_offer_consultation` (the offer after a knowledge answer)."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from actions.meldcode import messages, turns
from actions.tracker import earlier_texts, organisation, reusing_embeddings, said, send, slot_events


class ActionStartConsultation(Action):
    """Starts (or restarts) a consultation; reads sector and role from the message."""

    def name(self) -> str:
        return "action_start_consultation"

    @reusing_embeddings
    async def run(self, dispatcher, tracker, domain):
        turn = turns.start(said(tracker), earlier_texts(tracker), organisation(tracker))
        return slot_events(turns.reset()) + send(dispatcher, turn)


class ActionOfferConsultation(Action):
    """After a knowledge answer: offer the guided steps, once per conversation,
    and only to someone who has not started them."""

    def name(self) -> str:
        return "action_offer_consultation"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot(turns.OFFERED) or tracker.get_slot("sector"):
            return []
        dispatcher.utter_message(**messages.offer())
        return [SlotSet(turns.OFFERED, True)]
