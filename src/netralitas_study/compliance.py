"""Compliance of cases with a normative procedure.

Every case is checked against a :class:`~netralitas_study.procedures.Procedure`:

* **step**: each required step that applies is ``pass`` (reported done), ``fail`` (the source
  states it was not done) or ``unknown`` (not reported);
* **order**: each required predecessor of a done step came no later (``unknown`` when a date is
  missing);
* **deadline**: each done step with a deadline was within its limit counted from its anchor step,
  in working or calendar days (``unknown`` when a date is missing);
* **recipient**: the body the recommendation went to is the one in force on the forwarding date.

The verdict is ``non-conformant`` if any check fails, else ``indeterminate`` if any is unknown,
else ``conformant``. Unknown data never count as compliance, nor as breach.

All checks are computed column-wise over the cases, one procedure step at a time.
"""

from __future__ import annotations

import pandas as pd

from . import codebook
from .procedures import Procedure, load_procedure
from .workdays import elapsed_days

CHECK_COLUMNS = ["case_id", "check", "item", "result", "detail"]
_EMPTY = pd.DataFrame(columns=["row", "check", "item", "result", "detail"])
VERDICTS = ("conformant", "indeterminate", "non-conformant")
VERDICT_RANK = {"non-conformant": 0, "indeterminate": 1, "conformant": 2}

STRUCTURE_RULE = (
    "structured: every required step of '{pid}' that applies is reported done; "
    "unstructured: at least one required step is stated not done; "
    "undetermined: otherwise (a required step is not reported)."
)


