"""One turn of the consultation: what a message answers, which slots that
sets, and what to say back. Plain Python, no Rasa.

The Rasa actions (actions/form.py, actions/start.py, ...) read the tracker
into a `Said` and the form's state (a dict of slot values), call a function
here, send the messages of the `Turn` and set its slots. Which question comes
next is `consultation.plan`'s business; the messages come from `messages`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from actions.meldcode import afweging, answers, consultation
from actions.meldcode import messages as say
from actions.meldcode.consultation import VOLUNTEER, plan
from actions.meldcode.organisations import Organisation
from actions.meldcode.sectors import detect_sector, is_volunteer, normalise

# Slots the consultation keeps for itself, beside the answers (domain.yml).
EXPLAINED = "uitleg_gegeven"  # questions whose explanation was shown after a first "twijfel"
LAST_INTRO = "laatste_intro"  # the step whose introduction was shown last
MISSES = "gemist"  # answers in a row that could not be read, for the open question
OFFERED = "aanbod_gedaan"  # the offer to go through the steps was made once


@dataclass(frozen=True)
class Said:
    """The user's latest message, as the actions read it from the tracker."""

    text: str = ""  # the words, already redacted; "" for a button payload
    intent: str | None = None
    choice: str | None = None  # the value a button sent (`choice`, or the `rol` of a start button)
    knowledge: str | None = None  # the knowledge answer the NLU picked ("question/..."), if any


@dataclass
class Turn:
    """What a turn sets (slot -> value) and says (messages, in order)."""

    slots: dict[str, Any] = field(default_factory=dict)
    messages: list[say.Message] = field(default_factory=list)


def answer(
    slot: str,
    said: Said,
    state: dict[str, Any],
    candidate: Any = None,
    explained: list[str] | None = None,
    misses: int = 0,
) -> Turn:
    """Read the message as the answer to `slot`.

    `state` holds the answers so far, `candidate` the value Rasa's slot mapping
    put in the slot, `explained` the questions already explained after a
    doubt, `misses` the answers in a row that could not be read.
    """
    text, intent, choice = said.text, said.intent, said.choice
    out: list[say.Message] = []
    state = dict(state)
    if candidate in consultation.allowed_values(slot) and not choice and normalise(text) != candidate:
        # Set by an action from what the user said (the opening, an earlier
        # answer): already read; the message is not an answer to this slot.
        text, intent = "", None
        choice = candidate

    # "nee, het gaat om een volwassene": a correction of what was taken earlier.
    if text and consultation.is_correction(text):
        fixed = consultation.also_said(text, state, overwrite=True)
        # only a change of something already taken is a correction; "het gaat om een collega" as the
        # first answer to "waar gaat je zorg over?" is just the answer
        if any(state.get(k) in consultation.allowed_values(k) and state.get(k) != v for k, v in fixed.items()):
            return Turn({**fixed, slot: fixed.get(slot), MISSES: None}, [say.corrected(fixed)])

    if intent == "danger_now":  # safety first: 112 and 0800-2000, then the answer if there is one
        out.append(say.response("utter_danger_now"))
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
        if said.knowledge:
            out.append(say.response(f"utter_{said.knowledge}"))
        if shaped and reading.by != "regel" and not starts_with_an_answer(slot, text):
            value = None
    if value is None:
        if asks or intent == "danger_now":
            return Turn({slot: None}, out)
        missed = misses + 1
        return Turn({slot: None, MISSES: float(missed)}, out + [say.not_understood(slot, missed)])

    note_before = consultation.told_note(state)
    also = consultation.also_answers(slot, value, text, choice)
    state.update({slot: value, **also})
    result: dict[str, Any] = {slot: value, **also, **also_volunteer, MISSES: None}
    if text:  # what else the message says ("al weken", "een oudere mevrouw")
        extra = {k: v for k, v in consultation.also_said(text, state, skip=slot).items() if k not in result}
        if extra:
            state.update(extra)
            result.update(extra)
            out.append(say.noted_with_hint(extra))

    explained = list(explained or [])
    q = consultation.question(slot)
    if value == afweging.TWIJFEL and "explain" in q and slot not in explained:
        # First doubt on an afwegingsvraag: explain it and ask once more.
        return Turn({slot: None, EXPLAINED: explained + [slot]}, out + say.explanation(slot))

    if value == afweging.NEE and "if_no" in q:
        out.append(say.question_note(slot, "if_no"))
    if value == "niet_veilig":
        out.append(say.question_note(slot, "if_unsafe"))
    note = consultation.told_note(state)
    if note and note != note_before:
        out.append(say.told_note(note))
    if slot.startswith("kc_"):
        current = plan(state)
        finished = current.outcome is not None or not (current.next_question or "").startswith("kc_")
        kc = consultation.kindcheck_result(state)
        if finished and kc:
            out.append(say.kindcheck_result(kc))
    if slot == afweging.VERMOEDEN and value == afweging.JA and consultation.disclosure(state):
        out.append(say.disclosure_note())
    return Turn(result, out)


