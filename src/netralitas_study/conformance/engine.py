"""Compliance of cases with a normative procedure.

Every case is checked against a :class:`~netralitas_study.procedures.Procedure`:

* **step**: each required step that applies is ``pass`` (reported done), ``fail`` (the source
  states it was not done) or ``unknown`` (not reported, or only planned);
* **order**: each required predecessor of a done step came no later (``unknown`` when a date is
  missing);
* **deadline**: each done step with a deadline is on or before its due date
  (:mod:`~netralitas_study.workdays`). The anchor is the earliest *dated* step among the
  deadline's listed anchors that occurred. Where the sources leave the day type open, both
  readings are computed and a breach is called only when both breach; where the norm allows an
  extension on a condition the data do not code, a step past the base limit but within the
  extension is ``unknown``;
* **recipient**: the body the case was forwarded to is the one in force on the forwarding date
  (one dated parameter; a date in the KASN-to-BKN handover gap is ``unknown``).

No forwarding deadline exists in any source read: the days to forwarding are reported
(``days_to_forwarding``), never judged. The verdict is ``non-conformant`` if any check fails,
else ``indeterminate`` if any is unknown, else ``conformant``. Unknown data never count as
compliance, nor as breach. With no procedure given, each case is judged under the norm in
force for its election and date (:func:`~netralitas_study.procedures.norm_in_force`).

The engine works on the typed tables :func:`netralitas_study.load` returns (dates parsed once,
codes as categoricals; text tables work too) and keeps every check as integer codes: per check
and case a result code and the index of a detail template, with the numbers the template needs.
Text is made only for what is shown: every check in :func:`compliance_checks`, and the reasons
of the cases :func:`compliance` returns, each distinct reason built once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study import codebook
from netralitas_study.norms.procedures import READINGS, Procedure, deadline_text, load_procedure, norm_in_force
from netralitas_study.norms.workdays import due_days

CHECK_COLUMNS = ["case_id", "procedure", "check", "item", "result", "detail"]
VERDICTS = ("conformant", "indeterminate", "non-conformant")
VERDICT_RANK = {"non-conformant": 0, "indeterminate": 1, "conformant": 2}
RESULT_COLUMNS = ["case_id", "procedure", "procedure_version", "norm_note", "procedure_fits_election",
                  "checks_passed", "checks_failed", "checks_unknown", "days_to_forwarding",
                  "verdict", "reasons"]
INTAKE_STEPS = ["informasi_awal", "penelusuran", "penetapan_temuan", "penerimaan_laporan"]
"""Steps that start a case, from the earliest of which the days to forwarding are counted."""

STRUCTURE_RULE = (
    "structured: every required step of '{pid}' that applies is reported done; "
    "unstructured: at least one required step is stated not done; "
    "undetermined: otherwise (a required step is not reported)."
)

NEVER = np.iinfo(np.int64).max
"""Day number standing for 'no date' in the integer date arrays."""
_NEVER32 = np.iinfo(np.int32).max
DONE, NOT_DONE, PLANNED, SILENT = 1, 0, -2, -1
STATUS_CODE = {"occurred": DONE, "not_occurred": NOT_DONE, "planned": PLANNED}
RESULTS = ("pass", "fail", "unknown")
PASS, FAIL, UNKNOWN, NO_CHECK = 0, 1, 2, -1
"""Result codes of the integer-coded checks (``NO_CHECK``: the check does not arise for the case)."""
NON_CONFORMANT, INDETERMINATE, CONFORMANT = 0, 1, 2


def _codes(s: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes of a coded column and the value of each code.

    A categorical column gives its own codes (no text is touched); other columns are
    factorised as text. A missing value has code -1, which indexes the last value: ``None``,
    a value no vocabulary holds (as the text 'nan' held none before).
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes, values = s.cat.codes.to_numpy(), [str(v) for v in s.cat.categories]
    else:
        codes, uniques = pd.factorize(s.astype(str))
        values = [str(v) for v in uniques]
    return codes.astype(np.int64, copy=False), [*values, None]


def _positions(ids: pd.Index, keys: pd.Series) -> np.ndarray:
    """Position of each key in ``ids`` (-1 where absent), hashed in Arrow rather than per Python string."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from netralitas_study.io.fastops import _arrow

    def arrow(s: pd.Series):
        arr = _arrow(s)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        return arr.cast(pa.large_string())

    value_set = arrow(pd.Series(ids, copy=False))
    if len(pc.unique(value_set)) != len(value_set):
        return ids.get_indexer(keys.astype(str))  # raises, as it always did, on duplicate case ids
    pos = pc.index_in(arrow(keys), value_set=value_set)
    return np.asarray(pos.fill_null(-1), dtype=np.int64)


