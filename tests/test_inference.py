"""Inference rules: data checked by a schema, applied at analysis time, never over a stated event."""

import json

import pandas as pd
import pytest

from builders import case, tables
from netralitas_study.evidence import inference
from netralitas_study.codebook.package import DEFAULT_DATA

RULE = "forwarded-other-law-no-hearing"


def forwarded(case_id="C1", recipient="kasn", election_type="pemilu", year=2024, extra=()):
    c = {**case(case_id, recipient=recipient, election_type=election_type), "election_year": year}
    return tables([c], [(case_id, "kajian", "occurred", "not_reported"),
                        (case_id, "penerusan", "occurred", "not_reported"), *extra])


def shipped_spec() -> dict:
    return json.loads(json.dumps(inference.load_rules().raw))


def test_shipped_rules_validate_and_cite_the_brief():
    rules = inference.load_rules().rules
    rule = next(r for r in rules if r.id == RULE)
    assert {"S9", "S45", "S92", "S108"} <= set(rule.source_keys)
    assert {(a["election_type"], a["election_year"]) for a in rule.applies_to} == {
        ("pemilu", 2019), ("pilkada", 2020), ("pemilu", 2024), ("pilkada", 2024)}
    assert rule.conclusion[0] == {"step": "sidang_ajudikasi", "status": "not_occurred"}


@pytest.mark.parametrize("perturb, message", [
    (lambda s: s["rules"][0].pop("basis"), "'basis' is a required property"),
    (lambda s: s["rules"][0]["basis"].update(sources=[]), "should be non-empty"),
    (lambda s: s["rules"][0]["conclusion"][0].update(step="sidang_rahasia"), "'sidang_rahasia' is not a step code"),
    (lambda s: s["rules"][0]["premise"].update(recipient_any=["kasnn"]), "'kasnn' is not a code"),
    (lambda s: s["rules"].append(s["rules"][0]), "duplicate rule id"),
    (lambda s: s["rules"][0].update(version="1"), "does not match"),
])
def test_a_broken_rules_file_is_refused_with_its_problem(tmp_path, perturb, message):
    spec = shipped_spec()
    perturb(spec)
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(inference.RuleError, match=message):
        inference.load_rules(path)


def test_rule_fires_on_a_forwarded_case_and_marks_the_rows_inferred():
    cases, events = forwarded()
    out = inference.apply_rules(cases, events)
    added = out[out["evidence"].eq("inferred")]
    assert set(added["step"]) == {"sidang_ajudikasi", "putusan_ajudikasi"}
    assert set(added["status"]) == {"not_occurred"}
    assert set(added["rule"]) == {f"{RULE}@1.0.0"}
    assert out.loc[out["evidence"].eq("stated"), "rule"].eq("").all()
    assert len(out[out["evidence"].eq("stated")]) == len(events)


@pytest.mark.parametrize("recipient, election_type, year, extra", [
    ("employer", "pemilu", 2024, ()),  # not the KASN/BKN route
    ("not_reported", "pemilu", 2024, ()),
    ("kasn", "pilkada", 2018, ()),  # an election the rule does not apply to
    ("kasn", "pemilu", 2024, (("C1", "penerusan", "not_occurred", "not_reported"),)),  # stated not forwarded
])
def test_rule_does_not_fire_when_its_premise_fails(recipient, election_type, year, extra):
    cases, events = forwarded(recipient=recipient, election_type=election_type, year=year, extra=extra)
    if extra:
        events = events[~(events["step"].eq("penerusan") & events["status"].eq("occurred"))]
    out = inference.apply_rules(cases, events)
    assert out["evidence"].eq("stated").all()


def test_a_stated_event_always_wins_over_the_rule():
    cases, events = forwarded(extra=(("C1", "sidang_ajudikasi", "occurred", "2024-02-20"),))
    out = inference.apply_rules(cases, events)
    hearing = out[out["step"].eq("sidang_ajudikasi")]
    assert len(hearing) == 1 and hearing["status"].iloc[0] == "occurred" and hearing["evidence"].iloc[0] == "stated"
    assert out.loc[out["step"].eq("putusan_ajudikasi"), "evidence"].tolist() == ["inferred"]


def test_inferred_values_are_never_written_into_the_coded_tables(shipped):
    events = shipped["events"]
    before = events.copy()
    inference.apply_rules(shipped["cases"], events, shipped["persons"])
    pd.testing.assert_frame_equal(events, before)
    on_disk = pd.read_csv(DEFAULT_DATA / "events.csv", dtype=str)
    assert not on_disk["source_id"].str.startswith("rule:").any()
    assert "evidence" not in on_disk.columns


def test_inferred_evidence_makes_forwarded_cases_non_conformant_under_the_adjudication_route(shipped):
    c, e, p = shipped["cases"], shipped["events"], shipped["persons"]
    stated = inference.judge(c, e, p, "adjudication-route", "stated")
    inferred = inference.judge(c, e, p, "adjudication-route", "inferred")
    n_stated = stated["verdict"].eq("non-conformant").sum()
    n_inferred = inferred["verdict"].eq("non-conformant").sum()
    assert n_inferred > n_stated
    newly = inferred["verdict"].eq("non-conformant") & stated["verdict"].ne("non-conformant")
    assert newly.sum() == n_inferred - n_stated
    assert inferred.loc[newly, "rules_fired"].str.contains(RULE).all()
    assert inferred.loc[newly, "reasons"].str.contains(f"inferred not done (rule {RULE}@", regex=False).all()
    assert stated["rules_fired"].eq("").all()


