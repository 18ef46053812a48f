"""Time to recommendation and to sanction, from dates known only as intervals.

The clock of a case starts at its earliest dated intake step (``INTAKE_STEPS``: the information
received, the tracing, the finding set, the report received). Its event is the forwarding to KASN/BKN
(``penerusan``, time to recommendation) or the sanction imposed (``sanksi_dijatuhkan``, or a person's
``imposed_date``: time to sanction). Each case gives an interval ``[lower, upper]`` of days from the
start, ``first_day`` to ``last_day`` (inclusive):

* an event on a stated day: ``first_day = last_day`` = that day;
* an event reported done without a day: no earlier than the case's latest dated step before it (or the
  start), no later than the publication date of the earliest source that reports it (``sources.published``,
  where known); without a publication date the upper end is open (the event happened, but when is not
  bounded above: in the estimator this is a right-censored observation at ``lower``);
* no event reported: right-censored at the last report, the latest of the case's dated steps and its
  sources' publication dates: ``first_day`` = the day after it, ``last_day = inf``.

Cases without a dated start are left out and counted. The estimator is the Turnbull non-parametric
maximum-likelihood estimator of the survival function for interval-censored data (Turnbull 1976), fitted by self-consistency; it reduces to Kaplan-Meier where every event is
exact or right-censored (a test checks it against statsmodels' Kaplan-Meier, ``SurvfuncRight``). It is
written out here (:func:`turnbull`, about 30 lines) because lifelines, the library that ships it, requires
pandas < 3 while this package pins pandas 3, and the alternatives (surpyval) bring seven packages for one
estimator. ``n at risk`` at day t counts the cases whose event could not have happened before t
(``first_day >= t``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study.analysis.eventlog import as_dates
from netralitas_study.conformance.engine import INTAKE_STEPS

EVENTS = {"recommendation": ["penerusan"], "sanction": ["sanksi_dijatuhkan"]}
"""The steps whose occurrence ends the clock, per outcome."""
AT_RISK_DAYS = (0, 7, 14, 30, 60, 90, 180)
MIN_EVENTS = 5
"""Fewest events bounded in time (exact or interval) for a median to be reported."""


def _published(sources: pd.DataFrame | None) -> dict[str, pd.Timestamp]:
    if sources is None or "published" not in sources:
        return {}
    dates = as_dates(sources["published"].astype(str))
    return {s: d for s, d in zip(sources["source_id"].astype(str), dates) if pd.notna(d)}


def _first_published(source_ids: str, published: dict[str, pd.Timestamp]) -> pd.Timestamp:
    dates = [published[s.strip()] for s in str(source_ids).split("|") if s.strip() in published]
    return min(dates) if dates else pd.NaT


def intervals(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None,
              sources: pd.DataFrame | None = None, outcome: str = "recommendation") -> pd.DataFrame:
    """Per case: start, the days ``first_day`` to ``last_day`` within which the ``outcome`` fell, and how.

    ``kind`` is ``exact`` (a dated event), ``interval`` (undated event bounded by a publication date),
    ``after`` (undated event, no publication date: known only to be no earlier than ``first_day``),
    ``censored`` (no event reported by the last report) or ``no_start`` (left out: no dated intake step).
    """
    if outcome not in EVENTS:
        raise ValueError(f"outcome must be one of {sorted(EVENTS)}, not {outcome!r}")
    published = _published(sources)
    ev = events.assign(case_id=events["case_id"].astype(str), step=events["step"].astype(str),
                       status=events["status"].astype(str), _date=as_dates(events["date"]))
    done = ev[ev["status"].eq("occurred")]
    dated = done[done["_date"].notna()]
    start = dated[dated["step"].isin(INTAKE_STEPS)].groupby("case_id")["_date"].min()
    hit = done[done["step"].isin(EVENTS[outcome])]
    if outcome == "sanction" and persons is not None and "imposed_date" in persons:
        p = persons[persons["status"].astype(str).eq("imposed")]
        extra = pd.DataFrame({"case_id": p["case_id"].astype(str), "step": "sanksi_dijatuhkan",
                              "_date": as_dates(p["imposed_date"].astype(str)), "source_id": p["source_id"]})
        hit = pd.concat([hit[["case_id", "step", "_date", "source_id"]], extra], ignore_index=True)
    case_sources = dict(zip(cases["case_id"].astype(str), cases["source_id"].astype(str)))
    rows = []
    for cid in cases["case_id"].astype(str):
        row = {"case_id": cid, "start": start.get(cid, pd.NaT)}
        if pd.isna(row["start"]):
            rows.append({**row, "first_day": np.nan, "last_day": np.nan, "kind": "no_start"})
            continue
        s = row["start"]
        own = dated[dated["case_id"].eq(cid)]
        events_here = hit[hit["case_id"].eq(cid)]
        exact = events_here["_date"].dropna()
        if len(exact):
            d = float((exact.min() - s).days)
            rows.append({**row, "first_day": d, "last_day": d, "kind": "exact"})
            continue
        last_step = float((own["_date"].max() - s).days)
        srcs = set("|".join([case_sources.get(cid, ""), *own["source_id"].astype(str)]).split("|")) - {""}
        report_dates = [published[x] for x in srcs if x in published]
        if len(events_here):
            bound = min(_first_published(x, published) for x in events_here["source_id"].astype(str))
            if pd.notna(bound) and (bound - s).days >= last_step:
                rows.append({**row, "first_day": last_step, "last_day": float((bound - s).days), "kind": "interval"})
            else:
                rows.append({**row, "first_day": last_step, "last_day": np.inf, "kind": "after"})
            continue
        last = max([own["_date"].max(), *report_dates])
        rows.append({**row, "first_day": float((last - s).days) + 1, "last_day": np.inf, "kind": "censored"})
    out = pd.DataFrame(rows)
    keep = [c for c in ["case_id", "election_type", "election_year", "province"] if c in cases]
    return out.merge(cases[keep].astype(str), on="case_id")


def turnbull(first_day, last_day, tol: float = 1e-12, max_iter: int = 100_000) -> pd.DataFrame:
    """Turnbull's NPMLE of the event-time distribution from interval-censored days (self-consistency EM).

    Observation i says the event fell on a day in ``[first_day[i], last_day[i]]`` (``last_day = inf``: not
    before ``first_day``, right-censored). In Turnbull's half-open form that is ``(first - 1, last]``. The mass
    sits on the innermost intervals (a left end directly followed by a right end among all ends, right ends
    first at ties); within one the estimator does not say where. Returns per innermost interval
    ``day_from`` / ``day_to`` (the days it spans, inclusive), its ``mass`` and ``survival`` = P(event after
    ``day_to``); the survival before ``day_from`` is the previous row's.
    """
    lo = np.asarray(first_day, dtype=float) - 1.0
    hi = np.asarray(last_day, dtype=float)
    if len(lo) == 0:
        return pd.DataFrame(columns=["day_from", "day_to", "mass", "survival"])
    if (hi < lo + 1).any():
        raise ValueError("every interval needs first_day <= last_day")
    ends = sorted([(v, 1) for v in lo] + [(v, 0) for v in hi])  # (value, 0 = right end first at ties, 1 = left)
    cells = [(a[0], b[0]) for a, b in zip(ends, ends[1:]) if a[1] == 1 and b[1] == 0]
    left = np.array([c[0] for c in cells])
    right = np.array([c[1] for c in cells])
    alpha = (lo[:, None] <= left[None, :]) & (right[None, :] <= hi[:, None])
    p = np.full(len(cells), 1.0 / len(cells))
    for _ in range(max_iter):
        weighted = alpha * p
        new = (weighted / weighted.sum(axis=1, keepdims=True)).mean(axis=0)
        done = np.abs(new - p).max() < tol
        p = new
        if done:
            break
    return pd.DataFrame({"day_from": left + 1, "day_to": right, "mass": p,
                         "survival": np.clip(1 - np.cumsum(p), 0, 1)})


def at_risk(first_day, days=AT_RISK_DAYS) -> pd.DataFrame:
    """Cases whose event could not have happened before each day (``first_day >= day``)."""
    first = np.asarray(first_day, dtype=float)
    return pd.DataFrame({"day": list(days), "at_risk": [int((first >= d).sum()) for d in days]})


def time_to_event(tables: dict[str, pd.DataFrame], outcome: str = "recommendation",
                  by: str = "election") -> dict[str, pd.DataFrame]:
    """The intervals, the Turnbull estimate per election and n at risk, for ``outcome``.

    Returns ``intervals`` (per case), ``estimate`` (per election: the Turnbull intervals, mass and
    survival), ``at_risk`` (per election and day) and ``summary`` (per election: cases, with a start,
    exact, interval, after, censored, and the median: the first ``day_to`` where survival <= 0.5, else NaN
    when the estimate never reaches it).
    """
    iv = intervals(tables["cases"], tables["events"], tables.get("persons"), tables.get("sources"), outcome)
    iv["election"] = iv["election_type"].str.capitalize() + " " + iv["election_year"]
    estimates, risks, summary = [], [], []
    for election, g in iv.groupby(by, sort=True):
        used = g[g["kind"].ne("no_start")]
        counts = g["kind"].value_counts()
        row = {by: election, "cases": len(g), "with_start": len(used),
               **{k: int(counts.get(k, 0)) for k in ["exact", "interval", "after", "censored"]}, "median_day": np.nan,
               "note": ""}
        bounded = row["exact"] + row["interval"]
        if len(used) and (used["kind"].isin(["exact", "interval"])).any():
            est = turnbull(used["first_day"], used["last_day"]).assign(**{by: election})
            estimates.append(est)
            reached = est[est["survival"] <= 0.5 + 1e-9]
            if bounded < MIN_EVENTS:
                row["note"] = f"no median: {bounded} event(s) bounded in time, fewer than {MIN_EVENTS}"
            elif len(reached):
                row["median_day"] = float(reached["day_to"].iloc[0])
            else:
                row["note"] = "no median: the estimate stays above 0.5"
        else:
            row["note"] = "no estimate: no event bounded in time"
        if len(used):
            risks.append(at_risk(used["first_day"]).assign(**{by: election}))
        summary.append(row)
    cols = [by, "day_from", "day_to", "mass", "survival"]
    return {"intervals": iv,
            "estimate": pd.concat(estimates, ignore_index=True)[cols] if estimates else pd.DataFrame(columns=cols),
            "at_risk": pd.concat(risks, ignore_index=True)[[by, "day", "at_risk"]] if risks else
            pd.DataFrame(columns=[by, "day", "at_risk"]),
            "summary": pd.DataFrame(summary)}
