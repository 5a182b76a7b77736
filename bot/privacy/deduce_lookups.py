"""deduce with its lookup lists in a compact form: the same finds, a fraction of the memory.

deduce holds its large lookup lists (streets, healthcare institutions, hospitals,
place names, first names, surnames, eponymous diseases) as ``LookupTrie``: a
Python object with its own dict for every token of every entry, 1.9 million
trie nodes and about 1 GB of RSS for ``Deduce()``. ``CompactLookupTrie`` holds
the same entries as strings of whole entries (a dict of next tokens only where
such a string would be long), about 40 MB, and answers
``longest_matching_prefix`` (all that deduce's ``MultiTokenLookupAnnotator``
asks of a trie) exactly as the trie does, walking the same path token by token.

The compact structures are made once from deduce's own ones and stored in
deduce's cache format in a folder of their own beside deduce's cache, so that
``Deduce(cache_path=...)`` loads them through deduce's own cache mechanism,
with deduce's own config and annotators. ``make setup`` builds them
(``python -m bot.privacy.deduce_lookups``); ``compact_deduce()`` builds them in
a child process when they are missing, so that the serving process never holds
deduce's full tries.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import deduce
import docdeid as dd
from deduce import Deduce
from deduce.lookup_structs import cache_lookup_structs, get_lookup_structs

log = logging.getLogger(__name__)

SEP = "\x00"  # between the tokens of one entry
END = "\n"  # around the entries in a node's string
LIMIT = 1024  # a node whose string would be longer is a dict of its next tokens instead
FORMAT = 1  # bump when CompactLookupTrie's layout changes

_LOOKUP_PATH = Path(deduce.__file__).parent / "data" / "lookup"
COMPACT_PATH = _LOOKUP_PATH / f"compact-{FORMAT}-{deduce.__version__}"
_CACHE_FILE = COMPACT_PATH / "cache" / "lookup_structs.pickle"  # where deduce looks for it
_ROOT = Path(__file__).resolve().parents[2]

Node = str | dict  # see CompactLookupTrie


def _entries(node: dd.ds.LookupTrie, path: str = "") -> list[str]:
    """Every entry below node, as its tokens joined by SEP ("" for node itself)."""
    out = [path] if node.is_terminal else []
    for token, child in node.children.items():
        if not token or SEP in token or END in token:
            raise ValueError(f"cannot store the lookup token {token!r} compactly")
        out.extend(_entries(child, f"{path}{SEP}{token}" if path else token))
    return out


def _compact(node: dd.ds.LookupTrie, shared: dict) -> Node:
    """A trie node as one string of its entries, or (when that is long) a dict of its next tokens.

    Equal subtrees ("Burg ..." and "burg ...") become one object.
    """
    text = END + END.join(sorted(_entries(node))) + END
    if text not in shared:
        if len(text) <= LIMIT:
            shared[text] = text
        else:
            out: dict[str, Node | bool] = {"": True} if node.is_terminal else {}
            for token, child in node.children.items():
                out[shared.setdefault(token, token)] = _compact(child, shared)
            shared[text] = out
    return shared[text]


def _same(token: str) -> str:
    return token


class CompactLookupTrie(dd.ds.LookupTrie):
    """A read-only LookupTrie in far fewer objects, with the same answers.

    ``children`` maps each entry's first token (after the matching pipeline, as
    in the trie) to a node, which is either
    * a string END + END.join(sorted rests) + END, a rest being the entry's
      further tokens joined by SEP and "" the tokens so far being an entry
      themselves: no token holds SEP or END, so ``END + rest + END in node``
      tells an entry and ``END + rest + SEP in node`` a longer one; or, when
      that string would be longer than LIMIT,
    * a dict of the next tokens to their nodes, the key "" (no token is empty)
      marking the tokens so far as an entry.
    Like a trie's node dict, ``children`` gives deduce the first tokens to look for.
    """

    def __init__(self, trie: dd.ds.LookupTrie, shared: dict | None = None) -> None:
        dd.ds.LookupStructure.__init__(self, matching_pipeline=trie.matching_pipeline)
        shared = {} if shared is None else shared  # one object per distinct string or subtree
        self.is_terminal = trie.is_terminal
        self.children: dict[str, Node] = {  # type: ignore[assignment]
            shared.setdefault(first, first): _compact(node, shared) for first, node in trie.children.items()
        }

    def add_item(self, item: list[str]) -> None:
        raise NotImplementedError("CompactLookupTrie is read-only: build it from a LookupTrie")

    def __contains__(self, item: list[str]) -> bool:
        if len(item) == 0:
            return self.is_terminal
        # as in LookupTrie.__contains__, the matching pipeline applies to the first token only
        match = self._longest([self._apply_matching_pipeline(item[0]), *item[1:]], 0, _same)
        return match is not None and len(match) == len(item)

    def longest_matching_prefix(self, item: list[str], start_i: int = 0) -> list[str] | None:
        """The same answer as LookupTrie.longest_matching_prefix: the same walk, token by token."""
        return self._longest(item, start_i, self._apply_matching_pipeline)

    def _longest(self, item: list[str], start_i: int, pipe: Callable[[str], str]) -> list[str] | None:
        if start_i >= len(item):
            return None
        head = pipe(item[start_i])
        node = self.children.get(head)
        matched, longest = [head], 0
        while isinstance(node, dict):
            if "" in node:  # the tokens so far are an entry
                longest = len(matched)
            if start_i + len(matched) >= len(item):
                return matched[:longest] or None
            token = pipe(item[start_i + len(matched)])
            node = node.get(token) if token else None
            matched.append(token)
        if node is None:  # the last token matched nothing
            return matched[:longest] or None
        path, depth = "", len(matched)  # walk on inside the node's string
        while True:
            if f"{END}{path}{END}" in node:
                longest = len(matched)
            if start_i + len(matched) >= len(item):
                break
            token = pipe(item[start_i + len(matched)])
            if not token or SEP in token or END in token:
                break
            longer = f"{path}{SEP}{token}" if len(matched) > depth else token
            if f"{END}{longer}{END}" not in node and f"{END}{longer}{SEP}" not in node:
                break
            matched.append(token)
            path = longer
        return matched[:longest] or None


def entries(trie: dd.ds.LookupTrie):
    """Every entry of a (compact) lookup trie, as its list of tokens."""
    if not isinstance(trie, CompactLookupTrie):
        yield from (e.split(SEP) for e in _entries(trie))
        return

    def walk(node: Node, path: list[str]):
        if isinstance(node, str):
            for rest in node[1:-1].split(END):
                yield path + (rest.split(SEP) if rest else [])
        else:
            for token, child in node.items():
                if token == "":
                    yield path
                else:
                    yield from walk(child, path + [token])

    for first, node in trie.children.items():
        yield from walk(node, [first])


def compact_structs(structs: dd.ds.DsCollection) -> dd.ds.DsCollection:
    """deduce's lookup structures with every LookupTrie made compact (the sets are small)."""
    shared: dict = {}
    out = dd.ds.DsCollection()
    for name, struct in structs.items():
        out[name] = CompactLookupTrie(struct, shared) if isinstance(struct, dd.ds.LookupTrie) else struct
    return out


