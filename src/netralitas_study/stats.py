"""Small-sample statistics returned as tidy tables that always carry ``n``."""

from __future__ import annotations

import pandas as pd

CONFIDENCE = 0.95


def proportion(count: int, n: int, confidence: float = CONFIDENCE) -> dict[str, float | int | str]:
    """A proportion with Wilson and exact (Clopper-Pearson) intervals.

    With ``n == 0`` the estimate and intervals are NaN rather than an error: "no cases" is a
    result a table should be able to show.
    """
    from statsmodels.stats.proportion import proportion_confint

    if n < 0 or count < 0 or count > n:
        raise ValueError(f"need 0 <= count <= n, got count={count}, n={n}")
    alpha = 1 - confidence
    if n == 0:
        nan = float("nan")
        return {"count": 0, "n": 0, "proportion": nan, "wilson_low": nan, "wilson_high": nan,
                "exact_low": nan, "exact_high": nan, "confidence": confidence}
    wl, wh = proportion_confint(count, n, alpha=alpha, method="wilson")
    el, eh = proportion_confint(count, n, alpha=alpha, method="beta")
    return {"count": int(count), "n": int(n), "proportion": count / n,
            "wilson_low": float(wl), "wilson_high": float(wh),
            "exact_low": float(el), "exact_high": float(eh), "confidence": confidence}


def proportions(df: pd.DataFrame, by: list[str] | str, success: str, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """Per group of ``by``: successes (``success`` is a boolean column), n and both intervals.

    Rows where ``success`` is NA are not counted in n, and their number is reported in
    ``n_unknown`` so that nothing is dropped silently.
    """
    by = [by] if isinstance(by, str) else list(by)
    rows = []
    for key, g in df.groupby(by, dropna=False, sort=True):
        known = g[success].dropna()
        row = dict(zip(by, key if isinstance(key, tuple) else (key,)))
        row.update(proportion(int(known.astype(bool).sum()), int(len(known)), confidence))
        row["n_unknown"] = int(g[success].isna().sum())
        rows.append(row)
    return pd.DataFrame(rows)
