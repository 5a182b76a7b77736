"""Make the word and name lists in bot/privacy/data/ (run by hand; the results are committed).

    python -m bot.privacy.build_lists [/usr/share/dict/nederlands]

* ``woorden.txt.gz``: ordinary Dutch words, every lower-case entry of the
  OpenTaal word list (Debian's ``wdutch``; BSD or CC BY 3.0, see data/README.md):
  about 356,000 forms, inflections included. Proper nouns are capitalised
  there and so left out.
* ``voornamen.txt.gz``, ``achternamen.txt.gz``: first names and surname tokens,
  lower case: deduce's own lists (less deduce's exceptions) and the Latin-script
  person names of the Faker locales of the people this assistant's users meet.

The redactor reads these with ``bot.privacy.lexicon``; nothing here runs at
serving time.
"""

from __future__ import annotations

import gzip
import importlib
import re
import sys
import unicodedata
from pathlib import Path

import deduce

DATA = Path(__file__).parent / "data"
_SRC = Path(deduce.__file__).parent / "data" / "lookup" / "src" / "names"
LOCALES = (
    "nl_NL nl_BE en_US en_GB en_IN en_KE de_DE fr_FR tr_TR pl_PL id_ID es_ES it_IT pt_PT ro_RO tw_GH hr_HR cs_CZ az_AZ"
).split()
_TOKEN = re.compile(r"^[^\W\d_]+(?:['-][^\W\d_]+)*$")
_PARTICLES = frozenset("van de der den ter ten te het in op 't la le du da di dos del von zu y e".split())


def _norm(s: str) -> str:
    return unicodedata.normalize("NFC", s.strip()).lower()


def _lines(path: Path) -> set[str]:
    return {_norm(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()} if path.exists() else set()


def _write(name: str, items: set[str]) -> None:
    with gzip.GzipFile(DATA / name, "wb", compresslevel=9, mtime=0) as f:  # same bytes for the same list
        f.write(("\n".join(sorted(items)) + "\n").encode("utf-8"))
    print(f"{name}: {len(items)}")


def _faker(attrs: tuple[str, ...]) -> set[str]:
    out: set[str] = set()
    for loc in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{loc}").Provider
        for attr in attrs:
            try:
                out |= {_norm(x) for x in getattr(provider, attr, ()) or ()}
            except TypeError:  # a property on this locale
                pass
    return out


def _tokens(names: set[str], keep_particles: bool = False) -> set[str]:
    out = set()
    for name in names:
        for tok in name.replace("-", " ").split() if not keep_particles else name.split():
            if _TOKEN.match(tok) and tok not in _PARTICLES and all(ord(c) < 0x250 for c in tok):
                out.add(tok)
    return out


def main(wordlist: str = "/usr/share/dict/nederlands") -> None:
    DATA.mkdir(exist_ok=True)
    words = {unicodedata.normalize("NFC", w.strip()) for w in open(wordlist, encoding="utf-8")}
    _write("woorden.txt.gz", {w for w in words if w and w == w.lower() and _TOKEN.match(w)})
    first = _lines(_SRC / "lst_first_name" / "items.txt") - _lines(_SRC / "lst_first_name" / "exceptions.txt")
    first |= _faker(("first_names", "first_names_male", "first_names_female"))
    _write("voornamen.txt.gz", _tokens(first, keep_particles=True) | {f for f in first if _TOKEN.match(f)})
    sur = _lines(_SRC / "lst_surname" / "items.txt") - _lines(_SRC / "lst_surname" / "exceptions.txt")
    sur |= _lines(_SRC / "lst_interfix_surname" / "items.txt") - _lines(
        _SRC / "lst_interfix_surname" / "exceptions.txt"
    )
    sur |= _faker(("last_names",))
    _write("achternamen.txt.gz", _tokens(sur))


if __name__ == "__main__":
    main(*sys.argv[1:])
