"""Worst and best case of every share over cases with undetermined members.

On the coded data most cases are undetermined: a source rarely states every step, and silence
is never read as "did not happen". A share such as "conformant" or "sanctioned" is therefore
reported three ways (:func:`netralitas_study.stats.bounds`): over the determined cases, with its
n and exact interval; and its ``lower_bound`` and ``upper_bound`` over all cases, with every
undetermined case counted one way, then the other.

* :func:`verdict_bounds`: conformant / non-conformant (undetermined: indeterminate);
* :func:`structure_bounds`: structured / unstructured (undetermined: undetermined);
* :func:`sanction_bounds`: a sanction imposed on all or some persons (undetermined: outcome unknown);
* :func:`share_bounds`: the same for any column.
"""

from __future__ import annotations

import pandas as pd

from netralitas_study.analysis.stats import bounds

BOUND_COLUMNS = ["count", "n_determined", "proportion_determined", "exact_low", "exact_high", "n_undetermined", "n",
                 "lower_bound", "upper_bound"]


def share_bounds(df: pd.DataFrame, outcome: str, shares: dict[str, list[str]], undetermined: list[str],
                 by: list[str] | str | None = None, label: str | None = None) -> pd.DataFrame:
    """Per group of ``by`` and per share (name -> values of ``outcome`` that count), the bounds table.

    A row whose ``outcome`` is in ``undetermined`` could go either way; any other row is determined.
    """
    by = [] if by is None else ([by] if isinstance(by, str) else list(by))
    label = label or outcome
    d = df.astype({c: str for c in [*by, outcome]})
    groups = d.groupby(by, sort=True, dropna=False) if by else [((), d)]
    rows, keys = [], []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        und = int(g[outcome].isin(undetermined).sum())
        for name, values in shares.items():
            rows.append((int(g[outcome].isin(values).sum()), len(g) - und, und))
            keys.append({**dict(zip(by, key)), label: name})
    if not rows:
        return pd.DataFrame(columns=[*by, label, *BOUND_COLUMNS])
    count, det, und = map(list, zip(*rows))
    return pd.concat([pd.DataFrame(keys), bounds(count, det, und)[BOUND_COLUMNS]], axis=1)


def verdict_bounds(result: pd.DataFrame, cases: pd.DataFrame | None = None,
                   by: list[str] | str | None = None) -> pd.DataFrame:
    """Per verdict (and group): conformant and non-conformant with their bounds; indeterminate as observed.

    ``result`` is a :func:`compliance.compliance` table; ``by`` may name columns of ``cases``
    (e.g. 'province') or of ``result`` (e.g. 'procedure'). The share of indeterminate cases is known
    exactly, so its bounds equal its share. A case outside Bawaslu's scope (verdict ``not_applicable``)
    is in no denominator.
    """
    result = result[result["verdict"].astype(str).ne("not_applicable")]
    by_list = [] if by is None else ([by] if isinstance(by, str) else list(by))
    extra = [c for c in by_list if c not in result.columns]
    df = result.merge(cases[["case_id", *extra]].astype({"case_id": str}), on="case_id", how="left") \
        if extra else result
    decided = share_bounds(df, "verdict", {"conformant": ["conformant"], "non-conformant": ["non-conformant"]},
                           ["indeterminate"], by_list)
    known = share_bounds(df, "verdict", {"indeterminate": ["indeterminate"]}, [], by_list)
    order = {"conformant": 0, "indeterminate": 1, "non-conformant": 2}
    out = pd.concat([decided, known], ignore_index=True)
    out["_o"] = out["verdict"].map(order)
    return out.sort_values([*by_list, "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def structure_bounds(route: pd.DataFrame, by: list[str] | str | None = None) -> pd.DataFrame:
    """Structured and unstructured shares (from :func:`compliance.classify_structure` or
    :func:`compare.routes`) with their bounds; undetermined cases go either way."""
    return share_bounds(route, "structure", {"structured": ["structured"], "unstructured": ["unstructured"]},
                        ["undetermined"], by)


def sanction_bounds(cases: pd.DataFrame, persons: pd.DataFrame | None,
                    by: list[str] | str | None = None) -> pd.DataFrame:
    """The share of cases with a sanction imposed on all or some persons, with its bounds: a case whose
    outcome is unknown (only recommended, pending, not reported) could go either way."""
    from netralitas_study.analysis.outcomes import case_outcomes

    by_list = [] if by is None else ([by] if isinstance(by, str) else list(by))
    df = case_outcomes(cases, persons)
    for col in by_list:
        df[col] = cases[col].astype(str).to_numpy()
    return share_bounds(df, "sanctioned", {"sanction imposed": ["all", "some"]}, ["unknown"], by_list,
                        label="share")
