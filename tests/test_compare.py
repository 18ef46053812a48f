import pandas as pd
import pytest
from scipy.stats import fisher_exact

from builders import case, tables
from netralitas_study.analysis import compare
from netralitas_study.conformance import engine as compliance
from netralitas_study.analysis import tallies
from netralitas_study.norms.workdays import due_date


def _tally(i, metric, value, unit="persons", source="S1", snapshot="2020-10-27", conflict="tidak", **kw):
    row = {"tally_id": f"T{i}", "election_type": "pilkada", "election_year": "2020", "level": "nasional",
           "province": "not_applicable", "regency": "not_applicable", "metric": metric, "scope": "asn",
           "value": str(value), "value_qualifier": "exact", "unit": unit, "source_id": source,
           "snapshot": snapshot, "conflict": conflict}
    row.update(kw)
    return row


def test_funnel_stays_within_one_statement_and_one_unit():
    t = pd.DataFrame([
        _tally(1, "reported", 793), _tally(2, "recommended", 571), _tally(3, "sanctioned", 325),
        _tally(4, "reported", 805, unit="cases"),                        # other unit: a funnel of its own
        _tally(5, "recommended", 719, unit="cases"),
        _tally(6, "sanctioned", 999, source="S2"),                       # other statement, alone: no funnel
        _tally(7, "recommended", 600, conflict="ya"),                    # conflicting: never used
    ])
    f = tallies.funnels(t)
    assert set(f["tally_id"]) == {"T1", "T2", "T3", "T4", "T5"}
    persons = f[f["unit"].eq("persons")].set_index("stage")
    assert persons.loc["recommended", "value"] == 571 and persons.loc["recommended", "base"] == 793
    assert persons.loc["sanctioned", "exact_low"] < 325 / 793 < persons.loc["sanctioned", "exact_high"]


def test_stage_exceeding_its_base_is_flagged_not_given_an_interval():
    f = tallies.funnels(pd.DataFrame([_tally(1, "reported", 1305), _tally(2, "recommended", 1645)]))
    row = f.set_index("stage").loc["recommended"]
    assert pd.isna(row["exact_low"]) and "exceeds" in row["note"]


def test_fisher_matches_scipy_and_reports_n():
    df = pd.DataFrame({"a": [True] * 12 + [False] * 12, "b": [True] * 9 + [False] * 3 + [True] * 4 + [False] * 8})
    out = compare.fisher_2x2(df, "a", "b").iloc[0]
    assert out["n"] == 24
    assert out["p_value"] == pytest.approx(fisher_exact([[9, 3], [4, 8]]).pvalue)
    assert out["p_value"] == pytest.approx(0.0995, abs=1e-4)


def test_fisher_refuses_small_margins_with_a_reason():
    df = pd.DataFrame({"a": [True, True, False, False, False], "b": [True, False, True, False, False]})
    out = compare.fisher_2x2(df, "a", "b").iloc[0]
    assert pd.isna(out["p_value"]) and out["n"] == 5 and "below 5" in out["note"]


def test_logrank_needs_enough_cases_and_detects_a_clear_difference():
    small = pd.DataFrame({"days": [1, 2, 3, 4], "g": ["a", "a", "b", "b"]})
    assert "not tested" in compare.logrank(small, "g").iloc[0]["note"]
    big = pd.DataFrame({"days": [1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 24, 25], "g": ["a"] * 6 + ["b"] * 6})
    out = compare.logrank(big, "g").iloc[0]
    assert out["n"] == 12 and out["p_value"] < 0.01


def test_step_coverage_counts_cases_not_events():
    cases, events = tables([case("A"), case("B")], [
        ("A", "kajian", "occurred", "not_reported"), ("A", "kajian", "occurred", "2024-01-02"),
        ("B", "kajian", "not_occurred", "not_reported"),
    ])
    cov = compare.step_coverage(cases, events).set_index("step").loc["kajian"]
    assert (cov["count"], cov["n"], cov["proportion"]) == (1, 2, 0.5)


def test_in_context_compares_one_province_with_the_rest():
    cases, events = tables([case("A", province="15"), case("B", province="16"), case("C", province="16")],
                           [("B", "penerusan", "occurred", "not_reported")])
    out = compare.in_context(cases, events, "15").set_index(["indicator", "group"])
    assert out.loc[("forwarded", "Jambi"), "n"] == 1 and out.loc[("forwarded", "Jambi"), "count"] == 0
    assert out.loc[("forwarded", "others / lainnya"), ["count", "n"]].tolist() == [1, 2]


def test_due_date_skips_the_election_holiday():
    due = due_date(pd.Series(pd.to_datetime(["2024-02-09"])), 14, "working").iloc[0]
    assert due == pd.Timestamp("2024-03-01")
    assert due_date(pd.Series(pd.to_datetime(["2024-02-09"])), 5, "calendar").iloc[0] == pd.Timestamp("2024-02-14")


def test_deadline_windows_need_a_dated_anchor():
    cases, events = tables([case("A"), case("B")], [
        ("A", "penetapan_temuan", "occurred", "2024-02-09"), ("B", "penetapan_temuan", "occurred", "not_reported")])
    w = compliance.deadline_windows(cases, events, "perbawaslu-7-2022-pemilu")
    assert w["case_id"].tolist() == ["A"]
    # 7 days, calendar (16 Feb) or working (21 Feb); 14 working days with additional information (1 Mar)
    assert w["due"].iloc[0] == pd.Timestamp("2024-02-16") and w["due_latest"].iloc[0] == pd.Timestamp("2024-03-01")
