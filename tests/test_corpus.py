"""Every malformed input gets a specific message naming its file and row, never a traceback."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from netralitas_study.cli import main
from netralitas_study.validate.rules import validate_path

CORPUS = Path(__file__).parent / "corpus"
EXPECTED = {r["file"]: r["rule"] for r in csv.DictReader((CORPUS / "expected.csv").open())}


def test_corpus_is_large_and_complete():
    files = {p.name for p in (CORPUS / "malformed").iterdir()}
    assert len(files) >= 30
    assert files == set(EXPECTED)


def test_corpus_files_are_what_the_builder_writes(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for (name, content), rule in build.malformed():
        if name.endswith(".xlsx"):
            continue  # zip timestamps differ between builds; the xlsx content is checked by validation
        assert (CORPUS / "malformed" / name).read_bytes() == content, name
        assert EXPECTED[name] == rule


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_malformed_input_is_refused_with_its_specific_rule(name):
    path = CORPUS / "malformed" / name
    problems, summary = validate_path(path, lang="en")
    assert EXPECTED[name] in set(problems["rule"]), problems[["rule", "message"]].to_string()
    assert problems["file"].astype(str).str.len().gt(0).all()
    # a row-level problem names a row the user can find
    row_rules = {"type", "vocabulary", "unique", "required", "blank", "minimum", "pattern", "too_long",
                 "consistency", "example_row", "foreign_key", "date_order", "row_width", "formula", "merged_cells"}
    specific = problems[problems["rule"].eq(EXPECTED[name])]
    if EXPECTED[name] in row_rules:
        assert specific["row"].notna().all() and (specific["row"] >= 2).all()
        if len(summary):  # the row that holds the problem is counted as rejected, not accepted
            assert summary["rows_rejected"].sum() >= 1


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_exits_nonzero_without_traceback(name):
    result = CliRunner().invoke(main, ["validate", str(CORPUS / "malformed" / name), "--lang", "id"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "baris dibaca" in result.output or "masalah" in result.output


def test_unusual_but_valid_inputs_are_accepted_in_a_data_folder():
    problems, summary = validate_path(CORPUS / "accepted")
    assert problems.empty, problems.to_string()
    s = summary.set_index("table")
    assert s.loc["cases", ["rows_read", "blank_rows_ignored"]].tolist() == [2, 1]


def test_unusual_dates_are_normalised_to_iso(tmp_path):
    from netralitas_study import load

    events = load(CORPUS / "accepted")["events"].set_index("event_id")["date"].dt.strftime("%Y-%m-%d")
    assert events.to_dict() == {"SYN-1-E1": "2024-10-01", "SYN-1-E2": "2024-10-02", "SYN-1-E3": "2024-10-10",
                                "SYN-2-E1": "2024-10-03", "SYN-2-E2": "2024-10-07"}


def test_personal_data_is_never_echoed_back():
    result = CliRunner().invoke(main, ["validate", str(CORPUS / "malformed" / "cases-nip.csv")])
    assert "19800101" not in result.output and "disembunyikan" in result.output
