"""Reading what coders actually produce: a workbook, a CSV file, or a folder of CSV files.

Everything is read as text. What is merely unusual is accepted and normalised: a BOM,
semicolon-separated CSV (as Excel writes it under an Indonesian locale), dates written
dd/mm/yyyy, as Excel serial numbers or with Indonesian month names. What cannot be read is
reported as a problem naming the file (and sheet, row, column where there is one), never
raised as a traceback. Each table remembers the row number its user sees in
``DataFrame.attrs["rows"]`` and its file or sheet in ``attrs["file"]``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import codebook

MAX_CELL_CHARS = 2000
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

    def problem(self, file: str, rule: str, message: str, table: str = "", row=None, column=None, value=None,
                hint: str = "") -> None:
        self.problems.append({"file": file, "table": table, "row": row, "column": column, "value": value,
                              "rule": rule, "message": message, "hint": hint})


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


def _normalise(df: pd.DataFrame, table: str) -> pd.DataFrame:
    date_fields = [f["name"] for f in codebook.fields(table) if f["type"] == "date"] if table in codebook.TABLES else []
    for col in date_fields:
        if col in df.columns:
            df[col] = df[col].map(normalise_date)
    return df


def _finish(df: pd.DataFrame, rows: list[int], file: str, table: str, result: ReadResult) -> None:
    """Drop wholly blank rows (counted), remember visible row numbers, normalise dates."""
    df = df.fillna("").astype(str).apply(lambda s: s.str.strip())
    df.columns = [str(c).strip() for c in df.columns]
    blank = df.eq("").all(axis=1)
    result.blank_rows[table] = int(blank.sum())
    df = df[~blank.to_numpy()].reset_index(drop=True)
    df.attrs["rows"] = [r for r, b in zip(rows, blank) if not b]
    df.attrs["file"] = file
    result.tables[table] = _normalise(df, table)


def _decode(raw: bytes, name: str, result: ReadResult) -> str | None:
    if b"\x00" in raw[:4096]:
        result.problem(name, "unreadable", f"{name}: a binary file, not a CSV text file",
                       hint="Save the sheet as 'CSV UTF-8' or give the .xlsx workbook itself.")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        result.problem(name, "encoding", f"{name}: line {line} is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
                       row=line, hint="Save as 'CSV UTF-8 (comma delimited)'; Excel's plain 'CSV' uses another "
                                      "encoding.")
        return None


def read_csv_file(path: Path, table: str, result: ReadResult) -> None:
    """Read one CSV file as ``table``: delimiter detected (comma or semicolon), BOM accepted."""
    name = path.name
    raw = path.read_bytes()
    if not raw.strip():
        result.problem(name, "empty", f"{name}: the file is empty", table=table,
                       hint="Write the header row (see 'netralitas-study template').")
        return
    text = _decode(raw, name, result)
    if text is None:
        return
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        result.problem(name, "unreadable", f"{name}: not readable as CSV ({exc})", table=table,
                       hint="Check for an unclosed quotation mark.")
        return
    header, body = records[0], records[1:]
    width = len(header)
    rows, cells = [], []
    for i, rec in enumerate(body, start=2):
        if len(rec) > width and any(x.strip() for x in rec[width:]):
            result.problem(name, "row_width", f"{name}: row {i} has {len(rec)} cells but the header has {width}",
                           table=table, row=i, hint="A stray separator (',' or ';') inside a cell? Quote the cell.")
        rec = (rec + [""] * width)[:width]
        rows.append(i)
        cells.append(rec)
    _finish(pd.DataFrame(cells, columns=header, dtype=str), rows, name, table, result)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_workbook(path: Path, result: ReadResult, tables: tuple[str, ...] = codebook.TABLES) -> None:
    """Read the sheets of an .xlsx workbook named like the codebook's tables."""
    from openpyxl import load_workbook

    name = path.name
    try:
        wb = load_workbook(path, data_only=False, read_only=False)
    except Exception as exc:  # openpyxl raises many types for a damaged or non-xlsx file
        result.problem(name, "unreadable", f"{name}: not a readable .xlsx workbook ({type(exc).__name__})",
                       hint="Save the file as an Excel workbook (.xlsx).")
        return
    sheets = {ws.title.strip().lower(): ws for ws in wb.worksheets}
    for table in tables:
        ws = sheets.get(table)
        if ws is None:
            if table in codebook.REQUIRED_TABLES:
                result.problem(name, "missing_table", f"{name}: no sheet named '{table}'", table=table,
                               hint=f"Sheets found: {', '.join(ws.title for ws in wb.worksheets)}.")
            continue
        where = f"{name} [{ws.title}]"
        for merged in ws.merged_cells.ranges:
            result.problem(where, "merged_cells", f"{where}: merged cells {merged.coord}", table=table,
                           row=merged.min_row, hint="Unmerge them: each cell must hold its own value.")
        values = list(ws.iter_rows(values_only=False))
        if not values:
            result.problem(where, "empty", f"{where}: the sheet is empty", table=table)
            continue
        header = [_cell_text(c.value) for c in values[0]]
        while header and header[-1] == "":
            header.pop()
        rows, cells = [], []
        for r in values[1:]:
            rec = []
            for c in r[: len(header)]:
                if isinstance(c.value, str) and c.value.startswith("="):
                    result.problem(where, "formula", f"{where}: cell {c.coordinate} holds a formula", table=table,
                                   row=c.row, column=header[c.column - 1] if c.column <= len(header) else None,
                                   value=c.value[:80], hint="Paste the value instead of the formula.")
                    rec.append("")
                else:
                    rec.append(_cell_text(c.value))
            rows.append(r[0].row if r else 0)
            cells.append((rec + [""] * len(header))[: len(header)])
        _finish(pd.DataFrame(cells, columns=header, dtype=str), rows, where, table, result)


