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

from netralitas_study.validate.disguise import BREAK, break_dates, chains, decode, digit_view, has_number_word

LONG_DIGITS = 12
"""A run of this many digits typed as one number may be an ID (a bank account, BPJS, SIM, NPWP; Excel rounds
18-digit NIPs to 15), unless it is an amount grouped in thousands ('Rp1.250.000.000.000')."""
LONG_DIGITS_URL = 15
"""In a web address's path segment: article ids and time stamps run to 14 digits."""
_YEAR = re.compile(r"(?:19|20)\d\d")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d{1,3}(?:,\d{3})+(?:\.\d+)?")

_NIK = re.compile(r"(1[1-9]|[2-9]\d)(?!00)\d\d(?!00)\d\d(0[1-9]|[12]\d|3[01]|4[1-9]|[56]\d|7[01])(0[1-9]|1[0-2])"
                  r"\d\d(?!0000)\d{4}")
_NIP = re.compile(r"(19[4-9]\d|20[0-2]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(19[6-9]\d|20[0-3]\d)(0[1-9]|1[0-2])"
                  r"[12]\d{3}")
_MOBILE = re.compile(r"(?:0|62)8[1-9]\d{7,11}")
_MOBILE_NO_ZERO = re.compile(r"8[1-9]\d{7,10}")
_LANDLINE = re.compile(r"(?:0|62)[2-79]\d{7,10}")
# a separator a person types inside one number (any run of spaces, tabs, '.', '-', '/', '_', '|', ':', brackets,
# '+', or a comma alone); a list of numbers is written with ', ', ';', a new line or words between them
_TIGHT = re.compile(r"[ \t.\-/_()\[\]+|:#~*\\]*|,")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.|wa\.me/)[^\s<>\"']+", re.IGNORECASE)


def _judge(digits: str, tight: bool, first_gap: str, single: bool, long_at: int = LONG_DIGITS) -> str | None:
    n = len(digits)
    if n == 16 and _NIK.fullmatch(digits):
        return "nik"
    if n == 18 and _NIP.fullmatch(digits):
        return "nip"
    if 10 <= n <= 15 and _MOBILE.fullmatch(digits):
        return "phone"
    if 10 <= n <= 15 and first_gap.rstrip(" (").endswith("+") and tight:
        return "phone"  # any international number: '+1 415 555 0100', '+44 20 7946 0958'
    if 9 <= n <= 12 and (tight or single) and _MOBILE_NO_ZERO.fullmatch(digits):
        return "phone"  # Excel dropped the leading zero of a number cell
    if 9 <= n <= 13 and (tight or single) and _LANDLINE.fullmatch(digits):
        return "phone"
    if n >= long_at and (tight or single):
        return "id_number"
    return None


def _chain_kinds(t: str, out: set[str], long_ok: bool = True, long_at: int = LONG_DIGITS) -> None:
    """Kinds found in the digit chains of a prepared text (added to ``out``)."""
    for chain in chains(t):
        groups = [g for _, g in chain]
        gaps = [gap for gap, _ in chain]
        for i in range(len(groups)):
            digits, raw, tight = "", "", True
            for j in range(i, len(groups)):
                if j > i:
                    tight = tight and bool(_TIGHT.fullmatch(gaps[j]))
                    raw += gaps[j]
                digits += groups[j]
                raw += groups[j]
                kind = _judge(digits, tight, gaps[i], j == i, long_at)
                if kind == "id_number" and ((not long_ok and j > i) or _THOUSANDS.fullmatch(raw)
                                            or (j > i and all(_YEAR.fullmatch(g) for g in groups[i:j + 1]))):
                    kind = None  # an amount written in thousands, or a list of years, is no identifier
                if kind:
                    out.add(kind)
                if len(digits) > 20:
                    break


def count_digits(text: str) -> int:
    """How many ASCII digits ``text`` holds."""
    return sum(map(text.count, "0123456789"))


