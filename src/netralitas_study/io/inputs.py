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
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study.io.limits import Limits, LimitExceeded
from netralitas_study.io.limits import current as current_limits
from netralitas_study.validate.privacy import HIDDEN, read_allow_list, scan_table, scan_text

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


class SharedList(tuple):
    """A read-only list kept in ``DataFrame.attrs`` (e.g. the spreadsheet row of each record).

    pandas deep-copies ``attrs`` on every operation; this one is shared instead (seconds on a
    report over the shipped data)."""

    def __deepcopy__(self, memo):
        return self


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
            result.problem(where, "duplicate_column", result.say(
                "{where}: column '{column}' appears twice (columns {a} and {b})",
                "{where}: kolom '{column}' muncul dua kali (kolom {a} dan {b})",
                where=where, column=key, a=_letter(seen[key]), b=_letter(i)), table=table, row=1, column=key,
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
    df.attrs["rows"] = SharedList(r for r, b in zip(rows, blank) if not b)  # shared, never deep-copied
    df.attrs["file"] = file
    df.attrs["scanned"] = True  # the personal-data guard has run on every cell of this table
    result.tables[table] = _normalise(df, table)


def _display_name(name: str, table: str, result: ReadResult) -> str:
    """A file or sheet name as shown in messages: hidden (and refused) when it holds personal data."""
    kinds = scan_text(name)
    if not kinds:
        return name
    result.problem(HIDDEN, "personal_data", result.say(
        "personal data in a file or sheet name: {reason}", "data pribadi di nama berkas atau sheet: {reason}",
        reason=kinds[0][2] if result.lang == "id" else kinds[0][1]), table=table,
        hint=result.say("Rename it.", "Ganti namanya."))
    return HIDDEN


def _csv_lines(fh, name: str, limits: Limits, result: ReadResult):
    """Decoded lines of a CSV file, refusing NUL bytes, invalid UTF-8 and over-long lines as they come."""
    longest = (limits.max_cell_chars + 3) * limits.max_columns * 4  # a full row of maximal cells, in bytes
    for number, raw in enumerate(iter(lambda: fh.readline(longest + 1), b""), start=1):
        if len(raw) > longest:
            raise LimitExceeded("max_cell_chars", f"{name}: line {number} is longer than {longest} bytes",
                                f"{name}: baris {number} lebih panjang dari {longest} byte")
        if b"\x00" in raw:
            raise _Unreadable(result.say("{name}: line {n} holds a NUL byte: a binary file, not a CSV text file",
                                         "{name}: baris {n} berisi byte NUL: berkas biner, bukan teks CSV",
                                         name=name, n=number), number)
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Unreadable(result.say(
                "{name}: line {n} is not UTF-8 text (byte 0x{byte:02x})",
                "{name}: baris {n} bukan teks UTF-8 (byte 0x{byte:02x})", name=name, n=number,
                byte=raw[exc.start]), number, rule="encoding") from None


class _Unreadable(Exception):
    def __init__(self, message: str, row: int | None = None, rule: str = "unreadable"):
        self.message, self.row, self.rule = message, row, rule
        super().__init__(message)


def read_csv_file(path: Path, table: str, result: ReadResult) -> None:
    """Read one CSV file as ``table``, streaming: delimiter detected (comma or semicolon), BOM accepted.

    Size, rows, columns and cell length are checked while reading, against :func:`limits.current`.
    """
    limits = current_limits()
    name = _display_name(path.name, table, result)
    if path.stat().st_size > limits.max_mb * 2**20:
        raise LimitExceeded("max_mb", f"{name}: larger than {limits.max_mb} MiB",
                            f"{name}: lebih besar dari {limits.max_mb} MiB")
    with path.open("rb") as fh:
        head = fh.read(4096)
        if not head.strip():
            result.problem(name, "empty", result.say("{name}: the file is empty", "{name}: berkasnya kosong",
                                                     name=name), table=table,
                           hint=result.say("Write the header row (see 'netralitas-study template').",
                                           "Tulis baris judul (lihat 'netralitas-study template')."))
            return
        if b"\x00" in head:
            result.problem(name, "unreadable", result.say("{name}: a binary file, not a CSV text file",
                                                          "{name}: berkas biner, bukan berkas teks CSV", name=name),
                           table=table, hint=result.say("Save the sheet as 'CSV UTF-8' or give the .xlsx workbook itself.",
                                                        "Simpan sheet sebagai 'CSV UTF-8' atau berikan workbook .xlsx-nya."))
            return
        first = head.split(b"\n", 1)[0]
        delimiter = ";" if first.count(b";") > first.count(b",") else ","
        fh.seek(0)
        old_limit = csv.field_size_limit(limits.max_cell_chars)
        try:
            header, rows, cells = _read_records(_csv_lines(fh, name, limits, result), delimiter, name, table,
                                                limits, result)
        except _Unreadable as exc:
            hint = ("Save as 'CSV UTF-8 (comma delimited)'; Excel's plain 'CSV' uses another encoding."
                    if exc.rule == "encoding" else "Save the sheet as 'CSV UTF-8' or give the .xlsx workbook itself.")
            result.problem(name, exc.rule, exc.message, table=table, row=exc.row, hint=hint)
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise LimitExceeded("max_cell_chars",
                                    f"{name}: a cell longer than {limits.max_cell_chars} characters",
                                    f"{name}: sel lebih panjang dari {limits.max_cell_chars} karakter") from None
            result.problem(name, "unreadable", result.say("{name}: not readable as CSV ({exc})",
                                                          "{name}: tidak dapat dibaca sebagai CSV ({exc})",
                                                          name=name, exc=exc), table=table,
                           hint=result.say("Check for an unclosed quotation mark.",
                                           "Periksa tanda kutip yang tidak ditutup."))
            return
        finally:
            csv.field_size_limit(old_limit)
    width = len(header)
    frame = _guard(header, width, rows, cells, name, table, result)
    _finish(frame, rows, name, table, result)


def _read_records(lines, delimiter: str, name: str, table: str, limits: Limits, result: ReadResult):
    """Header, row numbers and cells (padded to the widest row) of a CSV stream, within the limits."""
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header = next(reader, [])
    if len(header) > limits.max_columns:
        raise LimitExceeded("max_columns", f"{name}: {len(header)} columns (more than {limits.max_columns})",
                            f"{name}: {len(header)} kolom (lebih dari {limits.max_columns})")
    width, widest = len(header), len(header)
    rows, cells = [], []
    for i, rec in enumerate(reader, start=2):
        if i - 1 > limits.max_rows:
            raise LimitExceeded("max_rows", f"{name}: more than {limits.max_rows} rows",
                                f"{name}: lebih dari {limits.max_rows} baris")
        if len(rec) > limits.max_columns:
            raise LimitExceeded("max_columns", f"{name}: row {i} has more than {limits.max_columns} cells",
                                f"{name}: baris {i} berisi lebih dari {limits.max_columns} sel")
        if len(rec) > width and any(x.strip() for x in rec[width:]):
            result.problem(name, "row_width", result.say(
                "{name}: row {i} has {n} cells but the header has {width}",
                "{name}: baris {i} berisi {n} sel padahal judulnya {width} kolom", name=name, i=i, n=len(rec),
                width=width), table=table, row=i,
                hint=result.say("A stray separator (',' or ';') inside a cell? Quote the cell.",
                                "Ada pemisah (',' atau ';') di dalam sel? Beri tanda kutip pada sel itu."))
        widest = max(widest, len(rec))
        rows.append(i)
        cells.append(rec)
    header = header + [""] * (widest - width)
    return header, rows, [(rec + [""] * widest)[:widest] for rec in cells]


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "text") and not isinstance(value, str):  # an array or data-table formula
        return f"={value.text}"
    return str(value)


