"""Rasa glue for the guided consultation: one form, its validation, its
questions, and the outcome. All decisions come from actions.meldcode."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT

from actions.meldcode import afweging, answers, consultation
from actions.meldcode.consultation import FORM_SLOTS, VOLUNTEER, plan
from actions.meldcode.content import consultation as texts
from actions.meldcode.content import with_sources
from actions.meldcode.sectors import SECTORS, detect_sector, is_volunteer

FORM = "meldcode_form"
EXPLAINED = "uitleg_gegeven"  # questions whose explanation was shown after a first "twijfel"
LAST_INTRO = "laatste_intro"  # the step whose introduction was shown last
MISSES = "gemist"  # answers in a row that could not be read, for the open question

SAFETY_LINE = "Bij direct gevaar: bel 112. Advies of melden: Veilig Thuis, 0800-2000 (gratis, dag en nacht)."

AFTER_OUTCOME_BUTTONS = [
    {"title": "Samenvatting", "payload": "/summary"},
    {"title": "Ik heb een vraag", "payload": "/help"},
    {"title": "Opnieuw beginnen", "payload": "/restart_consultation"},
    {"title": "Stoppen", "payload": "/stop"},
]
START_BUTTONS = [
    {"title": "Ik maak me zorgen", "payload": "/inform"},
    {"title": "Wat kun je?", "payload": "/help"},
    {"title": "Ik ben vrijwilliger", "payload": '/inform{"rol":"vrijwilliger"}'},
]


def form_state(tracker: Tracker) -> dict[str, Any]:
    return {slot: tracker.get_slot(slot) for slot in FORM_SLOTS}


def step_of(slot: str) -> str:
    return str(texts()["questions"][slot]["step"])


def _sources_for(slot: str) -> list[str]:
    return texts()["questions"][slot].get("sources", [])


def question_message(slot: str, state: dict[str, Any]) -> tuple[str, list[dict]]:
    """The text and buttons that ask `slot`."""
    q = texts()["questions"][slot]
    sector = SECTORS.get(state.get("sector") or "")
    text = q["text"].format(consult=sector.consult if sector else "een collega")
    text = " ".join(text.split())
    if q.get("yes_no"):
        buttons = list(texts()["yes_no_buttons"]) + _option_buttons(q.get("extra_options", {}))
    else:
        buttons = _option_buttons(q["options"])
    return text, buttons


_INTENT_PAYLOADS = {"ja": "/affirm", "nee": "/deny", "twijfel": "/unsure"}


def _option_buttons(options: dict[str, str]) -> list[dict]:
    return [
        {"title": title, "payload": _INTENT_PAYLOADS.get(value, f'/inform{{"choice":"{value}"}}')}
        for value, title in options.items()
    ]


def step_intro(step: str, state: dict[str, Any]) -> str:
    key = step
    if step == "4" and consultation.variant_of(state) == afweging.KNMG:
        key = "4_knmg"
    intro = texts()["steps"][key]
    return with_sources(f"{intro['title']}. {intro['text']}", intro.get("sources"))


def ask(slot: str, state: dict[str, Any], last_intro: str | None,
        dispatcher: CollectingDispatcher) -> list[EventType]:
    """Ask the question of `slot`; introduce its step the first time."""
    step = step_of(slot)
    events: list[EventType] = []
    if last_intro != step:
        dispatcher.utter_message(text=step_intro(step, state))
        events.append(SlotSet(LAST_INTRO, step))
        if step == "2" and state.get("signaal_soort") == "letsel":
            dispatcher.utter_message(text=with_sources(texts()["letselduiding_note"],
                                                       texts()["letselduiding_sources"]))
    if slot == afweging.VEILIGHEID and consultation.own_account_of_adult(state):
        dispatcher.utter_message(text=with_sources(texts()["own_account_reminder"],
                                                   texts()["own_account_sources"]))
    text, buttons = question_message(slot, state)
    dispatcher.utter_message(text=text, buttons=buttons)
    return events


def _latest(tracker: Tracker) -> tuple[str, str | None, str | None]:
    msg = tracker.latest_message or {}
    intent = (msg.get("intent") or {}).get("name")
    # A button's value: an answer (`choice`), or the role of a start button
    # (`rol`), which the form reads again as the answer to the sector question.
    choice = next(tracker.get_latest_entity_values("choice"), None) or next(
        tracker.get_latest_entity_values("rol"), None
    )
    text = msg.get("text") or ""
    if text.startswith("/"):
        text = ""  # a button payload, not words
    return text, intent, choice


class ValidateMeldcodeForm(FormValidationAction):
    """Reads each answer, decides the path (actions.meldcode.consultation) and
    asks the next question.

    Rasa calls this action on every turn of the form, also when the form
    resumes after a side question. Asking here, rather than in one
    `action_ask_<slot>` per question, saves Rasa a second call to the action
    server on every turn: the domain has no ask action or response, and Rasa's
    FormAction then leaves the asking to this custom action.
    """

    def name(self) -> str:
        return f"validate_{FORM}"

    async def required_slots(self, domain_slots, dispatcher, tracker, domain) -> list[str]:
        return list(plan(form_state(tracker)).required)

    async def next_requested_slot(self, dispatcher, tracker, domain) -> EventType:
        """Always name the next question (None: the form is done), so Rasa never picks one itself."""
        required = await self.required_slots(self.domain_slots(domain), dispatcher, tracker, domain)
        return SlotSet(REQUESTED_SLOT, next((s for s in required if tracker.get_slot(s) is None), None))

    async def run(self, dispatcher, tracker, domain) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)  # validates; updates tracker.slots
        slot = next((e.get("value") for e in events
                     if e.get("event") == "slot" and e.get("name") == REQUESTED_SLOT), None)
        if slot:
            events += ask(slot, form_state(tracker), tracker.get_slot(LAST_INTRO), dispatcher)
        return events

    async def validate_answer(
        self, slot: str, dispatcher: CollectingDispatcher, tracker: Tracker, candidate: Any = None
    ) -> dict[str, Any]:
        text, intent, choice = _latest(tracker)
        state = form_state(tracker)
        q = texts()["questions"][slot]
        if candidate in consultation.allowed_values(slot) and not choice and normalise_text(text) != candidate:
            # Set by an action from what the user said (the opening, an earlier
            # answer): already read; the message is not an answer to this slot.
            text, intent = "", None
            choice = candidate

        # "nee, het gaat om een volwassene": a correction of what was taken earlier.
        if text and consultation.is_correction(text):
            fixed = consultation.also_said(text, state, overwrite=True)
            if fixed:
                change = consultation.noted(fixed).replace("Ik noteer ook: ", "")
                dispatcher.utter_message(text="Ik pas het aan. " + change[:1].upper() + change[1:])
                return {**fixed, slot: fixed.get(slot), MISSES: None}

        if intent == "danger_now":  # safety first: 112 and 0800-2000, then the answer if there is one
            dispatcher.utter_message(response="utter_danger_now")
        reading = answers.read(slot, text, intent, choice)
        value = reading.value
        if slot == "sector" and value == VOLUNTEER and text:  # "ik ben vrijwillig leiding bij de scouting"
            also_volunteer = consultation.volunteer_said(text)
        else:
            also_volunteer = {}
        asks = intent == "question" and bool(text)
        shaped = asks and answers.looks_like_a_question(text)
        if asks and (shaped or value is None):
            # A knowledge question, maybe after an answer ("ja, maar wat is ...?"):
            # answer it; take the answer too if there is one, else keep the step.
            _answer_knowledge_question(tracker, dispatcher)
            if shaped and reading.by != "regel" and not _starts_with_an_answer(slot, text):
                value = None
        if value is None:
            if asks or intent == "danger_now":
                return {slot: None}
            return self.not_understood(slot, q, tracker, dispatcher)

        note_before = consultation.told_note(state)
        also = consultation.also_answers(slot, value, text, choice)
        state.update({slot: value, **also})
        result: dict[str, Any] = {slot: value, **also, **also_volunteer, MISSES: None}
        if text:  # what else the message says ("al weken", "een oudere mevrouw")
            extra = {k: v for k, v in consultation.also_said(text, state, skip=slot).items()
                     if k not in result}
            if extra:
                state.update(extra)
                result.update(extra)
                dispatcher.utter_message(text=consultation.noted(extra) + " " + texts()["noted_hint"])

        explained = list(tracker.get_slot(EXPLAINED) or [])
        if value == afweging.TWIJFEL and "explain" in q and slot not in explained:
            # First doubt on an afwegingsvraag: explain it and ask once more.
            dispatcher.utter_message(text="Twijfel je? Dit kan helpen.")
            dispatcher.utter_message(text=with_sources(q["explain"], q.get("sources")))
            return {slot: None, EXPLAINED: explained + [slot]}

        if value == afweging.NEE and "if_no" in q:
            dispatcher.utter_message(text=with_sources(q["if_no"], q.get("sources")))
        if value == "niet_veilig":
            dispatcher.utter_message(text=with_sources(q["if_unsafe"], q.get("sources")))
        note = consultation.told_note(state)
        if note and note != note_before:
            told = texts()["told_notes"][note]
            dispatcher.utter_message(text=with_sources(told["text"], told["sources"]))
        if slot.startswith("kc_"):
            current = plan(state)
            finished = current.outcome is not None or not (current.next_question or "").startswith("kc_")
            kc = consultation.kindcheck_result(state)
            if finished and kc:
                results = texts()["kindcheck_results"]
                dispatcher.utter_message(text=with_sources(results[kc], results["sources"]))
        if slot == afweging.VERMOEDEN and value == afweging.JA and consultation.disclosure(state):
            dispatcher.utter_message(
                text=with_sources(texts()["disclosure_note"], texts()["disclosure_sources"])
            )
        return result


    def not_understood(self, slot: str, q: dict, tracker: Tracker,
                       dispatcher: CollectingDispatcher) -> dict[str, Any]:
        """Helpful, not repetitive: first the question's own options, then the
        question in other words with a way out where the meldcode allows one,
        then a short nudge to the buttons; never the same reply three times."""
        misses = int(tracker.get_slot(MISSES) or 0) + 1
        t = texts()
        turn = (misses - 1) % 3
        if turn == 0:
            dispatcher.utter_message(
                text=q.get("reprompt") or t["not_understood"].format(options=_option_list(slot, q)))
        elif turn == 1:
            explanation = q.get("uitleg") or q.get("explain") or t["not_understood_again"]
            skip = consultation.skip_value(slot)
            text = " ".join(explanation.split())
            if skip:
                text += " " + t["skip_hint"]
            dispatcher.utter_message(text=text)
        else:
            dispatcher.utter_message(text=t["not_understood_buttons"])
        return {slot: None, MISSES: float(misses)}


def _option_list(slot: str, q: dict) -> str:
    titles = list(consultation.answer_titles(slot))
    quoted = [f"'{title}'" for title in titles]
    return ", ".join(quoted[:-1]) + " of " + quoted[-1] if len(quoted) > 1 else quoted[0]


def _starts_with_an_answer(slot: str, text: str) -> bool:
    """"ja, maar ..." / "verwaarlozing, maar ...": the part before the question answers it."""
    head = consultation.normalise(text).split("?")[0].split(",")[0].split(" maar ")[0]
    return head != consultation.normalise(text) and answers.read(slot, head).value is not None


def _answer_knowledge_question(tracker: Tracker, dispatcher: CollectingDispatcher) -> None:
    """Give the answer the NLU selected for a knowledge question, as the side-question rule would."""
    selector = ((tracker.latest_message or {}).get("response_selector") or {}).get("question") or {}
    key = (selector.get("response") or {}).get("intent_response_key")
    if key:
        dispatcher.utter_message(response=f"utter_{key}")


def normalise_text(text: str) -> str:
    return consultation.normalise(text or "")


def _make_validator(slot: str):
    async def validate(self, value, dispatcher, tracker, domain):
        return await self.validate_answer(slot, dispatcher, tracker, value)

    validate.__name__ = f"validate_{slot}"
    return validate


for _slot in FORM_SLOTS:
    setattr(ValidateMeldcodeForm, f"validate_{_slot}", _make_validator(_slot))


def reset_events() -> list[EventType]:
    return [SlotSet(slot, None) for slot in FORM_SLOTS] + [
        SlotSet(EXPLAINED, None), SlotSet(LAST_INTRO, None), SlotSet(MISSES, None)
    ]


class ActionStartConsultation(Action):
    """Starts (or restarts) a consultation; reads sector and role from the message."""

    def name(self) -> str:
        return "action_start_consultation"

    async def run(self, dispatcher, tracker, domain):
        events = reset_events()
        text, intent, choice = _latest(tracker)
        if intent == "restart_consultation":
            dispatcher.utter_message(text="We beginnen opnieuw. Je eerdere antwoorden zijn gewist.")
            text = ""
        if choice == VOLUNTEER or is_volunteer(text):
            # The volunteer's own path; its introduction comes with its first question.
            events.append(SlotSet("sector", VOLUNTEER))
            if text:
                events += [SlotSet(k, v) for k, v in consultation.volunteer_said(text).items()]
            return events
        start = texts()["steps"]["start"]
        dispatcher.utter_message(text=" ".join(start["text"].split()))
        events.append(SlotSet(LAST_INTRO, "start"))
        # The role may have come in an earlier message ("hallo, ik werk op de bso"),
        # but not across "opnieuw beginnen".
        earlier = _earlier_texts(tracker) if intent != "restart_consultation" else []
        sector = detect_sector(text) or next((found for said in earlier if (found := detect_sector(said))), None)
        if sector:
            events.append(SlotSet("sector", sector))
        # What the opening already says: whom the worry is about, the signals, how often.
        said = consultation.also_said(text, {"sector": sector}) if text else {}
        events += [SlotSet(slot, value) for slot, value in said.items()]
        if said:
            dispatcher.utter_message(text=consultation.noted(said).replace("Ik noteer ook", "Ik noteer")
                                     + " " + texts()["noted_hint"])
        return events


def _earlier_texts(tracker: Tracker) -> list[str]:
    """The user's earlier messages of this session (already redacted), newest first."""
    texts_seen = []
    for event in reversed(tracker.events[:-1] if tracker.events else []):
        if event.get("event") == "session_started" or (event.get("event") == "action" and event.get("name") in (
                "action_start_consultation", "action_stop_consultation", "action_consultation_outcome")):
            break  # only what was said since the last consultation ended
        if event.get("event") == "user" and (event.get("text") or "").strip()[:1] not in ("/", ""):
            texts_seen.append(event["text"])
    return texts_seen[1:] if texts_seen and texts_seen[0] == (tracker.latest_message or {}).get("text") else texts_seen


