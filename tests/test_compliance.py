import pandas as pd

from builders import case, tables, temuan_pemilu
from netralitas_study.conformance import engine as compliance
from netralitas_study import load
from netralitas_study.codebook.package import DEFAULT_DATA

PEMILU = "perbawaslu-7-2022-pemilu"


def verdict(cases, events, procedure=PEMILU):
    return compliance.compliance(cases, events, procedure).set_index("case_id")


def test_fully_documented_case_on_time_is_conformant():
    r = verdict(*temuan_pemilu())
    assert r.loc["C1", "verdict"] == "conformant"
    assert r.loc["C1", "checks_failed"] == r.loc["C1", "checks_unknown"] == 0
    assert r.loc["C1", "days_to_forwarding"] == 11  # 5 Feb -> 16 Feb, reported and never judged


def test_kajian_past_seven_days_within_the_extension_is_indeterminate_and_past_it_fails():
    # 14 working days after Fri 9 Feb 2024 (election day 14 Feb not counted) is Fri 1 Mar
    r = verdict(*temuan_pemilu(kajian="2024-03-01", penerusan="2024-03-04"))
    assert r["verdict"].iloc[0] == "indeterminate"
    assert "conformant only if additional information was needed" in r["reasons"].iloc[0]
    r = verdict(*temuan_pemilu(kajian="2024-03-04", penerusan="2024-03-05"))
    assert r["verdict"].iloc[0] == "non-conformant"
    assert "due 2024-02-16 / 2024-02-21" in r["reasons"].iloc[0]


def test_unconfirmed_day_type_breaches_only_when_both_readings_breach():
    # temuan 7 'hari' after Mon 5 Feb: due 12 Feb (calendar) or 16 Feb (working: 8 and 10 Feb are holidays)
    split = verdict(*temuan_pemilu(temuan="2024-02-13"))
    assert split["verdict"].iloc[0] == "indeterminate"
    assert "late under one reading of the day type only" in split["reasons"].iloc[0]
    both = verdict(*temuan_pemilu(temuan="2024-02-19", kajian="2024-02-20", penerusan="2024-02-21"))
    assert both["verdict"].iloc[0] == "non-conformant"


def test_pilkada_counts_three_plus_two_days_from_receipt_on_both_day_type_readings():
    pilkada = "perbawaslu-8-2020-pilkada"
    on_day = lambda day: verdict(*temuan_pemilu(kajian=day, penerusan="2024-02-20"), pilkada)  # noqa: E731
    assert on_day("2024-02-12")["verdict"].iloc[0] == "conformant"  # 3 calendar days after 9 Feb
    assert on_day("2024-02-14")["verdict"].iloc[0] == "indeterminate"  # day 5: only with more information
    # day 6 calendar is past 3 + 2, but not on working days (the day type is unconfirmed): open
    assert on_day("2024-02-15")["verdict"].iloc[0] == "indeterminate"
    assert on_day("2024-02-26")["verdict"].iloc[0] == "non-conformant"  # past 3 + 2 on both readings
    assert on_day("2024-02-15")["norm_note"].iloc[0].startswith("perbawaslu-8-2020-pilkada is a norm for pilkada")


def test_anchor_is_the_earliest_dated_listed_step_so_an_undated_one_changes_nothing():
    cases, events = temuan_pemilu()
    before = verdict(cases, events)
    undated = pd.DataFrame([{"event_id": "EX", "case_id": "C1", "step": "registrasi", "status": "occurred",
                             "date": "not_reported"}])
    after = verdict(cases, pd.concat([events, undated], ignore_index=True))
    assert before["verdict"].iloc[0] == after["verdict"].iloc[0] == "conformant"


def test_unknown_date_is_neither_compliance_nor_breach():
    cases, events = temuan_pemilu(kajian="not_reported")
    r = verdict(cases, events)
    assert r.loc["C1", "verdict"] == "indeterminate"
    assert r.loc["C1", "checks_failed"] == 0
    assert "the date of kajian is not reported" in r.loc["C1", "reasons"]


def test_a_planned_step_is_never_done():
    cases, events = temuan_pemilu()
    events.loc[events["step"].eq("penerusan"), "status"] = "planned"
    r = verdict(cases, events)
    assert r.loc["C1", "verdict"] == "indeterminate"
    assert "step penerusan: only planned or scheduled" in r.loc["C1", "reasons"]