def test_under_the_legal_norms_the_missing_hearing_changes_no_verdict(shipped):
    c, e, p = shipped["cases"], shipped["events"], shipped["persons"]
    both = inference.compare_evidence(c, e, p, None)
    assert (both["rules_fired"] != "").sum() > 100  # the rule fires ...
    assert not both["changed"].any()  # ... and changes nothing under the norm in force
    for pid in ["perbawaslu-7-2018-pemilu", "perbawaslu-7-2022-pemilu", "perbawaslu-8-2020-pilkada",
                "perbawaslu-9-2024-pilkada"]:
        assert not inference.compare_evidence(c, e, p, pid)["changed"].any(), pid


def test_a_forwarded_case_alone_becomes_non_conformant_under_the_adjudication_route():
    cases, events = forwarded()
    stated = inference.judge(cases, events, None, "adjudication-route", "stated")
    inferred = inference.judge(cases, events, None, "adjudication-route", "inferred")
    assert stated["verdict"].iloc[0] == "indeterminate"
    assert inferred["verdict"].iloc[0] == "non-conformant"
    assert inferred["rules_fired"].iloc[0] == f"{RULE}@1.0.0"


def test_the_legal_norm_test_would_see_a_norm_that_required_a_hearing(tmp_path):
    # perturbation: the Pemilu 2024 norm with a hearing made required; now the rule must bite
    from netralitas_study.io.specs import package_dir

    spec = json.loads((package_dir("norms/procedures") / "perbawaslu-7-2022-pemilu.json").read_text(encoding="utf-8"))
    spec["id"] = "pemilu-with-hearing"
    spec["steps"].append({"step": "sidang_ajudikasi", "required": True, "applies_to_origin": None, "after": [],
                          "deadline": None, "basis": {"citation": "test only", "confirmed": False,
                                                      "sources": [{"key": "S0", "url": "https://example.org"}]}})
    path = tmp_path / "pemilu-with-hearing.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    cases, events = forwarded()
    both = inference.compare_evidence(cases, events, None, str(path))
    assert both["changed"].iloc[0] and both["verdict_inferred"].iloc[0] == "non-conformant"


def test_unknown_evidence_level_is_refused():
    cases, events = forwarded()
    with pytest.raises(ValueError, match="evidence must be one of"):
        inference.judge(cases, events, evidence="guessed")


def _cli_rows(*args):
    import io

    from click.testing import CliRunner

    from netralitas_study.cli import main

    out = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), *args, "--format", "csv"])
    assert out.exit_code == 0, out.output
    return pd.read_csv(io.StringIO(out.stdout), keep_default_na=False)


def test_cli_evidence_inferred_yields_more_non_conformant_cases_each_naming_its_rule():
    stated = _cli_rows("--procedure", "adjudication-route")  # default: stated
    inferred = _cli_rows("--procedure", "adjudication-route", "--evidence", "inferred")
    assert set(stated["evidence"]) == {"stated"} and stated["rules_fired"].eq("").all()
    new = inferred[inferred["verdict"].eq("non-conformant")
                   & ~inferred["case_id"].isin(stated.loc[stated["verdict"].eq("non-conformant"), "case_id"])]
    assert len(new) > 100
    assert new["rules_fired"].str.contains(RULE).all()


def test_cli_evidence_inferred_changes_no_verdict_under_the_norm_in_force():
    stated = _cli_rows()
    inferred = _cli_rows("--evidence", "inferred")
    assert stated["verdict"].tolist() == inferred["verdict"].tolist()
    assert inferred["rules_fired"].ne("").sum() > 100


def test_cli_refuses_rules_without_inferred_evidence_and_a_broken_rules_file(tmp_path):
    from click.testing import CliRunner

    from netralitas_study.cli import main

    rules = tmp_path / "rules.json"
    rules.write_text("{}", encoding="utf-8")
    out = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--rules", str(rules)])
    assert out.exit_code == 2 and "--evidence inferred" in out.output
    out = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--evidence", "inferred", "--rules", str(rules)])
    assert out.exit_code == 2 and "required property" in out.output


def test_the_presumption_of_regularity_is_a_labelled_sensitivity_never_the_default():
    from builders import case, tables
    from netralitas_study.io.specs import package_dir

    path = package_dir("evidence") / "presumption-of-regularity.json"
    cases, events = tables([{**case("C1"), "determination": "pelanggaran", "election_year": 2024}],
                           [("C1", "penerusan", "occurred", "2024-02-16")])
    presumed = inference.apply_rules(cases, events, rules=path)
    assert presumed.query("evidence == 'inferred'")[["step", "status"]].values.tolist() == [["kajian", "occurred"]]
    assert "presumption-of-regularity" not in {r.id for r in inference.load_rules().rules}
    # perturb: no finding of violation, no presumption
    cases["determination"] = "dalam_proses"
    assert inference.apply_rules(cases, events, rules=path).query("evidence == 'inferred'").empty