def _check_zip(path: Path, name: str, limits: Limits) -> None:
    """Refuse a workbook whose members would decompress beyond the limit, before openpyxl opens it."""
    import zipfile

    with zipfile.ZipFile(path) as zf:
        total = sum(info.file_size for info in zf.infolist())
    # zipfile never returns more than a member's declared size, so the declared sizes bound the reading
    if total > limits.max_mb * 2**20:
        raise LimitExceeded("max_mb", f"{name}: {total / 2**20:.0f} MiB once decompressed (more than {limits.max_mb})",
                            f"{name}: {total / 2**20:.0f} MiB setelah diekstrak (lebih dari {limits.max_mb})")


def _match_sheets(titles: list[str], name: str, tables: tuple[str, ...], result: ReadResult) -> dict[str, str]:
    """Sheet title for each table, by exact name; a near-duplicate (case, spaces) is an error, never a match."""
    matched = {}
    for table in tables:
        near = [t for t in titles if t != table and t.strip().lower() == table]
        if near:
            result.problem(name, "sheet_name", result.say(
                "{name}: sheet '{sheet}' is named almost like '{table}' (case or spaces differ)",
                "{name}: sheet '{sheet}' bernama hampir sama dengan '{table}' (huruf besar/kecil atau spasi berbeda)",
                name=name, sheet=near[0], table=table), table=table,
                hint=result.say("Name the sheet exactly '{table}' and delete any copy.",
                                "Beri nama sheet persis '{table}' dan hapus salinannya.", table=table))
        elif table in titles:
            matched[table] = table
        elif table in codebook.REQUIRED_TABLES:
            result.problem(name, "missing_table", result.say("{name}: no sheet named '{table}'",
                                                             "{name}: tidak ada sheet bernama '{table}'",
                                                             name=name, table=table), table=table,
                           hint=result.say("Sheets found: {s}.", "Sheet yang ada: {s}.", s=", ".join(titles)))
    return matched


