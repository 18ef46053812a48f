"""Time to event from interval dates: the Turnbull estimate against cases solved by hand."""

import numpy as np
import pandas as pd
import pytest

from netralitas_study.analysis import timing


def test_turnbull_matches_a_case_solved_by_hand():
    # A: some day 0-2, B: some day 1-3, C: on day 4. Innermost intervals: days 1-2 (inside A and B) and
    # day 4 (C). Self-consistency: each of A and B puts all its mass on days 1-2, C on day 4: 2/3 and 1/3.
    est = timing.turnbull([0, 1, 4], [2, 3, 4])
    assert est[["day_from", "day_to"]].to_numpy().tolist() == [[1, 2], [4, 4]]
    assert est["mass"].to_numpy() == pytest.approx([2 / 3, 1 / 3])
    assert est["survival"].to_numpy() == pytest.approx([1 / 3, 0])


def test_turnbull_is_kaplan_meier_on_exact_and_right_censored_days():
    from statsmodels.duration.survfunc import SurvfuncRight

    days = np.array([2, 3, 5, 3, 6])
    event = np.array([1, 1, 1, 0, 0])
    # censored at c: the event falls on a day after c
    first = np.where(event == 1, days, days + 1)
    last = np.where(event == 1, days, np.inf)
    est = timing.turnbull(first, last)
    km = SurvfuncRight(days, event)
    for day, surv in zip(km.surv_times, km.surv_prob):
        assert est.loc[est["day_to"].eq(day), "survival"].iloc[0] == pytest.approx(surv)
    assert est["survival"].iloc[-2] == pytest.approx(0.3)  # hand: 4/5 * 3/4 * 1/2


def test_turnbull_rejects_an_inverted_interval():
    with pytest.raises(ValueError):
        timing.turnbull([5], [3])


def case(case_id, election_type="pilkada", election_year="2024"):
    return {"case_id": case_id, "election_type": election_type, "election_year": election_year, "province": "15",
            "source_id": "S1"}


def _events(rows):
    return pd.DataFrame([{"event_id": f"E{i}", "case_id": c, "step": s, "status": st, "date": d, "actor": "bawaslu_kabkota",
                          "source_id": "S1", "locator": "x", "notes": ""} for i, (c, s, st, d) in enumerate(rows)])


def test_intervals_exact_after_censored_and_no_start():
    cases = pd.DataFrame([case("A"),
                          case("B"),
                          case("C"),
                          case("D")])
    events = _events([("A", "informasi_awal", "occurred", "2024-10-01"), ("A", "penerusan", "occurred", "2024-10-08"),
                      ("B", "informasi_awal", "occurred", "2024-10-01"), ("B", "kajian", "occurred", "2024-10-04"),
                      ("B", "penerusan", "occurred", "not_reported"),
                      ("C", "penerimaan_laporan", "occurred", "2024-10-01"), ("C", "kajian", "occurred", "2024-10-11"),
                      ("D", "penerusan", "occurred", "2024-10-08")])
    iv = timing.intervals(cases, events).set_index("case_id")
    assert iv.loc["A", ["first_day", "last_day", "kind"]].tolist() == [7, 7, "exact"]
    assert iv.loc["B", ["first_day", "kind"]].tolist() == [3, "after"] and np.isinf(iv.loc["B", "last_day"])
    assert iv.loc["C", ["first_day", "kind"]].tolist() == [11, "censored"]   # no event by day 10
    assert iv.loc["D", "kind"] == "no_start"
    # a publication date bounds B's undated forwarding from above
    sources = pd.DataFrame([{"source_id": "S1", "published": "2024-10-20"}])
    b = timing.intervals(cases, events, sources=sources).set_index("case_id").loc["B"]
    assert b[["first_day", "last_day", "kind"]].tolist() == [3, 19, "interval"]


def test_time_to_event_reports_no_median_on_too_few_events():
    cases = pd.DataFrame([case("A")])
    events = _events([("A", "informasi_awal", "occurred", "2024-10-01"), ("A", "penerusan", "occurred", "2024-10-08")])
    out = timing.time_to_event({"cases": cases, "events": events})
    s = out["summary"].iloc[0]
    assert s["exact"] == 1 and np.isnan(s["median_day"]) and "fewer than" in s["note"]
    assert out["at_risk"].set_index("day").loc[7, "at_risk"] == 1
    assert out["at_risk"].set_index("day").loc[14, "at_risk"] == 0
