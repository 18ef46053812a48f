"""The checks, as pure functions on the case state giving codes (never text).

Each function fills one check's column of two integer arrays over the cases: ``result`` (pass,
fail, unknown, or no check) and ``template`` (the index of its reason code in
:data:`netralitas_study.conformance.explain.REASON_CODES`), and returns a :class:`Slot` naming the
check kind and item with the facts its reasons need. The rules:

* **step**: a required step that applies is ``pass`` (reported done), ``fail`` (the source states
  it was not done, where it is known to apply) or ``unknown`` (not reported, only planned, or not
  done where the origin that decides whether it applies is unknown);
* **order**: a required predecessor of a done step came no later (``unknown`` when a date is missing);
* **deadline**: a done step with a deadline is on or before its due date, counted from the
  earliest *dated* anchor that occurred. Where the day type is open both readings are counted
  and a breach is called only when both breach; past the base limit but within an extension
  whose condition is not coded is ``unknown``;
* **recipient**: the body forwarded to is the one in force on the forwarding date (the dated
  parameter, :func:`netralitas_study.norms.dated.parameter_at`); a date in an explicit gap of the
  parameter is ``unknown``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from netralitas_study import codebook
from netralitas_study.conformance import explain
from netralitas_study.conformance.state import DONE, FAIL, NEVER, NOT_DONE, PASS, PLANNED, SILENT, UNKNOWN, \
    CaseState, codes_of, due, iso

S_DONE, S_NOT_DONE, S_NOT_DONE_ORIGIN, S_PLANNED, S_SILENT = range(5)
O_IN_ORDER, O_BEFORE, O_UNDATED = range(3)
D_DATED, D_EXTENSION, D_ONE_READING, D_NO_STEP_DATE, D_UNDATED_ANCHOR, D_NO_ANCHOR = range(6)
R_IN_FORCE, R_WRONG, R_UNDATED, R_HANDOVER, R_NOT_CODED, R_NEITHER = range(6)
ROW_FACTS = {"deadline.dated", "deadline.extension", "deadline.one_reading", "recipient.wrong"}
"""Reason codes whose facts differ case by case (dates, recipients); the others' facts are the check's own."""


class Slot:
    """One check of a procedure (check kind and item): its reason codes, its own facts and the numbers kept."""

    def __init__(self, check: str, item: str, facts: dict[str, Any] | None = None, step: str | None = None,
                 deadline: dict | None = None):
        self.check, self.item, self.step, self.deadline = check, item, step, deadline
        self.codes = explain.REASON_CODES[check]
        self.facts = facts or {}
        self.numbers: dict[str, np.ndarray] = {}

    def per_row(self, t: int) -> bool:
        """Whether reason ``t``'s facts differ case by case."""
        return self.codes[t] in ROW_FACTS

    def row_facts(self, t: int, rows: np.ndarray) -> dict[str, Any]:
        """The facts of reason ``t`` for the cases at ``rows``: the check's own, plus per-case ones."""
        if not self.per_row(t):
            return self.facts
        if self.check == "recipient":  # recipient.wrong
            expected = np.asarray(self.numbers["values"], dtype=object)[self.numbers["expected"][rows]]
            sent = np.asarray(self.numbers["texts"], dtype=object)[self.numbers["recipient"][rows]]
            return {**self.facts, "sent": sent, "expected": expected}
        dl = self.deadline
        d, a = self.numbers["day"][rows], self.numbers["anchor"][rows]
        anchors = np.asarray(dl["from"], dtype=object)[self.numbers["which"][rows]]
        dues = [iso(x) for x in due(a, dl["days"], dl["day_type"])]
        due_text = dues[0] if len(dues) == 1 else np.array([" / ".join(x) for x in zip(*dues)], dtype=object)
        return {**self.facts, "date": iso(d), "elapsed": np.asarray((d - a).tolist(), dtype=object),
                "anchor": anchors, "anchor_date": iso(a), "due": due_text}


def step_check(st: CaseState, step, origin_values: list, origin_codes: np.ndarray, origin_known: np.ndarray,
               result: np.ndarray, template: np.ndarray) -> Slot:
    """A required step: done passes (whether or not it applies); stated not done fails only where it applies."""
    state = st.of(step.step)
    n = len(st.ids)
    if step.applies_to_origin:
        fits = np.array([v in step.applies_to_origin for v in origin_values], dtype=np.int8)[origin_codes]
        applies = np.where(origin_known, fits, -1)
    else:
        applies = np.ones(n, dtype=np.int8)  # 1 applies, 0 does not, -1 unknown (origin unknown)
    done, not_done = state == DONE, state == NOT_DONE
    for mask, r, t in ((done, PASS, S_DONE), (not_done & (applies == 1), FAIL, S_NOT_DONE),
                       (not_done & (applies == -1), UNKNOWN, S_NOT_DONE_ORIGIN),
                       ((state == PLANNED) & (applies != 0), UNKNOWN, S_PLANNED),
                       ((state == SILENT) & (applies != 0), UNKNOWN, S_SILENT)):
        result[mask], template[mask] = r, t
    return Slot("step", step.step, {"step": step.step}, step=step.step)


