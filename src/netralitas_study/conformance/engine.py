"""Compliance of cases with a normative procedure: the vectorised engine.

Every case is checked against a :class:`~netralitas_study.norms.procedures.Procedure` by the
check functions of :mod:`~netralitas_study.conformance.checks` (step, order, deadline,
recipient), which give codes. No forwarding deadline exists in any source read: the days to
forwarding are reported (``days_to_forwarding``), never judged. The verdict is
``non-conformant`` if any check fails, else ``indeterminate`` if any is unknown, else
``conformant``. Unknown data never count as compliance, nor as breach. With no procedure given,
each case is judged under the norm in force for its election and date
(:func:`~netralitas_study.norms.procedures.norm_in_force`).

The engine works on the typed tables :func:`netralitas_study.load` returns (dates parsed once,
codes as categoricals; text tables work too) and keeps every check as integer codes: per check
and case a result code and the index of its reason code, with the facts the reason needs. Text
is made only by :mod:`~netralitas_study.conformance.explain`, for what is shown: every check in
:func:`compliance_checks`, and the reasons of the cases :func:`compliance` returns.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study import codebook
from netralitas_study.conformance import explain
from netralitas_study.conformance.checks import BOUNDS, D_ONE_READING, R_CONFLICT, S_ALTERNATIVE, S_CONTESTABLE, \
    Slot, deadline_check, order_check, recipient_check, step_check
from netralitas_study.conformance.state import CONFLICT, CONFORMANT, DONE, FAIL, INDETERMINATE, NEVER, NO_CHECK, \
    NON_CONFORMANT, PASS, RESULTS, UNKNOWN, CaseState, codes_of, stage_floor, text_column
from netralitas_study.norms.procedures import INTAKE_STEPS, Procedure, load_procedure, norm_in_force

CHECK_COLUMNS = ["case_id", "procedure", "check", "item", "result", "detail"]
CODE_COLUMNS = [*CHECK_COLUMNS, "bound", "reason", "facts"]
""":func:`compliance_checks` columns: the printed ones, then the reason code and the facts it is worded from."""
VERDICTS = ("conformant", "indeterminate", "non-conformant", "not_applicable")
VERDICT_RANK = {"non-conformant": 0, "indeterminate": 1, "conformant": 2, "not_applicable": 3}
RESULT_COLUMNS = ["case_id", "procedure", "procedure_version", "norm_note", "procedure_fits_election",
                  "checks_passed", "checks_failed", "checks_unknown", "days_to_forwarding",
                  "verdict", "reasons", "reasons_id", "flags"]


class _Checks:
    """Every check of every case under one procedure, kept as integer codes.

    ``result[j, i]`` is the result code of check slot ``j`` for case ``i`` (``NO_CHECK`` where it
    does not arise) and ``template[j, i]`` the index of its reason code; the facts a reason needs
    (dates, anchors, recipients) stay with the slot. Text is made (by :mod:`explain`) only for the
    rows asked for: :meth:`frame` (every check) and the reasons of each verdict.
    """

    def __init__(self, state: CaseState, slots: list[Slot], result: np.ndarray, template: np.ndarray):
        self.state, self.slots, self.result, self.template = state, slots, result, template

    def counts(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per case: checks passed, failed, and unknown (a conflict counts as unknown for the verdict)."""
        return ((self.result == PASS).sum(axis=0), (self.result == FAIL).sum(axis=0),
                ((self.result == UNKNOWN) | (self.result == CONFLICT)).sum(axis=0))

    def flags(self) -> list[set[str]]:
        """Per case: the flags its checks raise (recipient conflict, contestable forwarding, ...)."""
        out = [set() for _ in range(self.result.shape[1])]
        for j, slot in enumerate(self.slots):
            for mask, flag in (
                    ((self.result[j] == CONFLICT) & (self.template[j] == R_CONFLICT), "recipient_conflict"),
                    ((slot.check == "step") & (self.template[j] == S_CONTESTABLE) & (self.result[j] == UNKNOWN),
                     "contestable_forwarding"),
                    ((slot.check == "step") & (self.template[j] == S_ALTERNATIVE) & (self.result[j] == UNKNOWN),
                     "alternative_route"),
                    ((slot.check == "deadline") & (self.template[j] == D_ONE_READING) & (self.result[j] == UNKNOWN),
                     "day_type_open")):
                for i in np.flatnonzero(mask):
                    out[i].add(flag)
        return out

    def render(self, j: int, t: int, rows: np.ndarray, lang: str = "en") -> np.ndarray:
        """The reason texts of reason ``t`` of slot ``j`` for the cases at ``rows``."""
        slot = self.slots[j]
        return explain.render(slot.codes[t], slot.row_facts(t, rows), len(rows), lang)

    def frame(self, lang: str = "en") -> pd.DataFrame:
        """One row per check that arises: ``row`` (case position), check, item, result, detail, reason, facts."""
        cols, rows = np.nonzero(self.result != NO_CHECK)
        res = self.result[cols, rows]
        tpl = self.template[cols, rows].astype(np.int64)
        # rows come check by check in the procedure's order, and within a check by result and detail
        # (a dated deadline check by its result), case by case: the order they have always had
        dated = np.array([s.check == "deadline" for s in self.slots], dtype=bool)[cols] & (tpl <= D_ONE_READING)
        order = np.lexsort((rows, np.where(dated, res, tpl), cols))
        rows, cols, res, tpl = rows[order], cols[order], res[order], tpl[order]
        width = max(len(s.codes) for s in self.slots) if self.slots else 1
        key = cols * width + tpl
        detail = np.empty(len(rows), dtype=object)
        reason = np.empty(len(rows), dtype=object)
        facts = np.empty(len(rows), dtype=object)
        for k in np.unique(key):
            hit = np.flatnonzero(key == k)
            j, t = int(k // width), int(k % width)
            slot = self.slots[j]
            detail[hit] = self.render(j, t, rows[hit], lang)
            reason[hit] = slot.codes[t]
            f = slot.row_facts(t, rows[hit])
            if slot.per_row(t):
                names = [n for n in explain.fields(slot.codes[t]) if n in f] + [n for n in ("deadline",) if n in f]
                facts[hit] = [{n: (f[n][i] if np.ndim(f[n]) else f[n]) for n in names} for i in range(len(hit))]
            else:
                facts[hit] = [f] * len(hit)
        checks = np.array([s.check for s in self.slots], dtype=object)
        items = np.array([s.item for s in self.slots], dtype=object)
        bound = np.full(len(rows), "", dtype=object)
        for j, s in enumerate(self.slots):
            if "bound" in s.numbers:
                at = np.flatnonzero(cols == j)
                bound[at] = np.asarray(BOUNDS, dtype=object)[s.numbers["bound"][rows[at]]]
        return pd.DataFrame({"row": rows, "check": checks[cols], "item": items[cols],
                             "result": np.asarray(RESULTS, dtype=object)[res], "detail": detail, "bound": bound,
                             "reason": reason, "facts": facts})


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
    st = CaseState(cases, events, _steps_read(proc))  # ``events`` may carry ``published`` (with_source_dates)
    n = len(st.ids)
    origin_codes, origin_values = codes_of(cases["origin"])
    vocabulary = set(codebook.vocabulary("origin")["value"])
    origin_known = np.array([v in vocabulary for v in origin_values], dtype=bool)[origin_codes]

    required = proc.steps[proc.steps["required"]]
    width = len(required) + sum(len(s) for s in required["after"]) + int(required["deadline"].notna().sum()) \
        + int(bool(proc.recipient))
    result = np.full((width, n), NO_CHECK, dtype=np.int8)
    template = np.zeros((width, n), dtype=np.int8)
    slots: list[Slot] = []

    def column() -> tuple[np.ndarray, np.ndarray]:
        j = len(slots)
        return result[j], template[j]

    waives: dict[str, tuple[np.ndarray, str]] = {}
    for alt in proc.alternatives:  # an alternative route the case may have taken: the steps it waives
        taken = np.logical_and.reduce([st.of(s) == DONE for s in alt["when_done"]])
        for s in alt["waives"]:
            waives[s] = (taken, alt["title_en"])
    for step in track(required.itertuples(index=False), n, f"compliance {proc.id}", progress, len(required)):
        waived, route = waives.get(step.step, (None, None))
        slots.append(step_check(st, step, cases, origin_values, origin_codes, origin_known, *column(), waived=waived))
        if route:
            slots[-1].facts["route"] = route
        for pred in step.after:
            slots.append(order_check(st, step.step, pred, *column()))
        if step.deadline:
            slots.append(deadline_check(st, step.step, step.deadline, *column()))
    if proc.recipient:
        follows = [*INTAKE_STEPS, *[p for s in required.itertuples(index=False) if s.step == "penerusan"
                                    for p in s.after]]
        slots.append(recipient_check(st, cases, proc.recipient, *column(), floor=stage_floor(cases), follows=follows))
    return _Checks(st, slots, result, template)


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
                      procedure: Procedure | str | None = None, lang: str = "en") -> pd.DataFrame:
    """Every check of every case: one row per (case, check, item), with its result and why.

    Columns :data:`CODE_COLUMNS`: ``detail`` is the reason in words (``lang``), ``reason`` its code
    and ``facts`` what it is worded from (:func:`explain.reasons` words them again in any
    language). ``procedure=None`` judges each case under the norm in force for it.
    """
    def one(c: pd.DataFrame, e: pd.DataFrame, proc: Procedure | None) -> pd.DataFrame:
        if proc is None:
            return pd.DataFrame(columns=CODE_COLUMNS)
        checks = _coded_checks(c, e, proc).frame(lang)
        out = checks.assign(case_id=pd.Index(c["case_id"].astype(str)).take(checks["row"].to_numpy(dtype=int)),
                            procedure=proc.id)
        return out[CODE_COLUMNS]

    return _by_norm(cases[in_scope(cases)], events, procedure, one)  # no check of a case outside the scope