def test_order_violation_is_non_conformant():
    r = verdict(*temuan_pemilu(kajian="2024-03-01", penerusan="2024-02-28"))
    assert r["verdict"].iloc[0] == "non-conformant"
    assert "penerusan dated before kajian" in r["reasons"].iloc[0]


def test_recipient_must_be_the_one_in_force_on_the_forwarding_date():
    def judged(day, to):
        cases, events = temuan_pemilu(penerusan=day, recipient=to)
        checks = compliance.compliance_checks(cases, events, PEMILU)
        row = checks.query("check == 'recipient'")
        return row["result"].item(), row["detail"].item()

    assert judged("2024-08-23", "kasn")[0] == "pass"
    assert judged("2024-08-23", "bkn")[0] == "fail"
    assert judged("2024-09-04", "bkn")[0] == "pass"
    assert judged("2024-09-04", "kasn")[0] == "fail"
    result, detail = judged("2024-08-26", "bkn")  # in the handover gap
    assert result == "unknown" and "handover" in detail
    result, detail = judged("not_reported", "kasn")
    assert result == "unknown" and detail.startswith("the forwarding date is not reported")
    result, detail = judged("2024-08-23", "not_reported")
    assert result == "unknown" and detail == "the recipient is not reported"


def test_a_case_forwarded_to_two_bodies_passes_when_one_is_in_force():
    cases, events = temuan_pemilu(penerusan="2024-02-16", recipient="kasn|lainnya")
    assert verdict(cases, events)["verdict"].iloc[0] == "conformant"


def test_required_step_stated_not_done_fails_but_not_reported_is_unknown():
    cases, events = tables([case("A"), case("B")], [
        ("A", "penetapan_temuan", "occurred", "not_reported"), ("A", "kajian", "not_occurred", "not_reported"),
        ("B", "penetapan_temuan", "occurred", "not_reported"),
    ])
    r = verdict(cases, events)
    assert r.loc["A", "verdict"] == "non-conformant" and "step kajian: stated not done" in r.loc["A", "reasons"]
    assert r.loc["B", "verdict"] == "indeterminate" and "step kajian: not reported" in r.loc["B", "reasons"]


def test_origin_decides_which_intake_steps_apply():
    cases, events = tables([case("T", origin="temuan"), case("L", origin="laporan"), case("U", origin="unknown")],
                           [(c, "penerimaan_laporan", "not_occurred", "not_reported") for c in "TLU"])
    checks = compliance.compliance_checks(cases, events, PEMILU)
    got = checks[(checks["check"] == "step") & (checks["item"] == "penerimaan_laporan")].set_index("case_id")["result"]
    assert "T" not in got.index  # does not apply to a finding
    assert got["L"] == "fail"
    assert got["U"] == "unknown"  # may or may not apply: never a breach


def test_case_without_events_is_indeterminate_not_dropped():
    cases, events = tables([case("A"), case("EMPTY")], [("A", "kajian", "occurred", "2024-03-01")])
    r = verdict(cases, events)
    assert list(r.index) == ["A", "EMPTY"]
    assert r.loc["EMPTY", "verdict"] == "indeterminate"


def test_thesis_cases_change_verdict_with_the_norm():
    t = load(DEFAULT_DATA)
    recommended = ["JMB-PM24-T1", "JMB-PM24-T2", "JMB-PM24-T3"]
    adj = verdict(t["cases"], t["events"], "adjudication-route").loc[recommended, "verdict"]
    pem = verdict(t["cases"], t["events"], PEMILU).loc[recommended, "verdict"]
    assert (adj == "non-conformant").all()
    assert not (pem == "non-conformant").all()
    structure = compliance.classify_structure(t["cases"], t["events"], "adjudication-route").set_index("case_id")
    assert (structure.loc[recommended, "structure"] == "unstructured").all()
    assert structure["rule"].str.contains("adjudication-route").all()


def test_summary_is_tidy_with_n_and_exact_intervals():
    cases, events = tables([case("A"), case("B", province="16")],
                           [("A", "kajian", "not_occurred", "not_reported")])
    result = compliance.compliance(cases, events, PEMILU)
    s = compliance.summarise(result, cases, "province")
    assert set(s.columns) >= {"province", "verdict", "count", "n", "wilson_low", "exact_low", "exact_high"}
    row = s[(s["province"] == "15") & (s["verdict"] == "non-conformant")].iloc[0]
    assert (row["count"], row["n"]) == (1, 1)
    assert s.groupby("province")["count"].sum().tolist() == [1, 1]
