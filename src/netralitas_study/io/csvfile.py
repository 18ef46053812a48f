"""Reading one CSV file, streaming: delimiter detected (comma or semicolon), BOM accepted, limits checked
as lines come, every cell and header scanned for personal data before anything else sees it."""

from __future__ import annotations

import csv
from pathlib import Path

from netralitas_study.io.inputs import ReadResult, _display_name, _finish, _guard
from netralitas_study.io.limits import Limits, LimitExceeded
from netralitas_study.io.limits import current as current_limits


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
