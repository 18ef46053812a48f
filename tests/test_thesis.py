import pandas as pd

from netralitas_study.analysis import eventlog
from netralitas_study.analysis import thesis
from netralitas_study.codebook.package import DEFAULT_DATA


def test_findings_reproduce_the_thesis(shipped):
    f = thesis.findings(shipped).set_index("finding")
    assert f.loc["F1", ["count", "n"]].tolist() == [4, 4]
    assert f.loc["F2", "count"] == 3 and f.loc["F2b", "count"] == 0
    assert f.loc["F4", "count"] == 3 and f.loc["F4b", "count"] == 0
    assert f.loc["F5", ["count", "n"]].tolist() == [3, 3]
    assert round(f.loc["F5", "exact_low"], 3) == 0.292
    assert f.loc["gap", "count"] == 1


def test_fourth_case_keeps_every_unknown(shipped):
    case = shipped["cases"].set_index("case_id").loc["JMB-PM24-T4"]
    assert case["recipient"] == "not_reported"
    from netralitas_study.analysis.outcomes import case_outcomes

    outcome = case_outcomes(shipped["cases"], shipped["persons"]).set_index("case_id").loc["JMB-PM24-T4"]
    assert outcome["sanctioned"] == "unknown" and not outcome["outcome_known"]
    assert not shipped["events"]["case_id"].eq("JMB-PM24-T4").any()


def test_no_thesis_date_is_invented(shipped):
    events = shipped["events"]
    thesis_events = events[events["source_id"].eq(thesis.THESIS_SOURCE)]
    assert thesis_events["date"].isna().all()  # typed: a missing code is NaT
    raw = (DEFAULT_DATA / "thesis" / "events.csv").read_text(encoding="utf-8")
    assert all(line.split(",")[4] == "not_reported" for line in raw.splitlines()[1:])


def test_kajian_only_requires_the_hearing_to_be_stated_absent():
    cases = pd.DataFrame({"case_id": ["A", "B"], "recipient": ["bkn", "bkn"]})
    events = pd.DataFrame({
        "case_id": ["A", "A", "A", "B", "B"],
        "step": ["kajian", "sidang_ajudikasi", "penerusan", "kajian", "penerusan"],
        "status": ["occurred", "not_occurred", "occurred", "occurred", "occurred"],
    })
    # B's hearing is merely not reported: it is not evidence that no hearing was held
    assert thesis.kajian_only_to(cases, events).to_dict() == {"A": True, "B": False}


def test_step_matrix_keeps_cases_without_events_and_prefers_occurred():
    cases = pd.DataFrame({"case_id": ["A", "B"]})
    events = pd.DataFrame({"case_id": ["A", "A"], "step": ["kajian", "kajian"],
                           "status": ["not_occurred", "occurred"]})
    m = eventlog.step_matrix(cases, events)
    assert m.loc["A", "kajian"] == "occurred"
    assert m.loc["B", "kajian"] == "not_reported"


def test_no_norm_in_force_requires_the_hearing_the_thesis_misses(shipped):
    table = thesis.hearing_required(shipped)
    assert not table.loc[table["in_force"], "hearing_required"].any()
    assert table.loc[~table["in_force"], "hearing_required"].all()       # only the counterfactual yardstick
    assert set(table["reading"]) == {"pemilu 2024", "pilkada 2024"}
    assert (table["cases_without_hearing"] == 3).all()


def test_the_thesis_forwardings_are_the_only_pemilu_2024_ones_to_bkn(shipped):
    table = thesis.forwardings_by_recipient(shipped).set_index("source")
    assert table.loc["thesis", "bkn"] == 3 and table.loc["thesis", "kasn"] == 0
    assert table.loc["other sources", "bkn"] == 0 and table.loc["other sources", "kasn"] > 0
    # a planted BKN forwarding among the others is counted there
    t = dict(shipped)
    cases = t["cases"].copy()
    other = cases.index[cases["case_id"].isin(t["events"].loc[t["events"]["step"].eq("penerusan"), "case_id"])
                        & cases["election_type"].eq("pemilu") & cases["election_year"].astype(str).eq("2024")
                        & cases["recipient"].eq("kasn")][0]
    cases.loc[other, "recipient"] = "bkn"
    t["cases"] = cases
    planted = thesis.forwardings_by_recipient(t).set_index("source")
    assert planted.loc["other sources", "bkn"] == 1
