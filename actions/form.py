"""The form's validation action, `validate_meldcode_form`: Rasa calls it on
every turn of the consultation. Each answer is read by
`actions.meldcode.turns.answer`; the path comes from
`actions.meldcode.consultation.plan`."""

from __future__ import annotations

from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.meldcode import messages, turns
from actions.meldcode.consultation import plan
from actions.tracker import FORM, form_state, organisation, reusing_embeddings, said

Result = dict[str, Any]


class ValidateMeldcodeForm(FormValidationAction):
    """Reads each answer, decides the path and asks the next question.

    Rasa calls this action on every turn of the form, also when the form
    resumes after a side question. Asking here, rather than in one
    `action_ask_<slot>` per question, saves Rasa a second call to the action
    server on every turn: the domain has no ask action or response, and Rasa's
    FormAction then leaves the asking to this custom action.

    Every question has its `validate_<slot>` method, as Rasa expects; they all
    hand over to `validate_answer`.
    """

    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return list(plan(form_state(tracker)).required)

    async def next_requested_slot(self, dispatcher, tracker, domain) -> EventType:
        """Always name the next question (None: the form is done), so Rasa never picks one itself."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return SlotSet(REQUESTED_SLOT, next((s for s in required if tracker.get_slot(s) is None), None))

    @reusing_embeddings
    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)  # validates; updates tracker.slots
        slot = next(
            (e.get("value") for e in events if e.get("event") == "slot" and e.get("name") == REQUESTED_SLOT), None
        )
        if slot:  # ask it, introducing its step the first time
            last_intro = tracker.get_slot(turns.LAST_INTRO)
            for message in messages.ask(slot, form_state(tracker), last_intro, organisation(tracker)):
                dispatcher.utter_message(**message)
            if messages.step_of(slot) != last_intro:
                events.append(SlotSet(turns.LAST_INTRO, messages.step_of(slot)))
        return events

    async def validate_answer(
        self, slot: str, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Result:
        """Read the latest message as the answer to `slot` (`value`: what the
        slot mapping put there); say what the turn says; return the slots it sets."""
        turn = turns.answer(
            slot,
            said(tracker),
            form_state(tracker),
            candidate=value,
            explained=tracker.get_slot(turns.EXPLAINED),
            misses=int(tracker.get_slot(turns.MISSES) or 0),
        )
        for message in turn.messages:
            dispatcher.utter_message(**message)
        return turn.slots

    # One per question of actions.meldcode.consultation.FORM_SLOTS, in its order.

    async def validate_sector(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("sector", value, dispatcher, tracker)

    async def validate_school_route(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("school_route", value, dispatcher, tracker)

    async def validate_zorg_over(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("zorg_over", value, dispatcher, tracker)

    async def validate_opvang_route(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("opvang_route", value, dispatcher, tracker)

    async def validate_vw_organisatie(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vw_organisatie", value, dispatcher, tracker)

    async def validate_vw_zorg_over(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vw_zorg_over", value, dispatcher, tracker)

    async def validate_vw_verteld(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vw_verteld", value, dispatcher, tracker)

    async def validate_vw_contactpersoon(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vw_contactpersoon", value, dispatcher, tracker)

    async def validate_signaal_soort(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("signaal_soort", value, dispatcher, tracker)

    async def validate_verteld_door(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("verteld_door", value, dispatcher, tracker)

    async def validate_afhankelijk(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("afhankelijk", value, dispatcher, tracker)

    async def validate_signaal_frequentie(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("signaal_frequentie", value, dispatcher, tracker)

    async def validate_meer_kinderen(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("meer_kinderen", value, dispatcher, tracker)

    async def validate_kc_kinderen(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("kc_kinderen", value, dispatcher, tracker)

    async def validate_kc_zorg(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("kc_zorg", value, dispatcher, tracker)

    async def validate_kc_schade(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("kc_schade", value, dispatcher, tracker)

    async def validate_stap2_collega(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("stap2_collega", value, dispatcher, tracker)

    async def validate_stap2_veilig_thuis(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("stap2_veilig_thuis", value, dispatcher, tracker)

    async def validate_stap3_gesprek(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("stap3_gesprek", value, dispatcher, tracker)

    async def validate_vraag_vermoeden(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vraag_vermoeden", value, dispatcher, tracker)

    async def validate_vraag_veiligheid(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vraag_veiligheid", value, dispatcher, tracker)

    async def validate_vraag_hulp(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vraag_hulp", value, dispatcher, tracker)

    async def validate_vraag_acceptatie(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vraag_acceptatie", value, dispatcher, tracker)

    async def validate_vraag_resultaat(self, value, dispatcher, tracker, domain) -> Result:
        return await self.validate_answer("vraag_resultaat", value, dispatcher, tracker)
