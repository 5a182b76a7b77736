"""Word and name lists for the redactor's casual-text rules, held compactly.

* ordinary Dutch words (OpenTaal, 356,000 forms): only their hashes, in one
  sorted array (under 3 MB), looked up by bisection;
* first names and surname tokens (deduce's lists and Faker's, lower case), as sets;
* place names (deduce's list), lower case, whole entries.

See build_lists.py for where the lists come from.
"""

from __future__ import annotations

import gzip
import re
from array import array
from bisect import bisect_left
from pathlib import Path

DATA = Path(__file__).parent / "data"


def _read(name: str) -> list[str]:
    with gzip.open(DATA / name, "rb") as f:
        return f.read().decode("utf-8").split()


class WordSet:
    """Membership of a large word list through the words' hashes (no string kept)."""

    def __init__(self, words: list[str]) -> None:
        import numpy as np

        hashes = np.fromiter(map(hash, words), dtype=np.int64, count=len(words))
        hashes.sort()
        self._hashes = array("q", hashes.tobytes())

    def __contains__(self, word: str) -> bool:
        h = hash(word)
        i = bisect_left(self._hashes, h)
        return i < len(self._hashes) and self._hashes[i] == h

    def __len__(self) -> int:
        return len(self._hashes)


# Words that are not in the word list but ordinary in chat about a worry:
# chat spellings, abbreviations of the field, English words people use.
EXTRA_WORDS = set(
    """
zn mn m'n z'n d'r ff ok oke oké okee okey ipv iig idd wrs sws mss gwn nie ie t 's tis tie hoi hai doei
doeg thx pls plz ofzo enzo enz evt bijv bv ivm mbt tav nav ovb aub svp zsm dwz oa ca vs etc nvt tzt
ib ibber ib'er ib-er ib'ers pm'er pm'ers pmer bso kdv psz vve sbo so vso isk amv nt2 ggz ggd seh cjg jgz
vt amk rvdk wmo pgb poh praktijkondersteuner ouderling havo vwo vmbo mavo mbo hbo wo gym pabo
smiddags savonds sochtends snachts gister gisteravond perse appje appjes appt appen app gapt
jeugdconsulent casusregisseur zorgteam zorgmelding thuisadministratie groepsapp signalen-overzicht
spelertjes meiden jongens klasgenootje klasgenootjes kindje kindjes tienermoeder mentorklas plusklas
kleutergroep brugklas middenbouw onderbouw bovenbouw onderwijsassistent oppasmoeder welpen
sorry cool chill random nice oké lol omg wtf echt heel morning after pil pilletje
dankje dankjewel danku bedankt thanks thnx tnx hey hallo hoii hmm hmmm hm uhm uh ehm eh nou tja jep jup nope yes
yep oeps ah oh okido prima top super jeetje joh gewoon excel word powerpoint teams outlook google gmail hotmail
nederland holland europa belgië belgie duitsland frankrijk spanje italië engeland polen turkije marokko
suriname syrië eritrea somalië afghanistan irak iran oekraïne roemenië bulgarije portugal griekenland
vlaanderen friesland drenthe overijssel gelderland flevoland zeeland brabant noord-brabant noord-holland
zuid-holland limburg twente veluwe randstad achterhoek france
nederlands engels duits frans turks arabisch pools marokkaans surinaams somalisch tigrinya spaans italiaans
portugees russisch oekraïens roemeens bulgaars berbers koerdisch farsi dari hindi papiaments antilliaans
hagro haweb poh-ggz huisartsengroep
""".split()
)


class Lexicon:
    def __init__(self, place_entries=()) -> None:
        words = _read("woorden.txt.gz")
        self.words = WordSet(words)
        del words
        self.first = frozenset(_read("voornamen.txt.gz"))
        self.surname = frozenset(_read("achternamen.txt.gz"))
        # "'s - heerenberg" (deduce's tokens) as the redactor's tokens see it: "s-heerenberg"
        self.places = frozenset(re.sub(r"\s*-\s*", "-", p).lstrip("' ") for p in place_entries)

    def is_word(self, low: str) -> bool:
        return low in EXTRA_WORDS or low in self.words


_lexicon: Lexicon | None = None


def lexicon(place_entries=()) -> Lexicon:
    global _lexicon
    if _lexicon is None:
        _lexicon = Lexicon(place_entries)
    return _lexicon
