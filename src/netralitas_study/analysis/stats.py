"""Small-sample statistics returned as tidy tables that always carry ``n``."""

from __future__ import annotations

import pandas as pd

CONFIDENCE = 0.95


def _intervals(count, n, alpha: float):
    """Wilson and exact (Clopper-Pearson) limits for arrays of counts and totals (n > 0).

    The same formulas as ``statsmodels.stats.proportion.proportion_confint`` (methods 'wilson' and
    'beta'), written on ``scipy.special`` so that a command does not import statsmodels and
    scipy.stats (seconds at start-up); ``tests/test_stats.py`` checks them against statsmodels."""
    import numpy as np
    from scipy.special import betaincinv, ndtri

    count, n = np.asarray(count, dtype=float), np.asarray(n, dtype=float)
    z = ndtri(1 - alpha / 2)
    p = count / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    with np.errstate(invalid="ignore", divide="ignore"):
        el = np.where(count > 0, betaincinv(count, n - count + 1, alpha / 2), 0.0)
        eh = np.where(count < n, betaincinv(count + 1, n - count, 1 - alpha / 2), 1.0)
    return centre - half, centre + half, el, eh


def proportion(count: int, n: int, confidence: float = CONFIDENCE) -> dict[str, float | int | str]:
    """A proportion with Wilson and exact (Clopper-Pearson) intervals.

    With ``n == 0`` the estimate and intervals are NaN rather than an error: "no cases" is a
    result a table should be able to show.
    """
    if n < 0 or count < 0 or count > n:
        raise ValueError(f"need 0 <= count <= n, got count={count}, n={n}")
    alpha = 1 - confidence
    if n == 0:
        nan = float("nan")
        return {"count": 0, "n": 0, "proportion": nan, "wilson_low": nan, "wilson_high": nan,
                "exact_low": nan, "exact_high": nan, "confidence": confidence}
    wl, wh, el, eh = _intervals(count, n, alpha)
    return {"count": int(count), "n": int(n), "proportion": count / n,
            "wilson_low": float(wl), "wilson_high": float(wh),
            "exact_low": float(el), "exact_high": float(eh), "confidence": confidence}


def proportion_table(count, n, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """:func:`proportion` for arrays of counts and totals at once (rows with n = 0 get NaN)."""
    import numpy as np

    count = np.asarray(count, dtype=float)
    n = np.asarray(n, dtype=float)
    if (count < 0).any() or (count > n).any():
        raise ValueError("need 0 <= count <= n for every row")
    alpha = 1 - confidence
    safe = np.where(n > 0, n, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        wl, wh, el, eh = _intervals(count, safe, alpha)
    empty = n == 0
    nan = np.nan
    return pd.DataFrame({
        "count": count.astype(int), "n": n.astype(int), "proportion": np.where(empty, nan, count / safe),
        "wilson_low": np.where(empty, nan, wl), "wilson_high": np.where(empty, nan, wh),
        "exact_low": np.where(empty, nan, el), "exact_high": np.where(empty, nan, eh), "confidence": confidence,
    })


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


def bounds(count, n_determined, n_undetermined, confidence: float = CONFIDENCE) -> pd.DataFrame:
    """A share over cases some of which are undetermined: the share over the determined cases with its
    exact interval, and its worst and best case over all cases.

    ``count`` cases are known to have the property, ``n_determined`` cases are known either way and
    ``n_undetermined`` could go either way. ``lower_bound`` counts every undetermined case as not
    having the property (count / n), ``upper_bound`` as having it ((count + undetermined) / n), with
    n = determined + undetermined. These are not confidence limits: they say how far the undetermined
    cases could move the share. ``proportion_determined`` with ``exact_low``/``exact_high`` (Clopper-
    Pearson) is the share among the determined cases only, which assumes the undetermined cases are
    like the determined ones. Arrays allowed; rows with no case get NaN.
    """
    import numpy as np

    count = np.atleast_1d(np.asarray(count, dtype=float))
    det = np.atleast_1d(np.asarray(n_determined, dtype=float))
    und = np.atleast_1d(np.asarray(n_undetermined, dtype=float))
    if (und < 0).any():
        raise ValueError("need n_undetermined >= 0 for every row")
    inner = proportion_table(count, det, confidence)
    n = det + und
    safe = np.where(n > 0, n, 1)
    empty = n == 0
    return pd.DataFrame({
        "count": inner["count"], "n_determined": inner["n"], "proportion_determined": inner["proportion"],
        "exact_low": inner["exact_low"], "exact_high": inner["exact_high"],
        "n_undetermined": und.astype(int), "n": n.astype(int),
        "lower_bound": np.where(empty, np.nan, count / safe),
        "upper_bound": np.where(empty, np.nan, (count + und) / safe),
        "confidence": confidence,
    })


SEED = 20241127
BOOTSTRAP = 2000


def cluster_share(success, cluster, n_boot: int = BOOTSTRAP, seed: int = SEED,
                  confidence: float = CONFIDENCE) -> dict[str, float | int | str]:
    """A share of units nested in clusters (persons in cases) with a cluster-bootstrap interval.

    Persons of one case share its handling, so they are not independent draws: resampling whole cases
    (with replacement, seeded) and taking the share of the resampled persons gives a percentile interval
    that widens with the clustering. ``design_effect`` is the bootstrap variance over the binomial one
    (1 when persons behave as independent). Where the share is 0 or 1 the percentile interval collapses,
    so the Clopper-Pearson interval over the number of *cases* (the effective n at worst) is given instead,
    and ``method`` says which. The model: the coded cases as a sample from the cases like them; a census
    of documented cases needs no interval at all.
    """
    import numpy as np
    from statsmodels.stats.proportion import proportion_confint

    s = pd.Series(np.asarray(success, dtype=bool))
    c = pd.Series(np.asarray(cluster)).astype(str)
    per = pd.DataFrame({"s": s.to_numpy(), "c": c.to_numpy()}).groupby("c")["s"].agg(["sum", "count"])
    count, n, k = int(per["sum"].sum()), int(per["count"].sum()), len(per)
    out = {"count": count, "n": n, "clusters": k, "proportion": count / n if n else float("nan"),
           "low": float("nan"), "high": float("nan"), "design_effect": float("nan"), "method": "",
           "confidence": confidence}
    if n == 0:
        return out
    p = count / n
    if count in (0, n):
        lo, hi = proportion_confint(count * k // n if count else 0, k, alpha=1 - confidence, method="beta")
        out.update({"low": float(lo), "high": float(hi), "method": "exact over cases (share is 0 or 1)"})
        return out
    rng = np.random.default_rng(seed)
    w = rng.multinomial(k, [1 / k] * k, size=n_boot)
    boot = (w @ per["sum"].to_numpy()) / (w @ per["count"].to_numpy())
    lo, hi = np.percentile(boot, [100 * (1 - confidence) / 2, 100 * (1 + confidence) / 2])
    out.update({"low": float(lo), "high": float(hi), "design_effect": float(boot.var() / (p * (1 - p) / n)),
                "method": "cluster bootstrap over cases"})
    return out