def cache_is_fresh() -> bool:
    """The compact cache exists and is newer than deduce's source lists (deduce's own rule)."""
    if not _CACHE_FILE.exists():
        return False
    built = _CACHE_FILE.stat().st_mtime
    return all(f.stat().st_mtime <= built for f in (_LOOKUP_PATH / "src").glob("**/*"))


def build() -> None:
    """Load (or build and cache) deduce's own lookup structures, store their compact form.

    Holds deduce's full structures (about 1 GB): run it in its own process.
    """
    full = get_lookup_structs(
        lookup_path=_LOOKUP_PATH,
        cache_path=_LOOKUP_PATH,
        tokenizer=Deduce._initialize_tokenizer(_LOOKUP_PATH),
        deduce_version=deduce.__version__,
    )
    compact = compact_structs(full)
    del full
    _CACHE_FILE.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=_CACHE_FILE.parent) as tmp:
        cache_lookup_structs(compact, Path(tmp), deduce.__version__)  # deduce's cache format
        os.replace(Path(tmp) / "cache" / _CACHE_FILE.name, _CACHE_FILE)  # readers see all or nothing


def compact_deduce() -> Deduce:
    """Deduce with the base config, its lookup structures loaded from the compact cache."""
    if not cache_is_fresh():
        log.info("Building deduce's compact lookup structures (once; minutes on a fresh install)")
        subprocess.run(
            [sys.executable, "-m", "bot.privacy.deduce_lookups"], cwd=_ROOT, check=True, stdout=subprocess.DEVNULL
        )  # stdout may be someone's output (python -m bot redact)
    model = Deduce(cache_path=COMPACT_PATH)
    full = [
        name
        for name, s in model.lookup_structs.items()
        if isinstance(s, dd.ds.LookupTrie) and not isinstance(s, CompactLookupTrie)
    ]
    if full:
        raise RuntimeError(f"deduce loaded full lookup tries {full} from {COMPACT_PATH}: remove that folder")
    return model


if __name__ == "__main__":
    from bot.privacy import deduce_lookups  # pickle the class under its module name, not __main__

    logging.disable(logging.INFO)  # deduce's own "please wait" message
    deduce_lookups.build()
    size = _CACHE_FILE.stat().st_size / 2**20
    print(f"deduce's compact lookup structures: {_CACHE_FILE} ({size:.0f} MB)")
