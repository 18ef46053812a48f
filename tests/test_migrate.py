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
    assert persons.loc["KSS-1-P1", "status"] == "imposed" and persons.loc["KSS-1-P2", "sanction_imposed"] == "sedang"
    assert persons.loc["KSS-2-P1", "unit"] == "group_size_unknown" and persons.loc["KSS-2-P1", "status"] == "not_sanctioned"
    assert t["cases"].set_index("case_id").loc["KSS-2", "recipient"] == "employer"  # v1 'ppk' is not the KASN/BKN route
    assert t["events"]["step"].astype(str).tolist() == ["sanksi_dijatuhkan"]
    outcome = case_outcomes(t["cases"], t["persons"]).set_index("case_id")["sanctioned"]
    assert outcome.to_dict() == {"KSS-1": "all", "KSS-2": "none"}


def test_validate_says_it_migrated_and_migrate_writes_a_new_folder_without_touching_the_input(tmp_path):
    folder = _v1_folder(tmp_path)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0 and "codebook v1" in result.stderr
    out = tmp_path / "v2"
    result = runner.invoke(main, ["migrate", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} >= {"cases.csv", "persons.csv", "events.csv", "sources.csv",
                                               "datapackage.json"}
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0
    assert "codebook v1" not in runner.invoke(main, ["validate", str(out)]).stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # the user's work is untouched
    again = runner.invoke(main, ["migrate", str(folder), "-o", str(out)])
    assert again.exit_code != 0 and (out / "cases.csv").is_file()  # a non-empty folder is never overwritten