def outcome_messages(state: dict[str, Any], outcome: str) -> list[str]:
    """The texts that announce an outcome, in order."""
    t = texts()
    if outcome in consultation.VOLUNTEER_OUTCOMES.values():
        o = t["outcomes"][outcome]
        messages = [with_sources(f"{o['title']}.\n{o['text']}", o.get("sources"))]
        notes = t["volunteer_notes"]
        if state.get("vw_organisatie") == "meldcode":
            messages.append(with_sources(notes["meldcode_organisatie"]["text"],
                                         notes["meldcode_organisatie"]["sources"]))
        if state.get("vw_organisatie") == "sport":
            messages.append(with_sources(notes["sport"]["text"], notes["sport"]["sources"]))
        if state.get("vw_verteld") == afweging.JA:
            messages.append(with_sources(notes["verteld"]["text"], notes["verteld"]["sources"]))
        if state.get("vw_contactpersoon") in (afweging.NEE, afweging.TWIJFEL):
            note = notes["geen_contactpersoon"]
            messages.append(with_sources(note["text"], note["sources"]))
        messages.append(SAFETY_LINE)
        return messages
    o = t["outcomes"][outcome]
    messages = [with_sources(f"{o['title']}. {o['text']}", o.get("sources"))]
    melden = outcome in afweging.OUTCOMES and afweging.melden_noodzakelijk(outcome) == "ja"
    if melden:
        messages.append(with_sources(t["melden_next"], t["melden_next_sources"]))
        messages.append(with_sources(t["melden_after"], t["melden_after_sources"]))
    variant = consultation.variant_of(state)
    note = t["variant_notes"].get(variant)
    if note and outcome in afweging.OUTCOMES and (melden or not note.get("only_when_melden")):
        messages.append(with_sources(note["text"], note.get("sources")))
    sector = SECTORS.get(state.get("sector") or "")
    if sector and outcome in afweging.OUTCOMES:
        messages.append(with_sources(t["decides_note"].format(decides=sector.decides),
                                     t["decides_sources"]))
    messages.append(SAFETY_LINE)
    return messages


