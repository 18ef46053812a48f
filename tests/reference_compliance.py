"""The compliance engine as it was before issue 16 (one DataFrame row per check, text details
built for every check), frozen here as the reference the integer-coded engine must match: same
verdicts, counts, check rows and reason texts, byte for byte. Test code only.

``outcome_known`` is left out: it is leaving compliance results (codebook v2).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study import codebook
from netralitas_study.norms.procedures import READINGS, Procedure, deadline_text, load_procedure, norm_in_force
from netralitas_study.norms.workdays import due_days

CHECK_COLUMNS = ["case_id", "procedure", "check", "item", "result", "detail"]
_EMPTY = pd.DataFrame(columns=["row", "check", "item", "result", "detail"])
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
DONE, NOT_DONE, PLANNED, SILENT = 1, 0, -2, -1
STATUS_CODE = {"occurred": DONE, "not_occurred": NOT_DONE, "planned": PLANNED}


class _State:
    """Per case and step: done, stated not done, planned or not reported; and the earliest date (day number).

    Built once from the events with numpy on integer codes, since it runs over every event of
    a national log. 'Done' wins over 'planned' and 'not done' when a step has several events.
    """

    def __init__(self, cases: pd.DataFrame, events: pd.DataFrame):
        from netralitas_study.analysis.eventlog import as_dates

        self.ids = pd.Index(cases["case_id"].astype(str), name="case_id")
        row = self.ids.get_indexer(events["case_id"].astype(str))
        known = row >= 0  # events of cases not in ``cases`` are not this call's business
        step_codes, steps = pd.factorize(events["step"].astype(str))
        self.column = {str(s): j for j, s in enumerate(steps)}
        status = events["status"].astype(str).map(STATUS_CODE).fillna(SILENT).to_numpy(dtype=np.int8)
        occurred = status == DONE
        days = as_dates(events["date"]).to_numpy(dtype="datetime64[D]")
        day_int = np.where(np.isnat(days) | ~occurred, NEVER, days.astype(np.int64))
        # rank so that the maximum wins: done > not done > planned > silent
        rank = np.select([status == DONE, status == NOT_DONE, status == PLANNED], [3, 2, 1], 0).astype(np.int8)
        best = np.zeros((len(self.ids), len(steps)), dtype=np.int8)
        np.maximum.at(best, (row[known], step_codes[known]), rank[known])
        self.state = np.choose(best, [SILENT, PLANNED, NOT_DONE, DONE]).astype(np.int8)
        self.first = np.full((len(self.ids), len(steps)), NEVER, dtype=np.int64)
        np.minimum.at(self.first, (row[known], step_codes[known]), day_int[known])

    def of(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        return np.full(len(self.ids), SILENT, dtype=np.int8) if j is None else self.state[:, j]

    def day(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        return np.full(len(self.ids), NEVER, dtype=np.int64) if j is None else self.first[:, j]

    def anchor(self, steps: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per case: the earliest dated done step among ``steps`` (index into ``steps``, -1 if none), its
        day, and whether any of ``steps`` was done at all (dated or not)."""
        which = np.full(len(self.ids), -1)
        day = np.full(len(self.ids), NEVER, dtype=np.int64)
        any_done = np.zeros(len(self.ids), dtype=bool)
        for k, step in enumerate(steps):
            d = np.where(self.of(step) == DONE, self.day(step), NEVER)
            any_done |= self.of(step) == DONE
            earlier = d < day
            which[earlier], day[earlier] = k, d[earlier]
        return which, day, any_done


def _as_dates(day: np.ndarray) -> pd.Series:
    return pd.Series(np.where(day == NEVER, np.datetime64("NaT"), day.astype("datetime64[D]"))).astype(
        "datetime64[ns]")


