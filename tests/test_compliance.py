import pandas as pd

from builders import case, tables, temuan_pemilu
from netralitas_study import compliance
from netralitas_study.package import DEFAULT_DATA, read_package

PEMILU = "perbawaslu-7-2022-pemilu"


def verdict(cases, events, procedure=PEMILU):
    return compliance.compliance(cases, events, procedure).set_index("case_id")


def test_fully_documented_case_on_time_is_conformant():
    r = verdict(*temuan_pemilu())
    assert r.loc["C1", "verdict"] == "conformant"
    assert r.loc["C1", "checks_failed"] == r.loc["C1", "checks_unknown"] == 0


def test_deadline_counts_working_days_around_the_election_holiday():
    # kajian 14 working days after the temuan (election day 14 Feb not counted): met
    assert verdict(*temuan_pemilu(kajian="2024-03-01"))["verdict"].iloc[0] == "conformant"
    # one more working day: missed
    r = verdict(*temuan_pemilu(kajian="2024-03-04", penerusan="2024-03-05"))
    assert r["verdict"].iloc[0] == "non-conformant"
    assert "15 of 14 working days" in r["reasons"].iloc[0]


def test_same_dates_under_the_pilkada_norm_use_calendar_days():
    cases, events = temuan_pemilu(kajian="2024-02-13", penerusan="2024-02-15")
    assert verdict(cases, events, "uu-10-2016-pilkada")["verdict"].iloc[0] == "conformant"  # 4 calendar days
    cases, events = temuan_pemilu(kajian="2024-02-15", penerusan="2024-02-16")
    assert verdict(cases, events, "uu-10-2016-pilkada")["verdict"].iloc[0] == "non-conformant"  # 6 > 5
    assert verdict(cases, events, PEMILU)["verdict"].iloc[0] == "conformant"  # 3 working days


def test_unknown_date_is_neither_compliance_nor_breach():
    cases, events = temuan_pemilu(kajian="not_reported")
    r = verdict(cases, events)
    assert r.loc["C1", "verdict"] == "indeterminate"
    assert r.loc["C1", "checks_failed"] == 0
    assert "a date is not reported" in r.loc["C1", "reasons"]


def test_order_violation_is_non_conformant():
    r = verdict(*temuan_pemilu(kajian="2024-03-01", penerusan="2024-02-28"))
    assert r["verdict"].iloc[0] == "non-conformant"
    assert "penerusan dated before kajian" in r["reasons"].iloc[0]


def test_recipient_must_be_the_one_in_force_on_the_forwarding_date():
    def judged(day, to):
        cases, events = temuan_pemilu(kajian="2024-02-20", penerusan=day, recipient=to)
        checks = compliance.compliance_checks(cases, events, PEMILU)
        return checks.query("check == 'recipient'")["result"].item(), verdict(cases, events)["verdict"].item()

    assert judged("2024-08-23", "kasn") == ("pass", "conformant")
    assert judged("2024-08-23", "bkn") == ("fail", "non-conformant")
    assert judged("2024-08-24", "bkn") == ("pass", "conformant")
    assert judged("2024-08-24", "kasn") == ("fail", "non-conformant")


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
    t = read_package(DEFAULT_DATA)
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