class ActionConsultationOutcome(Action):
    def name(self) -> str:
        return "action_consultation_outcome"

    async def run(self, dispatcher, tracker, domain):
        state = form_state(tracker)
        current = plan(state)
        if not current.outcome:  # the form ended early (stop): nothing to conclude
            return []
        messages = outcome_messages(state, current.outcome)
        for text in messages[:-1]:
            dispatcher.utter_message(text=text)
        dispatcher.utter_message(text=messages[-1], buttons=AFTER_OUTCOME_BUTTONS)
        return []


OFFERED = "aanbod_gedaan"  # the offer to go through the steps was made once


class ActionOfferConsultation(Action):
    """After a knowledge answer: offer the guided steps, once per conversation,
    and only to someone who has not started them."""

    def name(self) -> str:
        return "action_offer_consultation"

    async def run(self, dispatcher, tracker, domain):
        if tracker.get_slot(OFFERED) or tracker.get_slot("sector"):
            return []
        dispatcher.utter_message(
            text=texts()["offer"]["text"], buttons=[dict(b) for b in texts()["offer"]["buttons"]]
        )
        return [SlotSet(OFFERED, True)]


class ActionSummary(Action):
    def name(self) -> str:
        return "action_summary"

    async def run(self, dispatcher, tracker, domain):
        text = consultation.summary(form_state(tracker))
        dispatcher.utter_message(
            text=text or "Er is nog niets om samen te vatten. Wil je de stappen doorlopen? "
            "Typ dan: ik maak me zorgen."
        )
        return []