def _rows(mask: np.ndarray, check: str, item: str, result: str, detail) -> pd.DataFrame:
    """Check rows for the cases where ``mask`` holds; ``row`` is the case's position in ``cases``.

    ``detail`` is a text, or an array of texts for the masked cases only.
    """
    if not mask.any():
        return _EMPTY
    return pd.DataFrame({"row": np.flatnonzero(mask), "check": check, "item": item, "result": result,
                         "detail": detail})


def _due(anchor_day: np.ndarray, days: int, day_type: str) -> list[np.ndarray]:
    """The due day (integer day numbers) under each reading of ``day_type``."""
    a = anchor_day.astype("datetime64[D]")
    return [due_days(a, days, r).astype(np.int64) for r in READINGS[day_type]]


def _deadline_checks(st: _State, step: str, dl: dict, done: np.ndarray) -> list[pd.DataFrame]:
    which, anchor_day, anchor_done = st.anchor(dl["from"])
    step_day = st.day(step)
    dated = done & (which >= 0) & (step_day != NEVER)
    limit = deadline_text(dl)
    kind = "calendar/working" if dl["day_type"] == "unconfirmed" else dl["day_type"]
    item = f"{step} <= {dl['days']} {kind} days"
    parts = []
    in_time = np.zeros(len(st.ids), dtype=bool)
    late = np.zeros(len(st.ids), dtype=bool)
    split = np.zeros(len(st.ids), dtype=bool)
    detail = np.full(len(st.ids), "", dtype=object)
    if dated.any():
        a, d = anchor_day[dated], step_day[dated]
        base = _due(a, dl["days"], dl["day_type"])
        ok_all = np.logical_and.reduce([d <= due for due in base])
        late_all = np.logical_and.reduce([d > due for due in base])
        if ext := dl.get("extension"):
            extended = _due(a, ext["days"], ext["day_type"])
            late_ext = np.logical_and.reduce([d > due for due in extended])
            fail, ok = late_ext, ok_all
        else:
            fail, ok = late_all, ok_all
        elapsed = d - a
        idx = np.flatnonzero(dated)
        in_time[idx[ok]], late[idx[fail]] = True, True
        split[idx[~ok & ~fail]] = True
        anchors = np.asarray(dl["from"], dtype=object)[which[dated]]
        due_text = [" / ".join(str(np.datetime64(int(x[i]), "D")) for x in base) for i in range(len(a))]
        for i, j in enumerate(idx):
            why = (f"{step} on {np.datetime64(int(d[i]), 'D')}, {elapsed[i]} calendar days after {anchors[i]} "
                   f"({np.datetime64(int(a[i]), 'D')}); due {due_text[i]} ({limit})")
            if split[j]:
                if dl.get("extension") and late_all[i]:
                    why += f"; within the extension, conformant only if {dl['extension']['condition_en']}"
                else:
                    why += "; late under one reading of the day type only: the day type is unconfirmed"
            detail[j] = why
    parts.append(_rows(in_time, "deadline", item, "pass", detail[in_time]))
    parts.append(_rows(late, "deadline", item, "fail", detail[late]))
    parts.append(_rows(split, "deadline", item, "unknown", detail[split]))
    no_step_date = done & (which >= 0) & (step_day == NEVER)
    parts.append(_rows(no_step_date, "deadline", item, "unknown", f"the date of {step} is not reported ({limit})"))
    undated_anchor = done & (which < 0) & anchor_done
    parts.append(_rows(undated_anchor, "deadline", item, "unknown",
                       f"the date of {' / '.join(dl['from'])} is not reported ({limit})"))
    parts.append(_rows(done & ~anchor_done, "deadline", item, "unknown",
                       f"no step to count from ({' or '.join(dl['from'])}) is reported ({limit})"))
    return parts


