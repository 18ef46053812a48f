"""The events table read as an event log: which steps each case went through."""

from __future__ import annotations

import pandas as pd

from . import codebook

NOT_REPORTED = "not_reported"


def step_matrix(cases: pd.DataFrame, events: pd.DataFrame, steps: list[str] | None = None) -> pd.DataFrame:
    """Case x step matrix of step status: 'occurred', 'not_occurred' or 'not_reported'.

    Every case of ``cases`` gets a row, also one without any event (its steps are all
    'not_reported'); columns follow the codebook's step order. When a case has several
    events of one step, 'occurred' wins over 'not_occurred'.
    """
    order = list(codebook.vocabulary("step")["value"])
    steps = steps or [s for s in order if s in set(events["step"])]
    rank = events.assign(_r=events["status"].map({"occurred": 0, "not_occurred": 1}))
    best = rank.sort_values("_r").drop_duplicates(["case_id", "step"])
    wide = best.pivot(index="case_id", columns="step", values="status")
    wide = wide.reindex(index=cases["case_id"], columns=steps).fillna(NOT_REPORTED)
    wide.index.name, wide.columns.name = "case_id", "step"
    return wide


def has_step(events: pd.DataFrame, step: str | list[str], status: str = "occurred") -> pd.Series:
    """Boolean per case_id: does the case have ``step`` (any of a list) with ``status``?"""
    steps = [step] if isinstance(step, str) else step
    hit = events[events["step"].isin(steps) & events["status"].eq(status)]
    return pd.Series(True, index=pd.Index(hit["case_id"].unique(), name="case_id"))