class ActionBack(Action):
    """'terug': clear the last answer so the form asks it again."""

    def name(self) -> str:
        return "action_back"

    async def run(self, dispatcher, tracker, domain):
        slot = consultation.last_answered(form_state(tracker))
        if slot is None:
            dispatcher.utter_message(text=texts()["back_nothing"])
            return []
        dispatcher.utter_message(text=texts()["back_done"])
        events: list[EventType] = [SlotSet(slot, None), SlotSet(LAST_INTRO, None)]
        if tracker.active_loop_name != FORM:
            events.append(FollowupAction(FORM))
        return events


class ActionStopConsultation(Action):
    def name(self) -> str:
        return "action_stop_consultation"

    async def run(self, dispatcher, tracker, domain):
        dispatcher.utter_message(
            text="Goed, we stoppen hier. Je antwoorden zijn gewist. Je kunt altijd opnieuw "
            "beginnen. " + SAFETY_LINE
        )
        return [ActiveLoop(None), SlotSet("requested_slot", None)] + reset_events()


class ActionNextStep(Action):
    """"ja", "oké", "nee" outside the steps: say what can come next.

    After an outcome: the summary, a question, starting again or stopping.
    Before any steps: how to start."""

    def name(self) -> str:
        return "action_next_step"

    async def run(self, dispatcher, tracker, domain):
        _, intent, _ = _latest(tracker)
        t = texts()["next_step"]
        finished = plan(form_state(tracker)).outcome is not None
        if finished:
            text = t["after_outcome_no"] if intent == "deny" else t["after_outcome"]
            dispatcher.utter_message(text=text, buttons=AFTER_OUTCOME_BUTTONS)
        else:
            dispatcher.utter_message(text=t["before_start"], buttons=START_BUTTONS)
        return []
