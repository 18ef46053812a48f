"""Per-step and full-grid alpha: a perfect pair, then one disagreement planted, and the cluster bootstrap."""

import pandas as pd
import pytest

from netralitas_study.analysis import reliability


def _coder(rows):
    return pd.DataFrame([{"case_ref": c, "item": f"step:{s}", "value": v, "date": ""} for c, s, v in rows])


BASE = [(f"C{i}", "penerusan", "done") for i in range(10)] + [(f"C{i}", "kajian", "done") for i in range(0, 10, 2)]


def test_identical_codings_have_alpha_one_on_every_step_and_the_grid():
    out = reliability.step_alphas(_coder(BASE), _coder(BASE), n_boot=50).set_index("step")
    assert set(out.index) == {"kajian", "penerusan", reliability.GRID}
    assert (out["alpha"] == 1).all() and (out["disagreements"] == 0).all()
    assert out.loc["kajian", "cases"] == 10 and out.loc["kajian", "mentioned"] == 5


def test_a_step_one_coder_missed_lowers_that_step_and_the_grid_only():
    b = _coder([r for r in BASE if r[:2] != ("C2", "kajian")])
    out = reliability.step_alphas(_coder(BASE), b, n_boot=50).set_index("step")
    assert out.loc["penerusan", "alpha"] == 1
    assert out.loc["kajian", "alpha"] < 1 and out.loc["kajian", "disagreements"] == 1
    assert out.loc["kajian", "alpha_mentioned"] <= out.loc["kajian", "alpha"]
    assert out.loc[reliability.GRID, "disagreements"] == 1


def test_nominal_alpha_matches_the_general_formula():
    grid = reliability.step_grid(_coder(BASE), _coder([r for r in BASE if r[0] != "C4"]))
    values = grid[["value_a", "value_b"]].to_numpy(dtype=object)
    assert reliability.cluster_alpha(grid, n_boot=10)["alpha"] == pytest.approx(reliability.alpha(values))


def test_usable_applies_the_rule_of_0667():
    assert reliability.usable(0.667) and not reliability.usable(0.666)
    assert not reliability.usable(float("nan"))
