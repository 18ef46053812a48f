"""Tables built on the verdicts and checks: structure, summaries, the verdict matrix, deadline windows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study.conformance import explain
from netralitas_study.conformance.state import CaseState, day_dates, due
from netralitas_study.norms.procedures import Procedure


def classify_structure(cases: pd.DataFrame, events: pd.DataFrame,
                       procedure: Procedure | str | None = None) -> pd.DataFrame:
    """Structured / unstructured / undetermined handling relative to ``procedure`` (or the norm in force)."""
    from netralitas_study.conformance.engine import compliance_checks

    checks = compliance_checks(cases, events, procedure)
    steps = checks[checks["check"].eq("step")]
    ids = pd.Index(cases["case_id"].astype(str), name="case_id")
    has = lambda r: ids.isin(steps.loc[steps["result"].eq(r), "case_id"])  # noqa: E731
    structure = pd.Series("structured", index=ids)
    structure[has("unknown")] = "undetermined"
    structure[has("fail")] = "unstructured"
    pid = checks.drop_duplicates("case_id").set_index("case_id")["procedure"].reindex(ids)
    return pd.DataFrame({"case_id": ids, "procedure": pid.to_numpy(), "structure": structure.to_numpy(),
                         "rule": [explain.structure_rule(p) for p in pid]})


def summarise(result: pd.DataFrame, cases: pd.DataFrame, by: list[str] | str | None = None,
              outcome: str = "verdict") -> pd.DataFrame:
    """Tidy counts of each value of ``outcome`` per group, with n and Wilson and exact 95% intervals.

    ``by`` names columns of ``cases`` (e.g. 'province', 'election_type', 'origin') or of
    ``result`` (e.g. 'procedure'); None pools all cases.
    """
    from netralitas_study.analysis.stats import proportion_table
    from netralitas_study.conformance.engine import VERDICT_RANK

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
    from netralitas_study.conformance.engine import compliance

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
    from netralitas_study.conformance.engine import _by_norm

    columns = ["case_id", "procedure", "step", "anchor", "anchor_date", "due", "due_latest", "step_date", "limit"]

    def one(c: pd.DataFrame, e: pd.DataFrame, proc: Procedure | None) -> pd.DataFrame:
        if proc is None:
            return pd.DataFrame(columns=columns)
        st = CaseState(c, e)
        rows = []
        for step in proc.steps[proc.steps["deadline"].notna() & proc.steps["required"]].itertuples(index=False):
            dl = step.deadline
            which, anchor_day, _ = st.anchor(dl["from"])
            keep = which >= 0
            a = anchor_day[keep]
            base = due(a, dl["days"], dl["day_type"])
            latest = due(a, dl["extension"]["days"], dl["extension"]["day_type"]) if dl.get("extension") else base
            rows.append(pd.DataFrame({
                "case_id": st.ids[keep], "procedure": proc.id, "step": step.step,
                "anchor": np.asarray(dl["from"], dtype=object)[which[keep]],
                "anchor_date": day_dates(a).to_numpy(),
                "due": day_dates(np.minimum.reduce(base)).to_numpy(),
                "due_latest": day_dates(np.maximum.reduce(latest)).to_numpy(),
                "step_date": day_dates(st.day(step.step)[keep]).to_numpy(),
                "limit": explain.deadline_text(dl),
            }))
        return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)

    return _by_norm(cases, events, procedure, one)
