"""The province report as an editable Word file laid out as a thesis chapter (python-docx).

A4 portrait; a title page with the author, university and supervisor (a line to fill in when not
given); a table of contents field (Word fills it on opening: F9 / right click, Update field); a header
with the report's title and a footer with the page number; headings Heading 1-3 by section level;
tables with few, wide columns; the case detail as a list. Core properties: the given author (or
none), language id-ID, fixed dates (``SOURCE_DATE_EPOCH`` when set), so the same document is the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile

import pandas as pd

from netralitas_study.report.model import (TITLE_FIELDS, Document, Entries, Figure, Note, Paragraph, Section,
                                           Sources, Table, Warning)

TEXT_WIDTH_CM = 16.0
BLANK = "_" * 40
LANGUAGE = "id-ID"


def fixed_time() -> dt.datetime:
    """The documents' timestamp: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else 1980-01-01,
    the date the zip members carry."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime(1980, 1, 1)


def _field(paragraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (PAGE, TOC ...) in ``paragraph``; Word computes it on opening or on F9."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        if kind == "begin":
            el.set(qn("w:dirty"), "true")
        return el

    run = paragraph.add_run()
    run._r.append(char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run = paragraph.add_run()
    run._r.append(instr)
    paragraph.add_run()._r.append(char("separate"))
    paragraph.add_run(placeholder)
    paragraph.add_run()._r.append(char("end"))


def _language(d) -> None:
    """Indonesian as the document's proofing language (styles' defaults)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)


def _table(d, b: Table) -> None:
    from docx.shared import Cm, Pt

    cols = list(b.columns)
    weights = [(b.widths or {}).get(c, 1.0) for c in cols]
    widths = [Cm(TEXT_WIDTH_CM * w / sum(weights)) for w in weights]
    t = d.add_table(rows=1, cols=len(cols))
    t.style = "Table Grid"
    t.autofit = False
    size = Pt(8) if b.small else Pt(9)
    for cell, head, width in zip(t.rows[0].cells, b.columns.values(), widths):
        cell.width = width
        run = cell.paragraphs[0].add_run(head)
        run.bold, run.font.size = True, size
    for _, row in b.data.iterrows():
        cells = t.add_row().cells
        for cell, col, width in zip(cells, cols, widths):
            cell.width = width
            value = "" if pd.isna(row[col]) else str(row[col])
            for k, line in enumerate(value.split("\n")):
                para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                para.add_run(line).font.size = size
    d.add_paragraph()


def _blocks(d, blocks: list) -> None:
    from docx.shared import Cm, RGBColor

    for b in blocks:
        if isinstance(b, Section):
            d.add_heading(b.heading, level=min(b.level, 9))
            _blocks(d, b.blocks)
        elif isinstance(b, (Warning, Note)):
            warn = isinstance(b, Warning)
            for label, text, italic in ((("Peringatan: " if warn else "Catatan: "), b.id, False),
                                        (("Warning: " if warn else "Note: "), b.en, True)):
                p = d.add_paragraph()
                run = p.add_run(label)
                run.bold = True
                if warn:
                    run.font.color.rgb = RGBColor(0xB2, 0x18, 0x2B)
                p.add_run(text).italic = italic
        elif isinstance(b, Paragraph):
            d.add_paragraph(b.id)
            d.add_paragraph().add_run(b.en).italic = True
        elif isinstance(b, Table):
            _table(d, b)
        elif isinstance(b, Entries):
            for heading, detail in b.items:
                d.add_paragraph().add_run(heading).bold = True
                for label, text in detail:
                    p = d.add_paragraph(style="List Bullet")
                    p.add_run(f"{label}: ").bold = True
                    lines = str(text).split("\n")
                    p.add_run(lines[0])
                    for line in lines[1:]:
                        p.add_run().add_break()
                        p.add_run(line)
        elif isinstance(b, Figure):
            d.add_picture(io.BytesIO(b.png), width=Cm(TEXT_WIDTH_CM))
            d.add_paragraph().add_run(b.caption).italic = True
        elif isinstance(b, Sources):
            for number, title, url, rest in b.items:
                d.add_paragraph(f"[{number}] {title}." + (f" {url}" if url else "") + (f" ({rest})" if rest else ""))


def _title_page(d, doc: Document) -> None:
    d.add_heading(doc.title, level=0)
    d.add_paragraph().add_run(doc.subtitle).italic = True
    d.add_paragraph("Penanganan pelanggaran netralitas ASN oleh Bawaslu / How Bawaslu handles ASN-neutrality "
                    "violations")
    for key, label in TITLE_FIELDS:
        p = d.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(getattr(doc, key) or BLANK)
    for k, v in doc.facts:
        p = d.add_paragraph()
        p.add_run(f"{k}: ").bold = True
        p.add_run(v)
    d.add_page_break()
    d.add_paragraph().add_run("Daftar isi / Contents").bold = True
    _field(d.add_paragraph(), 'TOC \\o "1-3" \\h \\z \\u',
           "Daftar isi diperbarui saat dokumen dibuka (F9) / the contents are filled in when the document is "
           "opened (F9)")
    d.add_page_break()


def _header_footer(d, doc: Document) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    sec = d.sections[0]
    sec.header.paragraphs[0].text = f"{doc.title} / {doc.subtitle}"
    foot = sec.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    foot.add_run("Halaman / Page ")
    _field(foot, "PAGE", "1")


def to_docx(doc: Document, date: str | None = None) -> bytes:
    """The document as an editable Word file; the same bytes for the same document.

    ``date`` is accepted for compatibility and not used: a file's metadata never carry the data's date."""
    from docx import Document as Docx
    from docx.shared import Cm

    d = Docx()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(2.5))
    _language(d)
    props = d.core_properties
    props.title, props.subject = doc.title, doc.subtitle
    props.author = props.last_modified_by = doc.author or ""
    props.language = LANGUAGE
    props.keywords = props.comments = props.category = ""
    props.created = props.modified = fixed_time()
    props.last_printed = fixed_time()
    props.revision = 1
    _header_footer(d, doc)
    _title_page(d, doc)
    _blocks(d, doc.sections)
    raw = io.BytesIO()
    d.save(raw)
    return same_bytes(raw.getvalue())


def same_bytes(docx: bytes) -> bytes:
    """A saved .docx with fixed zip member times: the same document is the same bytes."""
    out = io.BytesIO()
    stamp = max(fixed_time(), dt.datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=stamp)
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()