def _step_state(cases: pd.DataFrame, events: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Case x step tables: occurred (True / False = stated not done / NA = not reported) and date.

    The date is the earliest date among the step's 'occurred' events. Computed on integer
    codes with numpy, since this runs over every event of a national log.
    """
    import numpy as np

    missing = codebook.missing_codes()
    ids = pd.Index(cases["case_id"], name="case_id")
    row = ids.get_indexer(events["case_id"])
    known = row >= 0  # events of cases not in ``cases`` are not this call's business
    step_codes, steps = pd.factorize(events["step"])
    occurred = events["status"].eq("occurred").to_numpy()
    raw_dates = events["date"].where(~events["date"].isin(missing) & events["status"].eq("occurred"))
    days = pd.to_datetime(raw_dates, format="%Y-%m-%d", errors="coerce").to_numpy(dtype="datetime64[D]")
    never = np.iinfo(np.int64).max
    day_int = np.where(np.isnat(days), never, days.astype(np.int64))
    state = np.full((len(ids), len(steps)), -1, dtype=np.int8)  # -1 not reported, 0 not done, 1 done
    np.maximum.at(state, (row[known], step_codes[known]), occurred[known].astype(np.int8))
    first = np.full((len(ids), len(steps)), never, dtype=np.int64)
    np.minimum.at(first, (row[known], step_codes[known]), day_int[known])
    occ = pd.DataFrame({str(st): pd.array(np.where(state[:, j] < 0, None, state[:, j] == 1), dtype="boolean")
                        for j, st in enumerate(steps)}, index=ids)
    date = pd.DataFrame({str(st): pd.to_datetime(np.where(first[:, j] == never, np.datetime64("NaT"),
                                                          first[:, j].astype("datetime64[D]")))
                         for j, st in enumerate(steps)}, index=ids)
    return occ, date


def _col(frame: pd.DataFrame, step: str, dtype: str) -> pd.Series:
    if step in frame.columns:
        return frame[step]
    return pd.Series(pd.NA if dtype == "boolean" else pd.NaT, index=frame.index, dtype=dtype)


def _is(frame: pd.DataFrame, step: str, value: bool) -> pd.Series:
    """Plain boolean: is the step's 'occurred' state exactly ``value`` (NA counts as no)?"""
    return _col(frame, step, "boolean").eq(value).fillna(False).astype(bool)


def _rows(ids: pd.Index, mask: pd.Series, check: str, item: str, result: str | pd.Series,
          detail: str | pd.Series) -> pd.DataFrame:
    """Check rows for the cases where ``mask`` holds; ``row`` is the case's position in ``ids``."""
    import numpy as np

    mask = mask.fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        return _EMPTY
    pick = (lambda x: x[mask].to_numpy() if isinstance(x, pd.Series) else x)
    return pd.DataFrame({"row": np.flatnonzero(mask), "check": check, "item": item,
                         "result": pick(result), "detail": pick(detail)})


def compliance_checks(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str) -> pd.DataFrame:
    """Every check of every case against ``procedure``: one row per (case, check, item)."""
    checks = _checks(cases, events, procedure)
    out = checks.assign(case_id=pd.Index(cases["case_id"]).take(checks["row"].to_numpy(dtype=int)))
    return out[CHECK_COLUMNS].reset_index(drop=True)


def _checks(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str,
            progress: bool = False) -> pd.DataFrame:
    """The checks with the case as its integer position in ``cases`` (column ``row``)."""
    from .progress import track

    proc = load_procedure(procedure) if isinstance(procedure, str) else procedure
    occ, date = _step_state(cases, events)
    ids = occ.index
    origin = pd.Series(cases["origin"].to_numpy(), index=ids)
    origin_known = origin.isin(codebook.vocabulary("origin")["value"])
    parts: list[pd.DataFrame] = []

    required = proc.steps[proc.steps["required"]]
    for step in track(required.itertuples(index=False), len(cases), f"compliance {proc.id}", progress,
                      len(required)):
        o = _col(occ, step.step, "boolean")
        if step.applies_to_origin:
            applies = pd.Series(origin.isin(step.applies_to_origin).to_numpy(), index=ids, dtype="boolean")
            applies[~origin_known] = pd.NA
        else:
            applies = pd.Series(True, index=ids, dtype="boolean")
        # a step that was done passes whether or not it applies; one stated not done fails
        # only where it is known to apply
        done = _is(occ, step.step, True)
        not_done = _is(occ, step.step, False)
        parts.append(_rows(ids, done, "step", step.step, "pass", "done"))
        parts.append(_rows(ids, not_done & applies.eq(True), "step", step.step, "fail", "stated not done"))
        parts.append(_rows(ids, not_done & applies.isna(), "step", step.step, "unknown",
                           "stated not done; whether it applies depends on the unknown origin"))
        # not reported: unknown wherever the step applies or may apply (origin unknown)
        parts.append(_rows(ids, o.isna() & applies.ne(False).fillna(True), "step", step.step, "unknown",
                           "not reported"))

        for pred in step.after:
            both = done & _is(occ, pred, True)
            d_step, d_pred = _col(date, step.step, "datetime64[ns]"), _col(date, pred, "datetime64[ns]")
            dated = d_step.notna() & d_pred.notna()
            item = f"{pred} -> {step.step}"
            parts.append(_rows(ids, both & dated & (d_step >= d_pred), "order", item, "pass", "in order"))
            parts.append(_rows(ids, both & dated & (d_step < d_pred), "order", item, "fail",
                               f"{step.step} dated before {pred}"))
            parts.append(_rows(ids, both & ~dated, "order", item, "unknown", "a date is not reported"))

        dl = step.deadline
        if dl:
            anchor_date = pd.Series(pd.NaT, index=ids, dtype="datetime64[ns]")
            anchor_found = pd.Series(False, index=ids)
            for anchor in dl["from"]:  # the first anchor step that was done is the one counted from
                take = ~anchor_found & _is(occ, anchor, True)
                anchor_date = anchor_date.mask(take, _col(date, anchor, "datetime64[ns]"))
                anchor_found = anchor_found | take
            days = pd.Series(elapsed_days(anchor_date, _col(date, step.step, "datetime64[ns]"), dl["day_type"],
                                          ).to_numpy(), index=ids, dtype="Int64")
            item = f"{step.step} <= {dl['days']} {dl['day_type']} days"
            limit = f"{dl['days']} {dl['day_type']} days from {' or '.join(dl['from'])}"
            detail = days.astype("string") + f" of {limit}"
            parts.append(_rows(ids, done & days.le(dl["days"]), "deadline", item, "pass", detail))
            parts.append(_rows(ids, done & days.gt(dl["days"]), "deadline", item, "fail", detail))
            parts.append(_rows(ids, done & days.isna() & anchor_found, "deadline", item, "unknown",
                               f"a date is not reported ({limit})"))
            parts.append(_rows(ids, done & ~anchor_found, "deadline", item, "unknown",
                               f"no step to count from is reported ({limit})"))

    if proc.recipient_rule:
        sent = _is(occ, "penerusan", True)
        expected = proc.recipient_on(_col(date, "penerusan", "datetime64[ns]"))
        actual = pd.Series(cases["recipient"].to_numpy(), index=ids)
        actual_known = actual.isin(codebook.vocabulary("recipient")["value"])
        assessable = sent & expected.notna() & actual_known
        parts.append(_rows(ids, assessable & actual.eq(expected), "recipient", "penerusan", "pass",
                           "recipient in force on the forwarding date"))
        parts.append(_rows(ids, assessable & actual.ne(expected), "recipient", "penerusan", "fail",
                           actual + " but " + expected.astype(str) + " was in force on the forwarding date"))
        parts.append(_rows(ids, sent & ~assessable, "recipient", "penerusan", "unknown",
                           "forwarding date or recipient not reported"))

    parts = [p for p in parts if not p.empty]
    if not parts:
        return _EMPTY.astype({"row": int})
    return pd.concat(parts, ignore_index=True)


def _count_results(checks: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """Per case: how many checks passed, failed and are unknown."""
    import numpy as np

    row = checks["row"].to_numpy(dtype=int)
    out = {}
    for result in ("pass", "fail", "unknown"):
        hit = checks["result"].eq(result).to_numpy()
        out[result] = np.bincount(row[hit], minlength=len(ids))
    return pd.DataFrame(out, index=ids)


def _reasons(checks: pd.DataFrame, verdict: pd.Series) -> pd.Series:
    """The failures of a non-conformant case, the unknowns of an indeterminate one, joined per case."""
    import numpy as np

    ids = verdict.index
    row = checks["row"].to_numpy(dtype=int)
    v = verdict.to_numpy()[row]
    shown = ((v == "non-conformant") & checks["result"].eq("fail").to_numpy()) | (
        (v == "indeterminate") & checks["result"].eq("unknown").to_numpy())
    out = np.full(len(ids), "all checks passed", dtype=object)
    if not shown.any():
        return pd.Series(out, index=ids)
    # few distinct (check, item, detail) triples: build each text once, then index into them
    codes = [pd.factorize(checks.loc[shown, col]) for col in ("check", "item", "detail")]
    key = (codes[0][0].astype(np.int64) * len(codes[1][1]) + codes[1][0]) * len(codes[2][1]) + codes[2][0]
    unique_keys, inverse = np.unique(key, return_inverse=True)
    sizes = [len(codes[1][1]), len(codes[2][1])]
    texts = np.array([f"{codes[0][1][k // (sizes[0] * sizes[1])]} {codes[1][1][(k // sizes[1]) % sizes[0]]}: "
                      f"{codes[2][1][k % sizes[1]]}; " for k in unique_keys], dtype=object)
    row = row[shown]
    order = np.argsort(row, kind="stable")
    row, text = row[order], texts[inverse[order]]
    starts = np.flatnonzero(np.r_[True, row[1:] != row[:-1]])
    joined = np.add.reduceat(text, starts)  # concatenates each case's texts in C
    out[row[starts]] = [j[:-2] for j in joined]
    return pd.Series(out, index=ids)


def compliance(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str,
               progress: bool = False) -> pd.DataFrame:
    """One row per case: counts of passed, failed and unknown checks, the verdict and its reasons.

    With ``progress``, large inputs show a bar over the procedure's steps.
    """
    proc = load_procedure(procedure) if isinstance(procedure, str) else procedure
    checks = _checks(cases, events, proc, progress)
    ids = pd.Index(cases["case_id"], name="case_id")
    counts = _count_results(checks, ids)
    verdict = pd.Series("conformant", index=ids)
    verdict[counts["unknown"].gt(0)] = "indeterminate"
    verdict[counts["fail"].gt(0)] = "non-conformant"
    reasons = _reasons(checks, verdict)
    sanctioned = pd.Series(cases["sanctioned"].to_numpy(), index=ids)
    election = pd.Series(cases["election_type"].to_numpy(), index=ids)
    out = pd.DataFrame({
        "procedure": proc.id,
        "procedure_version": proc.version,
        "procedure_fits_election": election.eq(proc.election_type) if proc.election_type else True,
        "checks_passed": counts["pass"],
        "checks_failed": counts["fail"],
        "checks_unknown": counts["unknown"],
        "outcome_known": sanctioned.isin(["ya", "tidak"]),
        "verdict": verdict,
        "reasons": reasons,
    }, index=ids)
    return out.reset_index()


def classify_structure(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str) -> pd.DataFrame:
    """Structured / unstructured / undetermined handling relative to ``procedure``, with the rule."""
    proc = load_procedure(procedure) if isinstance(procedure, str) else procedure
    checks = compliance_checks(cases, events, proc)
    steps = checks[checks["check"].eq("step")]
    ids = pd.Index(cases["case_id"], name="case_id")
    has = lambda r: ids.isin(steps.loc[steps["result"].eq(r), "case_id"])  # noqa: E731
    structure = pd.Series("structured", index=ids)
    structure[has("unknown")] = "undetermined"
    structure[has("fail")] = "unstructured"
    return pd.DataFrame({"case_id": ids, "procedure": proc.id, "structure": structure.to_numpy(),
                         "rule": STRUCTURE_RULE.format(pid=proc.id)})


def summarise(result: pd.DataFrame, cases: pd.DataFrame, by: list[str] | str | None = None,
              outcome: str = "verdict") -> pd.DataFrame:
    """Tidy counts of each value of ``outcome`` per group, with n and Wilson and exact 95% intervals.

    ``by`` names columns of ``cases`` (e.g. 'province', 'election_type', 'origin') or of
    ``result`` (e.g. 'procedure'); None pools all cases.
    """
    from .stats import proportion_table

    by = [] if by is None else ([by] if isinstance(by, str) else list(by))
    extra = [c for c in by if c not in result.columns]
    df = result.merge(cases[["case_id", *extra]], on="case_id", how="left") if extra else result
    values = sorted(df[outcome].dropna().unique(), key=lambda v: VERDICT_RANK.get(v, v) if outcome == "verdict" else v)
    key = df[by] if by else pd.DataFrame(index=df.index)
    groups = key.drop_duplicates().sort_values(by) if by else pd.DataFrame([{}])
    grid = groups.merge(pd.DataFrame({outcome: values}), how="cross")
    n = df.groupby(by, dropna=False).size().rename("n").reset_index() if by else pd.DataFrame({"n": [len(df)]})
    hits = (df.groupby([*by, outcome], dropna=False).size().rename("count").reset_index())
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


def deadline_windows(cases: pd.DataFrame, events: pd.DataFrame, procedure: Procedure | str) -> pd.DataFrame:
    """Per case and deadline step: the anchor date, the due date and the step's own date (if any).

    Only windows whose anchor step is done and dated are listed: without an anchor there is no
    deadline to draw.
    """
    from .workdays import due_date

    proc = load_procedure(procedure) if isinstance(procedure, str) else procedure
    occ, date = _step_state(cases, events)
    rows = []
    for step in proc.steps[proc.steps["deadline"].notna() & proc.steps["required"]].itertuples(index=False):
        dl = step.deadline
        anchor_date = pd.Series(pd.NaT, index=occ.index, dtype="datetime64[ns]")
        anchor_name = pd.Series(pd.NA, index=occ.index, dtype="object")
        for anchor in dl["from"]:
            take = anchor_name.isna() & _is(occ, anchor, True)
            anchor_date = anchor_date.mask(take, _col(date, anchor, "datetime64[ns]"))
            anchor_name = anchor_name.mask(take, anchor)
        keep = anchor_date.notna()
        rows.append(pd.DataFrame({
            "case_id": occ.index[keep], "step": step.step, "anchor": anchor_name[keep].to_numpy(),
            "anchor_date": anchor_date[keep].to_numpy(),
            "due": due_date(anchor_date[keep], dl["days"], dl["day_type"]).to_numpy(),
            "step_date": _col(date, step.step, "datetime64[ns]")[keep].to_numpy(),
            "limit": f"{dl['days']} {dl['day_type']} days",
        }))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(
        columns=["case_id", "step", "anchor", "anchor_date", "due", "step_date", "limit"])
