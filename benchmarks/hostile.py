"""Write hostile workbooks and CSV files (seeded, small on disk, huge once read) to check bounded reading.

    python benchmarks/hostile.py OUT_DIR

writes ``big-cell.xlsx`` (one 300 MB cell in a ~325 KB workbook), ``many-rows.xlsx``
(5 million rows), ``wide.csv`` (a header of 10^6 columns) and ``big-cell.csv``. Each must be
refused with a ``limit`` problem; measure with ``/usr/bin/time -v netralitas-study validate FILE``.
Parts are streamed into the zip, so writing them needs little memory.
"""

from __future__ import annotations

import random
import sys
import zipfile
from pathlib import Path

CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                 '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                 'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                 'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="cases" sheetId="1" r:id="rId1"/></sheets></workbook>')
WORKBOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                 'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                 'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
              'spreadsheetml/2006/main"><sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


def _workbook(path: Path, sheet_rows) -> Path:
    """A one-sheet workbook named 'cases' whose sheet XML is streamed from ``sheet_rows`` (strings)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in (("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)):
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            fh.write(SHEET_HEAD.encode())
            for chunk in sheet_rows:
                fh.write(chunk.encode())
            fh.write(SHEET_TAIL.encode())
    return path


def big_cell(path: Path, chars: int = 300_000_000, seed: int = 13) -> Path:
    """One inline-string cell of ``chars`` characters (a seeded run of one letter compresses ~1000:1)."""
    letter = random.Random(seed).choice("abcdefghij")
    block = letter * 1_000_000

    def rows():
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c></row>'
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        for _ in range(chars // len(block)):
            yield block
        yield "</t></is></c></row>"
    return _workbook(path, rows())


def many_rows(path: Path, n: int = 5_000_000, seed: int = 13) -> Path:
    """``n`` rows of one small number cell each (rows without explicit numbers, as some writers do: ~700 KB)."""
    rng = random.Random(seed)
    value = rng.randint(1, 9)

    def rows():
        yield '<row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c></row>'
        batch = []
        for r in range(2, n + 2):
            batch.append(f"<row><c><v>{value}</v></c></row>")
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch)
    return _workbook(path, rows())


def wide_csv(path: Path, columns: int = 1_000_000) -> Path:
    """A cases.csv header of ``columns`` columns."""
    path.write_text(",".join(f"c{i}" for i in range(columns)) + "\n" + "x\n", encoding="utf-8")
    return path


def big_cell_csv(path: Path, chars: int = 50_000_000) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("case_id,notes\nX1,")
        for _ in range(chars // 1_000_000):
            fh.write("a" * 1_000_000)
        fh.write("\n")
    return path


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for p in (big_cell(out / "big-cell.xlsx"), many_rows(out / "many-rows.xlsx"),
              wide_csv(out / "cases-wide.csv"), big_cell_csv(out / "cases-big-cell.csv")):
        print(f"{p}: {p.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile"))
