"""Issue 24: the PPID letter as Markdown and Word, one line per case, the decision on a pending person asked
for, no command line, and every quoted value escaped (a newline, Markdown or HTML in the data adds nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from netralitas_study.cli import main
from test_document import BANTEN_SOURCE, banten_cases, banten_events, banten_persons
from test_student_workflow import fill_workbook
from netralitas_study.codebook.template import write_workbook_template


def _workbook(tmp_path: Path, title: str = BANTEN_SOURCE["title"], pending: bool = True) -> Path:
    persons = banten_persons()
    if pending:
        persons[1].update(status="pending", recommendation="sedang")
    cases, events = banten_cases(), banten_events()
    for e in events:  # no kajian step dated: the cases stay open
        e["date"] = "not_reported" if e["step"] == "penerusan" else e["date"]
    return fill_workbook(write_workbook_template(tmp_path / "k.xlsx"), cases, events,
                         [{**BANTEN_SOURCE, "title": title}], persons)


def _letter(tmp_path: Path, name: str, **kw) -> Path:
    wb = _workbook(tmp_path, **kw)
    out = tmp_path / name
    result = CliRunner().invoke(main, ["gaps", str(wb), "--province", "Banten", "--letter", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_letter_describes_each_case_asks_for_the_pending_decision_and_prints_no_command(tmp_path):
    text = _letter(tmp_path, "surat.md").read_text(encoding="utf-8")
    assert "Kasus BTN-PK24-01" in text
    line = next(x for x in text.splitlines() if "Kasus BTN-PK24-02" in x)
    assert "Pilkada 2024, Serang" in line and "camat" in line and "BKN" in line  # one line in words, not codes
    assert "Keputusan pejabat pembina kepegawaian (PPK)" in text  # the pending person's decision is asked for
    assert "netralitas-study gaps" not in text and "`" not in text  # no command line


def test_the_letter_as_word_says_the_same(tmp_path):
    from docx import Document

    path = _letter(tmp_path, "surat.docx")
    d = Document(str(path))
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Permohonan Informasi Publik" in text and "Provinsi Banten" in text
    assert "Kasus BTN-PK24-02" in text and "Keputusan pejabat pembina kepegawaian (PPK)" in text
    assert "netralitas-study gaps" not in text
    assert d.core_properties.author == "" and d.core_properties.language == "id-ID"


@pytest.mark.parametrize("evil", ["Berita\n# Judul palsu", "![x](https://example.org/t.png)",
                                  "<script>alert(1)</script>", "Berita <img src=x onerror=alert(1)>"])
def test_a_quoted_value_cannot_add_a_heading_an_image_or_a_script(tmp_path, evil):
    markdown_it = pytest.importorskip("markdown_it")
    text = _letter(tmp_path, "surat.md", title=evil).read_text(encoding="utf-8")
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<h1>") == 1 and html.count("<h2>") == 3  # only the letter's own headings
    assert "<img" not in html and "<script" not in html
    assert "Judul palsu" not in html or "<h1>Judul palsu" not in html


def test_gaps_takes_one_province_and_says_so(tmp_path):
    wb = _workbook(tmp_path)
    result = CliRunner().invoke(main, ["gaps", str(wb), "--province", "Banten,31"])
    assert result.exit_code == 2 and "one province" in result.output and "Traceback" not in result.output
