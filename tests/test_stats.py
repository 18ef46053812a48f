import math

import pandas as pd
import pytest

from netralitas_study.analysis.stats import proportion, proportions


def test_three_of_three_exact_interval():
    p = proportion(3, 3)
    # Clopper-Pearson lower bound for x = n is (alpha/2) ** (1/n)
    assert p["exact_low"] == pytest.approx(0.025 ** (1 / 3), abs=1e-9)
    assert p["exact_high"] == 1.0
    assert p["n"] == 3 and p["proportion"] == 1.0


def test_wilson_and_exact_match_published_values():
    p = proportion(3, 12)
    assert (round(p["wilson_low"], 3), round(p["wilson_high"], 3)) == (0.089, 0.532)
    assert (round(p["exact_low"], 3), round(p["exact_high"], 3)) == (0.055, 0.572)


def test_zero_n_gives_nan_not_an_error():
    p = proportion(0, 0)
    assert p["n"] == 0 and math.isnan(p["proportion"]) and math.isnan(p["exact_low"])


def test_impossible_counts_raise():
    with pytest.raises(ValueError):
        proportion(4, 3)


def test_grouped_proportions_report_unknowns_separately():
    df = pd.DataFrame({"g": ["a", "a", "a", "b"], "ok": [True, False, None, True]})
    out = proportions(df, "g", "ok").set_index("g")
    assert out.loc["a", ["count", "n", "n_unknown"]].tolist() == [1, 2, 1]
    assert out.loc["b", ["count", "n", "n_unknown"]].tolist() == [1, 1, 0]


def test_array_version_matches_the_scalar_one():
    from netralitas_study.analysis.stats import proportion_table

    counts, ns = [0, 3, 3, 7, 0], [0, 3, 12, 10, 5]
    table = proportion_table(counts, ns)
    for (c, n), row in zip(zip(counts, ns), table.itertuples()):
        one = proportion(c, n)
        for key in ("proportion", "wilson_low", "wilson_high", "exact_low", "exact_high"):
            a, b = getattr(row, key), one[key]
            assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b), (c, n, key)


def test_cluster_share_widens_with_clustering_and_matches_when_persons_are_independent():
    from netralitas_study.analysis.stats import cluster_share

    # 60 persons: 30 succeed. Independent: one person per case. Clustered: 6 cases of 10, all-or-nothing.
    success = [True] * 30 + [False] * 30
    independent = cluster_share(success, range(60))
    clustered = cluster_share(success, [i // 10 for i in range(60)])
    assert independent["count"] == clustered["count"] == 30 and clustered["clusters"] == 6
    assert (clustered["high"] - clustered["low"]) > 1.8 * (independent["high"] - independent["low"])
    assert clustered["design_effect"] > 5 and 0.5 < independent["design_effect"] < 1.5


def test_cluster_share_at_zero_uses_the_exact_interval_over_cases():
    from netralitas_study.analysis.stats import cluster_share

    out = cluster_share([False] * 12, [0] * 12)
    assert out["proportion"] == 0 and out["low"] == 0 and out["high"] > 0.9 and "exact" in out["method"]
