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

import numpy as np
import pandas as pd

from . import codebook
from .procedures import Procedure, load_procedure
from .workdays import count_days

CHECK_COLUMNS = ["case_id", "check", "item", "result", "detail"]
_EMPTY = pd.DataFrame(columns=["row", "check", "item", "result", "detail"])
VERDICTS = ("conformant", "indeterminate", "non-conformant")
VERDICT_RANK = {"non-conformant": 0, "indeterminate": 1, "conformant": 2}

STRUCTURE_RULE = (
    "structured: every required step of '{pid}' that applies is reported done; "
    "unstructured: at least one required step is stated not done; "
    "undetermined: otherwise (a required step is not reported)."
)


NEVER = np.iinfo(np.int64).max
"""Day number standing for 'no date' in the integer date arrays."""


class _State:
    """Per case and step: done (1), stated not done (0), not reported (-1); and the earliest date (day number).

    Built once from the events with numpy on integer codes, since it runs over every event of
    a national log.
    """

    def __init__(self, cases: pd.DataFrame, events: pd.DataFrame):
        missing = codebook.missing_codes()
        self.ids = pd.Index(cases["case_id"], name="case_id")
        row = self.ids.get_indexer(events["case_id"])
        known = row >= 0  # events of cases not in ``cases`` are not this call's business
        step_codes, steps = pd.factorize(events["step"])
        self.column = {str(s): j for j, s in enumerate(steps)}
        occurred = events["status"].eq("occurred").to_numpy()
        raw = events["date"].where(~events["date"].isin(missing) & events["status"].eq("occurred"))
        days = pd.to_datetime(raw, format="%Y-%m-%d", errors="coerce").to_numpy(dtype="datetime64[D]")
        day_int = np.where(np.isnat(days), NEVER, days.astype(np.int64))
        self.state = np.full((len(self.ids), len(steps)), -1, dtype=np.int8)
        np.maximum.at(self.state, (row[known], step_codes[known]), occurred[known].astype(np.int8))
        self.first = np.full((len(self.ids), len(steps)), NEVER, dtype=np.int64)
        np.minimum.at(self.first, (row[known], step_codes[known]), day_int[known])

    def of(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        return np.full(len(self.ids), -1, dtype=np.int8) if j is None else self.state[:, j]

    def day(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        return np.full(len(self.ids), NEVER, dtype=np.int64) if j is None else self.first[:, j]

    def anchor(self, steps: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per case: the first of ``steps`` that was done (index into ``steps``, -1 if none) and its day."""
        which = np.full(len(self.ids), -1)
        day = np.full(len(self.ids), NEVER, dtype=np.int64)
        for k, step in enumerate(steps):
            take = (which < 0) & (self.of(step) == 1)
            which[take] = k
            day[take] = self.day(step)[take]
        return which, day


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
    st = _State(cases, events)
    n = len(st.ids)
    origin = cases["origin"].to_numpy(dtype=object)
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
        done, not_done = state == 1, state == 0
        parts.append(_rows(done, "step", step.step, "pass", "done"))
        parts.append(_rows(not_done & (applies == 1), "step", step.step, "fail", "stated not done"))
        parts.append(_rows(not_done & (applies == -1), "step", step.step, "unknown",
                           "stated not done; whether it applies depends on the unknown origin"))
        # not reported: unknown wherever the step applies or may apply (origin unknown)
        parts.append(_rows((state == -1) & (applies != 0), "step", step.step, "unknown", "not reported"))

        for pred in step.after:
            both = done & (st.of(pred) == 1)
            d_step, d_pred = st.day(step.step), st.day(pred)
            dated = (d_step != NEVER) & (d_pred != NEVER)
            item = f"{pred} -> {step.step}"
            parts.append(_rows(both & dated & (d_step >= d_pred), "order", item, "pass", "in order"))
            parts.append(_rows(both & dated & (d_step < d_pred), "order", item, "fail",
                               f"{step.step} dated before {pred}"))
            parts.append(_rows(both & ~dated, "order", item, "unknown", "a date is not reported"))

        dl = step.deadline
        if dl:
            which, anchor_day = st.anchor(dl["from"])
            step_day = st.day(step.step)
            dated = done & (which >= 0) & (anchor_day != NEVER) & (step_day != NEVER)
            elapsed = np.zeros(n, dtype=np.int64)
            if dated.any():
                elapsed[dated] = count_days(anchor_day[dated].astype("datetime64[D]"),
                                            step_day[dated].astype("datetime64[D]"), dl["day_type"])
            item = f"{step.step} <= {dl['days']} {dl['day_type']} days"
            limit = f"{dl['days']} {dl['day_type']} days from {' or '.join(dl['from'])}"
            for result, mask in (("pass", dated & (elapsed <= dl["days"])), ("fail", dated & (elapsed > dl["days"]))):
                parts.append(_rows(mask, "deadline", item, result, [f"{e} of {limit}" for e in elapsed[mask]]))
            parts.append(_rows(done & (which >= 0) & ~dated, "deadline", item, "unknown",
                               f"a date is not reported ({limit})"))
            parts.append(_rows(done & (which < 0), "deadline", item, "unknown",
                               f"no step to count from is reported ({limit})"))

    if proc.recipient_rule:
        sent = st.of("penerusan") == 1
        expected = proc.recipient_on(_as_dates(st.day("penerusan"))).to_numpy(dtype=object)
        actual = cases["recipient"].to_numpy(dtype=object)
        actual_known = np.isin(actual, codebook.vocabulary("recipient")["value"].to_numpy(dtype=object))
        has_expected = pd.notna(expected)
        assessable = sent & has_expected & actual_known
        same = assessable & (actual == np.where(has_expected, expected, None))
        wrong = assessable & ~same
        parts.append(_rows(same, "recipient", "penerusan", "pass", "recipient in force on the forwarding date"))
        parts.append(_rows(wrong, "recipient", "penerusan", "fail",
                           [f"{a} but {e} was in force on the forwarding date"
                            for a, e in zip(actual[wrong], expected[wrong])]))
        parts.append(_rows(sent & ~assessable, "recipient", "penerusan", "unknown",
                           "forwarding date or recipient not reported"))

    parts = [p for p in parts if not p.empty]
    if not parts:
        return _EMPTY.astype({"row": int})
    return pd.concat(parts, ignore_index=True)


def _count_results(checks: pd.DataFrame, ids: pd.Index) -> pd.DataFrame:
    """Per case: how many checks passed, failed and are unknown."""
    row = checks["row"].to_numpy(dtype=int)
    out = {}
    for result in ("pass", "fail", "unknown"):
        hit = checks["result"].eq(result).to_numpy()
        out[result] = np.bincount(row[hit], minlength=len(ids))
    return pd.DataFrame(out, index=ids)


def _reasons(checks: pd.DataFrame, verdict: pd.Series) -> pd.Series:
    """The failures of a non-conformant case, the unknowns of an indeterminate one, joined per case."""
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
    st = _State(cases, events)
    columns = ["case_id", "step", "anchor", "anchor_date", "due", "step_date", "limit"]
    rows = []
    for step in proc.steps[proc.steps["deadline"].notna() & proc.steps["required"]].itertuples(index=False):
        dl = step.deadline
        which, anchor_day = st.anchor(dl["from"])
        keep = (which >= 0) & (anchor_day != NEVER)
        anchor_date = _as_dates(anchor_day[keep])
        rows.append(pd.DataFrame({
            "case_id": st.ids[keep], "step": step.step, "anchor": np.asarray(dl["from"], dtype=object)[which[keep]],
            "anchor_date": anchor_date.to_numpy(),
            "due": due_date(anchor_date, dl["days"], dl["day_type"]).to_numpy(),
            "step_date": _as_dates(st.day(step.step)[keep]).to_numpy(),
            "limit": f"{dl['days']} {dl['day_type']} days",
        }))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)
