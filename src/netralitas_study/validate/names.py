"""Person names in free text, by one rule for every field and every case.

A word is *known* when the lexicon (``lexicon.txt``: positions, forms of address, place
markers, institutions, places, common Indonesian and English words, plus every word of the
codebook's vocabulary labels) or the coder's ``privacy-allow.txt`` holds it; any other word is
*unknown*. A name is:

* an unknown word right after a position, a form of address or a word that introduces a name
  ("Camat Budi", "camat budi", "CAMAT BUDI", "Terlapor: Budi", "atas nama budi", "Sdr. Joko",
  "Camat/Budi", "CamatBudi"), punctuation allowed in between; an all-capital word there counts
  unless it reads as an acronym (no vowel, or three consonants in a row: "Kepala BKPSDM");
* a capitalised unknown word anywhere later in a phrase that has such a word ("Kepala Dinas
  Pendidikan Ahmad"), or right after a comma that ends one ("Sekda Jambi, Sudirman");
* two unknown name-shaped words in a row in one phrase ("Budi Santoso"), or one next to an
  initial ("B. Santoso", "Budi S."): capitalised, or, in a text written all in capitals, any.

After a place marker ("Kecamatan", "Desa", "Kota") the next unknown word is the place's name,
never a person's; the word after it is read afresh, and as a person's name when a position
came before ("Kepala Desa Sukamaju Budi"). Balinese birth-order names (Wayan, Putu, Ketut...)
are read like forms of address, so that the press's "Putu A" (a name reduced to an initial)
passes and "Putu Budi" does not. What no rule can see: a lone unknown word with no position
before it, and an all lower-case name with none ("budi santoso").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*\.?")
_VOWELS = set("aeiouyAEIOUY")
TRIGGERS = ("position", "honorific", "introducer")


@dataclass(frozen=True)
class NameHit:
    """Where a name was seen: the known word that announced it (or '' for two unknown words) and the word itself."""

    after: str
    word: str

    def masked(self) -> str:
        """The flagged word as it may be shown: its first letter and its length, never the word."""
        core = self.word.rstrip(".")
        return f"{core[0]}{'…'}{len(core)}"


def _acronym(core: str) -> bool:
    """An all-capital word read as an acronym: no vowel, or three consonants in a row (BKPSDM, DPRD)."""
    if not any(c in _VOWELS for c in core):
        return True
    run = 0
    for c in core:
        run = 0 if c in _VOWELS else run + 1
        if run >= 3:
            return True
    return False


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_TRIGGER_GAP = re.compile(r"(?:[^\w\n.;!?]|_|\.\.+)*")  # punctuation after a position ("Camat: Budi", "Camat/Budi", "camat 'Budi'")


def find_name(text: str, lexicon: dict[str, str], allow: Iterable[str] = ()) -> NameHit | None:
    """The first name-like sequence in a folded ``text``, or None (see the module's rule)."""
    allowed = allow if isinstance(allow, (set, frozenset)) else {a.lower() for a in allow}
    words = _WORD.findall(text)
    if all(len(w.rstrip(".")) < 2 or w.lower().rstrip(".") in lexicon or w.lower().rstrip(".") in allowed
           for w in words) and not any(w[:1].isupper() and len(w) == 2 and w[1] == "." for w in words):
        return None  # every word known, no initial (the common case): no name can be there
    if _CAMEL.search(text):
        text = _CAMEL.sub(" ", text)  # "CamatBudi" is two words
    shouting = not any(c.islower() for c in text)
    prev_end, prev_unknown, prev_initial, place_left = -1, False, False, False
    titled, adjacent, apposition = "", "", ""  # the trigger of this phrase / right before / before a comma
    for m in _WORD.finditer(text):
        word = m.group()
        core = word.rstrip(".")
        key = core.lower()
        gap = text[prev_end:m.start()] if prev_end >= 0 else "|"
        g = gap.strip()
        same_phrase = g in ("", ".") and "\n" not in gap
        if adjacent and not same_phrase and not (_TRIGGER_GAP.fullmatch(g) and "\n" not in gap):
            adjacent = ""
        apposition = titled if (not same_phrase and g == "," and titled) else ""
        if not same_phrase:
            prev_unknown, prev_initial, place_left = False, False, False
            if not adjacent:
                titled = ""
        section = lexicon.get(key)
        initial = len(core) == 1 and core.isupper() and word.endswith(".")
        unknown = section is None and key not in allowed and len(core) >= 2
        upper = core.isupper()
        acronym = upper and not shouting and _acronym(core)
        shaped = unknown and not acronym and (core[0].isupper() or shouting)
        if unknown and place_left:
            place_left, unknown, shaped = False, False, False  # the place's own name ("Kecamatan Sukajadi")
            if titled:
                adjacent = titled  # "Kepala Desa Sukamaju budi": the next word is the person
                prev_end = m.end()
                continue
        elif section == "place_marker":
            place_left = True
        if unknown and not acronym and (adjacent or (titled and shaped)):
            return NameHit(adjacent or titled, word)
        if shaped and (apposition or prev_unknown or prev_initial):
            return NameHit(apposition, word)
        if initial and prev_unknown:
            return NameHit("", word)  # "Budi S."
        prev_unknown, prev_initial = shaped, initial
        if section in TRIGGERS:
            titled = adjacent = key
        else:
            adjacent = ""
        prev_end = m.end()
    return None
