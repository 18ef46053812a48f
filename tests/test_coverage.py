"""Coverage: the coded cases beside the published figures (perturb the shipped data, see the effect)."""

import io

import pandas as pd
import pytest

from netralitas_study import load
from netralitas_study.analysis import coverage


@pytest.fixture(scope="module")
def shipped():
    return load()


def _jambi_pemilu24(table):
    return table[table["province"].eq("15") & table["election"].eq("Pemilu 2024")].set_index("unit")


def test_jambi_pemilu_2024_shows_the_published_6_beside_the_coded_cases(shipped):
    row = _jambi_pemilu24(coverage.coverage_table(shipped)).loc["violations"]
    # the figure as the two tally coders read it: a count of other-law violations (ASN with others), no 'as of' date
    assert row["published"] == 6 and row["tally_ids"] == "T0253" and row["snapshot"] == "undated"
    assert row["base_stage"] == "proven" and row["base_scope"] == "asn_plus"
    # four thesis cases and one news case in scope, the KPU nomination check outside Bawaslu's handling
    assert (row["coded_cases"], row["out_of_scope"]) == (5, 1)
    assert row["coded"] == row["coded_thesis"] + row["coded_news"] + row["coded_official"]
    assert "6" in row["reading_id"] and "T0253" in row["reading_en"]


def test_a_changed_determination_changes_the_coded_proven_count(shipped):
    before = _jambi_pemilu24(coverage.coverage_table(shipped)).loc["violations", "coded"]
    t = dict(shipped)
    cases = t["cases"].copy()
    cases.loc[cases["case_id"].eq("JMB-PM24-T1"), "determination"] = "bukan_pelanggaran"
    t["cases"] = cases
    after = _jambi_pemilu24(coverage.coverage_table(t)).loc["violations"]
    assert after["coded"] == before - 1 and after["coded_thesis"] == 2


def test_a_later_figure_replaces_an_earlier_one_and_a_disagreeing_one_is_a_conflict(shipped):
    t = dict(shipped)
    tallies = t["tallies"].copy()
    row = tallies[tallies["tally_id"].eq("T0253")].copy()
    later = row.assign(tally_id="T9001", value="12", snapshot=pd.Timestamp("2024-09-01"))
    t["tallies"] = pd.concat([tallies, later], ignore_index=True)
    jambi = _jambi_pemilu24(coverage.coverage_table(t)).loc["violations"]
    assert jambi["published"] == 12 and jambi["tally_ids"] == "T9001" and not jambi["conflict"]
    same_day = row.assign(tally_id="T9002", value="8")
    t["tallies"] = pd.concat([tallies, same_day], ignore_index=True)
    jambi = _jambi_pemilu24(coverage.coverage_table(t)).loc["violations"]
    assert jambi["conflict"] and jambi["tally_ids"] == "T0253|T9002" and jambi["published"] == 8
    assert "6; 8" in jambi["published_funnel"]


def test_threshold_marks_low_coverage(shipped):
    table = coverage.coverage_table(shipped, threshold=0.5)
    assert (table["below_threshold"] == ~(table["coverage"] >= 0.5)).all()
    strict = coverage.coverage_table(shipped, threshold=0.9)
    jambi = _jambi_pemilu24(strict).loc["violations"]
    assert jambi["below_threshold"] and "90%" in jambi["reading_en"]


def test_non_asn_figures_are_never_compared(shipped):
    t = dict(shipped)
    tallies = t["tallies"].copy()
    tallies.loc[tallies["tally_id"].eq("T0253"), "scope"] = "non_asn"
    t["tallies"] = tallies
    assert "violations" not in _jambi_pemilu24(coverage.coverage_table(t)).index


def test_coverage_of_gives_one_row_per_coded_province_and_election(shipped):
    per = coverage.coverage_of(shipped)
    scoped = shipped["cases"][coverage.in_scope(shipped["cases"])]
    assert per["cases"].sum() == len(scoped)
    assert not per.duplicated(["province", "election_type", "election_year"]).any()
    jambi = per[per["province"].eq("15") & per["election_type"].eq("pemilu")].iloc[0]
    assert jambi["unit"] == "violations" and jambi["published"] == 6


def test_the_coverage_command_prints_jambi_pemilu_2024_with_the_published_6():
    from click.testing import CliRunner

    from netralitas_study.cli import main
    from netralitas_study.codebook.package import DEFAULT_DATA

    result = CliRunner().invoke(main, ["coverage", str(DEFAULT_DATA), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(io.StringIO(result.output))
    jambi = rows[rows["area"].eq("Jambi") & rows["election"].eq("Pemilu 2024") & rows["unit"].eq("violations")].iloc[0]
    assert jambi["published_funnel"] == "proven 6" and "T0253" in jambi["reading_en"]
    assert "5 coded cases" in jambi["reading_en"] and "5 kasus berkode" in jambi["reading_id"]
    strict = CliRunner().invoke(main, ["coverage", str(DEFAULT_DATA), "--format", "csv", "--threshold", "0.9"])
    marked = pd.read_csv(io.StringIO(strict.output))
    assert marked["below_threshold"].sum() > rows["below_threshold"].sum()
