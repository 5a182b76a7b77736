"""What the actions read from Rasa's tracker, and how they answer through it.

Shared by the actions in this package: the form's state, the latest message
as a `turns.Said`, the user's earlier messages, and sending a `turns.Turn`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.meldcode import organisations
from actions.meldcode.consultation import FORM_SLOTS
from actions.meldcode.organisations import Organisation
from actions.meldcode.turns import Said, Turn
from bot import text_models

FORM = "meldcode_form"
# The key of the organisation whose assistant this conversation is, put in every
# message's metadata by the web channel (bot/channels/web.py); absent: generic.
ORGANISATION = "organisation"


def form_state(tracker: Tracker) -> dict[str, Any]:
    """The answers so far: every question of the form, None where not answered."""
    return {slot: tracker.get_slot(slot) for slot in FORM_SLOTS}


def said(tracker: Tracker) -> Said:
    """The latest message: its words (not a button payload), intent, button value,
    and the knowledge answer the NLU selected for a question."""
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
    selector = (msg.get("response_selector") or {}).get("question") or {}
    knowledge = (selector.get("response") or {}).get("intent_response_key")
    return Said(text, intent, choice, knowledge or None)


def organisation(tracker: Tracker) -> Organisation | None:
    """The organisation of this conversation, read from its file now (a change
    needs no retraining), or None: the generic assistant."""
    metadata = (tracker.latest_message or {}).get("metadata") or {}
    return organisations.get(metadata.get(ORGANISATION)) if isinstance(metadata, dict) else None


def earlier_texts(tracker: Tracker) -> list[str]:
    """The user's earlier messages of this session (already redacted), newest first,
    only those since the last consultation ended."""
    texts_seen = []
    for event in reversed(tracker.events[:-1] if tracker.events else []):
        if event.get("event") == "session_started" or (
            event.get("event") == "action"
            and event.get("name")
            in ("action_start_consultation", "action_stop_consultation", "action_consultation_outcome")
        ):
            break
        if event.get("event") == "user" and (event.get("text") or "").strip()[:1] not in ("/", ""):
            texts_seen.append(event["text"])
    latest = (tracker.latest_message or {}).get("text")
    return texts_seen[1:] if texts_seen and texts_seen[0] == latest else texts_seen


def last_bot_text(tracker: Tracker) -> str | None:
    """The text of the assistant's last message, to avoid saying the same thing again."""
    for event in reversed(tracker.events):
        if event.get("event") == "bot" and event.get("text"):
            return event["text"]
    return None


def slot_events(values: dict[str, Any]) -> list[EventType]:
    return [SlotSet(slot, value) for slot, value in values.items()]


def send(dispatcher: CollectingDispatcher, turn: Turn) -> list[EventType]:
    """Send the turn's messages, in order; the events that set its slots."""
    for message in turn.messages:
        dispatcher.utter_message(**message)
    return slot_events(turn.slots)


def known_embeddings(tracker: Tracker) -> dict[str, np.ndarray]:
    """The embeddings the NLU computed for the user's messages of this tracker (text -> vector).

    A value that is not a valid embedding is left out: that text is embedded again.
    """
    known: dict[str, np.ndarray] = {}
    for event in tracker.events or []:
        if event.get("event") != "user":
            continue
        data = event.get("parse_data") or {}
        text = event.get("text") or data.get("text")
        vector = text_models.unpack(data.get(text_models.EMBEDDING_KEY)) if isinstance(data, dict) else None
        if isinstance(text, str) and vector is not None:
            known[text] = vector
    latest = tracker.latest_message or {}
    vector = text_models.unpack(latest.get(text_models.EMBEDDING_KEY))
    if isinstance(latest.get("text"), str) and vector is not None:
        known[latest["text"]] = vector
    return known


def reusing_embeddings(run: Callable) -> Callable:
    """An action's `run` that takes the NLU's embeddings of the user's messages
    instead of computing them again (a third of the action server's time)."""

    @functools.wraps(run)
    async def wrapper(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]):
        with text_models.known_embeddings(known_embeddings(tracker)):
            return await run(self, dispatcher, tracker, domain)

    return wrapper
