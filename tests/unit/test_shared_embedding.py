"""Each message is embedded once (#30): the NLU puts its embedding in the parse
data, and the action server takes it from there instead of computing it again."""

from __future__ import annotations

import numpy as np
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.tracker import known_embeddings, reusing_embeddings
from bot import text_models
from bot.text_models import DIMENSIONS, EMBEDDING_KEY, embed, pack, unpack
from tests.unit.test_nlu_linear import _example, _train


@pytest.fixture
def computed(monkeypatch):
    """The texts the encoder is really run on (the encoder itself is not needed)."""
    seen: list[str] = []

    def fake(texts: list[str]) -> np.ndarray:
        seen.extend(texts)
        return np.stack([np.full(DIMENSIONS, len(t), dtype=np.float32) for t in texts])

    monkeypatch.setattr(text_models, "_compute", fake)
    return seen


def vector(value: float) -> np.ndarray:
    return np.full(DIMENSIONS, value, dtype=np.float32)


def test_a_packed_embedding_comes_back_exactly():
    v = np.random.default_rng(1).standard_normal(DIMENSIONS).astype(np.float32)
    assert np.array_equal(unpack(pack(v)), v)
    assert len(pack(v)) == 2048  # 2 KB of parse data per message


@pytest.mark.parametrize(
    "bad",
    [None, 42, "", "not base64!", pack(np.zeros(DIMENSIONS - 1)), pack(vector(np.nan)), "A" * 10_000, ["x"]],
)
def test_anything_else_is_not_taken_for_an_embedding(bad):
    assert unpack(bad) is None


def test_a_known_embedding_is_not_computed_again(computed):
    with text_models.known_embeddings({"ja hoor": vector(7.0)}):
        got = embed(["ja hoor", "nee", "ja hoor"])
    assert computed == ["nee"]  # once, and only the unknown text
    assert np.array_equal(got[0], vector(7.0)) and np.array_equal(got[2], vector(7.0))
    embed(["ja hoor"])  # outside the block it is computed
    assert computed == ["nee", "ja hoor"]


def _tracker(events: list[dict], latest: dict) -> Tracker:
    return Tracker("t", {}, latest, events, False, None, {}, "action_listen")


def test_the_actions_read_the_embeddings_the_nlu_put_in_the_parse_data(computed):
    first = {"text": "al een paar maanden", EMBEDDING_KEY: pack(vector(1.0))}
    broken = {"text": "nee", EMBEDDING_KEY: "kapot"}
    latest = {"text": "verwaarlozing denk ik", EMBEDDING_KEY: pack(vector(3.0))}
    events = [{"event": "user", "text": d["text"], "parse_data": d} for d in (first, broken, latest)]
    known = known_embeddings(_tracker(events, latest))
    assert set(known) == {"al een paar maanden", "verwaarlozing denk ik"}  # the broken one is left out

    class Action:
        @reusing_embeddings
        async def run(self, dispatcher, tracker, domain):
            return embed(["verwaarlozing denk ik", "nee"]).tolist()

    import asyncio

    rows = asyncio.run(Action().run(CollectingDispatcher(), _tracker(events, latest), {}))
    assert rows[0] == vector(3.0).tolist()
    assert computed == ["nee"]  # the broken value was embedded again, the good one was not


def test_the_nlu_puts_each_messages_embedding_in_its_parse_data(tmp_path):
    examples = [_example(t, "affirm") for t in ("ja", "ja hoor", "jazeker", "klopt")]
    examples += [_example(t, "deny") for t in ("nee", "nee hoor", "zeker niet", "klopt niet")]
    loaded = _train(tmp_path, examples, embedding_share=0.5)
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "jahoor"})
    loaded.process([message])
    assert message.get("intent")["name"] == "affirm"
    packed = message.as_dict(only_output_properties=True)[EMBEDDING_KEY]  # what reaches the tracker
    assert np.allclose(unpack(packed), text_models._compute(["jahoor"])[0], atol=1e-6)