def _recipient_sets(cases: pd.DataFrame) -> list[frozenset[str]]:
    """The recipients coded for each case, a '|'-separated list allowed (missing codes give the empty set)."""
    known = set(codebook.vocabulary("recipient")["value"])
    cache: dict[str, frozenset[str]] = {}
    out = []
    for text in cases["recipient"].astype(str):
        if text not in cache:
            cache[text] = frozenset(x.strip() for x in text.split("|") if x.strip() in known)
        out.append(cache[text])
    return out


def _recipient_checks(st: _State, cases: pd.DataFrame, proc: Procedure) -> list[pd.DataFrame]:
    from netralitas_study.norms.procedures import recipient_gap

    sent = st.of("penerusan") == DONE
    dates = _as_dates(st.day("penerusan"))
    expected = proc.recipient_on(dates).to_numpy(dtype=object)
    gap = recipient_gap(dates, proc.recipient).to_numpy()
    actual = _recipient_sets(cases)
    coded = np.array([bool(a) for a in actual])
    dated = st.day("penerusan") != NEVER
    has_expected = pd.notna(expected)
    same = np.array([bool(has_expected[i]) and expected[i] in actual[i] for i in range(len(actual))], dtype=bool)
    assessable = sent & coded & has_expected
    parts = [_rows(assessable & same, "recipient", "penerusan", "pass", "recipient in force on the forwarding date")]
    wrong = assessable & ~same
    parts.append(_rows(wrong, "recipient", "penerusan", "fail",
                       [f"{'|'.join(sorted(actual[i]))} but {expected[i]} was in force on the forwarding date"
                        for i in np.flatnonzero(wrong)]))
    parts.append(_rows(sent & coded & ~dated, "recipient", "penerusan", "unknown",
                       "the forwarding date is not reported (the recipient in force depends on it)"))
    parts.append(_rows(sent & coded & dated & gap, "recipient", "penerusan", "unknown",
                       "forwarded during the KASN-to-BKN handover (2024-08-24 to 2024-09-03): either recipient "
                       "may be right"))
    parts.append(_rows(sent & ~coded & dated, "recipient", "penerusan", "unknown", "the recipient is not reported"))
    parts.append(_rows(sent & ~coded & ~dated, "recipient", "penerusan", "unknown",
                       "the recipient and the forwarding date are not reported"))
    return parts


def _checks(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str,
            progress: bool = False) -> pd.DataFrame:
    """The checks with the case as its integer position in ``cases`` (column ``row``)."""
    from netralitas_study.io.progress import track

    proc = load_procedure(procedure)
    st = _State(cases, events)
    n = len(st.ids)
    origin = cases["origin"].astype(str).to_numpy(dtype=object)
    origin_known = np.isin(origin, codebook.vocabulary("origin")["value"].to_numpy(dtype=object))
    parts: list[pd.DataFrame] = []

    required = proc.steps[proc.steps["required"]]
    for step in track(required.itertuples(index=False), n, f"compliance {proc.id}", progress, len(required)):
        state = st.of(step.step)
        if step.applies_to_origin:
            applies = np.where(origin_known, np.isin(origin, step.applies_to_origin).astype(np.int8), -1)
        else:
            applies = np.ones(n, dtype=np.int8)  # 1 applies, 0 does not, -1 unknown (origin unknown)
        # a step that was done passes whether or not it applies; one stated not done fails
        # only where it is known to apply
        done, not_done = state == DONE, state == NOT_DONE
        parts.append(_rows(done, "step", step.step, "pass", "done"))
        parts.append(_rows(not_done & (applies == 1), "step", step.step, "fail", "stated not done"))
        parts.append(_rows(not_done & (applies == -1), "step", step.step, "unknown",
                           "stated not done; whether it applies depends on the unknown origin"))
        parts.append(_rows((state == PLANNED) & (applies != 0), "step", step.step, "unknown",
                           "only planned or scheduled when reported, not reported done"))
        parts.append(_rows((state == SILENT) & (applies != 0), "step", step.step, "unknown", "not reported"))

        for pred in step.after:
            both = done & (st.of(pred) == DONE)
            d_step, d_pred = st.day(step.step), st.day(pred)
            dated = (d_step != NEVER) & (d_pred != NEVER)
            item = f"{pred} -> {step.step}"
            parts.append(_rows(both & dated & (d_step >= d_pred), "order", item, "pass", "in order"))
            parts.append(_rows(both & dated & (d_step < d_pred), "order", item, "fail",
                               f"{step.step} dated before {pred}"))
            parts.append(_rows(both & ~dated, "order", item, "unknown",
                               f"the date of {step.step} or {pred} is not reported"))
        if step.deadline:
            parts += _deadline_checks(st, step.step, step.deadline, done)

    if proc.recipient:
        parts += _recipient_checks(st, cases, proc)

    parts = [p for p in parts if not p.empty]
    if not parts:
        return _EMPTY.astype({"row": int})
    return pd.concat(parts, ignore_index=True)


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


