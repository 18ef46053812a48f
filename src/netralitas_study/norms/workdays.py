"""Counting days in Indonesia, working or calendar, from the maintained ``holidays`` library.

``holidays.Indonesia`` includes the national public holidays and the election days
(e.g. 2024-02-14 Pemilu, 2024-11-27 Pilkada). Collective leave (*cuti bersama*, the
library's 'government' category) is off by default: whether it counts against Bawaslu's
working-day limits is not settled in the sources read.

One rule counts days, and both the due date and the elapsed days follow from it:

* the elapsed days of a step are the days *after* the anchor up to and including the step's
  day (working days: Monday-Friday that are not holidays);
* the due date is the last day on which a step is in time: the ``days``-th counted day after
  the anchor (for a limit of 0, the anchor's own day).

A step is in time exactly when its date is on or before the due date. A step on a weekend
after a Friday due date has the same working-day count as the Friday, yet it is late: so
deadline checks compare dates with :func:`due_date`, and elapsed days are shown for reading.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

FIRST_YEAR, LAST_YEAR = 2004, 2035
DAY_TYPES = ("calendar", "working")


class CalendarRangeError(ValueError):
    """A date outside the years the holiday calendar covers."""


@lru_cache(maxsize=4)
def holiday_dates(collective_leave: bool = False) -> np.ndarray:
    """Indonesian holidays from FIRST_YEAR to LAST_YEAR as ``datetime64[D]``, sorted."""
    import holidays

    categories = ("public", "government") if collective_leave else ("public",)
    cal = holidays.Indonesia(years=range(FIRST_YEAR, LAST_YEAR + 1), categories=categories)
    return np.array(sorted(cal), dtype="datetime64[D]")


def _check(day_type: str, *dates: np.ndarray) -> None:
    if day_type not in DAY_TYPES:
        raise ValueError(f"day_type must be 'calendar' or 'working', not {day_type!r}")
    if day_type != "working":
        return
    lo, hi = np.datetime64(f"{FIRST_YEAR}-01-01"), np.datetime64(f"{LAST_YEAR}-12-31")
    for d in dates:
        d = d[~np.isnat(d)]
        if d.size and (d.min() < lo or d.max() > hi):
            bad = d[(d < lo) | (d > hi)][0]
            raise CalendarRangeError(
                f"date {bad} is outside the holiday calendar ({FIRST_YEAR}-{LAST_YEAR}): working days cannot be "
                "counted; check the date")


def count_days(start: np.ndarray, end: np.ndarray, day_type: str, collective_leave: bool = False) -> np.ndarray:
    """Days after each ``start`` up to and including its ``end`` (``datetime64[D]`` arrays, no NaT).

    A step on the anchor's own day took 0 days; ``end`` before ``start`` gives a negative count.
    """
    start, end = np.asarray(start, dtype="datetime64[D]"), np.asarray(end, dtype="datetime64[D]")
    _check(day_type, start, end)
    if day_type == "calendar":
        return (end - start).astype(np.int64)
    return np.busday_count(start + 1, end + 1, holidays=holiday_dates(collective_leave)).astype(np.int64)


def due_days(anchor: np.ndarray, days: int, day_type: str, collective_leave: bool = False) -> np.ndarray:
    """The due date for each anchor (``datetime64[D]``, no NaT): the ``days``-th counted day after it."""
    anchor = np.asarray(anchor, dtype="datetime64[D]")
    _check(day_type, anchor)
    if day_type == "calendar" or days == 0:
        return anchor + (days if day_type == "calendar" else 0)
    # the first working day after the anchor is day 1; ``days - 1`` working days later is day ``days``
    return np.busday_offset(anchor + 1, days - 1, roll="forward", holidays=holiday_dates(collective_leave))


def _as_days(s: pd.Series) -> tuple[pd.Series, np.ndarray]:
    s = pd.to_datetime(pd.Series(s)).reset_index(drop=True)
    return s.notna(), s.to_numpy(dtype="datetime64[D]")


def elapsed_days(start: pd.Series, end: pd.Series, day_type: str, collective_leave: bool = False) -> pd.Series:
    """:func:`count_days` for date Series; NaT in either gives NA."""
    ok_s, s = _as_days(start)
    ok_e, e = _as_days(end)
    ok = (ok_s & ok_e).to_numpy()
    out = pd.Series(pd.NA, index=range(len(ok)), dtype="Int64")
    if day_type not in DAY_TYPES:
        raise ValueError(f"day_type must be 'calendar' or 'working', not {day_type!r}")
    if ok.any():
        out[ok] = count_days(s[ok], e[ok], day_type, collective_leave)
    return out


def due_date(anchor: pd.Series, days: int, day_type: str, collective_leave: bool = False) -> pd.Series:
    """:func:`due_days` for a date Series (NaT stays NaT)."""
    ok, a = _as_days(anchor)
    ok = ok.to_numpy()
    out = pd.Series(pd.NaT, index=pd.Series(anchor).index, dtype="datetime64[ns]")
    if day_type not in DAY_TYPES:
        raise ValueError(f"day_type must be 'calendar' or 'working', not {day_type!r}")
    if ok.any():
        out[ok] = due_days(a[ok], days, day_type, collective_leave).astype("datetime64[ns]")
    return out
