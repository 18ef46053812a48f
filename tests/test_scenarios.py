"""The law's behaviour as scenarios: one runner for every ``norms/scenarios/<procedure>.yaml``.

Each scenario gives a case (minimal columns; the runner fills the defaults below), its events and
persons, and the norm to judge it under (the file's procedure, another id, or ``in_force``), and
expects the verdict and, for each check it lists, the result and reason code. A scenario also
says which legal source it encodes. Expected checks are the complete list of checks the case
gives: a check appearing or vanishing fails the scenario.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from netralitas_study.io.specs import package_dir

CASE_DEFAULTS = {"case_id": "S1", "origin": "temuan", "recipient": "kasn", "sanctioned": "not_reported",
                 "election_type": "pemilu", "election_year": 2024, "province": "15",
                 "determination": "not_reported"}


def scenario_files() -> list[Path]:
    return sorted(Path(package_dir("norms/scenarios")).glob("*.yaml"))


def load_all() -> list[tuple[dict, dict]]:
    out = []
    for path in scenario_files():
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        out += [(spec, sc) for sc in spec["scenarios"]]
    return out


def tables(spec: dict, sc: dict) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    case = {**CASE_DEFAULTS, **(spec.get("defaults") or {}), **(sc.get("case") or {})}
    # an event: [step, status, date (or null), publication date of its source (optional)]
    events = pd.DataFrame([{"event_id": f"E{i}", "case_id": case["case_id"], "step": str(e[0]), "status": str(e[1]),
                            "date": str(e[2]) if len(e) > 2 and e[2] is not None else "not_reported",
                            "published": pd.Timestamp(str(e[3])) if len(e) > 3 and e[3] is not None else pd.NaT}
                           for i, e in enumerate(sc.get("events") or [])],
                          columns=["event_id", "case_id", "step", "status", "date", "published"])
    persons = None
    if sc.get("persons"):
        persons = pd.DataFrame([{"person_id": f"P{i}", "case_id": case["case_id"], "status": s}
                                for i, s in enumerate(sc["persons"])])
    return pd.DataFrame([case]), events, persons


def run_scenario(spec: dict, sc: dict):
    """(the compliance row, the checks table, extras such as the structure) for one scenario."""
    from netralitas_study.conformance.engine import compliance, compliance_checks
    from netralitas_study.conformance.tables import classify_structure

    cases, events, _ = tables(spec, sc)
    norm = sc.get("norm", spec["procedure"])
    proc = None if norm == "in_force" else norm
    result = compliance(cases, events, proc).iloc[0]
    checks = compliance_checks(cases, events, proc)
    extra = {}
    if "structure" in (sc.get("expect") or {}):
        extra["structure"] = classify_structure(cases, events, proc)["structure"].iloc[0]
    return result, checks, extra


SCENARIOS = load_all()


def test_every_scenario_cites_its_source_and_has_a_stable_unique_id():
    ids = [sc["id"] for _, sc in SCENARIOS]
    assert len(ids) == len(set(ids)) and len(ids) >= 40
    for spec, sc in SCENARIOS:
        assert sc.get("title") and sc.get("source"), sc["id"]
        assert sc["id"].startswith(spec["prefix"]), sc["id"]


def test_scenarios_cover_every_check_kind_reason_and_verdict():
    from netralitas_study.conformance.explain import REASON_CODES

    verdicts = {sc["expect"]["verdict"] for _, sc in SCENARIOS}
    assert verdicts >= {"conformant", "indeterminate", "non-conformant", "not_applicable"}
    reasons = {c[3] for _, sc in SCENARIOS for c in sc["expect"].get("checks", [])}
    every = {r for codes in REASON_CODES.values() for r in codes}
    assert every <= reasons, sorted(every - reasons)
    assert {sc["expect"]["structure"] for _, sc in SCENARIOS if "structure" in sc["expect"]} >= {
        "structured", "unstructured", "undetermined"}


@pytest.mark.parametrize("spec,sc", SCENARIOS, ids=[sc["id"] for _, sc in SCENARIOS])
def test_scenario(spec, sc):
    result, checks, extra = run_scenario(spec, sc)
    exp = sc["expect"]
    assert result["verdict"] == exp["verdict"], result["reasons"]
    if "procedure" in exp:
        got = None if pd.isna(result["procedure"]) else result["procedure"]
        assert got == exp["procedure"], result["norm_note"]
    if "norm_note" in exp:
        assert exp["norm_note"] in result["norm_note"]
    if "checks" in exp:
        got = [[c.check, c.item, c.result, c.reason, c.bound] for c in checks.itertuples()]
        assert got == [list(map(str, c)) for c in exp["checks"]]
    if "structure" in exp:
        assert extra["structure"] == exp["structure"]
    if "flags" in exp:
        assert set(filter(None, str(result["flags"]).split("; "))) == set(exp["flags"]), result["flags"]


def test_none_sanctioned_needs_every_person_not_sanctioned():
    """Outcomes: 'none' only when every person is not sanctioned (or annulled); one pending leaves it unknown."""
    from netralitas_study.analysis.outcomes import case_outcomes

    cases = pd.DataFrame([{"case_id": "S1"}])

    def outcome(*statuses: str) -> str:
        persons = pd.DataFrame([{"case_id": "S1", "status": s} for s in statuses])
        return case_outcomes(cases, persons)["sanctioned"].iloc[0]

    assert outcome("not_sanctioned", "not_sanctioned") == "none"
    assert outcome("not_sanctioned", "annulled") == "none"
    assert outcome("not_sanctioned", "pending") == "unknown"
    assert outcome("not_sanctioned", "not_reported") == "unknown"
    assert outcome("imposed", "not_sanctioned") == "some"
    assert outcome("imposed", "imposed") == "all"