def _resource_file(folder: Path, res: dict, result: ReadResult) -> Path | None:
    """The file a descriptor resource names, confined to ``folder``; None (with a problem) otherwise."""
    name, rel = str(res.get("name", "")), res.get("path")
    where = "datapackage.json"
    if not isinstance(rel, str) or not rel.strip():
        result.problem(where, "descriptor", result.say("{w}: resource '{n}' has no path",
                                                       "{w}: sumber '{n}' tidak punya path", w=where, n=name), table=name)
        return None
    unsafe = ("://" in rel or rel.startswith(("/", "\\")) or Path(rel).is_absolute()
              or re.match(r"^[A-Za-z]:", rel) or ".." in Path(rel.replace("\\", "/")).parts)
    if unsafe:
        result.problem(where, "descriptor", result.say("{w}: resource '{n}' path '{r}' leaves the data folder",
                                                       "{w}: path sumber '{n}' ('{r}') keluar dari folder data",
                                                       w=where, n=name, r=rel[:80]),
                       table=name, hint=result.say("Resource paths must be relative file names inside the folder "
                                                   "(no absolute path, no '..', no URL).",
                                                   "Path sumber harus nama berkas relatif di dalam folder (tanpa path "
                                                   "absolut, tanpa '..', tanpa URL)."))
        return None
    path = folder / rel
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        result.problem(where, "descriptor", result.say("{w}: resource '{n}' is a link out of the data folder",
                                                       "{w}: sumber '{n}' adalah tautan ke luar folder data",
                                                       w=where, n=name),
                       table=name, hint=result.say("Copy the file into the folder instead of linking it.",
                                                   "Salin berkasnya ke dalam folder, jangan ditautkan."))
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
            result.problem("datapackage.json", "descriptor",
                           result.say("datapackage.json: not a valid descriptor ({e})",
                                      "datapackage.json: deskriptor tidak sah ({e})", e=exc),
                           hint=result.say("Rewrite it with 'make datapackage', or remove it to read the folder by "
                                           "file names.", "Tulis ulang dengan 'make datapackage', atau hapus agar "
                                           "folder dibaca menurut nama berkas."))
            return
        for res in resources:
            name = str(res.get("name", "")) if isinstance(res, dict) else ""
            if name not in codebook.TABLES:
                result.problem("datapackage.json", "descriptor",
                               result.say("datapackage.json: resource '{n}' is not a table of the codebook",
                                          "datapackage.json: sumber '{n}' bukan tabel dalam buku kode", n=name[:60]),
                               hint=result.say("Tables: {t}.", "Tabel: {t}.", t=", ".join(codebook.TABLES)))
                continue
            if (f := _resource_file(path, res, result)) is not None:
                files[name] = f
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
                           result.say("{p}: no {f} in this folder", "{p}: tidak ada {f} di folder ini", p=path.name,
                                      f=f.name if f else table + ".csv"), table=table,
                           hint=result.say("Write the templates with 'netralitas-study template --format csv'.",
                                           "Tulis templatnya dengan 'netralitas-study template --format csv'."))


