"""The province report as one self-contained HTML page: inline style, figures embedded, no script,
nothing fetched, the same bytes on every run. Draws a :class:`model.Document`; decides nothing."""

from __future__ import annotations

import base64
import html

import pandas as pd

from netralitas_study.report.model import (TITLE_FIELDS, Document, Entries, Figure, Note, Paragraph, Section,
                                           Sources, Table, Warning)

CSS = """
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.45; color: #1b1b1b;
       max-width: 80rem; margin: 2rem auto; padding: 0 1rem; }
.title-page { border-bottom: 2px solid #4575b4; padding-bottom: 1.5rem; margin-bottom: 2rem; }
.title-page h1 { font-size: 2rem; margin-bottom: 0.2rem; }
.title-page .subtitle { font-size: 1.3rem; color: #555; margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
dd.blank { border-bottom: 1px dotted #888; min-width: 20rem; }
p.en { color: #555; font-style: italic; margin-top: -0.6rem; }
.note { background: #f3f6fb; border-left: 4px solid #4575b4; padding: 0.4rem 0.8rem; margin: 0.8rem 0; }
.note p { margin: 0.2rem 0; } .note p.en { margin-top: 0; }
.warning { border-left: 4px solid #d73027; background: #fff4f0; padding: 0.4rem 0.8rem; margin: 0.8rem 0; }
.warning p { margin: 0.2rem 0; } .warning p.en { margin-top: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
table.small { font-size: 0.78rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #eef3fa; }
dl.case { display: grid; grid-template-columns: 16rem 1fr; gap: 0.2rem 1rem; font-size: 0.9rem; }
dl.case dt { font-weight: 600; } dl.case dd { margin: 0; }
figure { margin: 1.2rem 0; } figure img { max-width: 100%; } figcaption { font-size: 0.9rem; color: #444; }
ol.sources li { margin-bottom: 0.3rem; }
@media print { .title-page { page-break-after: always; border: none; } }
"""


def _lines(value) -> str:
    text = "" if pd.isna(value) else str(value)
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _two(cls: str, label_id: str, label_en: str, b) -> str:
    esc = html.escape
    bold_id = f"<strong>{label_id}</strong> " if label_id else ""
    bold_en = f"<strong>{label_en}</strong> " if label_en else ""
    return (f'<div class="{cls}"><p lang="id">{bold_id}{esc(b.id)}</p>'
            f'<p lang="en" class="en">{bold_en}{esc(b.en)}</p></div>')


def _blocks(blocks: list) -> list[str]:
    esc = html.escape
    out = []
    for b in blocks:
        if isinstance(b, Section):
            tag = f"h{min(b.level + 1, 6)}"
            out.append(f"<section>\n<{tag}>{esc(b.heading)}</{tag}>")
            out += _blocks(b.blocks)
            out.append("</section>")
        elif isinstance(b, Warning):
            out.append(_two("warning", "Peringatan:", "Warning:", b))
        elif isinstance(b, Note):
            out.append(_two("note", "Catatan:", "Note:", b))
        elif isinstance(b, Paragraph):
            out.append(f'<p lang="id">{esc(b.id)}</p>\n<p lang="en" class="en">{esc(b.en)}</p>')
        elif isinstance(b, Table):
            cls = ' class="small"' if b.small else ""
            head = "".join(f"<th>{esc(h)}</th>" for h in b.columns.values())
            rows = "\n".join("<tr>" + "".join(f"<td>{_lines(row[c])}</td>" for c in b.columns) + "</tr>"
                             for _, row in b.data.iterrows())
            out.append(f"<table{cls}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")
        elif isinstance(b, Entries):
            for heading, detail in b.items:
                rows = "\n".join(f"<dt>{esc(k)}</dt><dd>{_lines(v)}</dd>" for k, v in detail)
                out.append(f'<div class="case-detail"><p><strong>{esc(heading)}</strong></p>\n'
                           f'<dl class="case">\n{rows}\n</dl></div>')
        elif isinstance(b, Figure):
            data = base64.b64encode(b.png).decode("ascii")
            out.append(f'<figure id="fig-{esc(b.name)}"><img src="data:image/png;base64,{data}" '
                       f'alt="{esc(b.caption)}"><figcaption>{esc(b.caption)} '
                       f"(figures/{esc(b.name)}.png, .svg)</figcaption></figure>")
        elif isinstance(b, Sources):
            items = []
            for number, title, url, rest in b.items:
                link = f' <a href="{esc(url)}">{esc(url)}</a>' if url else ""
                items.append(f'<li value="{number}" id="src-{number}">{esc(title)}.{link}'
                             f"{' (' + esc(rest) + ')' if rest else ''}</li>")
            out.append('<ol class="sources">\n' + "\n".join(items) + "\n</ol>")
    return out


def to_html(doc: Document) -> str:
    """One self-contained page: inline style, figures embedded as PNG, no script, nothing fetched."""
    esc = html.escape
    thesis = "\n".join(f'<dt>{esc(label)}</dt><dd class="{"" if getattr(doc, key) else "blank"}">'
                       f"{esc(getattr(doc, key))}</dd>" for key, label in TITLE_FIELDS)
    facts = "\n".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in doc.facts)
    body = [f'<section class="title-page">\n<h1>{esc(doc.title)}</h1>\n<p class="subtitle">{esc(doc.subtitle)}</p>\n'
            f'<p>Penanganan pelanggaran netralitas ASN oleh Bawaslu / How Bawaslu handles ASN-neutrality '
            f'violations</p>\n<dl class="facts">\n{thesis}\n{facts}\n</dl>\n</section>']
    body += _blocks(doc.sections)
    return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(doc.title)} / {esc(doc.subtitle)}</title>\n<link rel="icon" href="data:,">\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")
