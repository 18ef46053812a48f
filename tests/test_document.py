"""Issue 12: the province report as a document (HTML and .docx), any province or several, a workbook
that teaches its columns, terminal tables that fit.

Each test builds a valid input, checks the effect, then perturbs the input and checks the effect moves.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from netralitas_study import load
from netralitas_study.cli import main
from netralitas_study.report.terminal import fit_table
from netralitas_study.report.document import build_document, to_docx, to_html
from netralitas_study.io.inputs import normalise_province
from netralitas_study.codebook.template import write_workbook_template
from test_student_workflow import SOURCE, coded_events, coded_persons, fill_workbook

BANTEN_SOURCE = {**SOURCE, "source_id": "SRC-BTN", "title": "Camat di Serang disanksi",
                 "url": "https://example.org/banten-camat"}
CODE_MARKERS = ("import ", "def ", "print(", "jp-CodeCell", "jp-InputArea", "In&nbsp;[", "<pre", "pd.", ".tables[")


def banten_cases(n: int = 3, province: str = "36 – Banten") -> list[dict]:
    """Cases coded from a source the package has never seen, the province as the dropdown writes it."""
    return [{"case_id": f"BTN-PK24-{i:02d}", "election_type": "pilkada", "election_year": "2024",
             "province": province, "regency": "Serang", "handled_by": "bawaslu_kabkota",
             "origin": "temuan" if i % 2 else "laporan", "violation_forms": "skb_12_ikut_kampanye",
             "violation_form_candidates": "not_applicable", "role": "camat", "agency_type": "pemerintah_kabkota",
             "employment": "pns", "persons": "1", "determination": "pelanggaran", "recipient": "bkn",
             "recommendation": "sedang", "source_id": "SRC-BTN", "locator": "paragraf 2", "notes": ""}
            for i in range(1, n + 1)]


def banten_events(n: int = 3) -> list[dict]:
    rows = []
    for i in range(1, n + 1):
        cid = f"BTN-PK24-{i:02d}"
        rows += [{"event_id": f"{cid}-E1", "case_id": cid, "step": "penetapan_temuan", "status": "occurred",
                  "date": "2024-10-07", "actor": "bawaslu_kabkota", "source_id": "SRC-BTN", "locator": "p. 1"},
                 {"event_id": f"{cid}-E2", "case_id": cid, "step": "penerusan", "status": "occurred",
                  "date": "2024-10-14", "actor": "bawaslu_kabkota", "source_id": "SRC-BTN", "locator": "p. 3"}]
    return rows


def banten_persons(n: int = 3) -> list[dict]:
    """BKN recommended a moderate sanction for every camat; the PPK imposed it only on the first."""
    return [{"person_id": f"BTN-PK24-{i:02d}-P1", "case_id": f"BTN-PK24-{i:02d}", "unit": "person", "role": "camat",
             "agency_type": "pemerintah_kabkota", "employment": "pns", "determination": "pelanggaran",
             "recommendation": "sedang", "recommended_by": "bkn", "status": "imposed" if i == 1 else "recommended",
             "sanction_imposed": "sedang" if i == 1 else "not_applicable",
             "imposed_by": "ppk" if i == 1 else "not_applicable",
             "imposed_date": "2024-11-20" if i == 1 else "not_applicable",
             "source_id": "SRC-BTN", "locator": "paragraf 5", "notes": ""} for i in range(1, n + 1)]


def workbook(tmp_path: Path, name: str = "kasus.xlsx", n: int = 3, with_bali: bool = False) -> Path:
    cases, events, persons = banten_cases(n), banten_events(n), banten_persons(n)
    sources = [BANTEN_SOURCE]
    if with_bali:  # the student workflow's Bali cases, in the same workbook
        from test_student_workflow import coded_cases

        cases += coded_cases()
        events += coded_events()
        persons += coded_persons()
        sources.append(SOURCE)
    return fill_workbook(write_workbook_template(tmp_path / name), cases, events, sources, persons)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def docx_text(path: Path) -> str:
    from docx import Document

    d = Document(str(path))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


# --- the report as a document ------------------------------------------------------------------


def test_banten_report_is_a_document_with_cases_sources_and_a_docx(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wb = workbook(tmp_path)
    result = run("report", wb.name, "--province", "Banten", "-o", "laporan")
    assert result.exit_code == 0, result.output
    out = tmp_path / "laporan"
    page = (out / "laporan.html").read_text(encoding="utf-8")
    # a document: title page, no code, no dataframe index
    assert "<h1>Laporan provinsi: Banten</h1>" in page and "Province report: Banten" in page
    assert not [m for m in CODE_MARKERS if m in page]
    assert "<th></th>" not in page and not re.search(r"<th>\s*\d+\s*</th>", page)
    assert page.index("lang=\"id\"") < page.index("lang=\"en\"")  # Indonesian first
    # the per-case table: every case, recommended and imposed kept apart, verdict and why
    for i in (1, 2, 3):
        assert f"BTN-PK24-0{i}" in page
    assert "Hasil per orang / Outcome per person" in page
    assert "belum dijatuhkan / recommended, not yet imposed" in page
    assert "Hukuman disiplin sedang (dijatuhkan / imposed, oleh / by PPK, 2024-11-20)" in page
    assert "Penilaian / Verdict" in page and "Alasan / Why" in page
    # findings computed from the data; n = 3 reads as counts, with one small-n sentence
    assert "Data memuat 3 kasus dari Banten" in page
    assert "Kasus diteruskan: 3 dari 3 kasus." in page
    assert "Only 3 cases" in page and "too few to compare" in page
    assert "sanksi dijatuhkan pada 1; 2 baru direkomendasikan" in page
    # a numbered source list with URLs; figures embedded, nothing loaded from elsewhere
    assert re.search(r'<ol class="sources">\s*<li value="1" id="src-1">Camat di Serang disanksi\. '
                     r'<a href="https://example.org/banten-camat">', page)
    assert "data:image/png;base64," in page and "<script" not in page
    from netralitas_study.report.site import external_loads

    assert external_loads(page) == []
    # the Word file says the same and is a real .docx
    text = docx_text(out / "laporan.docx")
    assert "Laporan provinsi: Banten" in text and "BTN-PK24-02" in text
    assert "[1] Camat di Serang disanksi. https://example.org/banten-camat" in text
    assert "recommended, not yet imposed" in text
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(out / "laporan.docx").namelist())
    # every table as CSV, figures as PNG and SVG
    cases = pd.read_csv(out / "tables" / "cases.csv")
    assert cases["case_id"].tolist() == ["BTN-PK24-01", "BTN-PK24-02", "BTN-PK24-03"]
    assert {"verdicts.csv", "comparison.csv", "findings.csv", "sources.csv", "persons.csv"} <= {
        p.name for p in (out / "tables").iterdir()}
    assert {p.suffix for p in (out / "figures").iterdir()} == {".png", ".svg"}


def test_the_findings_follow_the_data(tmp_path):
    """Perturb: five cases instead of three, one forwarding dropped: the numbers and the warning move."""
    wb = workbook(tmp_path, n=5)
    user = load(wb)
    user["events"] = user["events"][user["events"]["event_id"].ne("BTN-PK24-05-E2")].reset_index(drop=True)
    built = build_document(user, load(), ["36"], data_label="kasus.xlsx")
    page = to_html(built.document)
    assert "Data memuat 5 kasus dari Banten" in page
    assert "Kasus diteruskan: 4 dari 5 (80%; interval eksak 95% 28–99%)" in page
    assert "too few to compare" not in page.split("Perbandingan / Comparison")[0]  # n = 5: comparable
    assert "spans 28–99%" in page  # but the interval is wide, and says so
    findings = built.tables["findings"].set_index("finding")
    assert findings.loc["forwarded", ["count", "n"]].tolist() == [4, 5]


def test_a_report_rebuilds_byte_for_byte(tmp_path):
    user = load(workbook(tmp_path))
    shipped = load()
    a, b = (build_document(user, shipped, ["36"], data_label="kasus.xlsx") for _ in range(2))
    assert to_html(a.document) == to_html(b.document)
    assert to_docx(a.document, "2024-11-20") == to_docx(b.document, "2024-11-20")


def test_two_provinces_in_one_report_and_all(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    wb = workbook(tmp_path, with_bali=True)
    result = run("report", wb.name, "--province", "banten", "--province", "51", "-o", "two")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "two" / "laporan.html").read_text(encoding="utf-8")
    assert "<h1>Laporan provinsi: Banten, Bali</h1>" in page
    assert "<h2>Banten</h2>" in page and "<h2>Bali</h2>" in page
    cases = pd.read_csv(tmp_path / "two" / "tables" / "cases.csv")
    assert sorted(cases["province"].unique()) == ["Bali", "Banten"] and len(cases) == 6
    groups = set(pd.read_csv(tmp_path / "two" / "tables" / "comparison.csv")["group"])
    assert {"Banten (data Anda)", "Bali (data Anda)"} <= groups
    # 'all' and a comma-separated list give the same report
    for spec, folder in (("all", "all"), ("Banten,Bali", "comma")):
        result = run("report", wb.name, "--province", spec, "-o", folder)
        assert result.exit_code == 0, result.output
        assert len(pd.read_csv(tmp_path / folder / "tables" / "cases.csv")) == 6
    assert (tmp_path / "all" / "laporan.html").read_bytes() == (tmp_path / "comma" / "laporan.html").read_bytes()
    # one province only: the other's cases are not in it
    result = run("report", wb.name, "--province", "BALI", "-o", "one")
    assert result.exit_code == 0, result.output
    assert "BTN-PK24-01" not in (tmp_path / "one" / "laporan.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("spec", ["Atlantis", "", " , ", "99"])
def test_an_unknown_or_empty_province_is_one_line_and_exit_2(tmp_path, spec):
    wb = workbook(tmp_path)
    result = run("report", str(wb), "--province", spec, "-o", str(tmp_path / "r"))
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --province")
    assert "Traceback" not in result.output and "please report" not in result.output
    assert "36 Banten" in lines[0]  # the valid names are listed
    assert not (tmp_path / "r").exists()


def test_the_open_cases_section_names_each_undecided_case_and_its_documents(tmp_path, monkeypatch):
    from netralitas_study.conformance import engine as compliance
    from netralitas_study.report import document
    from netralitas_study.evidence import gaps

    user, shipped = load(workbook(tmp_path)), load()
    heading = "What would decide the open cases"
    page = to_html(build_document(user, shipped, ["36"]).document)
    verdicts = compliance.compliance(user["cases"], user["events"])
    undecided = verdicts.loc[verdicts["verdict"].eq("indeterminate"), "case_id"].tolist()
    assert undecided and heading in page
    section = page[page.index(heading):]
    assert all(cid in section for cid in undecided)
    # with nothing left open the section disappears
    monkeypatch.setattr(gaps, "open_cases", lambda *a, **k: gaps.OpenCases(
        pd.DataFrame(columns=["case_id", "province", "procedure", "n_items", "items", "documents"]), "-"))
    assert heading not in to_html(build_document(user, shipped, ["36"]).document)
    assert document.deciding_documents is not None


# --- the workbook teaches the codebook ---------------------------------------------------------


def test_province_is_read_from_the_code_the_name_or_the_dropdown_text():
    for text in ("36", "36 – Banten", "36 - banten", "Banten", "banten", " BANTEN "):
        assert normalise_province(text) == "36", text
    for text in ("36 – Jambi", "Atlantis", "not_reported"):  # left for validation to name
        assert normalise_province(text) == text


def test_a_workbook_with_province_names_validates_and_a_wrong_pair_is_named(tmp_path):
    from netralitas_study.validate.rules import validate_path

    cases = banten_cases()
    cases[1]["province"], cases[2]["province"] = "banten", "36"
    wb = fill_workbook(write_workbook_template(tmp_path / "a.xlsx"), cases, banten_events(), [BANTEN_SOURCE],
                       banten_persons())
    assert validate_path(wb)[0].empty
    assert load(wb)["cases"]["province"].astype(str).tolist() == ["36", "36", "36"]
    cases[0]["province"] = "36 – Jambi"
    wb = fill_workbook(write_workbook_template(tmp_path / "b.xlsx"), cases, banten_events(), [BANTEN_SOURCE],
                       banten_persons())
    problems = validate_path(wb, lang="id")[0]
    row = problems[problems["column"].eq("province")].iloc[0]
    assert row["rule"] == "vocabulary" and "36 Banten" in row["hint"] and "97 Papua Pegunungan" in row["hint"]


def test_template_has_a_kolom_sheet_and_province_choices_with_names(tmp_path):
    from netralitas_study import codebook

    wb = load_workbook(write_workbook_template(tmp_path / "t.xlsx"))
    kolom = wb["kolom"]
    rows = [[c.value for c in r] for r in kolom.iter_rows(min_row=2)]
    listed = {(r[0], r[1]) for r in rows}
    for table in ("cases", "persons", "events", "sources"):
        assert {(table, f) for f in codebook.field_names(table)} <= listed
    for r in rows:
        assert r[3] and r[4] and r[6], r  # meaning in ID and EN, and what is allowed
    by_name = {(r[0], r[1]): r for r in rows}
    assert "not_reported" in by_name[("cases", "persons")][6]
    assert "kemungkinan" in by_name[("cases", "violation_form_candidates")][3]
    col = [c.value for c in wb["kode"][1]].index("province") + 1
    values = [wb["kode"].cell(row=r, column=col).value for r in range(2, 60)]
    assert "36 – Banten" in values and "15 – Jambi" in values
    assert wb["cases"]["D2"].value == "15 – Jambi"


def test_validate_in_indonesian_says_everything_in_indonesian(tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # a wide terminal: messages are not wrapped (the width is tested below)
    folder = tmp_path / "csv"
    folder.mkdir()
    from netralitas_study.codebook.template import write_csv_templates

    write_csv_templates(folder)
    cases = folder / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace(",1,", ",satu,") + ",,,\n\n", encoding="utf-8")
    result = run("validate", str(folder), "--lang", "id")
    assert "baris kosong diabaikan" in result.output and " blank" not in result.output
    assert "kode kosong: unknown, not_reported, not_applicable" in result.output


# --- terminal tables ----------------------------------------------------------------------------


def test_tables_fit_the_terminal_width():
    df = pd.DataFrame({"case_id": ["JMB-PM24-T1", "X-2"], "verdict": ["indeterminate", "conformant"],
                       "n": [7, 12], "reasons": ["step kajian: not reported; " * 12, "all checks passed"]})
    for width in (60, 100, 200):
        text = fit_table(df, width)
        assert max(len(line) for line in text.splitlines()) <= width
        assert "JMB-PM24-T1" in text and "all checks passed" in text
    wide = fit_table(pd.concat([df] * 2, axis=1).set_axis([f"c{i}" for i in range(8)], axis=1), 40)
    assert max(len(line) for line in wide.splitlines()) <= 40  # too many columns: one block per row
    result = CliRunner(env={"COLUMNS": "80"}).invoke(main, ["procedures"])
    assert result.exit_code == 0 and max(len(x) for x in result.output.splitlines()) <= 80


def test_exact_and_wilson_intervals_match_statsmodels():
    """The intervals are computed on scipy.special (fast start-up); statsmodels is the oracle."""
    sm = pytest.importorskip("statsmodels.stats.proportion")
    from netralitas_study.analysis.stats import proportion

    for n in (1, 3, 4, 5, 17, 60):
        for k in range(n + 1):
            p = proportion(k, n)
            assert p["exact_low"] == pytest.approx(sm.proportion_confint(k, n, 0.05, "beta")[0], abs=1e-12)
            assert p["exact_high"] == pytest.approx(sm.proportion_confint(k, n, 0.05, "beta")[1], abs=1e-12)
            assert p["wilson_low"] == pytest.approx(sm.proportion_confint(k, n, 0.05, "wilson")[0], abs=1e-12)


def test_figures_keep_titles_legends_and_labels_inside_and_clear():
    """Funnel title, steps legend and comparison legend drawn inside the figure; bar labels right of the interval."""
    import matplotlib

    matplotlib.use("Agg")
    from netralitas_study.analysis import eventlog
    from netralitas_study.analysis.compare import compare_groups
    from netralitas_study.analysis.outcomes import person_funnel
    from netralitas_study.report import figures

    user = load(workbook(Path(__import__("tempfile").mkdtemp()), n=5))
    shipped = load()

    def inside(fig, artist):
        fig.canvas.draw()
        box, page = artist.get_window_extent(), fig.bbox
        return box.x0 >= page.x0 - 1 and box.x1 <= page.x1 + 1

    fig = figures.plot_person_funnel(person_funnel(user["persons"], recommended_from="coded"),
                                     title="Banten: dari penetapan sampai sanksi\nfrom determination to sanction")
    assert inside(fig, fig._suptitle)
    funnel = person_funnel(user["persons"], recommended_from="coded")
    anchors = sorted(t.xy[0] for t in fig.axes[0].texts)
    assert anchors == sorted((funnel["exact_high"] * funnel["n"]).tolist())  # each label starts where its interval ends
    steps = figures.plot_step_matrix(eventlog.step_matrix(user["cases"], user["events"]), title="Steps")
    assert all(inside(steps, lg) for lg in steps.legends)
    groups = {"Banten (data Anda)": (user["cases"], user["events"], user["persons"]),
              "DKI": (user["cases"].head(1), user["events"], user["persons"]),
              "Jambi": (shipped["cases"].head(25), shipped["events"], shipped.get("persons")),
              "semua provinsi / all provinces": (shipped["cases"], shipped["events"], shipped.get("persons"))}
    comp = figures.plot_indicators(compare_groups(groups), title="compared")
    assert all(inside(comp, lg) for lg in comp.legends)