def _days_to_forwarding(st: CaseState) -> pd.Series:
    start = np.minimum.reduce([st.day(s) for s in INTAKE_STEPS])
    end = st.day("penerusan")
    ok = (start != NEVER) & (end != NEVER)
    out = pd.Series(pd.NA, index=range(len(st.ids)), dtype="Int64")
    out[ok] = end[ok] - start[ok]
    return out


def _judge(cases: pd.DataFrame, events: pd.DataFrame, proc: Procedure | None, progress: bool = False,
           lang: str = "en") -> pd.DataFrame:
    ids = cases["case_id"].astype(str).to_numpy()
    n = len(ids)
    if proc is None:
        return pd.DataFrame({"case_id": ids, "procedure": pd.NA, "procedure_version": pd.NA, "norm_note": "",
                             "procedure_fits_election": pd.NA, "checks_passed": 0, "checks_failed": 0,
                             "checks_unknown": 0,
                             "days_to_forwarding": pd.array([pd.NA] * n, dtype="Int64"),
                             "verdict": "indeterminate", "reasons": explain.message("no_procedure", "en"),
                             "reasons_id": explain.message("no_procedure", "id"), "flags": ""},
                            columns=RESULT_COLUMNS)
    checks = _coded_checks(cases, events, proc, progress)
    passed, failed, unknown = checks.counts()
    code = np.where(failed > 0, NON_CONFORMANT, np.where(unknown > 0, INDETERMINATE, CONFORMANT))
    verdict = text_column(["non-conformant", "indeterminate", "conformant"], code)
    if proc.election_type:
        codes, values = codes_of(cases["election_type"])
        fits = np.array([v == proc.election_type for v in values], dtype=bool)[codes]
    else:
        fits = np.ones(n, dtype=bool)
    note = text_column(["", explain.message("foreign_norm", lang, pid=proc.id, election=proc.election_type)],
                       (~fits).astype(np.int64))
    return pd.DataFrame({
        "case_id": checks.state.ids.array, "procedure": proc.id, "procedure_version": proc.version, "norm_note": note,
        "procedure_fits_election": fits,
        "checks_passed": passed, "checks_failed": failed, "checks_unknown": unknown,
        "days_to_forwarding": _days_to_forwarding(checks.state).to_numpy(),
        "verdict": verdict, "reasons": text_column(*explain.coded_case_reasons(checks, code, lang)),
        "reasons_id": text_column(*explain.coded_case_reasons(checks, code, "id")),
        "flags": _flag_text(checks.flags(), cases, proc),
    }, columns=RESULT_COLUMNS)


