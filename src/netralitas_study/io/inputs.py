"""Reading what coders actually produce: a workbook, a CSV file, or a folder of CSV files.

Everything is read as text. What is merely unusual is accepted and normalised: a BOM,
semicolon-separated CSV (as Excel writes it under an Indonesian locale), dates written
dd/mm/yyyy, as Excel serial numbers or with Indonesian month names. What cannot be read is
reported as a problem naming the file (and sheet, row, column where there is one), never
raised as a traceback. Each table remembers the row number its user sees in
``DataFrame.attrs["rows"]`` and its file or sheet in ``attrs["file"]``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study.io.fastops import RowNumbers
from netralitas_study.io.limits import LimitExceeded
from netralitas_study.validate.privacy import HIDDEN, read_allow_list, scan_table, scan_text

MONTHS_ID = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "nopember": 11, "desember": 12, "des": 12, "dec": 12, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "january": 1, "february": 2, "march": 3,
}
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_TEXT_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_SERIAL = re.compile(r"^\d{5}(\.0+)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass
class ReadResult:
    """Tables read from a path, and the problems that prevented reading any part of it."""

    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    problems: list[dict] = field(default_factory=list)
    blank_rows: dict[str, int] = field(default_factory=dict)
    lang: str = "en"
    allow: frozenset[str] = frozenset()
    notices: list[str] = field(default_factory=list)

    def problem(self, file: str, rule: str, message: str, table: str = "", row=None, column=None, value=None,
                hint: str = "") -> None:
        self.problems.append({"file": file, "table": table, "row": row, "column": column, "value": value,
                              "rule": rule, "message": message, "hint": hint})

    def say(self, en: str, id_: str, **kw: object) -> str:
        """A message in the reader's language."""
        return (id_ if self.lang == "id" else en).format(**kw)


def normalise_date(text: str) -> str:
    """An ISO date for dd/mm/yyyy, '12 Januari 2024' or an Excel serial number; other text unchanged."""
    s = text.strip()
    try:
        if m := _DMY.match(s):
            return dt.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        if (m := _TEXT_DATE.match(s)) and m[2].lower() in MONTHS_ID:
            return dt.date(int(m[3]), MONTHS_ID[m[2].lower()], int(m[1])).isoformat()
        if _SERIAL.match(s) and 20000 <= float(s) <= 80000:  # 1954..2119: plausibly a date, not a count
            return (EXCEL_EPOCH + dt.timedelta(days=int(float(s)))).isoformat()
    except ValueError:
        return s  # an impossible date (31/02/2024): left for validation to name
    return s


PROVINCE_SEPARATORS = re.compile(r"\s*[–—-]\s*")


def _province_lookup() -> dict[str, str]:
    """Every accepted way of writing a province (casefolded) -> its BPS code."""
    ids, ens = codebook.labels("province", "id"), codebook.labels("province", "en")
    out = {}
    for code in codebook.vocabulary("province")["value"]:
        for text in (code, ids[code], ens[code], province_choice(code)):
            out[" ".join(text.split()).casefold()] = code
    return out


def province_choice(code: str) -> str:
    """How the template's dropdown shows a province: '36 – Banten'."""
    return f"{code} – {codebook.labels('province', 'id')[code]}"


def normalise_province(text: str) -> str:
    """A BPS code for '36', '36 – Banten', '36 - Banten', 'Banten' or 'banten'; other text unchanged.

    '36 – Banten' is read as 36 only when the name belongs to the code; a mismatched pair
    ('36 – Jambi') stays as written, so that validation names it.
    """
    s = " ".join(str(text).split())
    if not s:
        return str(text)
    lookup = _province_lookup()
    code = lookup.get(s.casefold())
    if code is not None:
        return code
    parts = PROVINCE_SEPARATORS.split(s, maxsplit=1)
    if len(parts) == 2 and parts[0].isdigit():
        if lookup.get(parts[0]) == lookup.get(parts[1].casefold()) is not None:
            return parts[0]
    return str(text)


def _normalise(df: pd.DataFrame, table: str) -> pd.DataFrame:
    fields = codebook.fields(table) if table in codebook.TABLES else []
    for f in fields:
        col = f["name"]
        if col not in df.columns:
            continue
        if f["type"] == "date":
            df[col] = df[col].map(normalise_date)
        elif f.get("vocabulary") == "province":
            distinct = pd.unique(df[col])
            df[col] = df[col].map(dict(zip(distinct, (normalise_province(v) for v in distinct))))
    return df


