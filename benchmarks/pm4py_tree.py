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


def replay_log(events: pd.DataFrame, order: str = "steps") -> pd.DataFrame:
    """The events as PM4Py reads them: the package's process-mining export with a monotone
    timestamp that keeps its order (token replay needs a total order, and many steps are undated).

    ``order`` (``eventlog.ORDERS``): ``steps``, the log a process miner would be given (dated
    steps by date, each undated step where the procedure's order puts it), or ``date`` (undated
    steps last, as the export writes them). A case with no step done is not a trace in either."""
    from netralitas_study.analysis.eventlog import to_process_mining

    log = to_process_mining(events, order=order)[["case:concept:name", "concept:name"]]
    stamps = pd.Timestamp("2000-01-01", tz="UTC") + pd.to_timedelta(range(len(log)), unit="s")
    return log.assign(**{"time:timestamp": stamps})


def reconcile(cases: pd.DataFrame, events: pd.DataFrame, proc: Procedure, order: str = "steps") -> dict:
    """PM4Py's fit per case against the engine's step checks, case for case (untimed).

    The engine's counterpart of a fitting trace: every required step check passes (the step was
    done) and no order check fails. Returns the counts that explain the trace count and the
    agreement table. Where the origin is unknown the engine cannot tell which intake steps were
    required (its checks say unknown) while the tree's choice accepts either branch: those cases
    fit in PM4Py only (``only_pm4py_origin_unknown``)."""
    import pm4py

    from netralitas_study.conformance.engine import compliance_checks

    log = replay_log(events, order)
    in_model = set(proc.required_steps)
    el = pm4py.convert_to_event_log(pm4py.format_dataframe(
        log, case_id="case:concept:name", activity_key="concept:name", timestamp_key="time:timestamp"))
    net, im, fm = pm4py.convert_to_petri_net(pm4py.parse_process_tree(process_tree(proc)))
    replayed = pm4py.conformance_diagnostics_token_based_replay(el, net, im, fm,
                                                                 opt_parameters={"show_progress_bar": False})
    fit = pd.Series([bool(r["trace_is_fit"]) for r in replayed],
                    index=[str(t.attributes["concept:name"]) for t in el])
    checks = compliance_checks(cases, events, proc)
    steps_ok = checks[checks["check"].eq("step")].groupby("case_id")["result"].agg(lambda r: r.eq("pass").all())
    order_bad = checks[checks["check"].eq("order")].groupby("case_id")["result"].agg(lambda r: r.eq("fail").any())
    engine = steps_ok & ~order_bad.reindex(steps_ok.index, fill_value=False)
    engine.index = engine.index.astype(str)
    pm = fit.reindex(engine.index, fill_value=False)  # a case with no trace does not fit
    modelled = log[log["concept:name"].isin(in_model)]["case:concept:name"].astype(str).nunique()
    origin = cases.set_index(cases["case_id"].astype(str))["origin"].astype(str).reindex(engine.index)
    unknown_origin = ~origin.isin(["temuan", "laporan"])
    return {"order": order, "cases": len(cases), "traces": len(fit),
            "cases_without_a_step_done": len(cases) - len(fit),
            "traces_without_a_modelled_step": len(fit) - modelled,
            "pm4py_fit": int(fit.sum()), "engine_steps_fit": int(engine.sum()),
            "both_fit": int((pm & engine).sum()), "only_pm4py": int((pm & ~engine).sum()),
            "only_engine": int((~pm & engine).sum()),
            "only_pm4py_origin_unknown": int((pm & ~engine & unknown_origin).sum())}
