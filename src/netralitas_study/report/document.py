"""The province report as a document a student can hand in: bilingual HTML and an editable Word file.

The report is four modules, in the order the data flow:

* :mod:`report.model`: the document (title page, sections, paragraphs, notes, tables, lists, figures,
  numbered sources), nothing about how it is drawn;
* :mod:`report.content` (the words, from codes) and :mod:`report.build` (:func:`build_document`: the
  analysis that fills the model);
* :mod:`report.html` (:func:`to_html`) and :mod:`report.word` (:func:`to_docx`), the two renderers.

This module keeps the public names in one place and writes a report folder (:func:`write_report`):
``laporan.html``, ``laporan.docx``, every figure as PNG and SVG under ``figures/`` and every table as
CSV under ``tables/``. Indonesian comes first everywhere, English after it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from netralitas_study.report.build import Built, build_document, deciding_documents
from netralitas_study.report.content import SMALL_N, WIDE_INTERVAL, case_table, findings, tally_table
from netralitas_study.report.html import to_html
from netralitas_study.report.model import Document, Note, Paragraph, Section, Table, Warning
from netralitas_study.report.word import to_docx

__all__ = ["Built", "Document", "Note", "Paragraph", "SMALL_N", "Section", "Table", "WIDE_INTERVAL", "Warning",
           "build_document", "case_table", "deciding_documents", "findings", "tally_table", "to_docx", "to_html",
           "write_report"]


def _whole_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """Float columns that hold only whole numbers as integers (a count is 16, never 16.0)."""
    out = table.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s) and s.notna().any() and (s.dropna() % 1 == 0).all():
            out[col] = s.astype("Int64")
    return out


def _figures(blocks: list):
    from netralitas_study.report.model import Figure

    for b in blocks:
        if isinstance(b, Section):
            yield from _figures(b.blocks)
        elif isinstance(b, Figure):
            yield b


def write_report(out_dir: str | Path, built: Built, stem: str = "laporan") -> list[Path]:
    """Write ``stem.html``, ``stem.docx``, ``figures/*.png|svg`` and ``tables/*.csv`` into ``out_dir``."""
    import matplotlib.pyplot as plt

    from netralitas_study.report.notebooks import save_figure, save_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in built.tables.items():
        save_table(_whole_numbers(table), out, name)
    pngs = {b.name: b.png for b in _figures(built.document.sections)}
    for name, fig in built.figures.items():
        if name in pngs:  # drawn once for the page already: the same PNG, only the SVG is drawn again
            (out / "figures").mkdir(parents=True, exist_ok=True)
            (out / "figures" / f"{name}.png").write_bytes(pngs[name])
            save_figure(fig, out, name, formats=("svg",))
        else:
            save_figure(fig, out, name)
        plt.close(fig)
    html_path, docx_path = out / f"{stem}.html", out / f"{stem}.docx"
    html_path.write_bytes(to_html(built.document).encode("utf-8"))
    docx_path.write_bytes(to_docx(built.document))
    return [html_path, docx_path]


def _progress_bar(total: int):
    """One quiet bar on stderr (drawn only on a terminal, gone when done)."""
    from tqdm import tqdm

    return tqdm(total=total, desc="laporan / report", unit="step", leave=False, disable=None, file=sys.stderr)


def write_province_report(path, tables: dict, codes: list[str], procedure_id: str | None, output, force: bool,
                          **title: str) -> None:
    """Build the report of provinces ``codes`` from validated ``tables`` read from ``path`` and move it,
    complete, into the folder ``output`` (never a folder the user changed, unless ``force``)."""
    from pathlib import Path

    from netralitas_study.codebook.package import DEFAULT_DATA
    from netralitas_study.io.inputs import shown_name
    from netralitas_study.io.outputs import report_folder
    from netralitas_study.validate.loader import load

    path = Path(path)
    is_shipped = path.resolve() == Path(DEFAULT_DATA).resolve()
    shipped = tables if is_shipped else load()
    # the file's name only, scanned: no absolute path reaches the report, and a name holding personal data is hidden
    label = "data bawaan netralitas-study / shipped data" if is_shipped else shown_name(path.resolve().name or str(path))
    bar = _progress_bar(len(codes) + 2)
    try:
        built = build_document(tables, shipped, codes, procedure_id, label, is_shipped, progress=lambda: bar.update(1),
                               **title)
        with report_folder(Path(output), force) as tmp:
            write_report(tmp, built)
            bar.update(1)
    finally:
        bar.close()

