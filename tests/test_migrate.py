"""Codebook v1 work (a student's earlier workbook or folder) is read as v2 and can be saved as v2, never lost."""

from __future__ import annotations

import csv

from click.testing import CliRunner

from netralitas_study import load
from netralitas_study.cli import main
from netralitas_study.analysis.outcomes import case_outcomes

V1_CASES = ["case_id", "election_type", "election_year", "province", "regency", "handled_by", "origin", "violation_form",
            "violation_form_candidates", "role", "agency_type", "employment", "persons", "determination", "recipient",
            "sanctioned", "sanction", "sanction_by", "source_id", "locator", "notes"]
EVENTS = ["event_id", "case_id", "step", "status", "date", "actor", "source_id", "locator", "notes"]
SOURCES = ["source_id", "type", "title", "url", "reference", "published", "notes"]


def _v1_case(cid, persons="2", sanctioned="ya", sanction="sedang", by="ppk", recipient="kasn"):
    return [cid, "pilkada", "2020", "15", "Kota Jambi", "bawaslu_kabkota", "temuan", "skb_08_kegiatan_partisan",
            "not_applicable", "camat", "pemerintah_kabkota", "pns", persons, "pelanggaran", recipient, sanctioned,
            sanction, by, "S1", "paragraf 2", ""]


def _write(folder, name, header, rows):
    with (folder / name).open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def _v1_folder(tmp_path):
    folder = tmp_path / "v1"
    folder.mkdir()
    _write(folder, "cases.csv", V1_CASES, [_v1_case("KSS-1"), _v1_case("KSS-2", persons="not_reported", sanctioned="tidak",
                                                                      sanction="none", by="not_applicable",
                                                                      recipient="ppk")])
    _write(folder, "events.csv", EVENTS, [["A1-E1", "KSS-1", "sanksi_ppk", "occurred", "2020-11-02", "ppk", "S1", "p3", ""]])
    _write(folder, "sources.csv", SOURCES, [["S1", "berita", "Berita", "https://example.org/a", "", "2020-11-03", ""]])
    return folder


def test_v1_data_are_read_as_v2_with_persons_and_the_chain_apart(tmp_path):
    t = load(_v1_folder(tmp_path))
    assert "violation_forms" in t["cases"] and "sanctioned" not in t["cases"]
    persons = t["persons"].set_index("person_id")
    assert len(persons) == 3  # two persons of A1; A2's unstated number is one group row
    # 'ya/sedang' on a case of two persons does not say who was sanctioned: unknown per person, flagged
    assert persons.loc[["KSS-1-P1", "KSS-1-P2"], "status"].astype(str).tolist() == ["unknown", "unknown"]
    assert persons.loc["KSS-1-P2", "sanction_imposed"] == "unknown"
    assert persons.loc["KSS-1-P1", "notes"].startswith("review / periksa")
    assert persons.loc["KSS-2-P1", "unit"] == "group_size_unknown" and persons.loc["KSS-2-P1", "status"] == "not_sanctioned"
    assert t["cases"].set_index("case_id").loc["KSS-2", "recipient"] == "employer"  # v1 'ppk' is not the KASN/BKN route
    assert t["events"]["step"].astype(str).tolist() == ["sanksi_dijatuhkan"]
    outcome = case_outcomes(t["cases"], t["persons"]).set_index("case_id")["sanctioned"]
    assert outcome.to_dict() == {"KSS-1": "unknown", "KSS-2": "none"}


def test_a_single_person_case_keeps_its_sanction(tmp_path):
    """Perturb: one person instead of two: the case's sanction is that person's, nothing to review."""
    folder = tmp_path / "v1"
    folder.mkdir()
    _write(folder, "cases.csv", V1_CASES, [_v1_case("KSS-1", persons="1")])
    _write(folder, "events.csv", EVENTS, [["A1-E1", "KSS-1", "sanksi_ppk", "occurred", "2020-11-02", "ppk", "S1", "p3", ""]])
    _write(folder, "sources.csv", SOURCES, [["S1", "berita", "Berita", "https://example.org/a", "", "2020-11-03", ""]])
    persons = load(folder)["persons"].set_index("person_id")
    assert persons.loc["KSS-1-P1", "status"] == "imposed" and persons.loc["KSS-1-P1", "sanction_imposed"] == "sedang"


def test_migrate_writes_a_v2_workbook_that_validates_lists_rows_to_review_and_touches_nothing(tmp_path):
    from openpyxl import load_workbook

    folder = _v1_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0 and "codebook v1" in result.stderr
    out = tmp_path / "v2.xlsx"
    result = runner.invoke(main, ["migrate", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    # the rows to review are printed: both persons of KSS-1, with why
    assert "2 baris orang perlu diperiksa / person rows to review" in result.stderr
    assert "KSS-1-P1" in result.stdout and "KSS-1-P2" in result.stdout and "over 2 persons" in result.stdout
    wb = load_workbook(out)
    assert {"petunjuk", "kolom", "kode", "cases", "persons", "events", "sources", "tallies"} <= set(wb.sheetnames)
    assert wb["cases"].data_validations.dataValidation  # the dropdowns, as 'template' makes them
    assert wb["cases"]["A2"].value == "KSS-1"
    check = runner.invoke(main, ["validate", str(out)])
    assert check.exit_code == 0, check.output
    assert "codebook v1" not in check.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the user's work is untouched
    again = runner.invoke(main, ["migrate", str(folder), "-o", str(out)])
    assert again.exit_code != 0 and "--force" not in again.output  # never overwritten; no option that does not exist


def test_migrate_never_changes_a_value_nor_escapes_it(tmp_path):
    """A locator starting with '-' or '=' (as a student may write) is kept exactly, in the CSV and the workbook."""
    from openpyxl import load_workbook

    folder = tmp_path / "v1"
    folder.mkdir()
    case = _v1_case("KSS-1", persons="1")
    case[V1_CASES.index("locator")] = "- paragraf 2"
    case[V1_CASES.index("notes")] = "=SUM(A1)"
    _write(folder, "cases.csv", V1_CASES, [case])
    _write(folder, "events.csv", EVENTS, [["A1-E1", "KSS-1", "sanksi_ppk", "occurred", "2020-11-02", "ppk", "S1", "p3", ""]])
    _write(folder, "sources.csv", SOURCES, [["S1", "berita", "Berita", "https://example.org/a", "", "2020-11-03", "@x"]])
    runner = CliRunner()
    result = runner.invoke(main, ["migrate", str(folder), "-o", str(tmp_path / "csv"), "--format", "csv"])
    assert result.exit_code == 0, result.output
    import pandas as pd

    cases = pd.read_csv(tmp_path / "csv" / "cases.csv", dtype=str, keep_default_na=False)
    assert cases.loc[0, "locator"] == "- paragraf 2" and cases.loc[0, "notes"] == "=SUM(A1)"
    assert pd.read_csv(tmp_path / "csv" / "sources.csv", dtype=str).loc[0, "notes"] == "@x"
    result = runner.invoke(main, ["migrate", str(folder), "-o", str(tmp_path / "w.xlsx")])
    assert result.exit_code == 0, result.output
    ws = load_workbook(tmp_path / "w.xlsx")["cases"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(row=2, column=header.index("notes") + 1)
    assert cell.value == "=SUM(A1)" and cell.data_type == "s"  # text, never a formula
    assert ws.cell(row=2, column=header.index("locator") + 1).value == "- paragraf 2"