def _resource_file(folder: Path, res: dict, result: ReadResult) -> Path | None:
    """The file a descriptor resource names, confined to ``folder``; None (with a problem) otherwise."""
    name, rel = str(res.get("name", "")), res.get("path")
    where = "datapackage.json"
    if not isinstance(rel, str) or not rel.strip():
        result.problem(where, "descriptor", f"{where}: resource '{name}' has no path", table=name)
        return None
    unsafe = ("://" in rel or rel.startswith(("/", "\\")) or Path(rel).is_absolute()
              or re.match(r"^[A-Za-z]:", rel) or ".." in Path(rel.replace("\\", "/")).parts)
    if unsafe:
        result.problem(where, "descriptor", f"{where}: resource '{name}' path '{rel[:80]}' leaves the data folder",
                       table=name, hint="Resource paths must be relative file names inside the folder "
                                        "(no absolute path, no '..', no URL).")
        return None
    path = folder / rel
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        result.problem(where, "descriptor", f"{where}: resource '{name}' is a link out of the data folder",
                       table=name, hint="Copy the file into the folder instead of linking it.")
        return None
    return path


def _read_folder(path: Path, result: ReadResult) -> None:
    """A data folder: through its ``datapackage.json`` when it has one, else by table file names."""
    descriptor = path / "datapackage.json"
    files: dict[str, Path] = {}
    if descriptor.is_file():
        try:
            spec = json.loads(descriptor.read_text(encoding="utf-8"))
            resources = spec.get("resources", []) if isinstance(spec, dict) else None
            if not isinstance(resources, list):
                raise ValueError("no list of resources")
        except (ValueError, UnicodeDecodeError) as exc:
            result.problem("datapackage.json", "descriptor", f"datapackage.json: not a valid descriptor ({exc})",
                           hint="Rewrite it with 'make datapackage', or remove it to read the folder by file names.")
            return
        for res in resources:
            name = str(res.get("name", "")) if isinstance(res, dict) else ""
            if name not in codebook.TABLES:
                result.problem("datapackage.json", "descriptor",
                               f"datapackage.json: resource '{name[:60]}' is not a table of the codebook",
                               hint=f"Tables: {', '.join(codebook.TABLES)}.")
                continue
            if (f := _resource_file(path, res, result)) is not None:
                files[name] = f
    else:
        files = {t: path / f"{t}.csv" for t in codebook.TABLES if (path / f"{t}.csv").exists()}
    for table in codebook.TABLES:
        f = files.get(table)
        if f is not None and f.is_file():
            read_csv_file(f, table, result)
        elif table in codebook.REQUIRED_TABLES:
            result.problem(f"{table}.csv", "missing_table", f"{path.name}: no {f.name if f else table + '.csv'} "
                           "in this folder", table=table,
                           hint="Write the templates with 'netralitas-study template --format csv'.")


def read_path(path: str | Path) -> ReadResult:
    """Read a data folder (through its datapackage.json when present), a workbook or a CSV file.

    Internal: analyses use :func:`netralitas_study.load`, which reads, validates and types in one go.
    """
    path = Path(path)
    result = ReadResult()
    if path.is_dir():
        _read_folder(path, result)
    elif not path.is_file():
        result.problem(str(path), "unreadable", f"{path}: no such file or folder")
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        read_workbook(path, result)
    elif path.suffix.lower() in (".csv", ".txt"):
        table = next((t for t in codebook.TABLES if path.stem.lower().startswith(t)), None)
        if table is None:
            result.problem(path.name, "unknown_table",
                           f"{path.name}: cannot tell which table this is from its name",
                           hint=f"Name the file after its table: {', '.join(t + '.csv' for t in codebook.TABLES)}.")
        else:
            read_csv_file(path, table, result)
    else:
        result.problem(path.name, "unreadable", f"{path.name}: not a workbook (.xlsx), CSV file or folder")
    return result
