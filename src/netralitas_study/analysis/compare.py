"""Comparisons across cases and provinces: routes, step coverage, tests with their n."""

from __future__ import annotations

import pandas as pd

from netralitas_study import codebook
from netralitas_study.conformance.tables import classify_structure
from netralitas_study.norms.procedures import INTAKE_STEPS
MIN_PER_GROUP = 5
"""Smallest group size for which a test is reported; below it the reason is reported instead."""


def routes(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Per case: structure under the norm in force for it and under the adjudication route, with the rules."""
    return pd.concat([classify_structure(cases, events).assign(norm="norm in force"),
                      classify_structure(cases, events, "adjudication-route").assign(norm="adjudication-route")],
                     ignore_index=True)


def step_coverage(cases: pd.DataFrame, events: pd.DataFrame, by: str = "province") -> pd.DataFrame:
    """Share of cases per group whose source reports each step as done, with n per group."""
    done = events[events["status"].eq("occurred")][["case_id", "step"]].astype(str).drop_duplicates()
    cases = cases.astype({"case_id": str, by: str})
    n = cases.groupby(by).size().rename("n")
    hit = done.merge(cases[["case_id", by]], on="case_id").groupby([by, "step"]).size().rename("count")
    steps = list(codebook.vocabulary("step")["value"])
    grid = pd.MultiIndex.from_product([n.index, [s for s in steps if s in set(done["step"])]], names=[by, "step"])
    out = hit.reindex(grid, fill_value=0).reset_index().merge(n.reset_index(), on=by)
    out["proportion"] = out["count"] / out["n"]
    return out


def fisher_2x2(df: pd.DataFrame, row: str, col: str) -> pd.DataFrame:
    """Fisher's exact test of two boolean columns, with n, the table and the odds ratio.

    When a margin is smaller than :data:`MIN_PER_GROUP` the test is not run and the reason is
    given instead: a p-value is never reported without the n behind it.
    """
    from scipy.stats import fisher_exact

    d = df[[row, col]].dropna().astype(bool)
    table = pd.crosstab(d[row], d[col]).reindex(index=[True, False], columns=[True, False], fill_value=0)
    out = {"row": row, "col": col, "n": int(len(d)), "a": int(table.iloc[0, 0]), "b": int(table.iloc[0, 1]),
           "c": int(table.iloc[1, 0]), "d": int(table.iloc[1, 1]), "n_excluded": int(len(df) - len(d))}
    margins = [*table.sum(axis=0), *table.sum(axis=1)]
    if min(margins) < MIN_PER_GROUP:
        out.update({"test": "Fisher's exact", "odds_ratio": float("nan"), "p_value": float("nan"),
                    "note": f"not tested: a margin is below {MIN_PER_GROUP} (margins {margins})"})
    else:
        res = fisher_exact(table.to_numpy())
        out.update({"test": "Fisher's exact", "odds_ratio": float(res.statistic), "p_value": float(res.pvalue),
                    "note": ""})
    return pd.DataFrame([out])


def time_to_recommendation(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Calendar days from the first dated intake step to the dated forwarding, per case where both are dated."""
    from netralitas_study.analysis.eventlog import done_dates

    ev = done_dates(events)
    start = ev[ev["step"].isin(INTAKE_STEPS)].groupby("case_id")["date"].min()
    end = ev[ev["step"].eq("penerusan")].groupby("case_id")["date"].min()
    both = pd.concat([start.rename("start"), end.rename("forwarded")], axis=1).dropna()
    both["days"] = (both["forwarded"] - both["start"]).dt.days
    return both.reset_index().merge(cases[["case_id", "province", "election_type", "origin"]].astype(str),
                                    on="case_id")


def logrank(durations: pd.DataFrame, group: str) -> pd.DataFrame:
    """Log-rank test of ``days`` between groups (all events observed), or the reason it is not run."""
    sizes = durations.groupby(group).size()
    out = {"test": "log-rank", "group": group, "n": int(len(durations)),
           "groups": "; ".join(f"{k}={v}" for k, v in sizes.items())}
    if len(sizes) < 2 or sizes.min() < MIN_PER_GROUP:
        out.update({"statistic": float("nan"), "p_value": float("nan"),
                    "note": f"not tested: needs two groups of at least {MIN_PER_GROUP} dated cases"})
    else:
        from statsmodels.duration.survfunc import survdiff

        stat, p = survdiff(durations["days"].to_numpy(), [1] * len(durations), durations[group].to_numpy())
        out.update({"statistic": float(stat), "p_value": float(p), "note": ""})
    return pd.DataFrame([out])


def case_indicators(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per case, booleans a comparison counts: forwarded (to KASN/BKN), recipient known, a dated step,
    outcome known and a sanction imposed (on all or some persons; derived from ``persons``)."""
    from netralitas_study.analysis.eventlog import dated_cases, has_step
    from netralitas_study.analysis.outcomes import case_outcomes

    ids = cases["case_id"].astype(str)
    known = set(codebook.vocabulary("recipient")["value"])
    outcome = case_outcomes(cases, persons)
    return pd.DataFrame({
        "case_id": ids.to_numpy(),
        "forwarded": ids.isin(has_step(events, "penerusan").index.astype(str)).to_numpy(),
        "recipient_known": cases["recipient"].astype(str).map(lambda r: bool(set(r.split("|")) & known)).to_numpy(),
        "dated_step": ids.isin(dated_cases(events).astype(str)).to_numpy(),
        "outcome_known": outcome["outcome_known"].to_numpy(),
        "sanction_imposed": outcome["sanctioned"].isin(["all", "some"]).to_numpy(),
    })


def in_context(cases: pd.DataFrame, events: pd.DataFrame, province: str,
               persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each indicator of :func:`case_indicators` for one province versus all others, with exact intervals."""
    inside = cases["province"].astype(str).eq(province)
    table = compare_groups({codebook.labels("province")[province]: (cases[inside], events, persons),
                            "others / lainnya": (cases[~inside], events, persons)})
    order = table["indicator"].map(list(INDICATORS).index)
    table = table.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    return table[["indicator", "group", *[c for c in table.columns if c not in ("indicator", "group")]]]


INDICATORS = {
    # indicator: (Indonesian label, English label)
    "forwarded": ("diteruskan", "forwarded"),
    "recipient_known": ("penerima diketahui", "recipient known"),
    "dated_step": ("ada tahapan bertanggal", "a dated step"),
    "outcome_known": ("hasil (sanksi) diketahui", "outcome (sanction) known"),
    "sanction_imposed": ("sanksi dijatuhkan", "a sanction imposed"),
}


def compare_groups(groups: dict[str, tuple[pd.DataFrame, ...]]) -> pd.DataFrame:
    """Each indicator of :func:`case_indicators` per named group of (cases, events[, persons]), with n and
    exact intervals."""
    from netralitas_study.analysis.stats import proportion

    rows = []
    for label, (cases, events, *persons) in groups.items():
        ind = case_indicators(cases, events, persons[0] if persons else None)
        for name in INDICATORS:
            rows.append({"group": label, "indicator": name, **proportion(int(ind[name].sum()), len(ind))})
    return pd.DataFrame(rows)
