"""Published figures (tallies): the enforcement funnel, within one unit and one statement."""

from __future__ import annotations

import pandas as pd

from netralitas_study import codebook
from netralitas_study.analysis.stats import proportion

FUNNEL = ["reported", "proven", "recommended", "sanctioned"]
KEY = ["election_type", "election_year", "level", "province", "regency", "unit", "source_id", "snapshot"]


def funnels(tallies: pd.DataFrame, stages: list[str] = FUNNEL) -> pd.DataFrame:
    """Funnels from figures published together: same source, snapshot, area and unit.

    Only ASN-scope, non-conflicting, exact or approximate figures are used. Each stage is
    compared with the funnel's first stage (usually 'reported'): proportion and Wilson and
    exact 95% intervals, or a note when the stage exceeds its base (figures that cannot be
    a funnel). Figures in different units are never combined.
    """
    t = tallies[tallies["scope"].eq("asn") & tallies["metric"].isin(stages) & tallies["conflict"].eq("tidak")
                & tallies["value_qualifier"].ne("more_than")].copy()
    t["value"] = pd.to_numeric(t["value"])
    t["metric"] = t["metric"].astype(str)
    t["_stage"] = t["metric"].map(stages.index)
    # one figure per stage of a statement: the largest, if a statement repeats a stage by sub-group
    t = t.sort_values([*KEY, "_stage", "value"]).drop_duplicates([*KEY, "metric"], keep="last")
    rows = []
    for key, g in t.groupby(KEY, sort=True, dropna=False):
        if len(g) < 2:
            continue
        base = g.iloc[0]
        for stage in g.itertuples():
            row = dict(zip(KEY, key))
            row.update({"stage": stage.metric, "value": stage.value, "base_stage": base["metric"],
                        "base": base["value"], "tally_id": stage.tally_id})
            whole = float(stage.value).is_integer() and float(base["value"]).is_integer()
            if stage.value <= base["value"] and whole:
                row.update(proportion(int(stage.value), int(base["value"])))
                row["note"] = ""
            else:
                row["note"] = "stage exceeds its base or is not a count: no interval"
            rows.append(row)
    cols = [*KEY, "stage", "value", "base_stage", "base", "proportion", "wilson_low", "wilson_high",
            "exact_low", "exact_high", "note", "tally_id"]
    return pd.DataFrame(rows).reindex(columns=cols)


def label_unit(unit: str, lang: str = "id") -> str:
    """The label of a tally unit."""
    return codebook.labels("tally_unit", lang)[unit]
