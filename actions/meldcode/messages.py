"""What the assistant says in the consultation, assembled from the content
files. Plain Python, no Rasa.

A message is a dict with the keyword arguments of Rasa's
`dispatcher.utter_message`: `text` (and `buttons`), or `response` (a response
of domain.yml, such as `utter_danger_now`). The Rasa actions only send them.
The Dutch texts themselves are in actions/content/consultatie.yml; this module
decides which of them, filled in how, and in what order.
"""

from __future__ import annotations

from typing import Any

from actions.meldcode import afweging, consultation, content
from actions.meldcode import organisations as own
from actions.meldcode.content import consultation as texts
from actions.meldcode.content import with_sources
from actions.meldcode.organisations import Organisation
from actions.meldcode.sectors import SECTORS

Message = dict[str, Any]

_INTENT_PAYLOADS = {"ja": "/affirm", "nee": "/deny", "twijfel": "/unsure"}


def text(words: str, buttons: list[dict] | None = None) -> Message:
    """A text message, with buttons when given."""
    return {"text": words, "buttons": buttons} if buttons else {"text": words}


def response(name: str) -> Message:
    """A response of domain.yml (`utter_...`), sent as Rasa would send it."""
    return {"response": name}


def buttons(key: str) -> list[dict]:
    """A list of buttons from the content (fresh copies: the dispatcher keeps them)."""
    return [dict(b) for b in texts()[key]]


def safety_line(org: Organisation | None = None) -> str:
    """The safety line, written once for every channel in content/kanalen.yml;
    an organisation's regional Veilig Thuis comes after it, never before."""
    line = " ".join(content.load("kanalen")["veiligheid"].split())
    regional = own.regional_line(org)
    return f"{line} {regional}" if regional else line


# --- asking a question ----------------------------------------------------------


def step_of(slot: str) -> str:
    return str(texts()["questions"][slot]["step"])


def question_message(slot: str, state: dict[str, Any], org: Organisation | None = None) -> Message:
    """The text and buttons that ask `slot`; step 2 names the organisation's own contacts."""
    q = texts()["questions"][slot]
    sector = SECTORS.get(state.get("sector") or "")
    consult = own.consult_label(org) or (sector.consult if sector else "een collega")
    words = q["text"].format(consult=consult)
    words = " ".join(words.split())
    if q.get("yes_no"):
        options = buttons("yes_no_buttons") + _option_buttons(q.get("extra_options", {}))
    else:
        options = _option_buttons(q["options"])
    return text(words, options)


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


def ask(slot: str, state: dict[str, Any], last_intro: str | None, org: Organisation | None = None) -> list[Message]:
    """The messages that ask `slot`: its step's introduction the first time
    (`last_intro` is the step introduced last), with the organisation's own
    note for the step and, in step 2, its own contacts; notes that belong
    before the question; then the question with its buttons."""
    step = step_of(slot)
    t = texts()
    messages: list[Message] = []
    if last_intro != step:
        messages.append(text(step_intro(step, state)))
        if step == "2" and (consult := own.consult_line(org)):
            messages.append(text(consult))
        if step in ("1", "2", "3", "4") and (note := own.step_note(org, step)):  # "5": with the outcome
            messages.append(text(note))
        if step == "2" and state.get("signaal_soort") == "letsel":
            messages.append(text(with_sources(t["letselduiding_note"], t["letselduiding_sources"])))
    if slot == afweging.VEILIGHEID and consultation.own_account_of_adult(state):
        messages.append(text(with_sources(t["own_account_reminder"], t["own_account_sources"])))
    messages.append(question_message(slot, state, org))
    return messages


# --- reading an answer ------------------------------------------------------------


def noted(values: dict[str, str], first: bool = False) -> str:
    """One line that says what was taken from a message, in the summary's words
    ("Ik noteer ook: hoe vaak: vaker dan één keer."); `first`: from the opening message."""
    return texts()["noted_first" if first else "noted"].format(values=_taken(values))


def _taken(values: dict[str, str]) -> str:
    """ "hoe vaak: vaker dan één keer; zorg over: een oudere": the short label of
    each question (the part after the summary label's comma) and the answer."""
    labels = consultation.summary_texts()["labels"]
    return "; ".join(
        f"{labels[slot].split(', ')[-1].lower()}: {consultation.answer_label(slot, value)}"
        for slot, value in values.items()
        if slot in labels
    )


def noted_with_hint(values: dict[str, str], first: bool = False) -> Message:
    return text(noted(values, first) + " " + texts()["noted_hint"])


def corrected(values: dict[str, str]) -> Message:
    """The answer to a correction ("nee, het gaat om een volwassene")."""
    change = _taken(values) + "."
    return text(texts()["corrected"].format(change=change[:1].upper() + change[1:]))


def option_list(slot: str) -> str:
    """The titles of a question's buttons as a Dutch list: "'Ja', 'Nee' of 'Ik twijfel'"."""
    quoted = [f"'{title}'" for title in consultation.answer_titles(slot)]
    return ", ".join(quoted[:-1]) + " of " + quoted[-1] if len(quoted) > 1 else quoted[0]


