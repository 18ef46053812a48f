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


def to_process_mining(events: pd.DataFrame) -> pd.DataFrame:
    """The events that occurred, in the column names process-mining tools read (XES convention).

    ``case:concept:name`` (case id), ``concept:name`` (activity), ``time:timestamp`` (UTC; empty
    where the source gives no date) and ``org:resource`` (actor). Steps stated as *not* done are
    not activities and are left out; undated events are kept, so a tool that needs timestamps
    will say how many it skips rather than this export hiding them.
    """
    missing = codebook.missing_codes()
    done = events[events["status"].astype(str).eq("occurred")]
    out = done[list(PROCESS_MINING_COLUMNS)].rename(columns=PROCESS_MINING_COLUMNS).astype({"org:resource": object})
    out["time:timestamp"] = as_dates(out["time:timestamp"]).dt.tz_localize("UTC")
    out["org:resource"] = out["org:resource"].where(~out["org:resource"].isin(missing))
    order = list(codebook.vocabulary("step")["value"])
    out["concept:name"] = out["concept:name"].astype(str)
    out["_o"] = out["concept:name"].map(order.index)
    return (out.sort_values(["case:concept:name", "time:timestamp", "_o"], kind="stable", na_position="last")
            .drop(columns="_o").reset_index(drop=True))


def dated_cases(events: pd.DataFrame) -> pd.Index:
    """Ids of cases with at least one done step that has a date."""
    return pd.Index(done_dates(events)["case_id"].unique(), name="case_id")
