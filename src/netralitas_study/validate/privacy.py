"""Personal-data guard: the study codes roles, never persons.

One rule for every text the reader meets (cell, header, sheet, file, folder and resource
name): it is read through :mod:`disguise` (Unicode folded, look-alike letters and number
words as digits, HTML and URL escapes decoded), then searched by structure:

* identifier-like digit runs (:mod:`identifiers`): NIK, NIP, Indonesian phone numbers and
  other runs of 15 or more digits typed as one number, however they are split (spaces, tabs,
  ',', ':', '|', '.', '-', brackets), in words or look-alike letters, and inside web
  addresses (each path segment, every query value and fragment);
* e-mail addresses, '@' written in any way;
* person names (:mod:`names`) in every text, in any case.

What is flagged is never shown: messages name the rule and where (file, row, column) and, for a
name, the known word that announced it and the flagged word masked (first letter and length),
so that a coder can find a false alarm and list the word in ``privacy-allow.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import pandas as pd

from netralitas_study.validate import identifiers
from netralitas_study.validate.disguise import fold
from netralitas_study.validate.names import NameHit, find_name

HIDDEN = "[hidden / disembunyikan]"
"""What is shown instead of a value that holds personal data."""

ALLOW_FILE = "privacy-allow.txt"
"""Words a coder has marked as not a name (one per line), read from the data's folder."""

NAME_HEADER = re.compile(r"^(nama|name|nama_?lengkap|nama_?asn|nama_?terlapor|nama_?pelapor|full_?name|"
                         r"terlapor|pelapor|nip|nik|no_?hp|hp|telepon|telp|phone|wa|whatsapp|email|e_?mail|"
                         r"alamat|address|ktp|no_?ktp|npwp|rekening)$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*\.?")

REASONS = {
    "nip": ("looks like a NIP (civil-servant ID number)", "terlihat seperti NIP (nomor induk pegawai)"),
    "nik": ("looks like a NIK (population ID number)", "terlihat seperti NIK (nomor induk kependudukan)"),
    "id_number": ("a run of 15 or more digits, possibly an ID number",
                  "deretan 15 digit atau lebih, mungkin nomor identitas"),
    "phone": ("looks like a phone number", "terlihat seperti nomor telepon"),
    "email": ("looks like an e-mail address", "terlihat seperti alamat e-mail"),
    "name": ("looks like a person's name{where} (the study codes positions, never persons); if it is not a name, "
             f"list that word in {ALLOW_FILE}",
             "terlihat seperti nama orang{where_id} (studi ini mengodekan jabatan, bukan orang); jika bukan nama, "
             f"tulis kata itu di {ALLOW_FILE}"),
    "name_column": ("the column header says it holds names or personal identifiers",
                    "judul kolom menunjukkan isinya nama atau identitas pribadi"),
}
_ID_KINDS = ("nip", "nik", "id_number", "phone", "email")


def normalise(text: str) -> str:
    """``text`` as a reader sees it (see :func:`disguise.fold`)."""
    return fold(text)


def _name_reason(hit: NameHit) -> tuple[str, str]:
    """The name reason, naming the known word before it and the flagged word masked (never the word)."""
    masked = hit.masked()
    if hit.after:
        where = f": the word after '{hit.after}' ({masked}: first letter and length)"
        where_id = f": kata sesudah '{hit.after}' ({masked}: huruf pertama dan panjang)"
    else:
        where = f": two unknown capitalised words in a row, the second {masked} (first letter and length)"
        where_id = f": dua kata berhuruf besar yang tidak dikenal berturut-turut, yang kedua {masked} (huruf pertama dan panjang)"
    en, id_ = REASONS["name"]
    return en.format(where=where), id_.format(where_id=where_id)