def _letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based column index."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _unique_header(header: list[str], where: str, table: str, result: ReadResult) -> list[str]:
    """Headers made unique: a repeated one is reported (a DataFrame cannot hold two columns of one name)."""
    seen: dict[str, int] = {}
    out = []
    for i, name in enumerate(header):
        key = name.strip()
        if key and key in seen:
            shown = key if not scan_text(key, allow=result.allow) else f"{HIDDEN} ({_letter(i)})"  # scanned first
            result.problem(where, "duplicate_column", result.say(
                "{where}: column '{column}' appears twice (columns {a} and {b})",
                "{where}: kolom '{column}' muncul dua kali (kolom {a} dan {b})",
                where=where, column=shown, a=_letter(seen[key]), b=_letter(i)), table=table, row=1, column=shown,
                hint=result.say("Keep one of them.", "Pertahankan salah satunya."))
            key = f"{key} ({_letter(i)})"
        elif not key:
            key = f"({_letter(i)})"  # cells right of the header, or a blank header: still scanned
        seen.setdefault(key, i)
        out.append(key)
    return out


def _guard(header: list[str], width: int, rows: list[int], cells: list[list[str]], where: str, table: str,
           result: ReadResult) -> pd.DataFrame:
    """Scan every cell and header once, before anything else sees them; hide what holds personal data.

    ``cells`` may be wider than the header (``width`` columns): those cells are scanned too, then
    dropped. A refusal names file, sheet, row, column and kind, never the value.
    """
    names = _unique_header(header, where, table, result)
    frame = pd.DataFrame(cells, columns=names, dtype=str) if cells else pd.DataFrame(columns=names, dtype=str)
    hits = scan_table(frame, result.allow)
    shown = list(names)
    for hit in hits.itertuples():
        pos = names.index(hit.column)
        if hit.index is None and hit.kind != "name_column":
            shown[pos] = f"{HIDDEN} ({_letter(pos)})"  # an identifier typed as a header
    for hit in hits.itertuples():
        pos = names.index(hit.column)
        reason = hit.id if result.lang == "id" else hit.en
        message = result.say("personal data: {reason}", "data pribadi: {reason}", reason=reason)
        hint = result.say("The study codes roles, never persons: remove it.",
                          "Studi ini mengodekan jabatan, bukan orang: hapus data itu.")
        row = 1 if hit.index is None else rows[hit.index]
        result.problem(where, "personal_data", message, table=table, row=row, column=shown[pos],
                       value=None if hit.index is None else HIDDEN, hint=hint)
        if hit.index is not None:
            frame.iat[hit.index, pos] = HIDDEN
    frame.columns = shown
    return frame.iloc[:, :width]


def _finish(df: pd.DataFrame, rows: list[int], file: str, table: str, result: ReadResult) -> None:
    """Drop wholly blank rows (counted), remember visible row numbers, normalise dates."""
    df = df.fillna("").astype(str).apply(lambda s: s.str.strip())
    df.columns = [str(c).strip() for c in df.columns]
    blank = df.eq("").all(axis=1)
    result.blank_rows[table] = int(blank.sum())
    df = df[~blank.to_numpy()].reset_index(drop=True)
    df.attrs["rows"] = RowNumbers(r for r, b in zip(rows, blank) if not b)  # shared, not deep-copied
    df.attrs["file"] = file
    df.attrs["scanned"] = True  # the personal-data guard has run on every cell of this table
    result.tables[table] = _normalise(df, table)


def shown_name(name: str) -> str:
    """A file, folder, sheet or resource name as it may be shown anywhere: :data:`HIDDEN` when it holds personal data."""
    return HIDDEN if scan_text(str(name), allow=()) else str(name)


def shown_path(path: str | Path) -> str:
    """A path as it may be shown in a message or a report: every part that holds personal data hidden."""
    p = Path(path)
    parts = [part if part in (p.anchor, ".", "..") else shown_name(part) for part in p.parts]
    return str(Path(*parts)) if parts else str(path)


def _display_name(name: str, table: str, result: ReadResult, what: str = "file") -> str:
    """A file, folder, sheet or resource name as shown in messages: hidden (and refused) when it holds personal data."""
    kinds = scan_text(str(name), allow=result.allow)
    if not kinds:
        return str(name)
    what_id = {"file": "berkas", "folder": "folder", "sheet": "sheet", "resource": "sumber data"}[what]
    result.problem(HIDDEN, "personal_data", result.say(
        "personal data in a {what} name: {reason}", "data pribadi di nama {what_id}: {reason}", what=what,
        what_id=what_id, reason=kinds[0][2] if result.lang == "id" else kinds[0][1]), table=table,
        hint=result.say("Rename it.", "Ganti namanya."))
    return HIDDEN