def _open_workbook(path: Path):
    """openpyxl's reader up to the sheets, without its read-only sheet objects.

    ``load_workbook(read_only=True)`` parses every sheet once just to size it; sheets are
    streamed here instead, once, with the limits checked as rows come.
    """
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    reader = ExcelReader(path, read_only=True, data_only=False)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)  # which number formats are dates
    sheets = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()
              if rel.target in reader.valid_files and "chartsheet" not in rel.Type}
    return reader, sheets


def read_workbook(path: Path, result: ReadResult, tables: tuple[str, ...] = codebook.TABLES) -> None:
    """Read the sheets of an .xlsx workbook named exactly like the codebook's tables, streaming."""
    limits = current_limits()
    name = _display_name(path.name, "", result)
    try:
        _check_zip(path, name, limits)
        reader, sheets = _open_workbook(path)
    except LimitExceeded:
        raise
    except Exception as exc:  # zipfile and openpyxl raise many types for a damaged or non-xlsx file
        result.problem(name, "unreadable", result.say(
            "{name}: not a readable .xlsx workbook ({kind})", "{name}: bukan workbook .xlsx yang dapat dibaca ({kind})",
            name=name, kind=type(exc).__name__),
            hint=result.say("Save the file as an Excel workbook (.xlsx).", "Simpan sebagai workbook Excel (.xlsx)."))
        return
    try:
        shown = {_display_name(t, "", result): t for t in sheets}
        for table, title in _match_sheets(list(shown), name, tables, result).items():
            _read_sheet(reader, sheets[shown[title]], f"{name} [{title}]", table, limits, result)
    finally:
        reader.archive.close()


