import pandas as pd
import pytest

from netralitas_study.workdays import elapsed_days, holiday_dates


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
