"""Identifier-like digit runs and e-mail addresses, found by their structure wherever they stand.

A text is read through :mod:`disguise` (folded, number words and look-alikes as digits), then
every chain of digit groups joined by separators is tested: each contiguous part of a chain is
read as one number and judged by what an identifier *is* (a NIK: province code, regency,
district, birth date with 40 added for women, serial; a NIP: birth date, appointment month, sex,
serial; an Indonesian mobile or landline number; any other run of 15 or more digits typed as
one number), not by how it was written. Web addresses are read part by part: the host, each
path segment, and every query value and fragment as ordinary text, so that an article id in a
path is a number while a NIK or phone number in ``?nik=...`` is refused.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

from netralitas_study.validate.disguise import BREAK, break_dates, chains, digit_view, fold

LONG_DIGITS = 15
"""A run of this many digits typed as one number may be an ID (Excel rounds 18-digit NIPs to 15)."""

_NIK = re.compile(r"(1[1-9]|[2-9]\d)(?!00)\d\d(?!00)\d\d(0[1-9]|[12]\d|3[01]|4[1-9]|[56]\d|7[01])(0[1-9]|1[0-2])"
                  r"\d\d(?!0000)\d{4}")
_NIP = re.compile(r"(19[4-9]\d|20[0-2]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(19[6-9]\d|20[0-3]\d)(0[1-9]|1[0-2])"
                  r"[12]\d{3}")
_MOBILE = re.compile(r"(?:0|62)8[1-9]\d{7,11}")
_MOBILE_NO_ZERO = re.compile(r"8[1-9]\d{7,10}")
_LANDLINE = re.compile(r"(?:0|62)[2-79]\d{7,10}")
# a separator a person types inside one number (any run of spaces, '.', '-', '/', '_', brackets, '+');
# a list of numbers is written with ',', ';', ':', '|' or words between them
_TIGHT = re.compile(r"[\s.\-/_()\[\]+]*")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|wa\.me/)[^\s<>\"']+", re.IGNORECASE)


def _judge(digits: str, tight: bool, first_gap: str, single: bool) -> str | None:
    n = len(digits)
    if n == 16 and _NIK.fullmatch(digits):
        return "nik"
    if n == 18 and _NIP.fullmatch(digits):
        return "nip"
    if 10 <= n <= 15 and _MOBILE.fullmatch(digits):
        return "phone"
    if 9 <= n <= 12 and (tight or single) and _MOBILE_NO_ZERO.fullmatch(digits):
        return "phone"  # Excel dropped the leading zero of a number cell
    if 9 <= n <= 13 and (tight or single) and _LANDLINE.fullmatch(digits):
        return "phone"
    if n >= LONG_DIGITS and (tight or single):
        return "id_number"
    return None


def _chain_kinds(t: str, out: set[str], long_ok: bool = True) -> None:
    """Kinds found in the digit chains of a prepared text (added to ``out``)."""
    for chain in chains(t):
        groups = [g for _, g in chain]
        gaps = [gap for gap, _ in chain]
        for i in range(len(groups)):
            digits, tight = "", True
            for j in range(i, len(groups)):
                if j > i:
                    tight = tight and bool(_TIGHT.fullmatch(gaps[j]))
                digits += groups[j]
                if len(digits) > 20:
                    if long_ok and (tight or j == i):
                        out.add("id_number")
                    break
                kind = _judge(digits, tight, gaps[i], j == i)
                if kind == "id_number" and not long_ok and j > i:
                    kind = None
                if kind:
                    out.add(kind)


_NUMBER_WORD_HINT = re.compile(r"(?i:nol|kosong|zero|satu|one|dua|two|tiga|three|empat|four|lima|five|enam|six|"
                               r"tujuh|seven|delapan|eight|sembilan|nine)")


def count_digits(text: str) -> int:
    """How many ASCII digits ``text`` holds."""
    return sum(map(text.count, "0123456789"))


def digit_kinds(text: str, url_path: bool = False) -> set[str]:
    """Identifier kinds ('nik', 'nip', 'phone', 'id_number') in a folded text without web addresses."""
    if count_digits(text) < 5:  # look-alikes and number words need real digits beside them, or many words
        if not _NUMBER_WORD_HINT.search(text):
            return set()
    view = digit_view(text)
    if count_digits(view) < 9:
        return set()
    out: set[str] = set()
    _chain_kinds(break_dates(view), out, long_ok=not url_path)
    if "nip" not in out and "id_number" not in out:
        nip: set[str] = set()
        _chain_kinds(view, nip, long_ok=False)  # a NIP holds a birth date: read it across dates too
        out |= nip & {"nip"}
    return out


def url_parts(url: str) -> list[tuple[str, str]]:
    """The parts of a web address to scan: ('host'|'segment'|'text', text)."""
    try:
        parts = urlsplit(url if "://" in url else "http://" + url)
        host, path, query, fragment = parts.hostname or "", parts.path, parts.query, parts.fragment
        userinfo = parts.netloc.rsplit("@", 1)[0] if "@" in parts.netloc else ""
    except ValueError:
        return [("text", url)]
    out = [("host", h) for h in host.split(".")]
    out += [("segment", fold(s)) for s in path.split("/") if s]
    out += [("text", fold(v)) for pair in parse_qsl(query, keep_blank_values=True) for v in pair]
    if query and "=" not in query:
        out.append(("text", fold(query)))
    if fragment:
        out.append(("text", fold(fragment)))
    if userinfo:
        out.append(("text", fold(userinfo) + "@" + host))  # user@host is an e-mail address
    if "/" in path:  # a number split over path segments: joined across '/' once the dates are out
        out.append(("path", fold(path)))
    return out


def split_urls(text: str) -> tuple[str, list[str]]:
    """The text with each web address replaced by a boundary, and the addresses found."""
    if "://" not in text and "www." not in text.lower() and "wa.me" not in text.lower():
        return text, []
    urls = _URL.findall(text)
    return _URL.sub(f" {BREAK} ", text), urls


def _url_kinds(url: str, out: set[str]) -> None:
    for kind, part in url_parts(url):
        if kind == "host":
            out |= digit_kinds(part, url_path=False)
        elif kind == "segment":
            out |= digit_kinds(part, url_path=False)
        elif kind == "path":
            out |= digit_kinds(part, url_path=True) - {"id_number"}
        else:
            out |= text_kinds(part)
    if re.search(r"(?:wa\.me/|whatsapp\.com/send\?phone=|api\.whatsapp)", url, re.IGNORECASE) and re.search(r"\d{8,}", url):
        out.add("phone")


def text_kinds(text: str) -> set[str]:
    """Identifier and e-mail kinds in a folded text, web addresses read part by part."""
    plain, urls = split_urls(text)
    out = digit_kinds(plain)
    for url in urls:
        _url_kinds(url, out)
    if is_email(text):
        out.add("email")
    return out


# --- e-mail in any spelling ----------------------------------------------------------------------

_OPEN, _CLOSE = r"[\[({<\"'*]", r"[\])}>\"'*]"
_BRACKET_AT = rf"\s*{_OPEN}\s*(?:at|et|a|@)\s*{_CLOSE}\s*"
_SPOKEN_AT = r"\s+(?:at|et)\s+"
_SPOKEN_DOT = rf"(?:\s+(?:dot|titik)\s+|\s*{_OPEN}\s*(?:dot|titik|d0t|\.)\s*{_CLOSE}\s*)"
_ANY_DOT = rf"(?:{_SPOKEN_DOT}|\s*\.\s*)"
TLD = (r"(?:com|net|org|info|biz|edu|gov|mil|int|io|co|ac|go|or|sch|web|my|ponpes|desa|id|me|xyz|online|site|"
       r"[a-z]{2})")
MAIL_HOSTS = (r"(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|icloud|proton|protonmail|aol|yandex|"
              r"rocketmail)")
_LOCAL = r"[\w.+-]*\w"
_DOMAIN_ANY = rf"(?:(?:[\w-]+{_ANY_DOT})+{TLD}\b|{MAIL_HOSTS}\b)"
_DOMAIN_SPOKEN = rf"(?:(?:[\w-]+{_ANY_DOT})*[\w-]+{_SPOKEN_DOT}{TLD}\b|{MAIL_HOSTS}\b)"
_EMAIL_PLAIN = re.compile(r"\w\s*@\s*[\w-]")
_EMAIL_BRACKET = re.compile(rf"\w{_BRACKET_AT}{_DOMAIN_ANY}", re.IGNORECASE)
_EMAIL_SPOKEN = re.compile(rf"\w{_SPOKEN_AT}{_DOMAIN_SPOKEN}", re.IGNORECASE)
# "budi.s at bkd.go.id": a mailbox-like local part (with '.', '_', '+' or digits) before a plain domain
_EMAIL_SPOKEN_PLAIN = re.compile(rf"[\w+-]*[._+\d][\w.+-]*{_SPOKEN_AT}(?:[\w-]+\.)+{TLD}\b", re.IGNORECASE)
_MAYBE_EMAIL = re.compile(rf"@|{_OPEN}\s*(?:at|et|a)\s*{_CLOSE}|\s(?:at|et)\s", re.IGNORECASE)


def is_email(text: str) -> bool:
    """Whether a folded text holds an e-mail address, '@' written in any way ('(at)', '[a]', ' at ... dot ')."""
    if not _MAYBE_EMAIL.search(text):
        return False
    return bool(_EMAIL_PLAIN.search(text) or _EMAIL_BRACKET.search(text) or _EMAIL_SPOKEN.search(text)
                or _EMAIL_SPOKEN_PLAIN.search(text))
