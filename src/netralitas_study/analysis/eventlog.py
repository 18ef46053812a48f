"""The events table read as an event log: which steps each case went through."""

from __future__ import annotations

import pandas as pd

from netralitas_study import codebook

NOT_REPORTED = "not_reported"


def as_dates(s: pd.Series) -> pd.Series:
    """Dates of a column as ``datetime64``: typed columns pass through, ISO text is parsed (else NaT)."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s
    from netralitas_study.io.fastops import parse_iso_dates

    return parse_iso_dates(s.astype(str))


def done_dates(events: pd.DataFrame) -> pd.DataFrame:
    """``case_id``, ``step`` and ``date`` of the steps that occurred on a known date."""
    done = events["status"].astype(str).eq("occurred")
    out = pd.DataFrame({"case_id": events["case_id"], "step": events["step"], "date": as_dates(events["date"])})
    return out[done & out["date"].notna()]


def step_matrix(cases: pd.DataFrame, events: pd.DataFrame, steps: list[str] | None = None) -> pd.DataFrame:
    """Case x step matrix of step status: 'occurred', 'not_occurred' or 'not_reported'.

    Every case of ``cases`` gets a row, also one without any event (its steps are all
    'not_reported'); columns follow the codebook's step order. When a case has several
    events of one step, 'occurred' wins over 'not_occurred'.
    """
    order = list(codebook.vocabulary("step")["value"])
    events = events.astype({"case_id": str, "step": str, "status": str})
    steps = steps or [s for s in order if s in set(events["step"])]
    rank = events.assign(_r=events["status"].map({"occurred": 0, "not_occurred": 1, "planned": 2}))
    best = rank.sort_values("_r").drop_duplicates(["case_id", "step"])
    wide = best.pivot(index="case_id", columns="step", values="status")
    wide = wide.reindex(index=cases["case_id"].astype(str), columns=steps).fillna(NOT_REPORTED)
    wide.index.name, wide.columns.name = "case_id", "step"
    return wide


def has_step(events: pd.DataFrame, step: str | list[str], status: str = "occurred") -> pd.Series:
    """Boolean per case_id: does the case have ``step`` (any of a list) with ``status``?"""
    steps = [step] if isinstance(step, str) else step
    hit = events[events["step"].isin(steps) & events["status"].eq(status)]
    return pd.Series(True, index=pd.Index(hit["case_id"].unique(), name="case_id"))


PROCESS_MINING_COLUMNS = {"case_id": "case:concept:name", "step": "concept:name", "date": "time:timestamp",
                          "actor": "org:resource"}


ORDERS = ("date", "steps")
"""How :func:`to_process_mining` orders a case's events: ``date`` (dated steps by date, undated ones
last) or ``steps`` (dated steps by date, each undated step right after the steps that precede it in
the codebook's step order, i.e. the procedure's)."""


def to_process_mining(events: pd.DataFrame, order: str = "date") -> pd.DataFrame:
    """The events that occurred, in the column names process-mining tools read (XES convention).

    ``case:concept:name`` (case id), ``concept:name`` (activity), ``time:timestamp`` (UTC; empty
    where the source gives no date) and ``org:resource`` (actor). Steps stated as *not* done are
    not activities and are left out; undated events are kept, so a tool that needs timestamps
    will say how many it skips rather than this export hiding them. ``order`` (see :data:`ORDERS`)
    says where an undated step goes: last (``date``), or where the step order puts it
    (``steps``: after the latest-dated step that comes before it in that order, before the
    case's first dated step when none does; ties in the step order). A case none of whose steps
    occurred has no row: it is not a trace.
    """
    if order not in ORDERS:
        raise ValueError(f"order must be one of {ORDERS}, not {order!r}")
    missing = codebook.missing_codes()
    done = events[events["status"].astype(str).eq("occurred")]
    out = done[list(PROCESS_MINING_COLUMNS)].rename(columns=PROCESS_MINING_COLUMNS).astype({"org:resource": object})
    out["time:timestamp"] = as_dates(out["time:timestamp"]).dt.tz_localize("UTC")
    out["org:resource"] = out["org:resource"].where(~out["org:resource"].isin(missing))
    steps = list(codebook.vocabulary("step")["value"])
    out["concept:name"] = out["concept:name"].astype(str)
    out["_o"] = out["concept:name"].map({s: i for i, s in enumerate(steps)})
    keys = ["case:concept:name", "time:timestamp", "_o"]
    if order == "steps":  # an undated step takes the latest date of the dated steps before it in the order
        out = out.sort_values(["case:concept:name", "_o"], kind="stable")
        latest = out.groupby("case:concept:name", sort=False)["time:timestamp"].cummax()
        out["_d"] = out["time:timestamp"].fillna(latest.groupby(out["case:concept:name"], sort=False).ffill())
        keys = ["case:concept:name", "_d", "_o"]
    out = out.sort_values(keys, kind="stable", na_position="first" if order == "steps" else "last")
    return out.drop(columns=[c for c in ("_o", "_d") if c in out.columns]).reset_index(drop=True)


def dated_cases(events: pd.DataFrame) -> pd.Index:
    """Ids of cases with at least one done step that has a date."""
    return pd.Index(done_dates(events)["case_id"].unique(), name="case_id")