class _State:
    """Per case and step: done, stated not done, planned or not reported; and the earliest date (day number).

    Built once from the events with numpy on integer codes (categorical codes where the loader
    typed them, dates as read), since it runs over every event of a national log. 'Done' wins
    over 'planned' and 'not done' when a step has several events.
    """

    def __init__(self, cases: pd.DataFrame, events: pd.DataFrame, steps: list[str] | None = None):
        """``steps``: the steps the caller will ask about (None: every step); the others are not kept."""
        from netralitas_study.analysis.eventlog import as_dates

        self.ids = pd.Index(cases["case_id"].astype(str), name="case_id")
        n = len(self.ids)
        row = _positions(self.ids, events["case_id"])
        known = row >= 0  # events of cases not in ``cases`` are not this call's business
        step_codes, values = _codes(events["step"])
        kept = [v for v in values if v is not None and (steps is None or v in steps)]
        self.column = {s: j for j, s in enumerate(kept)}
        k = len(kept) + 1  # the last row collects the events of steps not kept, or without a step code
        step_row = np.array([self.column.get(v, k - 1) if v is not None else k - 1 for v in values])[step_codes]
        status_codes, status_values = _codes(events["status"])
        status = np.array([STATUS_CODE.get(v, SILENT) for v in status_values], dtype=np.int8)[status_codes]
        # rank so that the maximum wins: done > not done > planned > silent
        rank = np.array([1, 0, 2, 3], dtype=np.int8)[status + 2]  # PLANNED -2, SILENT -1, NOT_DONE 0, DONE 1
        # step by step (one contiguous row of cases per step), as the checks read them
        cell = step_row[known] * n + row[known]
        best = np.zeros(k * n, dtype=np.int8)
        np.maximum.at(best, cell, rank[known])
        self.state = np.array([SILENT, PLANNED, NOT_DONE, DONE], dtype=np.int8)[best].reshape(k, n)
        days = as_dates(events["date"]).to_numpy(dtype="datetime64[D]")[known]
        dated = ~np.isnat(days) & (status[known] == DONE)
        first = np.full(k * n, _NEVER32, dtype=np.int32)  # day numbers fit in 32 bits: half the memory
        np.minimum.at(first, cell[dated], days[dated].astype(np.int32))
        self.first = first.reshape(k, n)
        self._days: dict[int, np.ndarray] = {}

    def of(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        return np.full(len(self.ids), SILENT, dtype=np.int8) if j is None else self.state[j]

    def day(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        if j is None:
            return np.full(len(self.ids), NEVER, dtype=np.int64)
        if j not in self._days:
            d = self.first[j].astype(np.int64)
            d[d == _NEVER32] = NEVER
            self._days[j] = d
        return self._days[j]

    def anchor(self, steps: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per case: the earliest dated done step among ``steps`` (index into ``steps``, -1 if none), its
        day, and whether any of ``steps`` was done at all (dated or not)."""
        which = np.full(len(self.ids), -1, dtype=np.int8)
        day = np.full(len(self.ids), NEVER, dtype=np.int64)
        any_done = np.zeros(len(self.ids), dtype=bool)
        for k, step in enumerate(steps):
            done = self.of(step) == DONE
            d = np.where(done, self.day(step), NEVER)
            any_done |= done
            earlier = d < day
            which[earlier], day[earlier] = k, d[earlier]
        return which, day, any_done


def _as_dates(day: np.ndarray) -> pd.Series:
    return pd.Series(np.where(day == NEVER, np.datetime64("NaT"), day.astype("datetime64[D]"))).astype(
        "datetime64[ns]")


def _due(anchor_day: np.ndarray, days: int, day_type: str) -> list[np.ndarray]:
    """The due day (integer day numbers) under each reading of ``day_type``."""
    a = anchor_day.astype("datetime64[D]")
    return [due_days(a, days, r).astype(np.int64) for r in READINGS[day_type]]


def _iso(day: np.ndarray) -> np.ndarray:
    """Day numbers as 'YYYY-MM-DD' texts."""
    return np.datetime_as_string(np.asarray(day, dtype=np.int64).astype("datetime64[D]"), unit="D")


# Detail templates. A check is (slot, result, template): the slot names the check and its item, the
# template its detail. Constant details are text; the others are rendered from the case's numbers.
STEP_DETAILS = ["done", "stated not done", "stated not done; whether it applies depends on the unknown origin",
                "only planned or scheduled when reported, not reported done", "not reported"]
S_DONE, S_NOT_DONE, S_NOT_DONE_ORIGIN, S_PLANNED, S_SILENT = range(5)
O_IN_ORDER, O_BEFORE, O_UNDATED = range(3)
D_DATED, D_EXTENSION, D_ONE_READING, D_NO_STEP_DATE, D_UNDATED_ANCHOR, D_NO_ANCHOR = range(6)
RECIPIENT_DETAILS = ["recipient in force on the forwarding date", None,
                     "the forwarding date is not reported (the recipient in force depends on it)",
                     "forwarded during the KASN-to-BKN handover (2024-08-24 to 2024-09-03): either recipient "
                     "may be right",
                     "the recipient is not reported", "the recipient and the forwarding date are not reported"]
R_IN_FORCE, R_WRONG, R_UNDATED, R_HANDOVER, R_NOT_CODED, R_NEITHER = range(6)


class _Slot:
    """One check of a procedure (check kind and item), with its detail templates.

    ``details[t]`` is the text of template ``t``, or None where the text is rendered per case
    from the numbers the check kept (``_Checks.render``).
    """

    def __init__(self, check: str, item: str, details: list[str | None], step: str | None = None,
                 deadline: dict | None = None):
        self.check, self.item, self.details, self.step, self.deadline = check, item, details, step, deadline
        self.numbers: dict[str, np.ndarray] = {}

    def label(self) -> str:
        return f"{self.check} {self.item}: "


class _Checks:
    """Every check of every case under one procedure, kept as integer codes.

    ``result[j, i]`` is the result code of check slot ``j`` for case ``i`` (``NO_CHECK`` where it
    does not arise) and ``template[j, i]`` the index of its detail template; the numbers a
    template needs (dates, anchors, recipients) stay with the slot. Text is made only for the
    rows asked for: :meth:`frame` (every check) and :meth:`reasons` (what decides each verdict).
    """

    def __init__(self, state: _State, slots: list[_Slot], result: np.ndarray, template: np.ndarray):
        self.state, self.slots, self.result, self.template = state, slots, result, template

    def counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return tuple((self.result == r).sum(axis=0) for r in (PASS, FAIL, UNKNOWN))

    def render(self, j: int, t: int, rows: np.ndarray) -> np.ndarray:
        """The detail texts of template ``t`` of slot ``j`` for the cases at ``rows``."""
        slot = self.slots[j]
        if slot.details[t] is not None:
            return np.full(len(rows), slot.details[t], dtype=object)
        if slot.check == "recipient":  # R_WRONG
            sent = slot.numbers["recipient"][rows]
            expected = np.asarray(slot.numbers["values"], dtype=object)[slot.numbers["expected"][rows]]
            texts = slot.numbers["texts"]
            return np.array([f"{texts[s]} but {e} was in force on the forwarding date" for s, e in zip(sent, expected)],
                            dtype=object)
        dl, step = slot.deadline, slot.step
        d, a = slot.numbers["day"][rows], slot.numbers["anchor"][rows]
        anchors = np.asarray(dl["from"], dtype=object)[slot.numbers["which"][rows]]
        due = [_iso(x) for x in _due(a, dl["days"], dl["day_type"])]
        due_text = due[0] if len(due) == 1 else [" / ".join(x) for x in zip(*due)]
        limit = deadline_text(dl)
        suffix = {D_DATED: "",
                  D_EXTENSION: f"; within the extension, conformant only if {(dl.get('extension') or {}).get('condition_en')}",
                  D_ONE_READING: "; late under one reading of the day type only: the day type is unconfirmed"}[t]
        return np.array([f"{step} on {ds}, {e} calendar days after {an} ({as_}); due {dt} ({limit}){suffix}"
                         for ds, e, an, as_, dt in zip(_iso(d), (d - a).tolist(), anchors, _iso(a), due_text)],
                        dtype=object)

    def frame(self) -> pd.DataFrame:
        """One row per check that arises: ``row`` (case position), check, item, result and detail."""
        cols, rows = np.nonzero(self.result != NO_CHECK)
        res = self.result[cols, rows]
        tpl = self.template[cols, rows].astype(np.int64)
        # rows come check by check in the procedure's order, and within a check by result and detail
        # (a dated deadline check by its result), case by case: the order they have always had
        dated = np.array([s.check == "deadline" for s in self.slots], dtype=bool)[cols] & (tpl <= D_ONE_READING)
        order = np.lexsort((rows, np.where(dated, res, tpl), cols))
        rows, cols, res, tpl = rows[order], cols[order], res[order], tpl[order]
        width = max(len(s.details) for s in self.slots) if self.slots else 1
        key = cols * width + tpl
        detail = np.empty(len(rows), dtype=object)
        for k in np.unique(key):
            hit = np.flatnonzero(key == k)
            detail[hit] = self.render(int(k // width), int(k % width), rows[hit])
        checks = np.array([s.check for s in self.slots], dtype=object)
        items = np.array([s.item for s in self.slots], dtype=object)
        return pd.DataFrame({"row": rows, "check": checks[cols], "item": items[cols],
                             "result": np.asarray(RESULTS, dtype=object)[res], "detail": detail})

    def reasons(self, verdict: np.ndarray) -> tuple[list[str], np.ndarray]:
        """The failures of a non-conformant case, the unknowns of an indeterminate one, joined per case.

        Returned as distinct texts and each case's index into them: cases showing the same
        checks with constant details share one text, built once; a detail that carries a case's
        own numbers (dates, recipients) is rendered once per check for all cases that show it.
        """
        m, n = self.result.shape
        texts, which = ["all checks passed"], np.zeros(n, dtype=np.int64)
        shown = ((self.result == FAIL) & (verdict == NON_CONFORMANT)) | (
            (self.result == UNKNOWN) & (verdict == INDETERMINATE))
        idx = np.flatnonzero(shown.any(axis=0))
        if not len(idx):
            return texts, which
        code = np.where(shown[:, idx], self.template[:, idx] + 1, 0).astype(np.int64)  # 0: not shown
        bits = np.array([int(len(s.details)).bit_length() for s in self.slots], dtype=np.int64)
        if bits.sum() <= 62:  # one integer per case names the checks it shows and their details
            shift = np.cumsum(np.r_[0, bits[:-1]])
            keys, inverse = np.unique((code << shift[:, None]).sum(axis=0), return_inverse=True)
            combos = (keys[:, None] >> shift) & ((1 << bits) - 1)
        else:
            combos, inverse = np.unique(code, axis=1, return_inverse=True)
            combos = combos.T
        inverse = inverse.ravel()
        numbered = np.zeros(len(combos), dtype=bool)
        for u, combo in enumerate(combos):
            pieces = [(j, int(combo[j]) - 1) for j in np.flatnonzero(combo)]
            if all(self.slots[j].details[t] is not None for j, t in pieces):
                texts.append("; ".join(self.slots[j].label() + self.slots[j].details[t] for j, t in pieces))
            else:
                texts.append("")
                numbered[u] = True
        which[idx] = 1 + inverse
        if numbered.any():
            sub = np.flatnonzero(numbered[inverse])  # cases whose reasons carry their own numbers
            rendered = {}
            for j, t in {(j, int(c) - 1) for u in np.flatnonzero(numbered) for j, c in enumerate(combos[u])
                         if c and self.slots[j].details[int(c) - 1] is None}:
                at = sub[code[j, sub] == t + 1]
                rendered[j, t] = np.empty(len(idx), dtype=object)
                rendered[j, t][at] = self.render(j, t, idx[at])
            order = sub[np.argsort(inverse[sub], kind="stable")]
            bounds = np.searchsorted(inverse[order], np.arange(len(combos) + 1))
            for u in np.flatnonzero(numbered):
                local = order[bounds[u]:bounds[u + 1]]
                parts = []
                for j in np.flatnonzero(combos[u]):
                    slot, t = self.slots[j], int(combos[u][j]) - 1
                    parts.append([slot.label() + slot.details[t]] * len(local) if slot.details[t] is not None
                                 else slot.label() + rendered[j, t][local])
                which[idx[local]] = len(texts) + np.arange(len(local))
                texts += ["; ".join(p) for p in zip(*parts)]
        return texts, which


def _text_column(values: list[str], codes: np.ndarray):
    """``values[codes]`` as the text column pandas would infer, made in Arrow: each distinct text converted once."""
    dtype = pd.Series(np.array([""], dtype=object)).dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return np.asarray(values, dtype=object)[codes]
    import pyarrow as pa
    import pyarrow.compute as pc
    from pandas.arrays import ArrowStringArray

    return ArrowStringArray(pc.take(pa.array(values, type=pa.large_string()), pa.array(codes)), dtype=dtype)


def _deadline_slot(st: _State, step: str, dl: dict, done: np.ndarray, result: np.ndarray,
                   template: np.ndarray) -> _Slot:
    """Fill one deadline check's column of ``result``/``template``; return its slot with the numbers kept."""
    limit = deadline_text(dl)
    kind = "calendar/working" if dl["day_type"] == "unconfirmed" else dl["day_type"]
    slot = _Slot("deadline", f"{step} <= {dl['days']} {kind} days",
                 [None, None, None, f"the date of {step} is not reported ({limit})",
                  f"the date of {' / '.join(dl['from'])} is not reported ({limit})",
                  f"no step to count from ({' or '.join(dl['from'])}) is reported ({limit})"],
                 step=step, deadline=dl)
    which, anchor_day, anchor_done = st.anchor(dl["from"])
    step_day = st.day(step)
    slot.numbers = {"which": which, "anchor": anchor_day, "day": step_day}
    dated = done & (which >= 0) & (step_day != NEVER)
    idx = np.flatnonzero(dated)
    if len(idx):
        a, d = anchor_day[idx], step_day[idx]
        base = _due(a, dl["days"], dl["day_type"])
        ok = np.logical_and.reduce([d <= due for due in base])
        late_all = np.logical_and.reduce([d > due for due in base])
        if ext := dl.get("extension"):
            fail = np.logical_and.reduce([d > due for due in _due(a, ext["days"], ext["day_type"])])
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


def _recipient_slot(st: _State, cases: pd.DataFrame, proc: Procedure, result: np.ndarray,
                    template: np.ndarray) -> _Slot:
    """The recipient check: the body forwarded to against the one in force on the forwarding date."""
    from netralitas_study.norms.procedures import parameter

    slot = _Slot("recipient", "penerusan", RECIPIENT_DETAILS)
    known = set(codebook.vocabulary("recipient")["value"])
    codes, values = _codes(cases["recipient"])
    # the recipients coded for each distinct value, a '|'-separated list allowed
    sets = [frozenset(x.strip() for x in v.split("|") if x.strip() in known) if v is not None else frozenset()
            for v in values]
    rules = parameter(proc.recipient)["values"]
    names = list(dict.fromkeys(r["value"] for r in rules if r["value"] is not None))
    day = st.day("penerusan")
    dated = day != NEVER
    expected = np.full(len(day), -1, dtype=np.int8)
    gap = np.zeros(len(day), dtype=bool)

    def on(text):
        return np.datetime64(text, "D").astype(np.int64)

    for rule in rules:  # as procedures.recipient_on and recipient_gap, on day numbers
        lo = on(rule["from"]) if rule.get("from") else np.iinfo(np.int64).min
        hi = on(rule["to"]) if rule.get("to") else NEVER - 1
        inside = dated & (day >= lo) & (day <= hi)
        if rule["value"] is not None:
            expected[inside] = names.index(rule["value"])
        elif rule.get("from") and rule.get("to"):
            gap |= inside
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


def _steps_read(proc: Procedure) -> list[str]:
    """The steps the checks of ``proc`` and the days to forwarding read."""
    required = proc.steps[proc.steps["required"]]
    steps = [*required["step"], *(p for a in required["after"] for p in a), "penerusan", *INTAKE_STEPS]
    steps += [a for d in required["deadline"].dropna() for a in d["from"]]
    return list(dict.fromkeys(steps))


def _coded_checks(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str,
                  progress: bool = False) -> _Checks:
    """Every check of every case under ``procedure``, integer-coded (no text is made here)."""
    from netralitas_study.io.progress import track

    proc = load_procedure(procedure)
    st = _State(cases, events, _steps_read(proc))
    n = len(st.ids)
    origin_codes, origin_values = _codes(cases["origin"])
    vocabulary = set(codebook.vocabulary("origin")["value"])
    origin_known = np.array([v in vocabulary for v in origin_values], dtype=bool)[origin_codes]

    required = proc.steps[proc.steps["required"]]
    width = len(required) + sum(len(s) for s in required["after"]) + int(required["deadline"].notna().sum()) \
        + int(bool(proc.recipient))
    result = np.full((width, n), NO_CHECK, dtype=np.int8)
    template = np.zeros((width, n), dtype=np.int8)
    slots: list[_Slot] = []

    def column() -> tuple[np.ndarray, np.ndarray]:
        j = len(slots)
        return result[j], template[j]

    for step in track(required.itertuples(index=False), n, f"compliance {proc.id}", progress, len(required)):
        state = st.of(step.step)
        if step.applies_to_origin:
            fits = np.array([v in step.applies_to_origin for v in origin_values], dtype=np.int8)[origin_codes]
            applies = np.where(origin_known, fits, -1)
        else:
            applies = np.ones(n, dtype=np.int8)  # 1 applies, 0 does not, -1 unknown (origin unknown)
        # a step that was done passes whether or not it applies; one stated not done fails
        # only where it is known to apply
        done, not_done = state == DONE, state == NOT_DONE
        res, tpl = column()
        for mask, r, t in ((done, PASS, S_DONE), (not_done & (applies == 1), FAIL, S_NOT_DONE),
                           (not_done & (applies == -1), UNKNOWN, S_NOT_DONE_ORIGIN),
                           ((state == PLANNED) & (applies != 0), UNKNOWN, S_PLANNED),
                           ((state == SILENT) & (applies != 0), UNKNOWN, S_SILENT)):
            res[mask], tpl[mask] = r, t
        slots.append(_Slot("step", step.step, STEP_DETAILS))

        for pred in step.after:
            res, tpl = column()
            both = done & (st.of(pred) == DONE)
            d_step, d_pred = st.day(step.step), st.day(pred)
            dated = (d_step != NEVER) & (d_pred != NEVER)
            for mask, r, t in ((both & dated & (d_step >= d_pred), PASS, O_IN_ORDER),
                               (both & dated & (d_step < d_pred), FAIL, O_BEFORE),
                               (both & ~dated, UNKNOWN, O_UNDATED)):
                res[mask], tpl[mask] = r, t
            slots.append(_Slot("order", f"{pred} -> {step.step}",
                               ["in order", f"{step.step} dated before {pred}",
                                f"the date of {step.step} or {pred} is not reported"]))
        if step.deadline:
            res, tpl = column()
            slots.append(_deadline_slot(st, step.step, step.deadline, done, res, tpl))

    if proc.recipient:
        res, tpl = column()
        slots.append(_recipient_slot(st, cases, proc, res, tpl))
    return _Checks(st, slots, result, template)


def _checks(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str,
            progress: bool = False) -> pd.DataFrame:
    """The checks with the case as its integer position in ``cases`` (column ``row``), as text."""
    return _coded_checks(cases, events, procedure, progress).frame()


def _by_norm(cases: pd.DataFrame, events: pd.DataFrame, procedure, fn) -> pd.DataFrame:
    """Apply ``fn(cases, events, procedure)`` under the given norm, or per norm in force (None)."""
    if procedure is not None:
        return fn(cases, events, load_procedure(procedure))
    norms = norm_in_force(cases, events).set_index(cases.index)
    parts = []
    for pid in norms["procedure"].dropna().unique():
        sub = cases[norms["procedure"].eq(pid).to_numpy()]
        parts.append(fn(sub, events, load_procedure(pid)))
    unjudged = cases[norms["procedure"].isna().to_numpy()]
    if len(unjudged):
        parts.append(fn(unjudged, events, None))
    out = pd.concat(parts, ignore_index=True) if parts else fn(cases.iloc[:0], events, None)
    note = norms.set_index("case_id")["norm_note"]
    if "norm_note" in out.columns:
        out["norm_note"] = out["case_id"].map(note).fillna(out["norm_note"])
    order = pd.Index(cases["case_id"].astype(str)).get_indexer(out["case_id"])
    return out.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)


def compliance_checks(cases: pd.DataFrame, events: pd.DataFrame,
                      procedure: Procedure | str | None = None) -> pd.DataFrame:
    """Every check of every case: one row per (case, check, item), with its result and why.

    ``procedure=None`` judges each case under the norm in force for it.
    """
    def one(c: pd.DataFrame, e: pd.DataFrame, proc: Procedure | None) -> pd.DataFrame:
        if proc is None:
            return pd.DataFrame(columns=CHECK_COLUMNS)
        checks = _checks(c, e, proc)
        out = checks.assign(case_id=pd.Index(c["case_id"].astype(str)).take(checks["row"].to_numpy(dtype=int)),
                            procedure=proc.id)
        return out[CHECK_COLUMNS]

    return _by_norm(cases, events, procedure, one)




def _days_to_forwarding(st: _State) -> pd.Series:
    start = np.minimum.reduce([st.day(s) for s in INTAKE_STEPS])
    end = st.day("penerusan")
    ok = (start != NEVER) & (end != NEVER)
    out = pd.Series(pd.NA, index=range(len(st.ids)), dtype="Int64")
    out[ok] = end[ok] - start[ok]
    return out


def _judge(cases: pd.DataFrame, events: pd.DataFrame, proc: Procedure | None, progress: bool = False) -> pd.DataFrame:
    ids = cases["case_id"].astype(str).to_numpy()
    n = len(ids)
    if proc is None:
        return pd.DataFrame({"case_id": ids, "procedure": pd.NA, "procedure_version": pd.NA, "norm_note": "",
                             "procedure_fits_election": pd.NA, "checks_passed": 0, "checks_failed": 0,
                             "checks_unknown": 0,
                             "days_to_forwarding": pd.array([pd.NA] * n, dtype="Int64"),
                             "verdict": "indeterminate", "reasons": "no shipped procedure governs this election"},
                            columns=RESULT_COLUMNS)
    checks = _coded_checks(cases, events, proc, progress)
    passed, failed, unknown = checks.counts()
    code = np.where(failed > 0, NON_CONFORMANT, np.where(unknown > 0, INDETERMINATE, CONFORMANT))
    verdict = _text_column(["non-conformant", "indeterminate", "conformant"], code)
    if proc.election_type:
        codes, values = _codes(cases["election_type"])
        fits = np.array([v == proc.election_type for v in values], dtype=bool)[codes]
    else:
        fits = np.ones(n, dtype=bool)
    note = _text_column(["", f"{proc.id} is a norm for {proc.election_type}, not for this case's election"],
                        (~fits).astype(np.int64))
    return pd.DataFrame({
        "case_id": checks.state.ids.array, "procedure": proc.id, "procedure_version": proc.version, "norm_note": note,
        "procedure_fits_election": fits,
        "checks_passed": passed, "checks_failed": failed, "checks_unknown": unknown,
        "days_to_forwarding": _days_to_forwarding(checks.state).to_numpy(),
        "verdict": verdict, "reasons": _text_column(*checks.reasons(code)),
    }, columns=RESULT_COLUMNS)


def compliance(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str | None = None,
               progress: bool = False) -> pd.DataFrame:
    """One row per case: the norm used, counts of passed, failed and unknown checks, the verdict and its reasons.

    ``procedure=None`` judges each case under the norm in force for its election and date;
    a norm given for another election is used as asked, and the row says so in ``norm_note``.
    With ``progress``, large inputs show a bar over the procedure's steps.
    """
    return _by_norm(cases, events, procedure, lambda c, e, p: _judge(c, e, p, progress))


def classify_structure(cases: pd.DataFrame, events: pd.DataFrame,
                       procedure: Procedure | str | None = None) -> pd.DataFrame:
    """Structured / unstructured / undetermined handling relative to ``procedure`` (or the norm in force)."""
    checks = compliance_checks(cases, events, procedure)
    steps = checks[checks["check"].eq("step")]
    ids = pd.Index(cases["case_id"].astype(str), name="case_id")
    has = lambda r: ids.isin(steps.loc[steps["result"].eq(r), "case_id"])  # noqa: E731
    structure = pd.Series("structured", index=ids)
    structure[has("unknown")] = "undetermined"
    structure[has("fail")] = "unstructured"
    pid = checks.drop_duplicates("case_id").set_index("case_id")["procedure"].reindex(ids)
    return pd.DataFrame({"case_id": ids, "procedure": pid.to_numpy(), "structure": structure.to_numpy(),
                         "rule": [STRUCTURE_RULE.format(pid=p) for p in pid]})


def summarise(result: pd.DataFrame, cases: pd.DataFrame, by: list[str] | str | None = None,
              outcome: str = "verdict") -> pd.DataFrame:
    """Tidy counts of each value of ``outcome`` per group, with n and Wilson and exact 95% intervals.

    ``by`` names columns of ``cases`` (e.g. 'province', 'election_type', 'origin') or of
    ``result`` (e.g. 'procedure'); None pools all cases.
    """
    from netralitas_study.analysis.stats import proportion_table

    by = [] if by is None else ([by] if isinstance(by, str) else list(by))
    extra = [c for c in by if c not in result.columns]
    df = result.merge(cases[["case_id", *extra]].astype({"case_id": str}), on="case_id", how="left") \
        if extra else result
    df = df.astype({c: str for c in [*by, outcome]})
    values = sorted(df[outcome].dropna().unique(), key=lambda v: VERDICT_RANK.get(v, v) if outcome == "verdict" else v)
    groups = df[by].drop_duplicates().sort_values(by) if by else pd.DataFrame([{}])
    grid = groups.merge(pd.DataFrame({outcome: values}), how="cross")
    n = df.groupby(by, dropna=False).size().rename("n").reset_index() if by else pd.DataFrame({"n": [len(df)]})
    hits = df.groupby([*by, outcome], dropna=False).size().rename("count").reset_index()
    grid = grid.merge(n, on=by, how="left") if by else grid.assign(n=len(df))
    grid = grid.merge(hits, on=[*by, outcome], how="left").fillna({"count": 0})
    stats = proportion_table(grid["count"].to_numpy(), grid["n"].to_numpy())
    return pd.concat([grid[[*by, outcome]].reset_index(drop=True), stats], axis=1)


def verdict_matrix(cases: pd.DataFrame, events: pd.DataFrame, procedures: list[str]) -> pd.DataFrame:
    """Case x procedure table of verdicts: the same cases judged under each norm."""
    cols = {pid: compliance(cases, events, pid).set_index("case_id")["verdict"] for pid in procedures}
    out = pd.DataFrame(cols)
    out.columns.name = "procedure"
    return out


def deadline_windows(cases: pd.DataFrame, events: pd.DataFrame,
                     procedure: Procedure | str | None = None) -> pd.DataFrame:
    """Per case and deadline step: the anchor date, the due date(s) and the step's own date (if any).

    Only windows whose anchor is done and dated are listed: without an anchor there is no
    deadline to draw. ``due`` is the base limit (the earlier reading where the day type is
    unconfirmed), ``due_latest`` the latest date that is not yet a breach.
    """
    columns = ["case_id", "procedure", "step", "anchor", "anchor_date", "due", "due_latest", "step_date", "limit"]

    def one(c: pd.DataFrame, e: pd.DataFrame, proc: Procedure | None) -> pd.DataFrame:
        if proc is None:
            return pd.DataFrame(columns=columns)
        st = _State(c, e)
        rows = []
        for step in proc.steps[proc.steps["deadline"].notna() & proc.steps["required"]].itertuples(index=False):
            dl = step.deadline
            which, anchor_day, _ = st.anchor(dl["from"])
            keep = which >= 0
            a = anchor_day[keep]
            base = _due(a, dl["days"], dl["day_type"])
            latest = _due(a, dl["extension"]["days"], dl["extension"]["day_type"]) if dl.get("extension") else base
            rows.append(pd.DataFrame({
                "case_id": st.ids[keep], "procedure": proc.id, "step": step.step,
                "anchor": np.asarray(dl["from"], dtype=object)[which[keep]],
                "anchor_date": _as_dates(a).to_numpy(),
                "due": _as_dates(np.minimum.reduce(base)).to_numpy(),
                "due_latest": _as_dates(np.maximum.reduce(latest)).to_numpy(),
                "step_date": _as_dates(st.day(step.step)[keep]).to_numpy(),
                "limit": deadline_text(dl),
            }))
        return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)

    return _by_norm(cases, events, procedure, one)