def _count_results(checks: pd.DataFrame, n: int) -> pd.DataFrame:
    """Per case position: how many checks passed, failed and are unknown."""
    row = checks["row"].to_numpy(dtype=int)
    return pd.DataFrame({r: np.bincount(row[checks["result"].eq(r).to_numpy()], minlength=n)
                         for r in ("pass", "fail", "unknown")})


def _reasons(checks: pd.DataFrame, verdict: np.ndarray) -> np.ndarray:
    """The failures of a non-conformant case, the unknowns of an indeterminate one, joined per case."""
    out = np.full(len(verdict), "all checks passed", dtype=object)
    row = checks["row"].to_numpy(dtype=int)
    v = verdict[row]
    shown = ((v == "non-conformant") & checks["result"].eq("fail").to_numpy()) | (
        (v == "indeterminate") & checks["result"].eq("unknown").to_numpy())
    if not shown.any():
        return out
    # texts repeat a lot on a national log: build each distinct text once
    text = (checks.loc[shown, "check"] + " " + checks.loc[shown, "item"] + ": " + checks.loc[shown, "detail"]).to_numpy(
        dtype=object)
    row = row[shown]
    order = np.argsort(row, kind="stable")
    row, text = row[order], text[order] + "; "
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    joined = np.add.reduceat(text, starts)  # concatenates each case's texts
    out[row[starts]] = [j[:-2] for j in joined]
    return out


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
    checks = _checks(cases, events, proc, progress)
    counts = _count_results(checks, n)
    verdict = np.where(counts["fail"].to_numpy() > 0, "non-conformant",
                       np.where(counts["unknown"].to_numpy() > 0, "indeterminate", "conformant")).astype(object)
    fits = cases["election_type"].astype(str).eq(proc.election_type).to_numpy() if proc.election_type \
        else np.ones(n, dtype=bool)
    note = np.where(fits, "", f"{proc.id} is a norm for {proc.election_type}, not for this case's election")
    return pd.DataFrame({
        "case_id": ids, "procedure": proc.id, "procedure_version": proc.version, "norm_note": note,
        "procedure_fits_election": fits,
        "checks_passed": counts["pass"].to_numpy(), "checks_failed": counts["fail"].to_numpy(),
        "checks_unknown": counts["unknown"].to_numpy(),
        "days_to_forwarding": _days_to_forwarding(_State(cases, events)).to_numpy(),
        "verdict": verdict, "reasons": _reasons(checks, verdict),
    }, columns=RESULT_COLUMNS)


def compliance(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str | None = None,
               progress: bool = False) -> pd.DataFrame:
    """One row per case: the norm used, counts of passed, failed and unknown checks, the verdict and its reasons.

    ``procedure=None`` judges each case under the norm in force for its election and date;
    a norm given for another election is used as asked, and the row says so in ``norm_note``.
    With ``progress``, large inputs show a bar over the procedure's steps.
    """
    return _by_norm(cases, events, procedure, lambda c, e, p: _judge(c, e, p, progress))


