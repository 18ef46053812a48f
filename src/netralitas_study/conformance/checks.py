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
from netralitas_study.conformance.state import CONFLICT, DONE, FAIL, NEVER, NOT_DONE, PASS, PENDING, PLANNED, \
    SILENT, UNKNOWN, CaseState, codes_of, due, iso

S_DONE, S_NOT_DONE, S_NOT_DONE_ORIGIN, S_PLANNED, S_SILENT, S_PENDING, S_CONDITION, S_CONTESTABLE, S_ALTERNATIVE = \
    range(9)
O_IN_ORDER, O_BEFORE, O_UNDATED = range(3)
(D_DATED, D_EXTENSION, D_ONE_READING, D_NO_STEP_DATE, D_UNDATED_ANCHOR, D_NO_ANCHOR, D_PENDING, D_PENDING_LATE,
 D_UPPER) = range(9)
R_IN_FORCE, R_WRONG, R_UNDATED, R_HANDOVER, R_NOT_CODED, R_NEITHER, R_INTERVAL_IN_FORCE, R_CONFLICT, R_OPEN = range(9)
ROW_FACTS = {"deadline.dated", "deadline.extension", "deadline.one_reading", "deadline.pending",
             "deadline.pending_late", "deadline.by_upper_bound", "recipient.wrong", "recipient.interval_in_force",
             "recipient.conflict", "recipient.interval_open", "step.not_done_condition"}
BOUNDS = ("", "stated day", "upper: publication date", "lower: election stage or earlier step", "both bounds",
          "pending as of the source's date")
"""What decided a dated check (the ``bound`` column): index = the code kept per case."""
B_NONE, B_STATED, B_UPPER, B_LOWER, B_BOTH, B_ASOF = range(6)
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
        code = self.codes[t]
        if not self.per_row(t):
            return self.facts
        num = self.numbers
        if code == "step.not_done_condition":
            return {**self.facts, "determination": np.asarray(num["determination"], dtype=object)[rows]}
        if self.check == "recipient":
            sent = np.asarray(num["texts"], dtype=object)[num["recipient"][rows]]
            out = {**self.facts, "sent": sent, "low": iso(np.maximum(num["low"][rows], -10**6)),
                   "high": iso(np.minimum(num["high"][rows], 10**6))}
            if code == "recipient.wrong":
                out["expected"] = np.asarray(num["values"], dtype=object)[num["expected"][rows]]
            return out
        dl = self.deadline
        d, a = num["day"][rows], num["anchor"][rows]
        latest = dl.get("extension") or dl
        if code in ("deadline.pending", "deadline.pending_late", "deadline.by_upper_bound"):
            days, kind = (latest["days"], latest["day_type"]) if code != "deadline.by_upper_bound" else \
                (dl["days"], dl["day_type"])
            dues = due(a, days, kind)
            edge = np.maximum.reduce(dues) if code != "deadline.by_upper_bound" else np.minimum.reduce(dues)
            return {**self.facts, "asof": iso(num["asof"][rows]), "upper": iso(num["upper"][rows]), "due": iso(edge)}
        anchors = np.asarray(dl["from"], dtype=object)[num["which"][rows]]
        dues = [iso(x) for x in due(a, dl["days"], dl["day_type"])]
        due_text = dues[0] if len(dues) == 1 else np.array([" / ".join(x) for x in zip(*dues)], dtype=object)
        return {**self.facts, "date": iso(d), "elapsed": np.asarray((d - a).tolist(), dtype=object),
                "anchor": anchors, "anchor_date": iso(a), "due": due_text}


DUTIES = ("required", "contestable", "not_applicable", "unknown")


def duty(step, cases: pd.DataFrame) -> np.ndarray:
    """Per case: the step's duty (index into :data:`DUTIES`) given the case's state (a conditional duty,
    declared in the procedure file with its basis); 'required' for an unconditional step."""
    given = getattr(step, "given", None)
    if not isinstance(given, dict):
        return np.zeros(len(cases), dtype=np.int8)
    col = cases[given["column"]] if given["column"] in cases.columns else pd.Series("not_reported", index=cases.index)
    codes, values = codes_of(col)
    table = np.array([DUTIES.index(given["values"].get(v, given["otherwise"]) if v is not None
                                   else given["otherwise"]) for v in values], dtype=np.int8)
    return table[codes]


