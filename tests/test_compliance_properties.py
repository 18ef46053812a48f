"""Invariants of the compliance metrics, on randomly generated cases.

Each example is a batch of cases judged in one call (cases are judged independently, which
the last property checks), so that many cases are covered at modest cost.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import case, tables
from netralitas_study import compliance
from netralitas_study.procedures import load_procedure, procedure_ids

PROCEDURES = {pid: load_procedure(pid) for pid in procedure_ids()}
EXTRA_ANCHORS = ["informasi_awal", "penelusuran"]

dates = st.dates(dt.date(2024, 1, 1), dt.date(2024, 12, 31)).map(dt.date.isoformat)
step_state = st.one_of(
    st.none(),                                            # not reported: no event
    st.tuples(st.just("occurred"), dates),
    st.tuples(st.just("occurred"), st.just("not_reported")),
    st.tuples(st.just("not_occurred"), st.just("not_reported")),
)


@st.composite
def batch(draw, max_cases: int = 12):
    """(procedure id, case rows, event tuples) for up to ``max_cases`` random cases."""
    pid = draw(st.sampled_from(sorted(PROCEDURES)))
    steps = list(PROCEDURES[pid].steps["step"]) + EXTRA_ANCHORS
    rows, events = [], []
    for i in range(draw(st.integers(1, max_cases))):
        cid = f"C{i}"
        rows.append(case(cid, origin=draw(st.sampled_from(["temuan", "laporan", "unknown"])),
                         recipient=draw(st.sampled_from(["kasn", "bkn", "not_reported"]))))
        for step in steps:
            state = draw(step_state)
            if state is not None:
                events.append((cid, step, *state))
    return pid, rows, events


def verdicts(pid, rows, events):
    cases, ev = tables(rows, events)
    return compliance.compliance(cases, ev, PROCEDURES[pid]).set_index("case_id")["verdict"]


def failures(pid, rows, events):
    cases, ev = tables(rows, events)
    checks = compliance.compliance_checks(cases, ev, PROCEDURES[pid])
    return set(map(tuple, checks.loc[checks["result"].eq("fail"), ["case_id", "check", "item"]].to_numpy()))


common = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@common
@given(batch())
def test_dropping_an_optional_step_never_changes_the_verdict(b):
    pid, rows, events = b
    optional = set(PROCEDURES[pid].steps.loc[~PROCEDURES[pid].steps["required"], "step"])
    kept = [e for e in events if e[1] not in optional]
    assert verdicts(pid, rows, kept).equals(verdicts(pid, rows, events))


@common
@given(batch(), st.data())
def test_supplying_a_missing_required_step_never_makes_a_case_less_conformant(b, data):
    pid, rows, events = b
    supplied = list(events)
    for row in rows:
        done = {e[1] for e in events if e[0] == row["case_id"] and e[2] == "occurred"}
        missing = [x for x in PROCEDURES[pid].required_steps if x not in done]
        if missing:
            step = data.draw(st.sampled_from(missing))
            supplied = [e for e in supplied if (e[0], e[1]) != (row["case_id"], step)]
            supplied.append((row["case_id"], step, "occurred", "not_reported"))
    before = verdicts(pid, rows, events).map(compliance.VERDICT_RANK)
    after = verdicts(pid, rows, supplied).map(compliance.VERDICT_RANK)
    assert (after >= before).all()


@common
@given(batch(), st.data())
def test_forgetting_dates_never_creates_a_breach(b, data):
    pid, rows, events = b
    forget = data.draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
    blurred = [(*e[:3], "not_reported") if f else e for e, f in zip(events, forget)]
    assert failures(pid, rows, blurred) <= failures(pid, rows, events)


@common
@given(batch())
def test_verdict_is_decided_by_failures_then_unknowns(b):
    pid, rows, events = b
    cases, ev = tables(rows, events)
    checks = compliance.compliance_checks(cases, ev, PROCEDURES[pid])
    got = compliance.compliance(cases, ev, PROCEDURES[pid]).set_index("case_id")["verdict"]
    for cid, verdict in got.items():
        results = set(checks.loc[checks["case_id"].eq(cid), "result"])
        expected = ("non-conformant" if "fail" in results else
                    "indeterminate" if "unknown" in results else "conformant")
        assert verdict == expected, cid


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch(max_cases=4))
def test_cases_are_judged_independently(b):
    pid, rows, events = b
    together = verdicts(pid, rows, events)
    for row in rows:
        alone = verdicts(pid, [row], [e for e in events if e[0] == row["case_id"]])
        assert alone[row["case_id"]] == together[row["case_id"]]
