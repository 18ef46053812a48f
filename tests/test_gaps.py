"""Evidence gaps: the unknown items that would decide each case, their documents, and the PPID letter."""

import pandas as pd
import pytest
from click.testing import CliRunner

from builders import temuan_pemilu
from netralitas_study.evidence import gaps
from netralitas_study.cli import main
from netralitas_study.report import letter as letter_module
from netralitas_study.io.outputs import OutputError
from netralitas_study.codebook.package import DEFAULT_DATA

PEMILU = "perbawaslu-7-2022-pemilu"


def items_of(cases, events, procedure=PEMILU):
    return gaps.case_items(cases, events, None, procedure)


def test_a_decided_case_needs_nothing_and_an_undated_step_asks_for_its_date():
    cases, events = temuan_pemilu()
    assert items_of(cases, events).query("decides == 'verdict'").empty
    # perturb: the forwarding date is lost; the forwarding date is then the one item (order + recipient)
    cases, events = temuan_pemilu(penerusan="not_reported")
    got = items_of(cases, events).query("decides == 'verdict'")
    assert got[["kind", "item"]].values.tolist() == [["date", "penerusan"]]
    assert got["documents"].iloc[0] == "surat-rekomendasi"


def test_a_missing_step_asks_for_the_step_not_also_its_date():
    cases, events = temuan_pemilu()
    events = events[events["step"].ne("kajian")]
    got = items_of(cases, events).query("decides == 'verdict'")
    assert ["step", "kajian"] in got[["kind", "item"]].values.tolist()
    assert ["date", "kajian"] not in got[["kind", "item"]].values.tolist()
    assert got.loc[got["item"].eq("kajian"), "documents"].iloc[0] == "kajian"


def test_an_unknown_origin_is_an_item_of_its_own():
    cases, events = temuan_pemilu()
    cases = cases.assign(origin="not_reported")
    got = items_of(cases, events).query("decides == 'verdict'")
    assert ("origin", "temuan or laporan") in set(zip(got["kind"], got["item"]))
    assert got.loc[got["kind"].eq("origin"), "documents"].iloc[0] == "formulir-laporan-temuan"


def test_a_non_conformant_case_is_not_open():
    cases, events = temuan_pemilu(kajian="2024-03-04", penerusan="2024-03-05")
    assert items_of(cases, events).query("decides == 'verdict'").empty


def test_every_step_a_shipped_procedure_requires_has_a_document():
    from netralitas_study.norms.procedures import load_procedure, procedure_ids

    for pid in procedure_ids():
        for step in load_procedure(pid).required_steps:
            assert gaps.document_for("step", step), (pid, step)
    for kind in ("origin", "recipient", "condition", "outcome"):
        assert gaps.document_for(kind, ""), kind
    assert gaps.documents()["sources"].str.match(r"^(\[S\d+\])+$").all()


def test_open_cases_lists_the_fourth_thesis_case_with_a_bilingual_summary(shipped):
    jambi = shipped["cases"][shipped["cases"]["province"].eq("15")]
    result = gaps.open_cases(jambi, shipped["events"], shipped["persons"])
    assert "JMB-PM24-T4" in set(result.table["case_id"])
    assert {"case_id", "province", "procedure", "n_items", "items", "documents"} <= set(result.table.columns)
    indonesian, english = result.summary.split(" / ")
    assert "kasus" in indonesian and "cases" in english


def test_gaps_cli_lists_the_fourth_case_and_writes_the_letter(tmp_path):
    letter = tmp_path / "surat.md"
    out = CliRunner().invoke(main, ["gaps", str(DEFAULT_DATA), "--province", "Jambi", "--letter", str(letter)])
    assert out.exit_code == 0, out.output
    assert "JMB-PM24-T4" in out.stdout
    text = letter.read_text(encoding="utf-8")
    assert "Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik" in text
    assert "PPID" in text and "Provinsi Jambi" in text and "Kasus JMB-PM24-T4" in text
    assert text.count(letter_module.BLANK) >= 5  # the requester's details stay blank
    assert not list(tmp_path.glob(".*partial"))


def test_the_letter_never_replaces_a_file(tmp_path):
    letter = tmp_path / "surat.md"
    letter.write_text("my own letter", encoding="utf-8")
    out = CliRunner().invoke(main, ["gaps", str(DEFAULT_DATA), "--province", "Jambi", "--letter", str(letter)])
    assert out.exit_code == 1 and "already exists" in out.output
    assert letter.read_text(encoding="utf-8") == "my own letter"
    with pytest.raises(OutputError):
        letter_module.write_new_file(letter, "x")
    out = CliRunner().invoke(main, ["gaps", str(DEFAULT_DATA), "--letter", str(tmp_path / "new.md")])
    assert out.exit_code == 2 and "--province" in out.output


def test_gaps_documents_per_province_csv():
    import io

    out = CliRunner().invoke(main, ["gaps", str(DEFAULT_DATA), "--province", "15", "--documents", "--format", "csv"])
    assert out.exit_code == 0, out.output
    t = pd.read_csv(io.StringIO(out.stdout))
    assert {"formulir-laporan-temuan", "kajian", "surat-rekomendasi", "balasan-kasn-bkn",
            "keputusan-ppk"} <= set(t["document"])
    assert (t["province"] == 15).all()
