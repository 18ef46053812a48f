"""A straightforward per-case Python loop implementing the same compliance rules.

Written independently of ``netralitas_study.compliance`` (which works column-wise over all
cases): it is the baseline the benchmarks compare against, and a test checks that both give
the same verdicts.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from netralitas_study import codebook
from netralitas_study.procedures import Procedure
from netralitas_study.workdays import holiday_dates

MISSING = set(codebook.missing_codes())


def _recipient_on(proc: Procedure, day: np.datetime64) -> str | None:
    for rule in proc.recipient_rule:
        lo = np.datetime64(rule["from"]) if rule.get("from") else np.datetime64("1900-01-01")
        hi = np.datetime64(rule["to"]) if rule.get("to") else np.datetime64("2999-12-31")
        if lo <= day <= hi:
            return rule["value"]
    return None


def verdicts(cases: pd.DataFrame, events: pd.DataFrame, proc: Procedure) -> dict[str, str]:
    """case_id -> verdict, one case at a time."""
    holidays = holiday_dates()
    by_case: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for cid, step, status, date in zip(events["case_id"], events["step"], events["status"], events["date"]):
        by_case[cid][step].append((status, date))
    origins = codebook.vocabulary("origin")["value"].tolist()
    recipients = codebook.vocabulary("recipient")["value"].tolist()
    out = {}
    for cid, origin, recipient in zip(cases["case_id"], cases["origin"], cases["recipient"]):
        steps = by_case.get(cid, {})

        def state(step):
            rows = steps.get(step, [])
            if any(s == "occurred" for s, _ in rows):
                dates = [np.datetime64(d) for s, d in rows if s == "occurred" and d not in MISSING]
                return True, (min(dates) if dates else None)
            if rows:
                return False, None
            return None, None

        fail = unknown = False
        for spec in proc.steps.itertuples(index=False):
            if not spec.required:
                continue
            applies = True if not spec.applies_to_origin else (
                (origin in spec.applies_to_origin) if origin in origins else None)
            done, day = state(spec.step)
            if done is True:
                pass
            elif done is False:
                if applies is True:
                    fail = True
                elif applies is None:
                    unknown = True
            elif applies is not False:
                unknown = True
            if done is True:
                for pred in spec.after:
                    pdone, pday = state(pred)
                    if pdone is True:
                        if day is None or pday is None:
                            unknown = True
                        elif day < pday:
                            fail = True
                if spec.deadline:
                    anchor = next((state(a) for a in spec.deadline["from"] if state(a)[0] is True), None)
                    if anchor is None or anchor[1] is None or day is None:
                        unknown = True
                    else:
                        if spec.deadline["day_type"] == "working":
                            elapsed = np.busday_count(anchor[1] + 1, day + 1, holidays=holidays)
                        else:
                            elapsed = (day - anchor[1]).astype(int)
                        fail = fail or elapsed > spec.deadline["days"]
        if proc.recipient_rule:
            done, day = state("penerusan")
            if done is True:
                expected = _recipient_on(proc, day) if day is not None else None
                if expected is None or recipient not in recipients:
                    unknown = True
                elif recipient != expected:
                    fail = True
        out[cid] = "non-conformant" if fail else "indeterminate" if unknown else "conformant"
    return out