def _flag_text(flags: list[set[str]], cases: pd.DataFrame, proc: Procedure) -> np.ndarray:
    """Per case: its flags ('; '-joined codes), with the case-level ones (a counterfactual norm; BKN named
    for a Pemilu 2024 case, when KASN was the recipient in force)."""
    etype = cases["election_type"].astype(str).to_numpy()
    year = cases["election_year"].astype(str).to_numpy() if "election_year" in cases else np.full(len(cases), "")
    recipient = cases["recipient"].astype(str).to_numpy() if "recipient" in cases else np.full(len(cases), "")
    out = []
    for f, t, y, r in zip(flags, etype, year, recipient):
        f = set(f)
        if proc.status == "counterfactual":
            f.add("counterfactual_norm")
        if t == "pemilu" and y == "2024" and "bkn" in r.split("|"):
            f.add("bkn_for_pemilu_2024")
        out.append("; ".join(k for k in explain.FLAGS if k in f))
    return np.asarray(out, dtype=object)


def in_scope(cases: pd.DataFrame) -> np.ndarray:
    """Per case: whether the sources show a Bawaslu case (the optional ``in_scope`` column; 'tidak' = no)."""
    if "in_scope" not in cases.columns:
        return np.ones(len(cases), dtype=bool)
    return cases["in_scope"].astype(str).ne("tidak").to_numpy()