def _read_folder(path: Path, result: ReadResult) -> None:
    """A data folder: through its ``datapackage.json`` when it has one, else by table file names."""
    from netralitas_study.io.csvfile import read_csv_file
    from netralitas_study.io.descriptor import descriptor_files

    folder = _display_name(path.resolve().name or str(path), "", result, what="folder")
    if (path / "datapackage.json").is_file():
        files = descriptor_files(path, result)
        if files is None:
            return
    else:
        files = {t: path / f"{t}.csv" for t in codebook.TABLES if (path / f"{t}.csv").exists()}
    for table in codebook.TABLES:
        f = files.get(table)
        if f is not None and _refuse_symlink(f, result):
            continue
        if f is not None and f.is_file():
            read_csv_file(f, table, result)
        elif table in codebook.REQUIRED_TABLES:
            result.problem(f"{table}.csv", "missing_table",
                           result.say("{p}: no {f} in this folder", "{p}: tidak ada {f} di folder ini", p=folder,
                                      f=shown_name(f.name) if f else table + ".csv"), table=table,
                           hint=result.say("Write the templates with 'netralitas-study template --format csv'.",
                                           "Tulis templatnya dengan 'netralitas-study template --format csv'."))


def _refuse_symlink(path: Path, result: ReadResult) -> bool:
    if path.is_symlink():
        name = _display_name(path.name, "", result)
        result.problem(name, "symlink", result.say(
            "{name}: a symbolic link; give the file itself", "{name}: tautan simbolik; berikan berkasnya sendiri",
            name=name))
        return True
    return False


def read_path(path: str | Path, lang: str = "en") -> ReadResult:
    """Read a data folder (through its datapackage.json when present), a workbook or a CSV file.

    Internal: analyses use :func:`netralitas_study.load`, which reads, validates and types in one go.
    Every cell is scanned for personal data as it is read; a file beyond a limit (see
    :mod:`limits`) is refused with a problem of rule ``limit``.
    """
    path = Path(path)
    result = ReadResult(lang=lang)
    if _refuse_symlink(path, result):
        return result
    result.allow = read_allow_list(path if path.is_dir() else path.parent)
    import warnings

    try:
        with warnings.catch_warnings(record=True) as caught:  # a library's warning may quote a cell: never printed
            warnings.simplefilter("always")
            _read_any(path, result)
        for _ in caught[:1]:
            result.notices.append(result.say(
                "a library reading the input warned about it (the text is not shown: it may quote a cell)",
                "pustaka pembaca masukan memberi peringatan (teksnya tidak ditampilkan: bisa memuat isi sel)"))
    except LimitExceeded as exc:
        result.problem(shown_name(path.name), "limit", exc.message(lang),
                       hint=result.say("See 'Limits' in docs/guide.md.", "Lihat 'Batas' di docs/panduan.md."))
    from netralitas_study.codebook.migrate import upgrade

    result.tables, notices = upgrade(result.tables)  # codebook v1 input: read as v2, with a notice
    result.notices += notices
    return result


def _read_any(path: Path, result: ReadResult) -> None:
    from netralitas_study.io.csvfile import read_csv_file
    from netralitas_study.io.workbook import read_workbook

    if path.is_dir():
        _read_folder(path, result)
    elif not path.is_file():
        shown = shown_path(path)
        result.problem(shown, "unreadable", result.say("{p}: no such file or folder",
                                                       "{p}: berkas atau folder tidak ada", p=shown))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        read_workbook(path, result)
    elif path.suffix.lower() in (".csv", ".txt"):
        table = next((t for t in codebook.TABLES if path.stem.lower().startswith(t)), None)
        if table is None:
            name = _display_name(path.name, "", result)
            result.problem(name, "unknown_table", result.say(
                "{name}: cannot tell which table this is from its name",
                "{name}: tidak dapat diketahui tabel apa dari namanya", name=name),
                hint=result.say("Name the file after its table: {t}.", "Beri nama berkas sesuai tabelnya: {t}.",
                                t=", ".join(t + ".csv" for t in codebook.TABLES)))
        else:
            read_csv_file(path, table, result)
    else:
        name = _display_name(path.name, "", result)
        result.problem(name, "unreadable", result.say(
            "{name}: not a workbook (.xlsx), CSV file or folder", "{name}: bukan workbook (.xlsx), berkas CSV atau folder",
            name=name))
