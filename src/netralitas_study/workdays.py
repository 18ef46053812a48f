"""Working days in Indonesia, from the maintained ``holidays`` library.

``holidays.Indonesia`` includes the national public holidays and the election days
(e.g. 2024-02-14 Pemilu, 2024-11-27 Pilkada). Collective leave (*cuti bersama*, the
library's 'government' category) is off by default: whether it counts against Bawaslu's
working-day limits is not settled in the sources read.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

FIRST_YEAR, LAST_YEAR = 2004, 2035


@lru_cache(maxsize=4)
def holiday_dates(collective_leave: bool = False) -> np.ndarray:
    """Indonesian holidays from FIRST_YEAR to LAST_YEAR as ``datetime64[D]``, sorted."""
    import holidays

    categories = ("public", "government") if collective_leave else ("public",)
    cal = holidays.Indonesia(years=range(FIRST_YEAR, LAST_YEAR + 1), categories=categories)
    return np.array(sorted(cal), dtype="datetime64[D]")


def count_days(start: np.ndarray, end: np.ndarray, day_type: str, collective_leave: bool = False) -> np.ndarray:
    """Days after each ``start`` up to and including its ``end`` (``datetime64[D]`` arrays, no NaT).

    ``day_type`` is 'calendar' or 'working' (Monday-Friday, not a holiday). A step on the
    anchor's own day took 0 days.
    """
    if day_type == "calendar":
        return (end - start).astype(np.int64)
    if day_type == "working":
        return np.busday_count(start + 1, end + 1, holidays=holiday_dates(collective_leave)).astype(np.int64)
    raise ValueError(f"day_type must be 'calendar' or 'working', not {day_type!r}")


def elapsed_days(start: pd.Series, end: pd.Series, day_type: str, collective_leave: bool = False) -> pd.Series:
    """:func:`count_days` for date Series; NaT in either gives NA."""
    start = pd.to_datetime(pd.Series(start)).reset_index(drop=True)
    end = pd.to_datetime(pd.Series(end)).reset_index(drop=True)
    ok = start.notna() & end.notna()
    out = pd.Series(pd.NA, index=start.index, dtype="Int64")
    if day_type not in ("calendar", "working"):
        raise ValueError(f"day_type must be 'calendar' or 'working', not {day_type!r}")
    if ok.any():
        out[ok] = count_days(start[ok].to_numpy(dtype="datetime64[D]"), end[ok].to_numpy(dtype="datetime64[D]"),
                             day_type, collective_leave)
    return out


def due_date(anchor: pd.Series, days: int, day_type: str, collective_leave: bool = False) -> pd.Series:
    """The last day allowed: ``days`` calendar or working days after ``anchor`` (NaT stays NaT)."""
    anchor = pd.to_datetime(pd.Series(anchor))
    ok = anchor.notna()
    out = pd.Series(pd.NaT, index=anchor.index, dtype="datetime64[ns]")
    if not ok.any():
        return out
    a = anchor[ok].to_numpy(dtype="datetime64[D]")
    if day_type == "calendar":
        due = a + days
    elif day_type == "working":
        due = np.busday_offset(a, days, roll="forward", holidays=holiday_dates(collective_leave))
    else:
        raise ValueError(f"day_type must be 'calendar' or 'working', not {day_type!r}")
    out[ok] = due.astype("datetime64[ns]")
    return out
