"""A procedure's required steps and their order as a PM4Py process tree, and the log PM4Py replays.

The tree is derived from the procedure file, not written by hand:

* the required steps that apply to one origin only (a finding's ``penetapan_temuan``, a
  report's ``penerimaan_laporan -> kajian_awal -> registrasi``) form one sequence per origin,
  joined by an exclusive choice ``X`` where the first of them is listed;
* every other required step follows in the order the procedure lists it (``->``);
* optional steps and steps outside the procedure are left out of the model: PM4Py's token
  replay skips activities that are not in the model (its default), as compliance ignores them.

Each ``after`` pair of the procedure is checked to hold in the tree's order. What the replay
then checks is presence and order of the required steps only: not deadlines, the recipient in
force, the reasons, nor the difference between a step not reported and one stated not done
(PM4Py sees only the steps that occurred).
"""

from __future__ import annotations

import pandas as pd

from netralitas_study.norms.procedures import Procedure


def _leaf(step: str) -> str:
    return f"'{step}'"


def _seq(items: list[str]) -> str:
    return items[0] if len(items) == 1 else "->( " + ", ".join(items) + " )"


def process_tree(proc: Procedure) -> str:
    """The tree, in PM4Py's string notation (``pm4py.parse_process_tree``)."""
    required = proc.steps[proc.steps["required"]]
    origins: dict[str, list[str]] = {}
    parts: list[str] = []
    branch_at = None
    for s in required.itertuples(index=False):
        if s.applies_to_origin:
            for o in s.applies_to_origin:
                origins.setdefault(o, []).append(s.step)
            if branch_at is None:
                branch_at = len(parts)
                parts.append("")  # filled with the choice once every branch is known
        else:
            parts.append(_leaf(s.step))
    if branch_at is not None:
        branches = [_seq([_leaf(x) for x in steps]) for steps in origins.values()]
        parts[branch_at] = branches[0] if len(branches) == 1 else "X( " + ", ".join(branches) + " )"
    tree = _seq(parts)
    for s in required.itertuples(index=False):  # the procedure's own order pairs hold in the tree
        for pred in s.after:
            assert tree.index(_leaf(pred)) < tree.index(_leaf(s.step)), f"{pred} -> {s.step} does not hold in {tree}"
    return tree


def replay_log(events: pd.DataFrame) -> pd.DataFrame:
    """The events as PM4Py reads them: the package's process-mining export (steps done, by date,
    undated ones last in the codebook's order), with a monotone timestamp that keeps that order,
    since token replay needs a total order and many steps are undated."""
    from netralitas_study.analysis.eventlog import to_process_mining

    log = to_process_mining(events)[["case:concept:name", "concept:name"]]
    stamps = pd.Timestamp("2000-01-01", tz="UTC") + pd.to_timedelta(range(len(log)), unit="s")
    return log.assign(**{"time:timestamp": stamps})