def _sheet_rows(reader, target: str, where: str, limits: Limits):
    """(row number, cell values) of a sheet as they stream, then (None, merged ranges); limits checked per row."""
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = reader.wb
    with reader.archive.open(target) as src:
        parser = WorkSheetParser(src, reader.shared_strings, data_only=False, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for number, cells in parser.parse():
            if number > limits.max_rows + 1:
                raise LimitExceeded("max_rows", f"{where}: more than {limits.max_rows} rows",
                                    f"{where}: lebih dari {limits.max_rows} baris")
            width = max((c["column"] for c in cells), default=0)
            if width > limits.max_columns:
                raise LimitExceeded("max_columns", f"{where}: row {number} reaches column {width} (more than "
                                    f"{limits.max_columns})", f"{where}: baris {number} sampai kolom {width} "
                                    f"(lebih dari {limits.max_columns})")
            values = [None] * width
            for c in cells:
                values[c["column"] - 1] = c["value"]
            yield number, values
        merged = getattr(parser, "merged_cells", None)
    yield None, [str(m.ref) for m in getattr(merged, "mergeCell", None) or []]


def _read_sheet(reader, target: str, where: str, table: str, limits: Limits, result: ReadResult) -> None:
    header, rows, cells, formulas, widest = None, [], [], [], 0
    for number, values in _sheet_rows(reader, target, where, limits):
        if number is None:  # the merged ranges, found after the rows
            for merged in values:
                result.problem(where, "merged_cells", result.say("{where}: merged cells {m}",
                                                                 "{where}: sel gabungan {m}", where=where, m=merged),
                               table=table, row=int(re.search(r"\d+", merged).group()),
                               hint=result.say("Unmerge them: each cell must hold its own value.",
                                               "Pisahkan: setiap sel harus berisi nilainya sendiri."))
            continue
        rec = [_cell_text(v) for v in values]
        for col, text in enumerate(rec):
            if len(text) > limits.max_cell_chars:
                raise LimitExceeded("max_cell_chars", f"{where}: cell {_letter(col)}{number} holds more than "
                                    f"{limits.max_cell_chars} characters", f"{where}: sel {_letter(col)}{number} "
                                    f"berisi lebih dari {limits.max_cell_chars} karakter")
            if text.startswith("=") and (isinstance(values[col], str) or hasattr(values[col], "text")):
                formulas.append((number, col))
        if header is None:
            header = rec
            while header and header[-1] == "":
                header.pop()
            continue
        widest = max(widest, len(rec))
        rows.append(number)
        cells.append(rec)
    if header is None:
        result.problem(where, "empty", result.say("{where}: the sheet is empty", "{where}: sheet-nya kosong",
                                                  where=where), table=table)
        return
    width = len(header)
    widest = max(widest, width)
    cells = [(rec + [""] * widest)[:widest] for rec in cells]
    for r, rec in zip(rows, cells):
        extra = [i for i in range(width, widest) if rec[i].strip()]
        if extra:
            result.problem(where, "row_width", result.say(
                "{where}: row {r} has a value in column {c}, right of the last header",
                "{where}: baris {r} berisi nilai di kolom {c}, di kanan judul terakhir", where=where, r=r,
                c=_letter(extra[0])), table=table, row=r,
                hint=result.say("Move it into a column of the template, or delete it.",
                                "Pindahkan ke kolom templat, atau hapus."))
    frame = _guard(header + [""] * (widest - width), width, rows, cells, where, table, result)
    index = {r: i for i, r in enumerate(rows)}
    for r, c in formulas:
        hidden = r in index and c < width and frame.iat[index[r], c] == HIDDEN
        column = frame.columns[c] if c < width else None
        result.problem(where, "formula", result.say("{where}: cell {cell} holds a formula",
                                                    "{where}: sel {cell} berisi rumus", where=where,
                                                    cell=f"{_letter(c)}{r}"), table=table, row=r, column=column,
                       value=HIDDEN if hidden else None,  # formula text is shown in the table's own messages
                       hint=result.say("Paste the value instead of the formula.",
                                       "Tempel nilainya, bukan rumusnya."))
    _finish(frame, rows, where, table, result)


def _refuse_symlink(path: Path, result: ReadResult) -> bool:
    if path.is_symlink():
        result.problem(_display_name(path.name, "", result), "symlink", result.say(
            "{name}: a symbolic link; give the file itself", "{name}: tautan simbolik; berikan berkasnya sendiri",
            name=_display_name(path.name, "", result)))
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
    try:
        _read_any(path, result)
    except LimitExceeded as exc:
        result.problem(path.name if not scan_text(path.name) else HIDDEN, "limit", exc.message(lang),
                       hint=result.say("See 'Limits' in docs/guide.md.", "Lihat 'Batas' di docs/panduan.md."))
    from netralitas_study.codebook.migrate import upgrade

    result.tables, notices = upgrade(result.tables)  # codebook v1 input: read as v2, with a notice
    result.notices += notices
    return result


def _read_any(path: Path, result: ReadResult) -> None:
    if path.is_dir():
        _read_folder(path, result)
    elif not path.is_file():
        result.problem(str(path), "unreadable", result.say("{p}: no such file or folder",
                                                           "{p}: berkas atau folder tidak ada", p=path))
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
        result.problem(path.name, "unreadable", result.say(
            "{name}: not a workbook (.xlsx), CSV file or folder", "{name}: bukan workbook (.xlsx), berkas CSV atau folder",
            name=path.name))
