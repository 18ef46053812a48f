"""The benchmarks' per-case loop implements the same rules as the library: same verdicts."""

import importlib.util
from pathlib import Path

import pytest

from netralitas_study.conformance import engine as compliance
from netralitas_study.maintainers import synthetic
from netralitas_study.norms.procedures import load_procedure, procedure_ids

spec = importlib.util.spec_from_file_location("baseline", Path(__file__).parents[1] / "benchmarks" / "baseline.py")
baseline = importlib.util.module_from_spec(spec)
spec.loader.exec_module(baseline)


@pytest.mark.parametrize("pid", procedure_ids())
def test_loop_baseline_agrees_with_the_vectorised_engine(pid):
    data = synthetic.generate(1500, seed=11)
    proc = load_procedure(pid)
    fast = compliance.compliance(data["cases"], data["events"], proc).set_index("case_id")["verdict"].to_dict()
    assert baseline.verdicts(data["cases"], data["events"], proc) == fast
    assert len(set(fast.values())) >= 2  # the sample exercises more than one verdict


def test_synthetic_logs_are_labelled_and_valid():
    from netralitas_study.validate.rules import validate_tables

    data = synthetic.generate(300, seed=3)
    assert data["cases"]["case_id"].str.startswith("SYNTH-").all()
    assert data["events"]["notes"].eq("synthetic").all()
    assert "SYNTHETIC" in data["sources"]["title"].iloc[0]
    assert validate_tables(data).empty
    again = synthetic.generate(300, seed=3)
    assert all(again[t].equals(data[t]) for t in data)  # seeded: the same log every time


@pytest.mark.parametrize("pid", procedure_ids())
def test_loop_baseline_agrees_on_the_shipped_data_with_publication_dates(shipped, pid):
    from netralitas_study.conformance.state import with_source_dates

    events = with_source_dates(shipped["events"], shipped["sources"])
    fast = compliance.compliance(shipped["cases"], events, pid).set_index("case_id")["verdict"].to_dict()
    assert baseline.verdicts(shipped["cases"], events, load_procedure(pid)) == fast


def test_loop_baseline_agrees_with_every_scenario():
    import test_scenarios as scenarios

    for spec, sc in scenarios.SCENARIOS:
        norm = sc.get("norm", spec["procedure"])
        if norm == "in_force":
            continue
        cases, events, _ = scenarios.tables(spec, sc)
        assert baseline.verdicts(cases, events, load_procedure(norm))[cases["case_id"].iloc[0]] == \
            sc["expect"]["verdict"], sc["id"]
