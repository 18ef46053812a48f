"""explain: the one place reasons are worded; gaps and inference read codes, so rewording changes none of their results."""

import pandas as pd
import pytest

from builders import case, tables
from netralitas_study.conformance import explain
from netralitas_study.conformance.engine import compliance, compliance_checks
from netralitas_study.evidence import gaps, inference
from netralitas_study.maintainers import synthetic


def reworded() -> dict:
    """Every reason text in every language changed (fields kept, so it still renders)."""
    return {code: {lang: f"REWORDED<{t}>".replace("the date", "DATE").replace("not reported", "MISSING")
                   .replace("handover", "HANDOFF").replace("additional information", "MORE INFO")
                   for lang, t in words.items()} for code, words in explain.REASONS.items()}


def results(shipped):
    cases, events, persons = shipped["cases"], shipped["events"], shipped.get("persons")
    items = gaps.case_items(cases, events, persons).drop(columns="why")
    inferred = inference.judge(cases, events, persons, evidence="inferred")
    return items, inferred.drop(columns="reasons"), inference.compare_evidence(cases, events, persons)


def test_rewording_every_reason_changes_no_gaps_or_inference_result(shipped, monkeypatch):
    before = results(shipped)
    reasons_before = compliance(shipped["cases"], shipped["events"])["reasons"]
    monkeypatch.setattr(explain, "REASONS", reworded())
    after = results(shipped)
    for b, a in zip(before, after):
        pd.testing.assert_frame_equal(b, a)
    # the perturbation took effect: the reasons themselves did change
    assert compliance(shipped["cases"], shipped["events"])["reasons"].ne(reasons_before).any()


def test_rewording_changes_no_gaps_item_on_a_synthetic_log(monkeypatch):
    data = synthetic.generate(400, seed=2)
    before = gaps.case_items(data["cases"], data["events"]).drop(columns="why")
    monkeypatch.setattr(explain, "REASONS", reworded())
    pd.testing.assert_frame_equal(before, gaps.case_items(data["cases"], data["events"]).drop(columns="why"))


def test_reasons_are_bilingual_and_agree_with_the_engine():
    cases, events = tables([case("C1", recipient="bkn")], [
        ("C1", "informasi_awal", "occurred", "2024-02-05"), ("C1", "penetapan_temuan", "occurred", "2024-02-09"),
        ("C1", "kajian", "occurred", "2024-03-15"), ("C1", "penerusan", "occurred", "2024-03-18")])
    checks = compliance_checks(cases, events, "perbawaslu-7-2022-pemilu")
    assert explain.reasons(checks, "en").tolist() == checks["detail"].tolist()
    indonesian = explain.reasons(checks, "id")
    assert indonesian.str.contains("hari kalender setelah").any() and not indonesian.eq(checks["detail"]).all()
    verdicts = compliance(cases, events, "perbawaslu-7-2022-pemilu").set_index("case_id")
    assert explain.case_reasons(checks, verdicts["verdict"]).tolist() == verdicts["reasons"].tolist()
    in_id = compliance(cases, events, "perbawaslu-7-2022-pemilu", lang="id")["reasons"].iloc[0]
    assert in_id == explain.case_reasons(checks, verdicts["verdict"], "id").iloc[0]
    assert in_id.startswith("tenggat kajian") and "padahal kasn yang berlaku" in in_id
    with pytest.raises(ValueError):
        explain.text("step.done", "fr")


def test_every_reason_code_is_worded_in_both_languages_with_the_same_fields():
    for code, words in explain.REASONS.items():
        assert set(words) == set(explain.LANGS), code
        fields = [sorted(f for _, f, _, _ in __import__("string").Formatter().parse(t) if f) for t in words.values()]
        assert fields[0] == fields[1], code
    assert explain.verdict_label("non-conformant", "id") == "tidak sesuai"
    assert "terstruktur" in explain.structure_rule("x", "id")
