import numpy as np
import pandas as pd
import pytest

from netralitas_study.norms.workdays import elapsed_days, holiday_dates


def _one(start, end, day_type):
    return elapsed_days(pd.Series([start]), pd.Series([end]), day_type).iloc[0]


def test_election_day_is_not_a_working_day():
    assert pd.Timestamp("2024-02-14") in pd.to_datetime(holiday_dates())  # Pemilu 2024
    assert pd.Timestamp("2024-11-27") in pd.to_datetime(holiday_dates())  # Pilkada 2024


def test_working_days_skip_weekends_and_holidays():
    # Fri 9 Feb 2024 -> Fri 1 Mar 2024: 15 weekdays, less election day (14 Feb) = 14
    assert _one("2024-02-09", "2024-03-01", "working") == 14
    assert _one("2024-02-09", "2024-03-01", "calendar") == 21
    # Eid al-Fitr 10-11 Apr 2024 (Wed, Thu): Tue 9 Apr -> Fri 12 Apr is 1 working day
    assert _one("2024-04-09", "2024-04-12", "working") == 1


def test_same_day_is_zero_and_unknown_is_na():
    assert _one("2024-03-01", "2024-03-01", "working") == 0
    assert pd.isna(_one(None, "2024-03-01", "working"))


def test_collective_leave_is_opt_in():
    assert len(holiday_dates(collective_leave=True)) > len(holiday_dates())


def test_unknown_day_type_raises():
    with pytest.raises(ValueError, match="day_type"):
        _one("2024-03-01", "2024-03-02", "business")


from hypothesis import given, settings
from hypothesis import strategies as st

from netralitas_study.norms.workdays import CalendarRangeError, count_days, due_date, due_days

ANCHORS = st.dates(min_value=pd.Timestamp("2019-01-01").date(), max_value=pd.Timestamp("2026-12-31").date())


@settings(max_examples=300, deadline=None)
@given(anchor=ANCHORS, days=st.integers(0, 30), day_type=st.sampled_from(["working", "calendar"]))
def test_due_date_is_the_first_day_that_counts_to_the_limit(anchor, days, day_type):
    a = np.array([anchor], dtype="datetime64[D]")
    due = due_days(a, days, day_type)
    assert count_days(a, due, day_type)[0] == days
    if days:  # nothing earlier reaches the limit: the day before the due date counts one less
        assert count_days(a, due - 1, day_type)[0] == days - 1
    if day_type == "working" and days:
        assert np.is_busday(due, holidays=holiday_dates())[0]


@settings(max_examples=200, deadline=None)
@given(anchor=ANCHORS, days=st.integers(1, 20), day_type=st.sampled_from(["working", "calendar"]))
def test_a_step_on_the_due_date_passes_and_one_day_later_fails(anchor, days, day_type):
    from builders import tables

    from netralitas_study.conformance import engine as compliance
    from netralitas_study.norms.procedures import load_procedure

    spec = load_procedure("perbawaslu-8-2020-pilkada").raw
    kajian = next(s for s in spec["steps"] if s["step"] == "kajian")
    kajian["deadline"] = {"days": days, "day_type": day_type, "from": ["penetapan_temuan"]}
    proc = _procedure_from(spec)
    due = due_date(pd.Series([pd.Timestamp(anchor)]), days, day_type).iloc[0]
    for step_day, expected in ((due, "pass"), (due + pd.Timedelta(days=1), "fail")):
        cases, events = tables([{"case_id": "X", "origin": "temuan", "recipient": "not_reported",
                                 "sanctioned": "not_reported", "election_type": "pilkada", "province": "15"}], [
            ("X", "penetapan_temuan", "occurred", str(anchor)), ("X", "kajian", "occurred", str(step_day.date()))])
        checks = compliance.compliance_checks(cases, events, proc)
        assert checks.query("check == 'deadline'")["result"].item() == expected


def _procedure_from(spec):
    import json
    import tempfile
    from pathlib import Path

    from netralitas_study.norms.procedures import load_procedure

    path = Path(tempfile.mkdtemp()) / "variant.json"
    path.write_text(json.dumps(spec))
    return load_procedure(path)


def test_a_date_outside_the_holiday_calendar_is_a_clear_error():
    with pytest.raises(CalendarRangeError, match="outside the holiday calendar"):
        count_days(np.array(["1999-01-04"], dtype="datetime64[D]"), np.array(["1999-01-08"], dtype="datetime64[D]"),
                   "working")
    # calendar days need no holiday calendar
    assert count_days(np.array(["1999-01-04"], dtype="datetime64[D]"), np.array(["1999-01-08"], dtype="datetime64[D]"),
                      "calendar")[0] == 4