def digit_kinds(text: str, url_path: bool = False, long_at: int = LONG_DIGITS) -> set[str]:
    """Identifier kinds ('nik', 'nip', 'phone', 'id_number') in a folded text without web addresses."""
    if count_digits(text) < 5 and not has_number_word(text):
        return set()  # look-alikes need real digits beside them: fewer than 5 cannot make an identifier
    view = digit_view(text)
    if count_digits(view) < 9:
        return set()
    out: set[str] = set()
    _chain_kinds(break_dates(view), out, long_ok=not url_path, long_at=long_at)
    if "nip" not in out:
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
    out += [("segment", decode(s)) for s in path.split("/") if s]
    out += [("text", decode(v)) for pair in parse_qsl(query, keep_blank_values=True) for v in pair]
    if query and "=" not in query:
        out.append(("text", decode(query)))
    if fragment:
        out.append(("text", decode(fragment)))
    if userinfo:
        out.append(("text", decode(userinfo) + "@" + host))  # user@host is an e-mail address
    if "/" in path:  # a number split over path segments: joined across '/' once the dates are out
        out.append(("path", decode(path)))
    if ";" in path:  # matrix parameters: ';nik=...'
        out += [("text", decode(p)) for p in path.split(";")[1:]]
    return out


def split_urls(text: str) -> tuple[str, list[str]]:
    """The text with each web address replaced by a boundary, and the addresses found."""
    if "://" not in text and "www." not in text.lower() and "wa.me" not in text.lower():
        return text, []
    urls = _URL.findall(text)
    return _URL.sub(f" {BREAK} ", text), urls


def _url_kinds(url: str, out: set[str]) -> None:
    for kind, part in url_parts(url):
        if kind in ("host", "segment"):
            out |= digit_kinds(part, long_at=LONG_DIGITS_URL)
        elif kind == "path":
            out |= digit_kinds(part, url_path=True) - {"id_number"}
        else:
            out |= text_kinds(part)
    if re.search(r"(?:wa\.me/|whatsapp\.com/send\?phone=|api\.whatsapp)", url, re.IGNORECASE) and re.search(r"\d{8,}", url):
        out.add("phone")


def text_kinds(text: str, depth: int = 0) -> set[str]:
    """Identifier and e-mail kinds in a folded text, web addresses read part by part.

    Outside web addresses, percent-escapes are decoded and the result read again.
    """
    plain, urls = split_urls(text)
    out: set[str] = set()
    for url in urls:
        _url_kinds(url, out)
    decoded = decode(plain)
    if decoded != plain and depth < 3:
        return out | text_kinds(decoded, depth + 1)
    out |= digit_kinds(plain)
    if is_email(plain) or any(is_email(decode(u)) for u in urls):
        out.add("email")
    return out


# --- e-mail in any spelling ----------------------------------------------------------------------

_OPEN, _CLOSE = r"[\[({<\"'*#~|]", r"[\])}>\"'*#~|]"
_BRACKET_AT = rf"\s*{_OPEN}\s*(?:at|et|a|@)\s*{_CLOSE}\s*"
_SPOKEN_AT = r"\s+(?:at|et|di)\s+"
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
_MAILBOX = re.compile(r"[\w.+-]*[._+\d][\w.+-]*")
_PLAIN_DOMAIN = re.compile(rf"(?:[\w-]+\.)+{TLD}\b", re.IGNORECASE)
_SPOKEN_AT_RX = re.compile(_SPOKEN_AT, re.IGNORECASE)
_MAYBE_EMAIL = re.compile(rf"@|{_OPEN}\s*(?:at|et|a)\s*{_CLOSE}|\s(?:at|et|di)\s", re.IGNORECASE)
# "budi AT jambiprov.go.id": the word written in capitals in a text that is not, before a domain
_EMAIL_CAPITAL_AT = re.compile(rf"\w\s+AT\s+(?:[\w-]+\.)+{TLD}\b", re.IGNORECASE)


def is_email(text: str) -> bool:
    """Whether a folded text holds an e-mail address, '@' written in any way ('(at)', '[a]', ' at ... dot ')."""
    if not _MAYBE_EMAIL.search(text):
        return False
    if _EMAIL_PLAIN.search(text) or _EMAIL_BRACKET.search(text):
        return True
    for m in _SPOKEN_AT_RX.finditer(text):
        before = text[:m.start()].rsplit(None, 1)[-1] if text[:m.start()].strip() else ""
        if before and _MAILBOX.fullmatch(before) and _PLAIN_DOMAIN.match(text, m.end()):
            return True
    for m in _EMAIL_SPOKEN.finditer(text):
        if not re.search(r"\sdi\s", m.group(), re.IGNORECASE) or re.search(MAIL_HOSTS + r"|\s(?:dot|titik)\s",
                                                                            m.group(), re.IGNORECASE):
            return True
    m = _EMAIL_CAPITAL_AT.search(text)
    return bool(m and " AT " in m.group() and any(c.islower() for c in text))