def order_check(st: CaseState, step: str, pred: str, result: np.ndarray, template: np.ndarray) -> Slot:
    """``pred`` came no later than the done ``step`` (both done; unknown when either is undated)."""
    both = (st.of(step) == DONE) & (st.of(pred) == DONE)
    d_step, d_pred = st.day(step), st.day(pred)
    dated = (d_step != NEVER) & (d_pred != NEVER)
    for mask, r, t in ((both & dated & (d_step >= d_pred), PASS, O_IN_ORDER),
                       (both & dated & (d_step < d_pred), FAIL, O_BEFORE),
                       (both & ~dated, UNKNOWN, O_UNDATED)):
        result[mask], template[mask] = r, t
    return Slot("order", f"{pred} -> {step}", {"step": step, "pred": pred}, step=step)


def deadline_check(st: CaseState, step: str, dl: dict, result: np.ndarray, template: np.ndarray) -> Slot:
    """A done step on or before its due date under every reading of the day type (see the module)."""
    done = st.of(step) == DONE
    slot = Slot("deadline", explain.deadline_item(step, dl),
                {"step": step, "deadline": dl, "anchors_slash": " / ".join(dl["from"]),
                 "anchors_or": " or ".join(dl["from"])}, step=step, deadline=dl)
    which, anchor_day, anchor_done = st.anchor(dl["from"])
    step_day = st.day(step)
    slot.numbers = {"which": which, "anchor": anchor_day, "day": step_day}
    dated = done & (which >= 0) & (step_day != NEVER)
    idx = np.flatnonzero(dated)
    if len(idx):
        a, d = anchor_day[idx], step_day[idx]
        base = due(a, dl["days"], dl["day_type"])
        ok = np.logical_and.reduce([d <= x for x in base])
        late_all = np.logical_and.reduce([d > x for x in base])
        if ext := dl.get("extension"):
            fail = np.logical_and.reduce([d > x for x in due(a, ext["days"], ext["day_type"])])
        else:
            fail = late_all
        split = ~ok & ~fail
        result[idx] = np.where(ok, PASS, np.where(fail, FAIL, UNKNOWN))
        template[idx] = np.where(split & bool(dl.get("extension")) & late_all, D_EXTENSION,
                                 np.where(split, D_ONE_READING, D_DATED))
    for mask, t in ((done & (which >= 0) & (step_day == NEVER), D_NO_STEP_DATE),
                    (done & (which < 0) & anchor_done, D_UNDATED_ANCHOR),
                    (done & ~anchor_done, D_NO_ANCHOR)):
        result[mask], template[mask] = UNKNOWN, t
    return slot


def recipient_check(st: CaseState, cases: pd.DataFrame, parameter: str, result: np.ndarray,
                    template: np.ndarray) -> Slot:
    """The body forwarded to against the one in force on the forwarding date (a gap: unknown)."""
    from netralitas_study.norms.dated import gap_periods, index_at, starts

    gaps = gap_periods(parameter)
    slot = Slot("recipient", "penerusan", {"gap_from": gaps[0][0].isoformat() if gaps else "",
                                           "gap_to": (gaps[0][1] or "").__str__() if gaps else ""})
    known = set(codebook.vocabulary("recipient")["value"])
    codes, values = codes_of(cases["recipient"])
    # the recipients coded for each distinct value, a '|'-separated list allowed
    sets = [frozenset(x.strip() for x in v.split("|") if x.strip() in known) if v is not None else frozenset()
            for v in values]
    _, in_force = starts(parameter)
    names = list(dict.fromkeys(v for v in in_force if v is not None))
    day = st.day("penerusan")
    dated = day != NEVER
    at = index_at(parameter, day, undated=NEVER)
    value_name = np.array([names.index(v) if v is not None else -1 for v in in_force] + [-1], dtype=np.int8)
    expected = value_name[at]  # -1 (undated, before the first value or a gap) indexes the trailing -1
    gap = dated & (at >= 0) & np.array([v is None for v in in_force] + [False], dtype=bool)[at]
    holds = np.array([[name in s for name in names] for s in sets], dtype=bool).reshape(len(sets), len(names))
    coded = np.array([bool(s) for s in sets], dtype=bool)[codes]
    has_expected = expected >= 0
    same = has_expected & holds[codes, np.maximum(expected, 0)] if names else np.zeros(len(day), dtype=bool)
    sent = st.of("penerusan") == DONE
    assessable = sent & coded & has_expected
    for mask, r, t in ((assessable & same, PASS, R_IN_FORCE), (assessable & ~same, FAIL, R_WRONG),
                       (sent & coded & ~dated, UNKNOWN, R_UNDATED), (sent & coded & dated & gap, UNKNOWN, R_HANDOVER),
                       (sent & ~coded & dated, UNKNOWN, R_NOT_CODED), (sent & ~coded & ~dated, UNKNOWN, R_NEITHER)):
        result[mask], template[mask] = r, t
    slot.numbers = {"recipient": codes, "expected": expected, "values": names,
                    "texts": ["|".join(sorted(s)) for s in sets]}
    return slot