def step_check(st: CaseState, step, cases: pd.DataFrame, origin_values: list, origin_codes: np.ndarray,
               origin_known: np.ndarray, result: np.ndarray, template: np.ndarray,
               waived: np.ndarray | None = None) -> Slot:
    """A required step: done passes (whether or not it applies); stated not done fails only where it applies
    and the duty is owed (a conditional duty: contestable or unknown given the case's state; no check where
    it is not applicable); pending, planned or not reported is unknown. ``waived``: cases that may have
    taken an alternative route without this step (never a breach)."""
    state = st.of(step.step)
    n = len(st.ids)
    if step.applies_to_origin:
        fits = np.array([v in step.applies_to_origin for v in origin_values], dtype=np.int8)[origin_codes]
        applies = np.where(origin_known, fits, -1)
    else:
        applies = np.ones(n, dtype=np.int8)  # 1 applies, 0 does not, -1 unknown (origin unknown)
    owed = duty(step, cases)
    applies = np.where(owed == 2, 0, applies)  # not applicable given the case's state
    done, not_done = state == DONE, state == NOT_DONE
    waived = np.zeros(n, dtype=bool) if waived is None else waived
    for mask, r, t in ((done, PASS, S_DONE), (not_done & (applies == 1) & (owed == 0) & ~waived, FAIL, S_NOT_DONE),
                       (not_done & (applies == 1) & (owed == 1) & ~waived, UNKNOWN, S_CONTESTABLE),
                       (not_done & (applies == 1) & (owed == 3) & ~waived, UNKNOWN, S_CONDITION),
                       (not_done & (applies == 1) & waived, UNKNOWN, S_ALTERNATIVE),
                       (not_done & (applies == -1), UNKNOWN, S_NOT_DONE_ORIGIN),
                       ((state == PENDING) & (applies != 0), UNKNOWN, S_PENDING),
                       ((state == PLANNED) & (applies != 0), UNKNOWN, S_PLANNED),
                       ((state == SILENT) & (applies != 0), UNKNOWN, S_SILENT)):
        result[mask], template[mask] = r, t
    facts = {"step": step.step}
    alt = getattr(step, "route", None)
    if alt:
        facts["route"] = alt
    slot = Slot("step", step.step, facts, step=step.step)
    det = cases["determination"] if "determination" in cases.columns else pd.Series("not_reported", index=cases.index)
    slot.numbers = {"determination": det.astype(str).to_numpy(dtype=object)}
    return slot


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
    """A done step on or before its due date under every reading of the day type (see the module); an
    undated one on time where a publication reporting it done predates every due date; a pending one late
    where a source still reports it not done after its latest due date."""
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
    bound = np.where(dated, B_STATED, B_NONE).astype(np.int8)
    # an undated done step reported by a publication dated on or before the earliest due date: on time
    upper, asof = st.upper(step), st.asof(step)
    idx = np.flatnonzero(done & (which >= 0) & (step_day == NEVER) & (upper != NEVER))
    if len(idx):
        ok = np.logical_and.reduce([upper[idx] <= x for x in due(anchor_day[idx], dl["days"], dl["day_type"])])
        result[idx[ok]], template[idx[ok]], bound[idx[ok]] = PASS, D_UPPER, B_UPPER
    # a pending step: judged against the deadline where the pending-as-of date is known
    idx = np.flatnonzero((st.of(step) == PENDING) & (which >= 0) & (asof >= 0))
    if len(idx):
        latest = dl.get("extension") or dl
        late = np.logical_and.reduce([asof[idx] > x for x in due(anchor_day[idx], latest["days"], latest["day_type"])])
        result[idx] = np.where(late, FAIL, UNKNOWN)
        template[idx] = np.where(late, D_PENDING_LATE, D_PENDING)
        bound[idx] = B_ASOF
    slot.numbers.update(upper=upper, asof=asof, bound=bound)
    return slot


def recipient_check(st: CaseState, cases: pd.DataFrame, parameter: str, result: np.ndarray,
                    template: np.ndarray, floor: np.ndarray, follows: list[str]) -> Slot:
    """The body forwarded to against the one in force on the forwarding date (see the module).

    The forwarding date is an interval: the stated day; else no later than the earliest publication
    reporting the forwarding and no earlier than ``floor`` (the election stage that makes it possible)
    and the dated steps in ``follows``. A check on the interval passes when the named body was in force
    on every day of it, is a ``conflict`` when it was in force on none (the sources' two facts cannot
    both hold), and is unknown otherwise; ``bound`` says which bound decided it.
    """
    from netralitas_study.norms.dated import gap_periods, index_at, starts

    gaps = gap_periods(parameter)
    slot = Slot("recipient", "penerusan", {"gap_from": gaps[0][0].isoformat() if gaps else "",
                                           "gap_to": str(gaps[0][1] or "") if gaps else ""})
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
    bound = np.where(sent & coded & dated, B_STATED, B_NONE).astype(np.int8)
    # undated: the interval [low, high] from the stage, the steps it follows and the earliest report
    high = st.upper("penerusan")
    low = floor.copy()
    for s in follows:
        d = np.where(st.of(s) == DONE, st.day(s), NEVER)
        low = np.where((d != NEVER) & (d > low), d, low)
    open_ = sent & coded & ~dated & (high != NEVER)
    if open_.any() and names:
        def judge(lo, hi):
            """(pass, conflict) per case for the interval [lo, hi]."""
            i_lo = index_at(parameter, np.maximum(lo, -10**6), undated=NEVER)
            i_hi = index_at(parameter, hi, undated=NEVER)
            every, some = np.ones(len(lo), dtype=bool), np.zeros(len(lo), dtype=bool)
            for k, v in enumerate(in_force):
                present = (i_lo <= k) & (k <= i_hi) | ((i_lo < 0) & (k == 0) & (i_hi >= 0))
                ok = np.zeros(len(lo), dtype=bool) if v is None else holds[codes, names.index(v)]
                every &= ~present | ok
                some |= present & (ok | (v is None))  # in a gap either body may be right
            return every & (lo <= hi), ~some & (lo <= hi)
        ok, conflict = judge(low, high)
        ok_upper, conflict_upper = judge(np.full(len(low), -10**6), high)
        far = np.full(len(low), 10**6)
        ok_lower, conflict_lower = judge(low, far)
        for mask, r, t in ((open_ & ok, PASS, R_INTERVAL_IN_FORCE), (open_ & conflict, CONFLICT, R_CONFLICT),
                           (open_ & ~ok & ~conflict, UNKNOWN, R_OPEN)):
            result[mask], template[mask] = r, t
        decided = open_ & (ok | conflict)
        by_upper = np.where(ok, ok_upper, conflict_upper)
        by_lower = np.where(ok, ok_lower, conflict_lower)
        bound[decided] = np.where(by_upper & ~by_lower, B_UPPER, np.where(by_lower & ~by_upper, B_LOWER, B_BOTH))[
            decided]
    slot.numbers = {"recipient": codes, "expected": expected, "values": names,
                    "texts": ["|".join(sorted(s)) for s in sets], "low": np.where(dated, day, low),
                    "high": np.where(dated, day, high), "bound": bound}
    return slot
