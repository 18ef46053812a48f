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
    for table, rows in (("cases", cases), ("persons", persons), ("events", events), ("sources", sources)):
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
