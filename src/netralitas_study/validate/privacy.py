"""Personal-data guard: the study codes roles, never persons.

Every text (cell, header, sheet or file name) is first normalised the way a reader would
see through a disguise: Unicode NFKC (full-width digits and '＠' become ASCII), digits of any
script become ASCII digits, invisible characters (zero-width spaces, soft hyphens) are
dropped, and separators inside a run of digits (spaces, no-break spaces, '.', '-', '/', '_',
parentheses) are removed, so that "1571 0155 0385 0001" and "(0812) 3456-7890" are read as
the digits they are. Obfuscated e-mail ("[at]", "(dot)", " @ ") is read as e-mail.

Then it detects NIP (18 digits starting with a birth date), NIK (16 digits starting with a
province code and holding a birth date), other runs of 15 or more digits (an ID Excel may
have rounded), Indonesian mobile and landline numbers (+62, 62, 0 or no prefix, wa.me
links), e-mail addresses, and, in the free text of ``role`` and ``notes``, person names:
capitalised words that are not in the lexicon of positions, institutions and places
(``lexicon.txt``), two in a row or one after a position or form of address. A coder marks a
false alarm by listing the word in ``privacy-allow.txt`` next to the data.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

HIDDEN = "[hidden / disembunyikan]"
"""What is shown instead of a value that holds personal data."""

NAME_COLUMNS = ("role", "notes")
"""Free-text columns where person names are looked for (they are meant for positions only)."""

ALLOW_FILE = "privacy-allow.txt"
"""Words a coder has marked as not a name (one per line), read from the data's folder."""

