"""Personal-data guard: the study codes roles, never persons.

Detected in every text cell: NIP (18-digit civil-servant number whose first 8 digits are a
birth date and next 6 an appointment month), NIK (16-digit population number starting with a
province code), any other run of 15 or more digits (an ID number Excel may have rounded),
Indonesian phone numbers and e-mail addresses; and columns whose header says they hold names.
Web addresses are skipped for the digit and phone rules: a URL's digits are article ids.
"""

from __future__ import annotations

import re

import pandas as pd

_SEP = r"[ .\-]?"
NIP = re.compile(r"(?<!\d)(19[4-9]\d|20[0-2]\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])" + _SEP
                 + r"(19[6-9]\d|20[0-3]\d)(0[1-9]|1[0-2])" + _SEP + r"[12]" + _SEP + r"\d{3}(?!\d)")
NIK = re.compile(r"(?<!\d)(1[1-9]|[2-9]\d)\d{4}(0[1-9]|[1-6]\d|7[01])(0[1-9]|1[0-2])\d{2}\d{4}(?!\d)")
LONG_NUMBER = re.compile(r"(?<!\d)\d{15,}(?!\d)")
PHONE = re.compile(r"(?<![\w/])(\+62[ .\-]?|62[ .\-]?|0)8\d{1,3}[ .\-]?\d{3,4}[ .\-]?\d{3,5}(?![\w/])")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
URL = re.compile(r"https?://\S+")
NAME_HEADER = re.compile(r"^(nama|name|nama_?lengkap|nama_?asn|nama_?terlapor|nama_?pelapor|full_?name|"
                         r"terlapor|pelapor|nip|nik|no_?hp|telepon|phone|email|e-mail|alamat|address)$",
                         re.IGNORECASE)

DETECTORS = [
    ("nip", NIP, "looks like a NIP (civil-servant ID number)", "terlihat seperti NIP (nomor induk pegawai)"),
    ("nik", NIK, "looks like a NIK (population ID number)", "terlihat seperti NIK (nomor induk kependudukan)"),
    ("id_number", LONG_NUMBER, "a run of 15 or more digits, possibly an ID number",
     "deretan 15 digit atau lebih, mungkin nomor identitas"),
    ("phone", PHONE, "looks like a phone number", "terlihat seperti nomor telepon"),
    ("email", EMAIL, "looks like an e-mail address", "terlihat seperti alamat e-mail"),
]


def scan_text(text: str) -> list[tuple[str, str, str]]:
    """Personal data found in one cell: (kind, English reason, Indonesian reason) per kind found."""
    if not text:
        return []
    plain = URL.sub(" ", text)
    found, seen = [], set()
    for kind, rx, en, id_ in DETECTORS:
        target = text if kind == "email" else plain
        if rx.search(target) and not (kind == "id_number" and {"nip", "nik"} & seen):
            found.append((kind, en, id_))
            seen.add(kind)
    return found


def scan_table(df: pd.DataFrame) -> pd.DataFrame:
    """Every cell and header of ``df`` that holds personal data: index, column, kind, reasons."""
    rows = []
    for column in df.columns:
        if NAME_HEADER.match(str(column).strip().replace(" ", "_")):
            rows.append({"index": None, "column": column, "kind": "name_column",
                         "en": "the column header says it holds names or personal identifiers",
                         "id": "judul kolom menunjukkan isinya nama atau identitas pribadi"})
        s = df[column].astype(str)
        # cheap prefilter, on distinct values (codes, dates and notes repeat a lot): only texts
        # with a long digit run, a phone-like run or an '@' can hold personal data
        distinct = pd.Series(s.unique())
        suspect = distinct[distinct.str.contains(r"\d{9,}|\d{3,4}[ .\-]\d{3,}|@", regex=True)]
        if suspect.empty:
            continue
        candidates = s[s.isin(suspect)]
        for idx, text in candidates.items():
            for kind, en, id_ in scan_text(text):
                rows.append({"index": idx, "column": column, "kind": kind, "en": en, "id": id_})
    return pd.DataFrame(rows, columns=["index", "column", "kind", "en", "id"])