def compliance(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str | None = None,
               progress: bool = False, lang: str = "en") -> pd.DataFrame:
    """One row per case: the norm used, counts of passed, failed and unknown checks, the verdict and its reasons.

    ``procedure=None`` judges each case under the norm in force for its election and date;
    a norm given for another election is used as asked, and the row says so in ``norm_note``.
    With ``progress``, large inputs show a bar over the procedure's steps. ``lang``: the
    language of the reasons (``en`` or ``id``).
    """
    inside = in_scope(cases)
    out = _by_norm(cases[inside], events, procedure, lambda c, e, p: _judge(c, e, p, progress, lang))
    if inside.all():
        return _norm_flags(out)
    outside = cases[~inside]
    n = len(outside)
    na = pd.DataFrame({"case_id": outside["case_id"].astype(str).to_numpy(), "procedure": pd.NA,
                       "procedure_version": pd.NA, "norm_note": "", "procedure_fits_election": pd.NA,
                       "checks_passed": 0, "checks_failed": 0, "checks_unknown": 0,
                       "days_to_forwarding": pd.array([pd.NA] * n, dtype="Int64"), "verdict": "not_applicable",
                       "reasons": explain.message("out_of_scope", lang),
                       "reasons_id": explain.message("out_of_scope", "id"), "flags": ""}, columns=RESULT_COLUMNS)
    out = pd.concat([_norm_flags(out), na], ignore_index=True)
    order = pd.Index(cases["case_id"].astype(str)).get_indexer(out["case_id"])
    return out.iloc[np.argsort(order, kind="stable")].reset_index(drop=True)


def _norm_flags(out: pd.DataFrame) -> pd.DataFrame:
    """Add the cutover-window flag where the norm note says the case is in a norm's unconfirmed first days."""
    cut = out["norm_note"].astype(str).str.contains("whose effective date is unconfirmed", regex=False)
    if cut.any():
        flags = out["flags"].astype(str)
        out.loc[cut, "flags"] = np.where(flags[cut].eq(""), "cutover_window", flags[cut] + "; cutover_window")
    return out


from netralitas_study.conformance.tables import (  # noqa: E402  re-exported: one import for the engine's users
    classify_structure, deadline_windows, summarise, verdict_matrix)

__all__ = ["CHECK_COLUMNS", "CODE_COLUMNS", "RESULT_COLUMNS", "VERDICTS", "VERDICT_RANK", "INTAKE_STEPS",
           "classify_structure", "compliance", "compliance_checks", "deadline_windows", "summarise",
           "verdict_matrix"]
