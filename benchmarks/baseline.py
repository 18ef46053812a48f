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
RANK = {"occurred": 4, "not_occurred": 3, "pending": 2, "planned": 1}
INTAKE = ("informasi_awal", "penelusuran", "penetapan_temuan", "penerimaan_laporan")


def _parameter(pid: str) -> dict:
    return json.loads(files("netralitas_study").joinpath(f"norms/parameters/{pid}.json").read_text())


def _in_force(rules: list[dict], day: dt.date) -> tuple[bool, object]:
    """(defined, value) of a start-dated parameter on ``day``: the last value started on or before it."""
    found, value = False, None
    for rule in rules:
        if rule.get("from") is None or dt.date.fromisoformat(rule["from"]) <= day:
            found, value = True, rule["value"]
    return found, value


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


def _floor(case: dict, stages: dict) -> dt.date | None:
    """The day no step of the case can precede: its election's first stage, or the stage in ``after_stage``."""
    st = stages.get(f"{case.get('election_type')}-{case.get('election_year')}", {}).get("stages", {})
    stage = st.get(str(case.get("after_stage"))) or st.get("stages_start")
    return dt.date.fromisoformat(stage["date"]) if stage else None


def verdicts(cases: pd.DataFrame, events: pd.DataFrame, proc: Procedure) -> dict[str, str]:
    """case_id -> verdict, one case at a time."""
    holidays = {pd.Timestamp(d).date() for d in holiday_dates()}
    rules = _parameter(proc.recipient)["values"] if proc.recipient else []
    stages = _parameter("election-stages")["elections"]
    by_case: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    published = events["published"] if "published" in events.columns else [None] * len(events)
    for cid, step, status, date, pub in zip(events["case_id"], events["step"], events["status"], events["date"],
                                            published):
        by_case[str(cid)][str(step)].append((str(status), _date(date), _date(pub)))
    origins = codebook.vocabulary("origin")["value"].tolist()
    recipients = set(codebook.vocabulary("recipient")["value"])
    out = {}
    for case in cases.to_dict("records"):
        cid, origin = str(case["case_id"]), str(case["origin"])
        if str(case.get("in_scope")) == "tidak":
            out[cid] = "not_applicable"
            continue
        coded = {x for x in str(case["recipient"]).split("|") if x in recipients}
        steps = by_case.get(cid, {})

        def state(step):
            rows = steps.get(step, [])
            best = max((RANK.get(s, 0) for s, _, _ in rows), default=0)
            status = {4: "done", 3: "not_done", 2: "pending", 1: "planned", 0: None}[best]
            dates = [d for s, d, _ in rows if s == "occurred" and d is not None]
            return status, (min(dates) if dates else None)

        def upper(step):
            pubs = [p for s, _, p in steps.get(step, []) if s == "occurred" and p is not None]
            return min(pubs) if pubs else None

        def asof(step):
            pubs = [p for s, _, p in steps.get(step, []) if s == "pending" and p is not None]
            return max(pubs) if pubs else None

        waived = set()
        for alt in proc.alternatives:
            if all(state(s)[0] == "done" for s in alt["when_done"]):
                waived |= set(alt["waives"])
        fail = unknown = False
        for spec in proc.steps.itertuples(index=False):
            if not spec.required:
                continue
            applies = True if not spec.applies_to_origin else (
                (origin in spec.applies_to_origin) if origin in origins else None)
            duty = "required"
            if isinstance(spec.given, dict):
                det = str(case.get(spec.given["column"], "not_reported"))
                duty = spec.given["values"].get(det, spec.given["otherwise"])
            if duty == "not_applicable":
                applies = False
            status, day = state(spec.step)
            if status == "not_done":
                if applies is True and duty == "required" and spec.step not in waived:
                    fail = True
                elif applies is not False:
                    unknown = True
            elif status != "done" and applies is not False:
                unknown = True
            dl = spec.deadline
            if status == "pending" and dl:
                anchors = [state(a)[1] for a in dl["from"] if state(a)[0] == "done" and state(a)[1] is not None]
                seen = asof(spec.step)
                if anchors and seen is not None:
                    latest = dl.get("extension") or dl
                    if all(seen > _due(min(anchors), latest["days"], r, holidays)
                           for r in _readings(latest["day_type"])):
                        fail = True
            if status != "done":
                continue
            for pred in spec.after:
                pstatus, pday = state(pred)
                if pstatus == "done":
                    if day is None or pday is None:
                        unknown = True
                    elif day < pday:
                        fail = True
            if dl:
                anchors = [state(a)[1] for a in dl["from"] if state(a)[0] == "done"]
                anchors = [a for a in anchors if a is not None]
                if not anchors:
                    unknown = True
                    continue
                anchor = min(anchors)
                if day is None:
                    hi = upper(spec.step)
                    if hi is None or not all(hi <= _due(anchor, dl["days"], r, holidays)
                                             for r in _readings(dl["day_type"])):
                        unknown = True
                    continue
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
                if not coded:
                    unknown = True
                elif day is not None:
                    found, expected = _in_force(rules, day)
                    if not found or expected is None:
                        unknown = True
                    elif expected not in coded:
                        fail = True
                else:  # the date as an interval: [floor and the steps it follows, earliest report]
                    hi = upper("penerusan")
                    lo = _floor(case, stages)
                    follows = [*INTAKE, *[p for s in proc.steps.itertuples() if s.step == "penerusan" for p in s.after]]
                    for s in follows:
                        st, d = state(s)
                        if st == "done" and d is not None and (lo is None or d > lo):
                            lo = d
                    lo = lo or dt.date.min
                    if hi is None or lo > hi:
                        unknown = True
                    else:  # the values in force on the interval: at its start, and every change within it
                        values = [_in_force(rules, lo)[1]] + [r["value"] for r in rules if r.get("from")
                                                              and lo < dt.date.fromisoformat(r["from"]) <= hi]
                        if not all(v is not None and v in coded for v in values):
                            unknown = True  # open, or a conflict: neither is a breach
        out[cid] = "non-conformant" if fail else "indeterminate" if unknown else "conformant"
    return out
