"""Invariants of the compliance metrics, on randomly generated cases.

Each example is a batch of cases judged in one call (cases are judged independently, which
the last property checks), so that many cases are covered at modest cost.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget import examples
from builders import case, tables
from netralitas_study.conformance import engine as compliance
from netralitas_study.norms.procedures import load_procedure, procedure_ids

pytestmark = pytest.mark.slow  # run in every test run; with many more examples under -m slow

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


common = settings(max_examples=examples(30), deadline=None, suppress_health_check=[HealthCheck.too_slow])


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


def conformant(pid: str, origin: str, day: dt.date) -> tuple[dict, list[tuple]]:
    """A case handled in full, on ``day``, under ``pid``: every required step (and each deadline's first
    anchor) done that day, forwarded to the recipient in force."""
    proc = PROCEDURES[pid]
    steps = []
    for s in proc.steps.itertuples(index=False):
        if s.required and (not s.applies_to_origin or origin in s.applies_to_origin):
            if s.deadline and not set(s.deadline["from"]) & set(steps):
                steps.append(s.deadline["from"][0])
            steps.append(s.step)
    recipient = "kasn" if day <= dt.date(2024, 8, 23) else "bkn"
    events = [("C0", step, "occurred", day.isoformat()) for step in dict.fromkeys(steps)]
    row = {**case("C0", origin=origin, recipient=recipient, election_type=proc.election_type or "pemilu"),
           "determination": "pelanggaran"}  # a violation found: every conditional duty is owed
    return row, events


legal_days = st.one_of(st.dates(dt.date(2019, 1, 1), dt.date(2024, 8, 23)),
                       st.dates(dt.date(2024, 9, 4), dt.date(2026, 12, 31)))
perturbable = st.tuples(st.sampled_from(sorted(PROCEDURES)), st.sampled_from(["temuan", "laporan"]), legal_days)


def _one(pid, row, events):
    return verdicts(pid, [row], events)["C0"]


@common
@given(perturbable)
def test_a_case_handled_in_full_and_on_time_is_conformant(b):
    pid, origin, day = b
    assert _one(pid, *conformant(pid, origin, day)) == "conformant"


@common
@given(perturbable, st.data())
def test_each_perturbation_of_a_conformant_case_has_its_own_verdict(b, data):
    pid, origin, day = b
    row, events = conformant(pid, origin, day)
    required = [e for e in events if e[1] in PROCEDURES[pid].required_steps]
    target = data.draw(st.sampled_from(required))
    others = [e for e in events if e != target]
    # not reported, or only planned: indeterminate, never a breach
    assert _one(pid, row, others) == "indeterminate"
    assert _one(pid, row, [*others, (target[0], target[1], "planned", "not_reported")]) == "indeterminate"
    # stated not done: a breach, except a duty the law leaves contestable (Pemilu forwarding: 'dan/atau')
    given = PROCEDURES[pid].steps.set_index("step").at[target[1], "given"]
    contestable = isinstance(given, dict) and given["values"].get("pelanggaran") == "contestable"
    assert _one(pid, row, [*others, (target[0], target[1], "not_occurred", "not_reported")]) == (
        "indeterminate" if contestable else "non-conformant")
    # done but undated: whatever depended on the date becomes unknown, never a breach
    undated = _one(pid, row, [*others, (*target[:3], "not_reported")])
    assert undated in ("indeterminate", "conformant")
    # forwarded to the body not in force on the forwarding date: a breach
    swapped = {**row, "recipient": "bkn" if row["recipient"] == "kasn" else "kasn"}
    assert _one(pid, swapped, events) == "non-conformant"
    # a deadline step sixty days late: a breach (past every reading and extension)
    deadlines = [e for e in required if PROCEDURES[pid].steps.set_index("step").at[e[1], "deadline"]]
    if deadlines:
        late = data.draw(st.sampled_from(deadlines))
        moved = (dt.date.fromisoformat(late[3]) + dt.timedelta(days=60)).isoformat()
        assert _one(pid, row, [e if e != late else (*e[:3], moved) for e in events]) == "non-conformant"


@settings(max_examples=examples(15), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch(max_cases=4))
def test_cases_are_judged_independently(b):
    pid, rows, events = b
    together = verdicts(pid, rows, events)
    for row in rows:
        alone = verdicts(pid, [row], [e for e in events if e[0] == row["case_id"]])
        assert alone[row["case_id"]] == together[row["case_id"]]
