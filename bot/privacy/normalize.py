"""Text as typed or pasted, made uniform for the redactor, with a map back to the original.

NFKC (full-width digits, ligatures, non-breaking and other odd spaces become
plain ones; decomposed accents are composed), zero-width characters and soft
hyphens out, curly quotes and dashes to their plain forms. Every character of
the result remembers the stretch of the original it came from, so a span found
in the normalised text can be cut from the original, and the user's other text
is kept as typed.
"""

from __future__ import annotations

import unicodedata

# dropped: soft hyphen, zero-width space/joiners, word joiner, BOM, Mongolian vowel separator
_DROP = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff\u180e\u200e\u200f")
_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "`": "'",
    "\u00b4": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u00b7": " ",
    "\u2022": " ",
    "\t": " ",
}


def normalise(text: str) -> tuple[str, list[int], list[int]]:
    """(normalised text, starts, ends): character i of the result comes from text[starts[i]:ends[i]]."""
    if text.isascii() and "`" not in text and "\t" not in text:
        n = len(text)
        return text, list(range(n)), list(range(1, n + 1))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _DROP:
            i += 1
            continue
        j = i + 1
        cluster = _MAP.get(c, c)
        while j < n and (unicodedata.combining(text[j]) or text[j] in _DROP):  # a base and its accents
            if text[j] not in _DROP:
                cluster += text[j]
            j += 1
        piece = unicodedata.normalize("NFKC", cluster)
        piece = "".join(_MAP.get(ch, ch) for ch in piece)
        for ch in piece:
            out.append(" " if ch.isspace() and ch != "\n" else ch)
            starts.append(i)
            ends.append(j)
        i = j
    return "".join(out), starts, ends
