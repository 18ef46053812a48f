"""Bounds: every share over cases with undetermined members, with its worst and best case."""

import io

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from netralitas_study.evidence import bounds as b
from netralitas_study.cli import main
from netralitas_study.codebook.package import DEFAULT_DATA
from netralitas_study.analysis.stats import bounds


def test_bounds_count_every_undetermined_case_one_way_then_the_other():
    t = bounds(3, 4, 6).iloc[0]
    assert (t["count"], t["n_determined"], t["n_undetermined"], t["n"]) == (3, 4, 6, 10)
    assert t["proportion_determined"] == pytest.approx(0.75)
    assert t["lower_bound"] == pytest.approx(0.3) and t["upper_bound"] == pytest.approx(0.9)
    assert t["exact_low"] < 0.75 < t["exact_high"]


def test_bounds_collapse_when_nothing_is_undetermined_and_widen_with_it():
    assert bounds(2, 5, 0).iloc[0][["lower_bound", "upper_bound"]].tolist() == [0.4, 0.4]
    widths = [bounds(2, 5, u).iloc[0] for u in (0, 1, 10)]
    spans = [w["upper_bound"] - w["lower_bound"] for w in widths]
    assert spans == sorted(spans) and spans[0] == 0


def test_bounds_of_nothing_are_nan_and_nonsense_is_refused():
    t = bounds(0, 0, 0).iloc[0]
    assert np.isnan(t["lower_bound"]) and np.isnan(t["proportion_determined"])
    with pytest.raises(ValueError):
        bounds(3, 2, 0)
    with pytest.raises(ValueError):
        bounds(1, 2, -1)


def test_verdict_bounds_per_verdict():
    result = pd.DataFrame({"case_id": list("abcdef"),
                           "verdict": ["conformant", "non-conformant", "non-conformant", "indeterminate",
                                       "indeterminate", "indeterminate"]})
    t = b.verdict_bounds(result).set_index("verdict")
    assert list(t.index) == ["conformant", "indeterminate", "non-conformant"]
    assert t.loc["conformant", ["count", "n_determined", "n_undetermined", "n"]].tolist() == [1, 3, 3, 6]
    assert t.loc["conformant", "lower_bound"] == pytest.approx(1 / 6)
    assert t.loc["conformant", "upper_bound"] == pytest.approx(4 / 6)
    assert t.loc["non-conformant", "upper_bound"] == pytest.approx(5 / 6)
    assert t.loc["indeterminate", "lower_bound"] == t.loc["indeterminate", "upper_bound"] == 0.5
    # perturb: one indeterminate case becomes conformant; the bounds narrow around it
    result.loc[3, "verdict"] = "conformant"
    t2 = b.verdict_bounds(result).set_index("verdict")
    assert t2.loc["conformant", "lower_bound"] == pytest.approx(2 / 6)
    assert t2.loc["conformant", "upper_bound"] == pytest.approx(4 / 6)


def test_sanction_bounds_treat_an_unknown_outcome_as_undetermined(shipped):
    t = b.sanction_bounds(shipped["cases"], shipped["persons"]).iloc[0]
    from netralitas_study.analysis.outcomes import case_outcomes

    o = case_outcomes(shipped["cases"], shipped["persons"])["sanctioned"]
    assert t["count"] == o.isin(["all", "some"]).sum()
    assert t["n_undetermined"] == o.eq("unknown").sum()
    assert t["lower_bound"] <= t["proportion_determined"] <= t["upper_bound"]


def test_compliance_summary_prints_lower_and_upper_bounds_per_verdict():
    out = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--summary", "--format", "csv"])
    assert out.exit_code == 0, out.output
    t = pd.read_csv(io.StringIO(out.stdout))
    assert {"lower_bound", "upper_bound", "n_determined", "proportion_determined", "exact_low",
            "exact_high"} <= set(t.columns)
    assert set(t["verdict"]) == {"conformant", "indeterminate", "non-conformant"}
    assert (t["lower_bound"] <= t["upper_bound"]).all()
    assert t["n"].nunique() == 1


def test_compliance_summary_by_a_column_and_a_bad_column():
    out = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--summary", "--by", "election_type",
                                    "--format", "csv"])
    assert out.exit_code == 0
    assert set(pd.read_csv(io.StringIO(out.stdout))["election_type"]) == {"pemilu", "pilkada"}
    bad = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--summary", "--by", "nope"])
    assert bad.exit_code == 2 and "not a column" in bad.output
