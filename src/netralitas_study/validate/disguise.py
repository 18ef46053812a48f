"""Seeing through disguises by structure: what a text says once its spelling is undone.

The personal-data guard (:mod:`privacy`) never lists disguises; it reads every text the way a
reader would, in three steps:

* :func:`fold`: Unicode NFKC (full-width digits, '＠', circled and bold digits become ASCII),
  digits of any script as ASCII digits, invisible characters dropped, every space and dash
  alike, Cyrillic and Greek look-alikes of O and I as Latin, HTML character references and URL
  percent-escapes decoded (repeatedly: a double-encoded '%2540' is '@').
* :func:`digit_view`: number words (Indonesian and English: "nol delapan satu", "kosong",
  "eight") as digits, and letters that look like digits (O for 0, l and I for 1, S for 5, B for
  8, ...) as digits wherever they stand in a token that is otherwise made of digits, or next to
  one.
* :func:`chains`: digit groups joined by *any* run of characters that are neither letters nor
  digits (spaces, tabs, newlines, ',', ':', '|', '.', '-', '/', brackets), so that an
  identifier split in any way is read whole; whole dates stay apart from their neighbours.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote

BREAK = "\u241e"
"""A hard boundary no digit run is joined across (put where a date or a URL was)."""

_LOOKALIKE = {"О": "O", "о": "o", "Ο": "O", "ο": "o", "І": "I", "і": "i", "Ӏ": "I", "ǀ": "l", "ℓ": "l",
              "Ι": "I", "ı": "i", "ⅼ": "l", "Ⅰ": "I", "Ｏ": "O", "ｏ": "o"}


def _char(c: str) -> str:
    """One character as a reader sees it: any decimal digit as ASCII, invisible ones dropped, spaces as ' '."""
    if c.isascii():
        return c
    if c in _LOOKALIKE:
        return _LOOKALIKE[c]
    if c.isdecimal():
        return str(unicodedata.decimal(c))
    cat = unicodedata.category(c)
    if cat == "Cf":  # zero-width space/joiner, soft hyphen, BOM, direction marks
        return ""
    if cat.startswith("Z") or c.isspace() or cat in ("Co", "Cn", "Cs"):
        return " "
    if cat == "Pd":  # en dash, em dash, minus-like hyphens
        return "-"
    return c


_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """``text`` with HTML references decoded, Unicode folded and look-alikes made Latin (URL escapes kept)."""
    t = text
    for _ in range(3):  # double-encoded references ('&amp;#64;') unwrap in a few rounds
        if "&" not in t:
            break
        before, t = t, html.unescape(t)
        if t == before:
            break
    if t.isascii():
        return t
    return "".join(_char(c) for c in unicodedata.normalize("NFKC", t))


@lru_cache(maxsize=65536)
def decode(text: str) -> str:
    """:func:`fold` after URL percent-escapes are decoded (repeatedly: a double-encoded '%2540' is '@')."""
    t = text
    for _ in range(3):
        if "%" not in t or not _PERCENT.search(t):
            break
        t = unquote(t, errors="replace")
    return fold(t)


NUMBER_WORDS = {
    "nol": "0", "kosong": "0", "zero": "0", "nought": "0", "satu": "1", "one": "1", "dua": "2", "two": "2",
    "tiga": "3", "three": "3", "empat": "4", "four": "4", "lima": "5", "five": "5", "enam": "6", "six": "6",
    "tujuh": "7", "seven": "7", "delapan": "8", "eight": "8", "sembilan": "9", "nine": "9",
}
_NUMBER_WORD = re.compile(r"(?<![^\W\d_])(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")+"
                          r"(?![^\W\d_])", re.IGNORECASE)
_ONE_WORD = re.compile("|".join(sorted(NUMBER_WORDS, key=len, reverse=True)), re.IGNORECASE)

# letters read as digits inside a run of digits
HOMOGLYPHS = {"O": "0", "o": "0", "Q": "0", "D": "0", "l": "1", "I": "1", "i": "1", "L": "1", "Z": "2",
              "z": "2", "E": "3", "A": "4", "S": "5", "s": "5", "G": "6", "b": "6", "T": "7", "B": "8", "g": "9",
              "q": "9"}
_GLYPHS = "".join(HOMOGLYPHS)
_TOKEN = re.compile(r"[^\W_]+")
_ALL_GLYPHS = re.compile(rf"[{_GLYPHS}]+")
_HAS_GLYPH_AND_DIGIT = re.compile(rf"\d[{_GLYPHS}]|[{_GLYPHS}]\d")
_TRANS = str.maketrans(HOMOGLYPHS)
_GLYPH_TOKEN_NEAR_DIGIT = re.compile(rf"\d[\W_]+[{_GLYPHS}]+(?![^\W\d_])|(?<![^\W\d_])[{_GLYPHS}]+[\W_]+\d")


def has_number_word(text: str) -> bool:
    """Whether ``text`` may hold a number word (a fast superset: substrings, any case)."""
    low = text.lower()
    return any(w in low for w in NUMBER_WORDS)


def _number_words(t: str) -> str:
    return _NUMBER_WORD.sub(lambda m: _ONE_WORD.sub(lambda w: NUMBER_WORDS[w.group().lower()], m.group()), t)


_SCIENTIFIC = re.compile(r"(?<![\d.])(\d)[.,](\d+)[eE]\+?(\d\d)(?!\d)")


def digit_view(text: str) -> str:
    """Folded text with number words and digit look-alikes read as the digits they stand for.

    A number Excel shows in scientific notation (1.98001012005011E+17) is read as its digits.
    """
    t = _number_words(text) if has_number_word(text) else text
    if "E" in t or "e" in t:
        t = _SCIENTIFIC.sub(lambda m: m[1] + m[2], t)
    if not _HAS_GLYPH_AND_DIGIT.search(t) and not _GLYPH_TOKEN_NEAR_DIGIT.search(t):
        return t
    tokens = list(_TOKEN.finditer(t))
    digitish = []  # per token: digits and look-alikes only, with at least one digit
    for m in tokens:
        w = m.group()
        digitish.append(any(c.isdigit() for c in w) and not any(c.isalpha() and c not in HOMOGLYPHS for c in w))
    out, last = [], 0
    for i, m in enumerate(tokens):
        w = m.group()
        convert = digitish[i]
        if not convert and _ALL_GLYPHS.fullmatch(w):  # a token of look-alikes only, next to a run of digits
            convert = (i > 0 and digitish[i - 1] and not _gap_has_letters(t, tokens[i - 1].end(), m.start())) or (
                i + 1 < len(tokens) and digitish[i + 1] and not _gap_has_letters(t, m.end(), tokens[i + 1].start()))
        if convert:
            out.append(t[last:m.start()])
            out.append(w.translate(_TRANS))
            last = m.end()
    out.append(t[last:])
    return "".join(out)


def _gap_has_letters(t: str, a: int, b: int) -> bool:
    return any(c.isalnum() for c in t[a:b])


_DATE = re.compile(r"(?<!\d)(?:(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
                   r"|(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\2(?:19|20)\d\d)(?!\d)")
_GROUP = re.compile(r"\d+")


_TIME = re.compile(r"(?<![\d:])(?:[01]?\d|2[0-3]):[0-5]\d(?![\d:])")


def break_dates(t: str) -> str:
    """Whole dates (ISO or day/month/year) and clock times (08:00) replaced by :data:`BREAK`: never joined
    with the numbers around them."""
    if "-" in t or "/" in t or "." in t:
        t = _DATE.sub(BREAK, t)
    return _TIME.sub(BREAK, t) if ":" in t else t


def chains(t: str) -> list[list[tuple[str, str]]]:
    """Runs of digit groups joined by separators only: each chain a list of (separator before, digits)."""
    out: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    last = 0
    for m in _GROUP.finditer(t):
        gap = t[last:m.start()]
        if current and (BREAK in gap or any(c.isalpha() for c in gap)):
            out.append(current)
            current = []
        current.append((gap, m.group()))
        last = m.end()
    if current:
        out.append(current)
    return out
