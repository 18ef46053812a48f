"""Issue 5 end to end: template -> filled workbook -> validate -> report; CSV variant; reliability."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from netralitas_study import codebook
from netralitas_study.cli import main
from netralitas_study.analysis.reliability import alpha, compare_coders
from netralitas_study.codebook.template import write_workbook_template
from netralitas_study import load
from netralitas_study.validate.rules import validate_path

SOURCE = {"source_id": "SRC-1", "type": "berita", "title": "Berita penanganan", "url": "https://example.org/a",
          "reference": "", "published": "2024-10-20", "notes": ""}
CASE = {"election_type": "pilkada", "election_year": "2024", "province": "51", "regency": "Karangasem",
        "handled_by": "bawaslu_kabkota", "violation_forms": "skb_12_ikut_kampanye",
        "violation_form_candidates": "not_applicable", "role": "camat", "agency_type": "pemerintah_kabkota",
        "employment": "pns", "persons": "1", "determination": "pelanggaran", "recipient": "bkn",
        "recommendation": "sedang", "source_id": "SRC-1", "locator": "paragraf 2", "notes": ""}


def coded_persons() -> list[dict]:
    """One camat per case: BKN recommended a moderate sanction; imposed only in the first case."""
    return [{"person_id": f"BAL-X-{i}-P1", "case_id": f"BAL-X-{i}", "unit": "person", "role": "camat",
             "agency_type": "pemerintah_kabkota", "employment": "pns", "determination": "pelanggaran",
             "recommendation": "sedang", "recommended_by": "bkn", "status": "imposed" if i == 1 else "recommended",
             "sanction_imposed": "sedang" if i == 1 else "not_applicable",
             "imposed_by": "not_reported" if i == 1 else "not_applicable",
             "imposed_date": "not_reported" if i == 1 else "not_applicable",
             "source_id": "SRC-1", "locator": "paragraf 4", "notes": ""} for i in (1, 2, 3)]


def coded_cases(variant: str = "a") -> list[dict]:
    origins = ["temuan", "laporan", "temuan"] if variant == "a" else ["temuan", "laporan", "laporan"]
    return [{**CASE, "case_id": f"BAL-X-{i}", "origin": o} for i, o in enumerate(origins, 1)]


def coded_events() -> list[dict]:
    rows = []
    for i in (1, 2, 3):
        intake = "penetapan_temuan" if i != 2 else "penerimaan_laporan"
        rows += [
            {"event_id": f"BAL-X-{i}-E1", "case_id": f"BAL-X-{i}", "step": intake, "status": "occurred",
             "date": f"2024-10-0{i}", "actor": "bawaslu_kabkota", "source_id": "SRC-1", "locator": "p. 1", "notes": ""},
            {"event_id": f"BAL-X-{i}-E2", "case_id": f"BAL-X-{i}", "step": "penerusan", "status": "occurred",
             "date": "not_reported", "actor": "bawaslu_kabkota", "source_id": "SRC-1", "locator": "p. 3", "notes": ""},
        ]
    return rows


def fill_workbook(path: Path, cases: list[dict], events: list[dict], sources: list[dict],
                  persons: list[dict] | None = None, tallies: list[dict] | None = None) -> Path:
    """Fill a template as a student would: delete the example rows, type the rows (dates as Excel dates)."""
    import datetime as dt

    wb = load_workbook(path)
    persons = coded_persons() if persons is None else persons
    for table, rows in (("cases", cases), ("persons", persons), ("events", events), ("sources", sources),
                        ("tallies", tallies or [])):
        ws = wb[table]
        ws.delete_rows(2)
        header = [c.value for c in ws[1]]
        for r, row in enumerate(rows, start=2):
            for c, name in enumerate(header, start=1):
                value = row.get(name, "")
                if name in ("date", "published", "snapshot") and value[:2] == "20":
                    try:
                        value = dt.datetime.fromisoformat(value)  # typed as a real date cell
                    except ValueError:
                        pass  # an impossible date stays text, as Excel keeps it
                ws.cell(row=r, column=c, value=value if value != "" else None)
    wb.save(path)
    return path


MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember"]


def as_indonesian_csv(folder: Path, cases, events, sources, persons=None) -> Path:
    """The same rows saved as Excel does under an Indonesian locale: ';', BOM, '12 Oktober 2024' dates."""
    folder.mkdir()

    def indo(value: str) -> str:
        if len(value) == 10 and value[4] == "-":
            y, m, d = value.split("-")
            return f"{int(d)} {MONTHS[int(m) - 1]} {y}"
        return value

    persons = coded_persons() if persons is None else persons
    for table, rows in (("cases", cases), ("persons", persons), ("events", events), ("sources", sources),
                        ("tallies", [])):  # the template's tallies sheet, left empty
        names = codebook.field_names(table)
        with (folder / f"{table}.csv").open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            w.writerow(names)
            for row in rows:
                w.writerow([indo(row.get(n, "")) for n in names])
            w.writerow([""] * len(names))  # a trailing blank row, as spreadsheets leave
    return folder


@pytest.fixture()
def workbook(tmp_path) -> Path:
    return fill_workbook(write_workbook_template(tmp_path / "bali.xlsx"), coded_cases(), coded_events(), [SOURCE])


def test_template_has_dropdowns_dates_instructions_and_an_example(tmp_path):
    wb = load_workbook(write_workbook_template(tmp_path / "t.xlsx"))
    assert wb.sheetnames[0] == "petunjuk" and {"cases", "events", "sources", "kode"} <= set(wb.sheetnames)
    assert wb["petunjuk"]["A1"].value == "PETUNJUK PENGODEAN"  # Indonesian first
    ws = wb["cases"]
    assert [c.value for c in ws[1]] == codebook.field_names("cases")
    assert ws["A2"].value.startswith("CONTOH-")
    validated = {str(r).split(":")[0] for dv in ws.data_validations.dataValidation for r in dv.sqref.ranges}
    header = [c.value for c in ws[1]]
    vocab_cols = {f["name"] for f in codebook.fields("cases") if f.get("vocabulary") and "delimiter" not in f}
    assert {header[ord(x[0]) - 65] for x in validated if len(x) == 2} == vocab_cols
    date_col = [c.value for c in wb["events"][1]].index("date") + 1
    assert wb["events"].cell(row=5, column=date_col).number_format == "yyyy-mm-dd"


def test_filled_workbook_validates_and_counts_its_rows(workbook):
    problems, summary = validate_path(workbook)
    assert problems.empty, problems.to_string()
    assert summary.set_index("table").loc["cases", ["rows_read", "rows_accepted", "rows_rejected"]].tolist() == [3, 3, 0]


def test_semicolon_csv_with_indonesian_dates_gives_the_same_result(workbook, tmp_path):
    folder = as_indonesian_csv(tmp_path / "csv", coded_cases(), coded_events(), [SOURCE])
    p_wb, s_wb = validate_path(workbook)
    p_csv, s_csv = validate_path(folder)
    assert p_wb.empty and p_csv.empty
    cols = ["table", "rows_read", "rows_accepted", "rows_rejected"]
    assert s_csv[cols].equals(s_wb[cols])
    assert load(folder)["events"]["date"].tolist() == load(workbook)["events"]["date"].tolist()


def test_the_same_mistake_is_reported_the_same_way_in_both_forms(tmp_path):
    cases = coded_cases()
    cases[1]["origin"] = "temuann"
    events = coded_events()
    events[2]["date"] = "2024-02-30"  # impossible in both forms
    wb = fill_workbook(write_workbook_template(tmp_path / "w.xlsx"), cases, [dict(e) for e in events], [SOURCE])
    events_csv = [dict(e) for e in events]
    events_csv[2]["date"] = "30/02/2024"
    folder = as_indonesian_csv(tmp_path / "csv", cases, events_csv, [SOURCE])
    cols = ["table", "row", "column", "rule"]
    p_wb, p_csv = validate_path(wb)[0], validate_path(folder)[0]
    assert p_wb[cols].values.tolist() == p_csv[cols].values.tolist()
    assert ["cases", 3, "origin", "vocabulary"] in p_wb[cols].values.tolist()


def test_report_end_to_end(workbook, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", workbook.name, "-o", "laporan"])
    assert result.exit_code == 0, result.output
    out = tmp_path / "laporan"
    assert (out / "laporan.html").is_file()
    assert {p.suffix for p in (out / "figures").iterdir()} == {".png", ".svg"}
    summary = pd.read_csv(out / "tables" / "verdict_summary.csv")
    assert summary["n"].unique().tolist() == [3]
    assert summary["count"].sum() == 3
    comparison = pd.read_csv(out / "tables" / "comparison.csv").set_index(["group", "indicator"])
    forwarded = comparison.xs("forwarded", level="indicator")
    assert forwarded.filter(like="Bali", axis=0)[["count", "n"]].values.tolist() == [[3, 3]]
    assert str(tmp_path) not in (out / "laporan.html").read_text()  # no absolute path in the report


def test_report_refuses_invalid_data(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cases = coded_cases()
    cases[0]["role"] = "camat, NIP 198001012005011001"
    wb = fill_workbook(write_workbook_template(tmp_path / "bad.xlsx"), cases, coded_events(), [SOURCE])
    result = CliRunner().invoke(main, ["report", wb.name, "-o", "laporan"])
    assert result.exit_code == 1 and "personal data" in result.output
    assert not (tmp_path / "laporan" / "laporan.html").exists()
    assert "198001012005011001" not in result.output


def test_reliability_reports_alpha_and_every_disagreement(tmp_path):
    a = fill_workbook(write_workbook_template(tmp_path / "a.xlsx"), coded_cases("a"), coded_events(), [SOURCE])
    b = fill_workbook(write_workbook_template(tmp_path / "b.xlsx"), coded_cases("b"), coded_events(), [SOURCE])
    alphas, disagreements = compare_coders(load(a)["cases"], load(b)["cases"], n_boot=200)
    origin = alphas.set_index("variable").loc["origin"]
    assert origin["units"] == 3 and origin["alpha"] < 1
    assert disagreements[["id", "variable", "coder_a", "coder_b"]].values.tolist() == [
        ["BAL-X-3", "origin", "temuan", "laporan"]]
    assert alphas.set_index("variable").loc["province", "reading"] == "reliable (>= 0.800)"
    result = CliRunner().invoke(main, ["reliability", str(a), str(b)])
    assert result.exit_code == 0 and "1 disagreement" in result.output


@pytest.mark.parametrize("level", ["nominal", "ordinal"])
def test_alpha_matches_an_independent_implementation(level):
    krippendorff = pytest.importorskip("krippendorff")
    rng = np.random.default_rng(7)
    for _ in range(20):
        n = int(rng.integers(5, 40))
        a = rng.integers(0, 5, n)
        b = np.where(rng.random(n) < 0.6, a, rng.integers(0, 5, n))
        values = np.array([[str(x), str(y)] for x, y in zip(a, b)], dtype=object)
        values[rng.integers(0, n, 2), 1] = None
        ours = alpha(values, level, order=["0", "1", "2", "3", "4"])
        ref = krippendorff.alpha(reliability_data=np.array(
            [[np.nan if v is None else float(v) for v in values[:, k]] for k in (0, 1)]), level_of_measurement=level)
        assert ours == pytest.approx(ref, abs=1e-9)


# --- issue 24: a fresh province read the way the student reads it --------------------------------

FRESH_SOURCE = {"source_id": "SRC-CONTOH", "type": "berita", "title": "CONTOH / example: berita sintetis Banten",
                "url": "https://example.org/contoh-banten", "reference": "", "published": "2024-12-01",
                "notes": "data sintetis untuk uji / synthetic test data"}


def fresh_cases() -> list[dict]:
    """Five synthetic Banten cases (recommendation not coded on any) and one DKI Jakarta case."""
    base = {**CASE, "province": "36 – Banten", "regency": "Serang", "recommendation": "not_reported",
            "source_id": "SRC-CONTOH", "notes": "CONTOH / example"}
    rows = [{**base, "case_id": f"BTN-PK24-0{i}", "origin": "temuan" if i % 2 else "laporan",
             "persons": "4" if i == 1 else "1"} for i in range(1, 6)]
    rows.append({**base, "case_id": "DKI-PK24-01", "province": "31", "regency": "Jakarta Barat", "origin": "temuan"})
    return rows


def fresh_persons() -> list[dict]:
    base = {"unit": "person", "role": "camat", "agency_type": "pemerintah_kabkota", "employment": "pns",
            "determination": "pelanggaran", "recommendation": "not_reported", "recommended_by": "not_reported",
            "source_id": "SRC-CONTOH", "locator": "paragraf 4", "notes": ""}
    imposed = {"status": "imposed", "sanction_imposed": "sedang", "imposed_by": "ppk", "imposed_date": "not_reported"}
    pending = {"status": "pending", "sanction_imposed": "not_applicable", "imposed_by": "not_applicable",
               "imposed_date": "not_applicable"}
    rows = [{**base, **imposed, "person_id": f"BTN-PK24-01-P{k}", "case_id": "BTN-PK24-01"} for k in (1, 2, 3)]
    rows.append({**base, **pending, "person_id": "BTN-PK24-01-P4", "case_id": "BTN-PK24-01"})
    for i in range(2, 6):
        rows.append({**base, **(imposed if i == 3 else pending), "person_id": f"BTN-PK24-0{i}-P1",
                     "case_id": f"BTN-PK24-0{i}", "role": "unknown" if i == 2 else "camat"})
    rows.append({**base, **pending, "person_id": "DKI-PK24-01-P1", "case_id": "DKI-PK24-01"})
    return rows


def fresh_events() -> list[dict]:
    rows = []
    for c in fresh_cases():
        cid = c["case_id"]
        rows += [{"event_id": f"{cid}-E1", "case_id": cid, "step": "penetapan_temuan", "status": "occurred",
                  "date": "2024-10-07", "actor": "bawaslu_kabkota", "source_id": "SRC-CONTOH", "locator": "p. 1"},
                 {"event_id": f"{cid}-E2", "case_id": cid, "step": "penerusan", "status": "occurred",
                  "date": "2024-10-14", "actor": "bawaslu_kabkota", "source_id": "SRC-CONTOH", "locator": "p. 3"}]
    return rows


FRESH_TALLY = {"tally_id": "BTN-T1", "election_type": "pilkada", "election_year": "2024", "level": "provinsi",
               "province": "36", "regency": "not_applicable", "metric": "reported",
               "source_metric": "dugaan pelanggaran netralitas ASN", "scope": "asn", "body": "bawaslu_provinsi",
               "value": "16", "value_qualifier": "exact", "unit": "cases", "source_unit": "kasus",
               "snapshot": "not_reported", "conflict": "tidak", "source_id": "SRC-CONTOH",
               "locator": "kutipan: 'menangani 16 dugaan pelanggaran'", "notes": "angka sementara / interim figure"}


def _visible_text(html_text: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html_text, "html.parser")
    for tag in soup(["style", "script"]):
        tag.decompose()
    return soup.get_text(" ", strip=True)


@pytest.fixture(scope="module")
def fresh_report(tmp_path_factory):
    """The workflow as a student runs it: template, fill, validate, report (two provinces, in their order)."""
    tmp = tmp_path_factory.mktemp("fresh")
    wb = fill_workbook(write_workbook_template(tmp / "banten.xlsx"), fresh_cases(), fresh_events(), [FRESH_SOURCE],
                       fresh_persons(), [FRESH_TALLY])
    assert validate_path(wb)[0].empty, validate_path(wb)[0].to_string()
    runner = CliRunner()
    result = runner.invoke(main, ["report", str(wb), "--province", "banten,31", "-o", str(tmp / "out"),
                                  "--author", "Mahasiswa Contoh", "--university", "Universitas Contoh"])
    assert result.exit_code == 0, result.output
    return tmp / "out"


def test_fresh_report_funnel_counts_only_coded_recommendations(fresh_report):
    funnel = pd.read_csv(fresh_report / "tables" / "persons_funnel.csv").set_index(["province", "stage"])
    assert funnel.loc[(36, "recommended"), "count"] == 0  # not coded for any Banten person: not 8 (100%)
    assert funnel.loc[(36, "imposed"), "count"] == 4
    assert funnel.loc[(31, "recommended"), "count"] == 0


def test_fresh_report_keeps_missing_codes_apart_and_counts_whole(fresh_report):
    persons = pd.read_csv(fresh_report / "tables" / "persons.csv", dtype=str, keep_default_na=False)
    imposed = persons[persons["status"].eq("imposed")]
    assert set(imposed["imposed_date"]) == {"not_reported"}
    assert set(persons.loc[persons["status"].eq("pending"), "imposed_date"]) == {"not_applicable"}
    tallies = pd.read_csv(fresh_report / "tables" / "tallies.csv", dtype=str, keep_default_na=False)
    assert tallies.loc[0, "snapshot"] == "not_reported" and tallies.loc[0, "value"] == "16"
    findings = pd.read_csv(fresh_report / "tables" / "findings.csv", dtype=str, keep_default_na=False)
    assert findings["count"].str.fullmatch(r"\d+").all() and findings["n"].str.fullmatch(r"\d+").all()  # 16, not 16.0
    text = _visible_text((fresh_report / "laporan.html").read_text(encoding="utf-8"))
    assert "jabatan tidak diketahui / role unknown" in text  # role 'unknown' is not 'not stated'


def test_fresh_report_reads_as_sentences_for_small_n(fresh_report):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((fresh_report / "laporan.html").read_text(encoding="utf-8"), "html.parser")
    sections = [s for s in page.find_all("section") if s.find("h2")]
    titles = [s.find("h2").get_text() for s in sections]
    assert titles[:2] == ["Banten", "DKI Jakarta"]  # the user's order; provinces by name
    assert "Laporan provinsi: Banten, DKI Jakarta" in page.find("h1").get_text()
    dki = next(s for s in sections if s.find("h2").get_text() == "DKI Jakarta")
    findings = dki.find("h3", string="Temuan / Findings").find_parent("section")
    sentences = " ".join(p.get_text() for p in findings.find_all("p") if not p.find_parent("div"))
    assert "%" not in sentences and "interval" not in sentences  # counts only, below n = 5
    assert len(findings.select("div.note")) == 1 and not findings.select("div.warning")
    assert "1 cases" not in page.get_text()
    assert "1 of 1 case" in findings.get_text(" ")
    banten = next(s for s in sections if s.find("h2").get_text() == "Banten")
    assert "3 × camat: Hukuman disiplin sedang (dijatuhkan / imposed, oleh / by PPK)" in banten.get_text()
    text = page.get_text(" ")
    assert "Perbawaslu 9/2024 (Pilkada)" in text and "perbawaslu-9-2024-pilkada" not in text
    assert "netralitas-study gaps" not in text and "--province" not in text  # no command line


def test_fresh_report_tallies_keep_quote_and_caveat(fresh_report):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((fresh_report / "laporan.html").read_text(encoding="utf-8"), "html.parser")
    head = page.find("h3", string="Angka yang diterbitkan / Published figures").find_parent("section")
    cells = [td.get_text() for td in head.find_all("td")]
    assert "kutipan: 'menangani 16 dugaan pelanggaran'" in cells
    assert "angka sementara / interim figure" in cells
    assert any("16 Kasus" in c or "16 kasus" in c.lower() for c in cells)


def test_fresh_report_docx_is_a_thesis_chapter(fresh_report):
    import zipfile

    from docx import Document

    path = fresh_report / "laporan.docx"
    d = Document(str(path))
    props = d.core_properties
    assert props.author == "Mahasiswa Contoh" and props.language == "id-ID"
    assert props.created.year in (1980, 1970) or "SOURCE_DATE_EPOCH" in __import__("os").environ
    body = "\n".join(p.text for p in d.paragraphs)
    assert "Penulis / Author: Mahasiswa Contoh" in body and "Universitas / University: Universitas Contoh" in body
    assert "Pembimbing / Supervisor: ____" in body  # a line to fill in
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "TOC \\o" in xml  # a contents field
    footers = "".join(zipfile.ZipFile(path).read(n).decode() for n in zipfile.ZipFile(path).namelist()
                      if n.startswith("word/footer"))
    assert " PAGE " in footers
    assert "Laporan provinsi" in d.sections[0].header.paragraphs[0].text
    levels = {p.text: p.style.name for p in d.paragraphs if p.style.name.startswith("Heading")}
    assert levels["Banten"] == "Heading 1" and levels["Temuan / Findings"] == "Heading 2"
    assert levels["Rincian per kasus / Case detail"] == "Heading 3"
    case_table = next(t for t in d.tables if t.rows[0].cells[0].text == "Kasus / Case")
    assert len(case_table.columns) == 4  # few, wide columns; the detail is a list
    assert "1 cases" not in body


def test_fresh_report_rebuilds_byte_for_byte(fresh_report, tmp_path):
    wb = next(fresh_report.parent.glob("*.xlsx"))
    result = CliRunner().invoke(main, ["report", str(wb), "--province", "banten,31", "-o", str(tmp_path / "again"),
                                       "--author", "Mahasiswa Contoh", "--university", "Universitas Contoh"])
    assert result.exit_code == 0, result.output
    for name in ("laporan.docx", "laporan.html"):
        assert (tmp_path / "again" / name).read_bytes() == (fresh_report / name).read_bytes()


def test_v1_data_are_named_in_the_report(tmp_path):
    from test_migrate import _v1_folder

    folder = _v1_folder(tmp_path)
    result = CliRunner().invoke(main, ["report", str(folder), "-o", str(tmp_path / "r")])
    assert result.exit_code == 0, result.output
    text = _visible_text((tmp_path / "r" / "laporan.html").read_text(encoding="utf-8"))
    assert "codebook v1, read as v2" in text and "buku kode v1" in text


def test_fresh_report_gives_reasons_in_both_languages(fresh_report):
    """'Alasan / Why' from the engine's codes: Indonesian first, then English, never only the English."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((fresh_report / "laporan.html").read_text(encoding="utf-8"), "html.parser")
    whys = [dt.find_next_sibling("dd").get_text("\n") for dt in page.find_all("dt") if dt.get_text() == "Alasan / Why"]
    assert len(whys) == 6
    for why in whys:
        first, _, second = why.partition("\n")
        assert "tidak diberitakan" in first or "lolos" in first  # Indonesian
        assert "not reported" in second or "passed" in second  # then English