def starts_with_an_answer(slot: str, text: str) -> bool:
    """ "ja, maar ..." / "verwaarlozing, maar ...": the part before the question answers it."""
    head = normalise(text).split("?")[0].split(",")[0].split(" maar ")[0]
    return head != normalise(text) and answers.read(slot, head).value is not None


def reset() -> dict[str, None]:
    """Every answer and the consultation's own bookkeeping cleared."""
    return {**{slot: None for slot in consultation.FORM_SLOTS}, EXPLAINED: None, LAST_INTRO: None, MISSES: None}


def start(said: Said, earlier: list[str], org: Organisation | None = None) -> Turn:
    """Start (or restart: intent `restart_consultation`) a consultation.

    Reads the sector and role from the message, or from `earlier` messages of
    this session (newest first; not across "opnieuw beginnen"), and what the
    opening already says: whom the worry is about, the signals, how often.
    The slots are set after `reset()`.

    An organisation (`org`, from its own file) says whose assistant this is;
    its sector stands in for the sector question when the message names none,
    and at a club (sector `vrijwilliger`) everyone takes the volunteer's path,
    with the kind of club already known.
    """
    turn = Turn()
    text = said.text
    if said.intent == "restart_consultation":
        turn.messages.append(say.restarted())
        text, earlier = "", []
    club = org is not None and org.sector == VOLUNTEER
    if said.choice == VOLUNTEER or is_volunteer(text) or club:
        # The volunteer's own path; its introduction comes with its first question.
        turn.slots["sector"] = VOLUNTEER
        turn.messages += say.welcome(org, sector_skipped=False)
        if org is not None:
            # where they volunteer is known: the club's kind, or an organisation with a meldcode
            where = org.club if club else "meldcode"
            if where:
                turn.slots["vw_organisatie"] = where
            if org.volunteer_contacts():
                turn.slots["vw_contactpersoon"] = afweging.JA
        if text:
            said_by_volunteer = consultation.volunteer_said(text)
            if "vw_organisatie" in turn.slots:  # the organisation's own file knows better
                said_by_volunteer.pop("vw_organisatie", None)
            turn.slots.update(said_by_volunteer)
        return turn
    turn.messages.append(say.start())
    turn.slots[LAST_INTRO] = "start"
    sector = detect_sector(text) or next((found for words in earlier if (found := detect_sector(words))), None)
    turn.messages += say.welcome(org, sector_skipped=sector is None and org is not None and org.sector is not None)
    if sector is None and org is not None:
        sector = org.sector
    if sector:
        turn.slots["sector"] = sector
    said_already = consultation.also_said(text, {"sector": sector}) if text else {}
    turn.slots.update(said_already)
    if said_already:
        turn.messages.append(say.noted_with_hint(said_already, first=True))
    return turn


def back(state: dict[str, Any]) -> Turn:
    """'terug': clear the last answer so the form asks it again."""
    slot = consultation.last_answered(state)
    if slot is None:
        return Turn({}, [say.back(cleared=False)])
    return Turn({slot: None, LAST_INTRO: None}, [say.back(cleared=True)])
