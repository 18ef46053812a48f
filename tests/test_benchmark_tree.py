"""The PM4Py process tree of the benchmark encodes each procedure's required steps and their order."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from builders import case, tables
from netralitas_study.norms.procedures import load_procedure, procedure_ids

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
spec = importlib.util.spec_from_file_location("pm4py_tree", Path(__file__).parents[1] / "benchmarks" / "pm4py_tree.py")
pm4py_tree = importlib.util.module_from_spec(spec)
spec.loader.exec_module(pm4py_tree)


@pytest.mark.parametrize("pid", procedure_ids())
def test_the_tree_holds_every_required_step_once_in_the_procedures_order(pid):
    proc = load_procedure(pid)
    tree = pm4py_tree.process_tree(proc)
    leaves = re.findall(r"'([a-z_]+)'", tree)
    assert sorted(leaves) == sorted(proc.required_steps)  # no optional step, none twice
    for s in proc.steps.itertuples(index=False):
        for pred in s.after:
            assert leaves.index(pred) < leaves.index(s.step)
    if proc.steps["applies_to_origin"].notna().any():
        assert tree.startswith("->( X( ")  # the origin's intake steps are a choice


def test_pm4py_replays_a_conformant_finding_as_fit_and_a_reversed_one_as_unfit():
    pm4py = pytest.importorskip("pm4py")
    _, events = tables([case("OK"), case("BAD")], [
        ("OK", "penetapan_temuan", "occurred", "2024-02-09"), ("OK", "kajian", "occurred", "2024-02-15"),
        ("OK", "penerusan", "occurred", "2024-02-16"), ("OK", "pleno", "occurred", "2024-02-16"),
        ("BAD", "penetapan_temuan", "occurred", "2024-02-09"), ("BAD", "penerusan", "occurred", "2024-02-10"),
        ("BAD", "kajian", "occurred", "2024-02-15"),
    ])
    events["actor"] = "bawaslu_kabkota"
    log = pm4py.format_dataframe(pm4py_tree.replay_log(events), case_id="case:concept:name",
                                 activity_key="concept:name", timestamp_key="time:timestamp")
    net, im, fm = pm4py.convert_to_petri_net(
        pm4py.parse_process_tree(pm4py_tree.process_tree(load_procedure("perbawaslu-7-2022-pemilu"))))
    fit = {r["trace_is_fit"] for r in pm4py.conformance_diagnostics_token_based_replay(
        log, net, im, fm, opt_parameters={"show_progress_bar": False})}
    assert fit == {True, False}


def test_fair_log_fits_where_the_engine_finds_every_step_and_the_counts_add_up():
    pytest.importorskip("pm4py")
    cases, events = tables([case("OK"), case("LATE"), case("NONE"), case("ORIG", origin="unknown")], [
        ("OK", "penetapan_temuan", "occurred", "2024-02-09"), ("OK", "kajian", "occurred", "2024-02-15"),
        ("OK", "penerusan", "occurred", "2024-02-16"),
        # kajian undated: last by date (no fit), in its place by the procedure's order (fit)
        ("LATE", "penetapan_temuan", "occurred", "2024-02-09"), ("LATE", "kajian", "occurred", "not_reported"),
        ("LATE", "penerusan", "occurred", "2024-02-16"),
        ("NONE", "kajian", "not_occurred", "not_reported"),  # nothing done: no trace
        ("ORIG", "penetapan_temuan", "occurred", "2024-02-09"), ("ORIG", "kajian", "occurred", "2024-02-15"),
        ("ORIG", "penerusan", "occurred", "2024-02-16"),
    ])
    events["actor"] = "bawaslu_kabkota"
    proc = load_procedure("perbawaslu-7-2022-pemilu")
    fair = pm4py_tree.reconcile(cases, events, proc, "steps")
    by_date = pm4py_tree.reconcile(cases, events, proc, "date")
    assert (fair["cases"], fair["traces"], fair["cases_without_a_step_done"]) == (4, 3, 1)
    assert fair["engine_steps_fit"] == by_date["engine_steps_fit"] == 2  # OK and LATE
    assert (fair["both_fit"], fair["only_engine"]) == (2, 0)
    assert (by_date["both_fit"], by_date["only_engine"]) == (1, 1)  # LATE falls out of order by date
    assert fair["only_pm4py"] == fair["only_pm4py_origin_unknown"] == 1  # ORIG: the tree's choice takes either
