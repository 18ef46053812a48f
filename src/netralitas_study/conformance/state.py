"""The case state the checks read: per case and step, done / stated not done / planned / not reported, and dates.

Integer codes throughout (categorical codes where the loader typed the tables, day numbers for
dates), built once with numpy since it runs over every event of a national log.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study.norms.procedures import READINGS
from netralitas_study.norms.workdays import due_days

NEVER = np.iinfo(np.int64).max
"""Day number standing for 'no date' in the integer date arrays."""
_NEVER32 = np.iinfo(np.int32).max
DONE, NOT_DONE, PLANNED, SILENT = 1, 0, -2, -1
STATUS_CODE = {"occurred": DONE, "not_occurred": NOT_DONE, "planned": PLANNED}
RESULTS = ("pass", "fail", "unknown")
PASS, FAIL, UNKNOWN, NO_CHECK = 0, 1, 2, -1
"""Result codes of the integer-coded checks (``NO_CHECK``: the check does not arise for the case)."""
NON_CONFORMANT, INDETERMINATE, CONFORMANT = 0, 1, 2


def codes_of(s: pd.Series) -> tuple[np.ndarray, list]:
    """Integer codes of a coded column and the value of each code.

    A categorical column gives its own codes (no text is touched); other columns are
    factorised as text. A missing value has code -1, which indexes the last value: ``None``,
    a value no vocabulary holds (as the text 'nan' held none before).
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes, values = s.cat.codes.to_numpy(), [str(v) for v in s.cat.categories]
    else:
        codes, uniques = pd.factorize(s.astype(str))
        values = [str(v) for v in uniques]
    return codes.astype(np.int64, copy=False), [*values, None]


def positions(ids: pd.Index, keys: pd.Series) -> np.ndarray:
    """Position of each key in ``ids`` (-1 where absent), hashed in Arrow rather than per Python string."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from netralitas_study.io.fastops import _arrow

    def arrow(s: pd.Series):
        arr = _arrow(s)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        return arr.cast(pa.large_string())

    value_set = arrow(pd.Series(ids, copy=False))
    if len(pc.unique(value_set)) != len(value_set):
        return ids.get_indexer(keys.astype(str))  # raises, as it always did, on duplicate case ids
    pos = pc.index_in(arrow(keys), value_set=value_set)
    return np.asarray(pos.fill_null(-1), dtype=np.int64)


class CaseState:
    """Per case and step: done, stated not done, planned or not reported; and the earliest date (day number).

    Built once from the events with numpy on integer codes (categorical codes where the loader
    typed them, dates as read), since it runs over every event of a national log. 'Done' wins
    over 'planned' and 'not done' when a step has several events.
    """

    def __init__(self, cases: pd.DataFrame, events: pd.DataFrame, steps: list[str] | None = None):
        """``steps``: the steps the caller will ask about (None: every step); the others are not kept."""
        from netralitas_study.analysis.eventlog import as_dates

        self.ids = pd.Index(cases["case_id"].astype(str), name="case_id")
        n = len(self.ids)
        row = positions(self.ids, events["case_id"])
        known = row >= 0  # events of cases not in ``cases`` are not this call's business
        step_codes, values = codes_of(events["step"])
        kept = [v for v in values if v is not None and (steps is None or v in steps)]
        self.column = {s: j for j, s in enumerate(kept)}
        k = len(kept) + 1  # the last row collects the events of steps not kept, or without a step code
        step_row = np.array([self.column.get(v, k - 1) if v is not None else k - 1 for v in values])[step_codes]
        status_codes, status_values = codes_of(events["status"])
        status = np.array([STATUS_CODE.get(v, SILENT) for v in status_values], dtype=np.int8)[status_codes]
        # rank so that the maximum wins: done > not done > planned > silent
        rank = np.array([1, 0, 2, 3], dtype=np.int8)[status + 2]  # PLANNED -2, SILENT -1, NOT_DONE 0, DONE 1
        # step by step (one contiguous row of cases per step), as the checks read them
        cell = step_row[known] * n + row[known]
        best = np.zeros(k * n, dtype=np.int8)
        np.maximum.at(best, cell, rank[known])
        self.state = np.array([SILENT, PLANNED, NOT_DONE, DONE], dtype=np.int8)[best].reshape(k, n)
        days = as_dates(events["date"]).to_numpy(dtype="datetime64[D]")[known]
        dated = ~np.isnat(days) & (status[known] == DONE)
        first = np.full(k * n, _NEVER32, dtype=np.int32)  # day numbers fit in 32 bits: half the memory
        np.minimum.at(first, cell[dated], days[dated].astype(np.int32))
        self.first = first.reshape(k, n)
        self._days: dict[int, np.ndarray] = {}

    def of(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        return np.full(len(self.ids), SILENT, dtype=np.int8) if j is None else self.state[j]

    def day(self, step: str) -> np.ndarray:
        j = self.column.get(step)
        if j is None:
            return np.full(len(self.ids), NEVER, dtype=np.int64)
        if j not in self._days:
            d = self.first[j].astype(np.int64)
            d[d == _NEVER32] = NEVER
            self._days[j] = d
        return self._days[j]

    def anchor(self, steps: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per case: the earliest dated done step among ``steps`` (index into ``steps``, -1 if none), its
        day, and whether any of ``steps`` was done at all (dated or not)."""
        which = np.full(len(self.ids), -1, dtype=np.int8)
        day = np.full(len(self.ids), NEVER, dtype=np.int64)
        any_done = np.zeros(len(self.ids), dtype=bool)
        for k, step in enumerate(steps):
            done = self.of(step) == DONE
            d = np.where(done, self.day(step), NEVER)
            any_done |= done
            earlier = d < day
            which[earlier], day[earlier] = k, d[earlier]
        return which, day, any_done


def day_dates(day: np.ndarray) -> pd.Series:
    return pd.Series(np.where(day == NEVER, np.datetime64("NaT"), day.astype("datetime64[D]"))).astype(
        "datetime64[ns]")


def due(anchor_day: np.ndarray, days: int, day_type: str) -> list[np.ndarray]:
    """The due day (integer day numbers) under each reading of ``day_type``."""
    a = anchor_day.astype("datetime64[D]")
    return [due_days(a, days, r).astype(np.int64) for r in READINGS[day_type]]


def iso(day: np.ndarray) -> np.ndarray:
    """Day numbers as 'YYYY-MM-DD' texts."""
    return np.datetime_as_string(np.asarray(day, dtype=np.int64).astype("datetime64[D]"), unit="D")


def text_column(values: list[str], codes: np.ndarray):
    """``values[codes]`` as the text column pandas would infer, made in Arrow: each distinct text converted once."""
    dtype = pd.Series(np.array([""], dtype=object)).dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return np.asarray(values, dtype=object)[codes]
    import pyarrow as pa
    import pyarrow.compute as pc
    from pandas.arrays import ArrowStringArray

    return ArrowStringArray(pc.take(pa.array(values, type=pa.large_string()), pa.array(codes)), dtype=dtype)