def scan_text(text: str, column: str | None = None, allow: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """Personal data found in one text: (kind, English reason, Indonesian reason) per kind found.

    Every text is searched for identifiers, e-mail and person names alike (``column`` is kept
    for callers; it changes nothing); words in ``allow`` are never names.
    """
    if not text:
        return []
    t = fold(str(text))
    found = identifiers.text_kinds(t)
    if {"nip", "nik"} & found:
        found.discard("id_number")
    out = [(k, *REASONS[k]) for k in _ID_KINDS if k in found]
    hit = names_in(t, allow)
    if hit is not None:
        out.append(("name", *_name_reason(hit)))
    return out


def names_in(folded: str, allow: Iterable[str] = ()) -> NameHit | None:
    """The first name in a folded text; in a web address only its query values and fragment are free text."""
    plain, urls = identifiers.split_urls(folded)
    lex = lexicon()
    hit = find_name(plain, lex, allow)
    for url in urls:
        if hit is not None:
            break
        for kind, part in identifiers.url_parts(url):
            if kind == "text" and (hit := find_name(part.replace("+", " "), lex, allow)) is not None:
                break
    return hit


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


def find_names(text: str, allow: Iterable[str] = ()) -> bool:
    """Whether ``text`` holds a name-like sequence (see :mod:`names`)."""
    return names_in(fold(text), allow) is not None


_PLAIN = re.compile(r"[a-z0-9_|. -]*")
"""Text of codes, dates and lower-case ids: nothing the guard flags can be spelled in it when it has
no capital, '@', bracket, '%' or '&', fewer than 5 digits, and no number word or trigger word."""


def _suspects(distinct: list[str]) -> list[str]:
    """Values that may hold personal data: a superset of what :func:`scan_text` flags, found cheaply."""
    codes = _known_codes()
    return [v for v in distinct if v and not (v in codes or (_PLAIN.fullmatch(v) and sum(c.isdigit() for c in v) < 5
                                                               and not _lower_triggers().search(v)))]


@lru_cache(maxsize=1)
def _known_codes() -> frozenset[str]:
    from netralitas_study import codebook

    codes = set(codebook.missing_codes())
    for name in codebook.vocabulary_names():
        codes |= set(codebook.vocabulary(name)["value"].astype(str))
    return frozenset(c for c in codes if not scan_text(c))


@lru_cache(maxsize=1)
def _lower_triggers() -> re.Pattern:
    from netralitas_study.validate.disguise import NUMBER_WORDS

    words = [w for w, sec in lexicon().items() if sec in ("position", "honorific", "introducer")]
    words += list(NUMBER_WORDS) + ["at", "et", "di", "dot", "titik", "gmail", "yahoo", "ymail", "hotmail", "outlook"]
    return re.compile(r"(?<![a-z])(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?![a-z])")


def header_kinds(header: str, allow: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """What a column header holds: a name-or-identifier header, and anything :func:`scan_text` finds in it."""
    text = fold(str(header)).strip()
    kinds = scan_text(text, allow=allow)
    if NAME_HEADER.match(re.sub(r"[\s\-.]+", "_", text)):
        kinds.insert(0, ("name_column", *REASONS["name_column"]))
    return kinds


def scan_table(df: pd.DataFrame, allow: Iterable[str] = ()) -> pd.DataFrame:
    """Every cell and header of ``df`` that holds personal data: index, column, kind, reasons.

    A header hit has index None. Flags exactly what :func:`scan_text` flags cell by cell.
    """
    allow = frozenset(a.lower() for a in allow)
    rows = []
    for pos, column in enumerate(df.columns):
        for kind, en, id_ in header_kinds(column, allow):
            rows.append({"index": None, "column": column, "kind": kind, "en": en, "id": id_})
        # by position: a duplicated header must not hide a column; typed columns read as their text
        s = pd.Series(df.iloc[:, pos].to_numpy(dtype=object), index=df.index).map(str)
        # scanned once per distinct value (codes, dates and notes repeat a lot)
        suspect = _suspects(list(s.unique()))
        if not suspect:
            continue
        found = {v: scan_text(v, column, allow) for v in suspect}
        found = {v: k for v, k in found.items() if k}
        if not found:
            continue
        for idx, text in s[s.isin(list(found))].items():
            for kind, en, id_ in found[text]:
                rows.append({"index": idx, "column": column, "kind": kind, "en": en, "id": id_})
    return pd.DataFrame(rows, columns=["index", "column", "kind", "en", "id"])
