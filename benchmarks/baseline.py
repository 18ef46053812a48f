"""A straightforward per-case Python loop implementing the same compliance rules.

Written independently of ``netralitas_study.conformance.engine`` (which works column-wise over all
cases): it is the baseline the benchmarks compare against, and a test checks that both give
the same verdicts. It counts working days by walking the calendar one day at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from importlib.resources import files

import pandas as pd

from netralitas_study import codebook
from netralitas_study.norms.procedures import Procedure
from netralitas_study.norms.workdays import holiday_dates

MISSING = set(codebook.missing_codes())
RANK = {"occurred": 3, "not_occurred": 2, "planned": 1}


def _recipient_rules(pid: str) -> list[dict]:
    return json.loads(files("netralitas_study").joinpath(f"norms/parameters/{pid}.json").read_text())["values"]


def _due(anchor: dt.date, days: int, day_type: str, holidays: set[dt.date]) -> dt.date:
    if day_type == "calendar":
        return anchor + dt.timedelta(days=days)
    day, counted = anchor, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in holidays:
            counted += 1
    return day


def _readings(day_type: str) -> list[str]:
    return ["calendar", "working"] if day_type == "unconfirmed" else [day_type]


def _date(value) -> dt.date | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, str):
        return None if value in MISSING else dt.date.fromisoformat(value)
    return pd.Timestamp(value).date()


def verdicts(cases: pd.DataFrame, events: pd.DataFrame, proc: Procedure) -> dict[str, str]:
    """case_id -> verdict, one case at a time."""
    holidays = {pd.Timestamp(d).date() for d in holiday_dates()}
    rules = _recipient_rules(proc.recipient) if proc.recipient else []
    by_case: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for cid, step, status, date in zip(events["case_id"], events["step"], events["status"], events["date"]):
        by_case[str(cid)][str(step)].append((str(status), _date(date)))
    origins = codebook.vocabulary("origin")["value"].tolist()
    recipients = set(codebook.vocabulary("recipient")["value"])
    out = {}
    for cid, origin, recipient in zip(cases["case_id"], cases["origin"], cases["recipient"]):
        cid, origin = str(cid), str(origin)
        coded = {x for x in str(recipient).split("|") if x in recipients}
        steps = by_case.get(cid, {})

        def state(step):
            rows = steps.get(step, [])
            best = max((RANK.get(s, 0) for s, _ in rows), default=0)
            status = {3: "done", 2: "not_done", 1: "planned", 0: None}[best]
            dates = [d for s, d in rows if s == "occurred" and d is not None]
            return status, (min(dates) if dates else None)

        fail = unknown = False
        for spec in proc.steps.itertuples(index=False):
            if not spec.required:
                continue
            applies = True if not spec.applies_to_origin else (
                (origin in spec.applies_to_origin) if origin in origins else None)
            status, day = state(spec.step)
            if status == "not_done":
                if applies is True:
                    fail = True
                elif applies is None:
                    unknown = True
            elif status != "done" and applies is not False:
                unknown = True
            if status != "done":
                continue
            for pred in spec.after:
                pstatus, pday = state(pred)
                if pstatus == "done":
                    if day is None or pday is None:
                        unknown = True
                    elif day < pday:
                        fail = True
            dl = spec.deadline
            if dl:
                anchors = [state(a)[1] for a in dl["from"] if state(a)[0] == "done"]
                anchors = [a for a in anchors if a is not None]
                if not anchors or day is None:
                    unknown = True
                    continue
                anchor = min(anchors)
                ok = all(day <= _due(anchor, dl["days"], r, holidays) for r in _readings(dl["day_type"]))
                limit = dl.get("extension") or dl
                late = all(day > _due(anchor, limit["days"], r, holidays) for r in _readings(limit["day_type"]))
                if late:
                    fail = True
                elif not ok:
                    unknown = True
        if rules:
            status, day = state("penerusan")
            if status == "done":
                expected = None
                for rule in rules:  # start-dated: the last value that started on or before the day
                    lo = dt.date.fromisoformat(rule["from"]) if rule.get("from") else dt.date.min
                    if day is not None and lo <= day:
                        expected = rule["value"]
                if expected is None or not coded:
                    unknown = True
                elif expected not in coded:
                    fail = True
        out[cid] = "non-conformant" if fail else "indeterminate" if unknown else "conformant"
    return out
