"""Reading an .xlsx workbook, streaming: the sheets named like the codebook's tables, with formulas,
merged cells and cells right of the header reported, the workbook library's warnings captured
(they may quote a cell) and every cell and header scanned for personal data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from netralitas_study import codebook
from netralitas_study.io.inputs import ReadResult, _display_name, _finish, _guard, _letter
from netralitas_study.io.limits import Limits, LimitExceeded
from netralitas_study.io.limits import current as current_limits
from netralitas_study.validate.privacy import HIDDEN, scan_text


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
        shown = {}
        for t in sheets:
            title = _display_name(t, "", result, what="sheet")
            shown[title if title != HIDDEN else f"{HIDDEN} #{len(shown) + 1}"] = t
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


_DATE_WARNING = re.compile(r"Cell ([A-Z]{1,3})(\d+) is marked as a date but the serial value (.*) is outside the limits")


def _read_sheet(reader, target: str, where: str, table: str, limits: Limits, result: ReadResult) -> None:
    """One sheet, its library's warnings captured: they may quote a cell, so they are never printed."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        _read_sheet_rows(reader, target, where, table, limits, result)
    for w in caught:
        _library_warning(str(w.message), where, table, result)


def _library_warning(text: str, where: str, table: str, result: ReadResult) -> None:
    """A warning of the workbook library as a problem that names the cell but never quotes it."""
    m = _DATE_WARNING.search(text)
    if m is None:
        result.notices.append(result.say("{where}: the workbook library reported a problem with a cell (its text is "
                                         "not shown: it may quote the cell)", "{where}: pustaka workbook melaporkan "
                                         "masalah pada sebuah sel (teksnya tidak ditampilkan: bisa memuat isi sel)",
                                         where=where))
        return
    column, row, value = m[1], int(m[2]), m[3]
    header = result.tables.get(table)
    from openpyxl.utils import column_index_from_string

    pos = column_index_from_string(column) - 1
    name = header.columns[pos] if header is not None and pos < len(header.columns) else None
    if scan_text(value, allow=result.allow):
        result.problem(where, "personal_data", result.say(
            "personal data: a cell formatted as a date holds a number that {reason}",
            "data pribadi: sel berformat tanggal berisi angka yang {reason}",
            reason="is an identifier" if result.lang != "id" else "berupa nomor identitas"), table=table, row=row,
            column=name, value=HIDDEN, hint=result.say("The study codes roles, never persons: remove it.",
                                                       "Studi ini mengodekan jabatan, bukan orang: hapus data itu."))
    else:
        result.problem(where, "type", result.say(
            "cell {cell} is formatted as a date but holds a number that is no date",
            "sel {cell} berformat tanggal tetapi berisi angka yang bukan tanggal", cell=f"{column}{row}"),
            table=table, row=row, column=name, value=None,
            hint=result.say("Type the date as 2024-01-12, or clear the cell's date format.",
                            "Tulis tanggal sebagai 2024-01-12, atau hapus format tanggal selnya."))


def _read_sheet_rows(reader, target: str, where: str, table: str, limits: Limits, result: ReadResult) -> None:
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