def not_understood(slot: str, misses: int) -> Message:
    """Helpful, not repetitive, for the `misses`-th answer in a row that could
    not be read: first the question's own options, then the question in other
    words with a way out where the meldcode allows one, then a short nudge to
    the buttons; never the same reply three times."""
    t = texts()
    q = t["questions"][slot]
    turn = (misses - 1) % 3
    if turn == 0:
        return text(q.get("reprompt") or t["not_understood"].format(options=option_list(slot)))
    if turn == 1:
        explanation = q.get("uitleg") or q.get("explain") or t["not_understood_again"]
        words = " ".join(explanation.split())
        if consultation.skip_value(slot):
            words += " " + t["skip_hint"]
        return text(words)
    return text(t["not_understood_buttons"])


def explanation(slot: str) -> list[Message]:
    """After a first "twijfel" on an afwegingsvraag: what can help to answer it."""
    q = texts()["questions"][slot]
    return [text(texts()["explain_intro"]), text(with_sources(q["explain"], q.get("sources")))]


def question_note(slot: str, key: str) -> Message:
    """A note of the question itself (`if_no`, `if_unsafe`), with its sources."""
    q = texts()["questions"][slot]
    return text(with_sources(q[key], q.get("sources")))


def told_note(note: str) -> Message:
    told = texts()["told_notes"][note]
    return text(with_sources(told["text"], told["sources"]))


def kindcheck_result(result: str) -> Message:
    results = texts()["kindcheck_results"]
    return text(with_sources(results[result], results["sources"]))


def disclosure_note() -> Message:
    return text(with_sources(texts()["disclosure_note"], texts()["disclosure_sources"]))


# --- around the questions -----------------------------------------------------------


def start() -> Message:
    return text(" ".join(texts()["steps"]["start"]["text"].split()))


def welcome(org: Organisation | None, sector_skipped: bool) -> list[Message]:
    """Whose assistant this is (nothing without an organisation)."""
    words = own.welcome(org, sector_skipped)
    return [text(words)] if words else []


def restarted() -> Message:
    return text(texts()["restarted"])


def stopped(org: Organisation | None = None) -> Message:
    return text(texts()["stopped"] + " " + safety_line(org))


def summary(words: str | None) -> Message:
    """The summary, or what to do when there is nothing to summarise yet."""
    return text(words or texts()["summary_empty"])


def summary_of(state: dict[str, Any], org: Organisation | None = None) -> Message:
    """The anonymous summary of `state`, naming the organisation's own deciders."""
    volunteer = state.get("sector") == consultation.VOLUNTEER
    return summary(consultation.summary(state, own.summary_lines(org, volunteer)))


def offer() -> Message:
    return text(texts()["offer"]["text"], [dict(b) for b in texts()["offer"]["buttons"]])


def back(cleared: bool) -> Message:
    return text(texts()["back_done" if cleared else "back_nothing"])


def next_step(finished: bool, intent: str | None, last: str | None = None) -> Message:
    """ "ja", "oké", "nee" outside the steps: after an outcome, what can come
    next; before any steps, how to start. Said just before (`last`)? Then in
    other words, so the same reply never comes three times in a row."""
    t = texts()["next_step"]
    if finished:
        said = t["after_outcome_no"] if intent == "deny" else t["after_outcome"]
        return text(t["after_outcome_again"] if said == last else said, buttons("after_outcome_buttons"))
    return text(t["before_start_again"] if t["before_start"] == last else t["before_start"], buttons("start_buttons"))


def outcome_messages(state: dict[str, Any], outcome: str, org: Organisation | None = None) -> list[str]:
    """The texts that announce an outcome, in order; with an organisation, who
    decides and whom to inform there (a volunteer: the club's own contact)."""
    t = texts()
    if outcome in consultation.VOLUNTEER_OUTCOMES.values():
        o = t["outcomes"][outcome]
        messages = [with_sources(f"{o['title']}.\n{o['text']}", o.get("sources"))]
        notes = t["volunteer_notes"]
        if state.get("vw_organisatie") == "meldcode":
            messages.append(
                with_sources(notes["meldcode_organisatie"]["text"], notes["meldcode_organisatie"]["sources"])
            )
        if state.get("vw_organisatie") == "sport":
            messages.append(with_sources(notes["sport"]["text"], notes["sport"]["sources"]))
        if state.get("vw_verteld") == afweging.JA:
            messages.append(with_sources(notes["verteld"]["text"], notes["verteld"]["sources"]))
        if state.get("vw_contactpersoon") in (afweging.NEE, afweging.TWIJFEL):
            note = notes["geen_contactpersoon"]
            messages.append(with_sources(note["text"], note["sources"]))
        messages += own.volunteer_lines(org)
        messages.append(safety_line(org))
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
        decides = own.decides(org) or sector.decides
        messages.append(with_sources(t["decides_note"].format(decides=decides), t["decides_sources"]))
    messages += own.outcome_lines(org)
    messages.append(safety_line(org))
    return messages


def outcome(state: dict[str, Any], outcome_key: str, org: Organisation | None = None) -> list[Message]:
    """The outcome's messages; the last one carries what can come next as buttons."""
    words = outcome_messages(state, outcome_key, org)
    return [text(w) for w in words[:-1]] + [text(words[-1], buttons("after_outcome_buttons"))]