# Separators a person types inside a number. The prefilter of scan_table uses the same class.
_SEP_CHARS = r" \t\n\r\f\v.\-/_()"
_DIGIT_SEP = re.compile(rf"(?<=\d)[{_SEP_CHARS}]{{1,3}}(?=\d)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_WA = re.compile(r"(?:wa\.me/|whatsapp\.com/send\?phone=)\+?\d{8,}", re.IGNORECASE)
_WS = r"[ \t\n\r\f\v\x1c-\x1f]"  # Python's \s on ASCII, spelled out so the prefilter's engine agrees
_AT = rf"[\[({{<]{_WS}*(?:at|et){_WS}*[\])}}>]"
_DOT = rf"[\[({{<]{_WS}*(?:dot|titik){_WS}*[\])}}>]"
# a whole date (ISO or day/month/year): never joined with the numbers around it ("2024-10-12 - 2024-10-15")
_DATE = re.compile(r"(?<!\d)(?:(?:19|20)\d\d([-/.])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])"
                   r"|(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\2(?:19|20)\d\d)(?!\d)")
_AT_OBFUSCATED = re.compile(rf"\s*{_AT}\s*", re.IGNORECASE)
_DOT_OBFUSCATED = re.compile(rf"\s*{_DOT}\s*", re.IGNORECASE)
_SPACED_AT = re.compile(r"(?<=\w)\s+@\s*(?=\w)|(?<=\w)\s*@\s+(?=\w)")

NIP = re.compile(r"(?<!\d)(19[4-9]\d|20[0-2]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                 r"(19[6-9]\d|20[0-3]\d)(0[1-9]|1[0-2])[12]\d{3}(?!\d)")
NIK = re.compile(r"(?<!\d)(1[1-9]|[2-9]\d)\d{4}(0[1-9]|[1-6]\d|7[01])(0[1-9]|1[0-2])\d{2}\d{4}(?!\d)")
LONG_NUMBER = re.compile(r"(?<!\d)\d{15,}(?!\d)")
# mobile: 08xx, +628xx, 628xx, or 8xx when Excel dropped the leading zero of a number cell;
# landline: 0 or 62, an area code not starting with 8, 7 to 10 more digits
PHONE = re.compile(r"(?<![\d\w])(?:\+?62|0)8[1-9]\d{7,11}(?!\d)|(?<![\d\w+])8[1-9]\d{7,10}(?!\d)"
                   r"|(?<![\d\w])(?:\+?62|0)[2-79]\d{7,10}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@\s*[\w-]+(?:\s*\.\s*[\w-]+)+")  # "contoh . go . id" too
NAME_HEADER = re.compile(r"^(nama|name|nama_?lengkap|nama_?asn|nama_?terlapor|nama_?pelapor|full_?name|"
                         r"terlapor|pelapor|nip|nik|no_?hp|hp|telepon|telp|phone|wa|whatsapp|email|e_?mail|"
                         r"alamat|address|ktp)$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*\.?")

REASONS = {
    "nip": ("looks like a NIP (civil-servant ID number)", "terlihat seperti NIP (nomor induk pegawai)"),
    "nik": ("looks like a NIK (population ID number)", "terlihat seperti NIK (nomor induk kependudukan)"),
    "id_number": ("a run of 15 or more digits, possibly an ID number",
                  "deretan 15 digit atau lebih, mungkin nomor identitas"),
    "phone": ("looks like a phone number", "terlihat seperti nomor telepon"),
    "email": ("looks like an e-mail address", "terlihat seperti alamat e-mail"),
    "name": ("looks like a person's name (roles and notes name positions, never persons); if it is not a name, "
             f"list the word in {ALLOW_FILE}",
             "terlihat seperti nama orang (role dan notes berisi jabatan, bukan orang); jika bukan nama, tulis "
             f"katanya di {ALLOW_FILE}"),
    "name_column": ("the column header says it holds names or personal identifiers",
                    "judul kolom menunjukkan isinya nama atau identitas pribadi"),
}
_DIGIT_KINDS = (("nip", NIP), ("nik", NIK), ("id_number", LONG_NUMBER), ("phone", PHONE))


def _char(c: str) -> str:
    """One character as a reader sees it: any decimal digit as ASCII, invisible ones dropped, spaces as ' '."""
    if c.isascii():
        return c
    if c.isdecimal():
        return str(unicodedata.decimal(c))
    cat = unicodedata.category(c)
    if cat == "Cf":  # zero-width space/joiner, soft hyphen, BOM, direction marks
        return ""
    if cat.startswith("Z") or c.isspace():
        return " "
    if cat == "Pd":  # en dash, em dash, minus-like hyphens
        return "-"
    return c


def normalise(text: str) -> str:
    """``text`` with Unicode folded (NFKC, ASCII digits, no invisible characters), before separators are read."""
    if text.isascii():
        return text
    return "".join(_char(c) for c in unicodedata.normalize("NFKC", text))


def _plain(text: str, dates: bool = False) -> str:
    """Normalised text with digit runs joined, web addresses removed and obfuscated e-mail restored.

    Whole dates are kept apart from their neighbours unless ``dates`` (a NIP's structure is
    strict enough to be looked for across them).
    """
    t = normalise(text)
    if not dates:
        t = _DATE.sub("|", t)
    t = _DIGIT_SEP.sub("", t)
    t = _URL.sub("|", t)  # a URL's digits are article ids; '|' so that nothing joins across it
    t = _AT_OBFUSCATED.sub("@", t)
    t = _DOT_OBFUSCATED.sub(".", t)
    return _SPACED_AT.sub("@", t)


def scan_text(text: str, column: str | None = None, allow: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """Personal data found in one text: (kind, English reason, Indonesian reason) per kind found.

    Person names are looked for only when ``column`` is one of :data:`NAME_COLUMNS`; words in
    ``allow`` are never names.
    """
    if not text:
        return []
    kinds = []
    joined = _DIGIT_SEP.sub("", normalise(text))
    if _WA.search(joined):
        kinds.append("phone")
    plain = _plain(text)
    for kind, rx in _DIGIT_KINDS:
        if kind == "id_number" and {"nip", "nik"} & set(kinds):
            continue
        if kind not in kinds and rx.search(_plain(text, dates=True) if kind == "nip" else plain):
            kinds.append(kind)
    if "@" in plain and EMAIL.search(plain):
        kinds.append("email")
    if column is not None and _is_name_column(column) and find_names(normalise(text), allow):
        kinds.append("name")
    return [(k, *REASONS[k]) for k in kinds]


def _is_name_column(column: str) -> bool:
    return str(column).strip().lower() in NAME_COLUMNS


@lru_cache(maxsize=1)
def lexicon() -> dict[str, str]:
    """Lower-cased word -> section ('position', 'honorific', 'place_marker', 'word') from ``lexicon.txt`` and the codebook."""
    from netralitas_study import codebook

    words: dict[str, str] = {}
    section = "word"
    for line in files(__package__).joinpath("lexicon.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1]
            continue
        words.setdefault(line, section)
    for name in codebook.vocabulary_names():
        vocab = codebook.vocabulary(name)
        for label in pd.concat([vocab["label_id"], vocab["label_en"]]).astype(str):
            for w in _WORD.findall(label):
                words.setdefault(w.lower().rstrip("."), "word")
    return words


def read_allow_list(folder: str | Path) -> frozenset[str]:
    """The words a coder marked as not names, from ``folder/privacy-allow.txt`` (empty when absent)."""
    path = Path(folder) / ALLOW_FILE
    if not path.is_file() or path.is_symlink():
        return frozenset()
    text = path.read_text(encoding="utf-8", errors="replace")
    return frozenset(w.lower() for line in text.splitlines() if not line.lstrip().startswith("#")
                     for w in _WORD.findall(normalise(line)))


def _name_like(word: str) -> bool:
    """A capitalised word of two or more letters (an all-capital word is an acronym)."""
    core = word.rstrip(".")
    return len(core) >= 2 and core[0].isupper() and not core.isupper()


def find_names(text: str, allow: Iterable[str] = ()) -> bool:
    """Whether ``text`` holds a name-like sequence: two unknown capitalised words in a row, or one
    in the same phrase as a position or form of address ("Camat Budi", "Kepala sekolah Joko", "Ibu Sri")."""
    lex, allowed = lexicon(), {a.lower() for a in allow}
    prev_end, prev_key, prev_unknown, titled, in_place = -1, "", False, False, False
    for m in _WORD.finditer(text):
        word = m.group()
        key = word.lower().rstrip(".")
        gap = text[prev_end:m.start()] if prev_end >= 0 else "|"
        same_phrase = gap.strip() in ("", ".") and "." not in gap[1:]  # words joined by spaces (after "Dr." too)
        if not same_phrase:
            prev_key, prev_unknown, titled, in_place = "", False, False, False
        # capitalised words after a place marker are the place ("Kecamatan Sumber Harta"), never a name
        in_place = _name_like(word) and (in_place or lex.get(prev_key) == "place_marker")
        unknown = _name_like(word) and key not in lex and key not in allowed and not in_place
        if unknown and (prev_unknown or titled):
            return True
        prev_unknown = unknown
        titled = titled or lex.get(key) in ("position", "honorific")
        prev_end, prev_key = m.end(), key
    return False


def _suspects(distinct: pd.Series, names: bool) -> pd.Series:
    """Values that may hold personal data: a superset of what :func:`scan_text` flags, found cheaply.

    Anything outside ASCII is scanned in full; ASCII text needs a run of 8 or more digits
    (separators allowed), an '@' or an obfuscated one, or, in a name column, a capital letter.
    """
    text = distinct.astype(str)
    pattern = rf"[^\x00-\x7f]|[0-9](?:[{_SEP_CHARS}]{{0,3}}[0-9]){{7,}}|@|(?i:{_AT})"
    if names:
        pattern += "|[A-Z]"
    return distinct[text.str.contains(pattern, regex=True)]


def scan_table(df: pd.DataFrame, allow: Iterable[str] = ()) -> pd.DataFrame:
    """Every cell and header of ``df`` that holds personal data: index, column, kind, reasons.

    A header hit has index None. Flags exactly what :func:`scan_text` flags cell by cell.
    """
    allow = frozenset(a.lower() for a in allow)
    rows = []
    for pos, column in enumerate(df.columns):
        header = normalise(str(column)).strip()
        header_kinds = [k for k, _, _ in scan_text(header)]
        if NAME_HEADER.match(re.sub(r"[\s\-.]+", "_", header)):
            header_kinds.insert(0, "name_column")
        for kind in header_kinds:
            rows.append({"index": None, "column": column, "kind": kind, "en": REASONS[kind][0],
                         "id": REASONS[kind][1]})
        s = df.iloc[:, pos].astype(str)  # by position: a duplicated header must not hide a column
        # scanned once per distinct value (codes, dates and notes repeat a lot)
        suspect = _suspects(pd.Series(s.unique()), _is_name_column(column))
        if suspect.empty:
            continue
        found = {v: scan_text(v, column, allow) for v in suspect}
        found = {v: k for v, k in found.items() if k}
        if not found:
            continue
        for idx, text in s[s.isin(list(found))].items():
            for kind, en, id_ in found[text]:
                rows.append({"index": idx, "column": column, "kind": kind, "en": en, "id": id_})
    return pd.DataFrame(rows, columns=["index", "column", "kind", "en", "id"])
