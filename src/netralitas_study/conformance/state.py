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
DONE, NOT_DONE, PENDING, PLANNED, SILENT = 1, 0, -3, -2, -1
STATUS_CODE = {"occurred": DONE, "not_occurred": NOT_DONE, "pending": PENDING, "planned": PLANNED}
RESULTS = ("pass", "fail", "unknown", "conflict")
PASS, FAIL, UNKNOWN, CONFLICT, NO_CHECK = 0, 1, 2, 3, -1
"""Result codes of the integer-coded checks (``NO_CHECK``: the check does not arise for the case;
``CONFLICT``: two facts of the sources cannot both hold, e.g. a recipient not in force on any possible date)."""
NOT_APPLICABLE = 3
"""Verdict code of a case outside Bawaslu's scope."""
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
    over 'not done', 'pending' ('belum': not yet, as of the source's date) and 'planned' when a step
    has several events. Where the events carry ``published`` (the publication date of their
    source, :func:`with_source_dates`), a done step also has an upper bound (the earliest
    publication that reports it done) and a pending step its pending-as-of date (the latest
    publication that reports it not yet done).
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
        # rank so that the maximum wins: done > not done > pending > planned > silent
        rank = np.array([2, 1, 0, 3, 4], dtype=np.int8)[status + 3]  # PENDING -3 .. DONE 1
        # step by step (one contiguous row of cases per step), as the checks read them
        cell = step_row[known] * n + row[known]
        best = np.zeros(k * n, dtype=np.int8)
        np.maximum.at(best, cell, rank[known])
        self.state = np.array([SILENT, PLANNED, PENDING, NOT_DONE, DONE], dtype=np.int8)[best].reshape(k, n)
        days = as_dates(events["date"]).to_numpy(dtype="datetime64[D]")[known]
        dated = ~np.isnat(days) & (status[known] == DONE)
        first = np.full(k * n, _NEVER32, dtype=np.int32)  # day numbers fit in 32 bits: half the memory
        np.minimum.at(first, cell[dated], days[dated].astype(np.int32))
        self.first = first.reshape(k, n)
        self._days: dict[int, np.ndarray] = {}
        self.upper_days = np.full(k * n, NEVER, dtype=np.int64)
        self.asof_days = np.full(k * n, -1, dtype=np.int64)
        if "published" in events.columns:
            pub = pd.to_datetime(events["published"], errors="coerce").to_numpy(dtype="datetime64[D]")[known]
            has = ~np.isnat(pub)
            done_pub = has & (status[known] == DONE)
            np.minimum.at(self.upper_days, cell[done_pub], pub[done_pub].astype(np.int64))
            pend_pub = has & (status[known] == PENDING)
            np.maximum.at(self.asof_days, cell[pend_pub], pub[pend_pub].astype(np.int64))
        self.upper_days, self.asof_days = self.upper_days.reshape(k, n), self.asof_days.reshape(k, n)

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

    def upper(self, step: str) -> np.ndarray:
        """Per case: no later than this day a done step happened (the earliest publication reporting it done)."""
        j = self.column.get(step)
        return np.full(len(self.ids), NEVER, dtype=np.int64) if j is None else self.upper_days[j]

    def asof(self, step: str) -> np.ndarray:
        """Per case: the latest day a source reports a pending step as not yet done (-1: unknown)."""
        j = self.column.get(step)
        return np.full(len(self.ids), -1, dtype=np.int64) if j is None else self.asof_days[j]

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


def with_source_dates(events: pd.DataFrame, sources: pd.DataFrame | None) -> pd.DataFrame:
    """``events`` with ``published``: the publication date of each event's source (or, where only the
    month is known, ``published_latest``, the month's last day: an upper bound); NaT where unknown.
    A copy; without a sources table the events are returned as they are."""
    if sources is None or "source_id" not in events.columns or "published" not in sources.columns:
        return events
    s = sources.set_index(sources["source_id"].astype(str))
    pub = pd.to_datetime(s["published"].astype(str), errors="coerce", format="%Y-%m-%d")
    if "published_latest" in s.columns:
        pub = pub.fillna(pd.to_datetime(s["published_latest"].astype(str), errors="coerce", format="%Y-%m-%d"))
    return events.assign(published=events["source_id"].astype(str).map(pub).to_numpy())


def stage_floor(cases: pd.DataFrame) -> np.ndarray:
    """Per case: the day no step can precede (its election's first stage, or the stage named in the
    optional cases column ``after_stage``), from ``parameters/election-stages.json``; -inf where unknown."""
    from netralitas_study.norms.dated import parameter

    elections = parameter("election-stages")["elections"] if _has_stages() else {}
    out = np.full(len(cases), np.iinfo(np.int64).min, dtype=np.int64)
    etype = cases["election_type"].astype(str).to_numpy() if "election_type" in cases else [""] * len(cases)
    year = cases["election_year"].astype(str).to_numpy() if "election_year" in cases else [""] * len(cases)
    after = cases["after_stage"].astype(str).to_numpy() if "after_stage" in cases else [""] * len(cases)
    for i, (t, y, a) in enumerate(zip(etype, year, after)):
        stages = elections.get(f"{t}-{y}", {}).get("stages", {})
        stage = stages.get(a) or stages.get("stages_start")
        if stage:
            out[i] = np.datetime64(stage["date"], "D").astype(np.int64)
    return out


def _has_stages() -> bool:
    from netralitas_study.io.specs import package_dir

    return (package_dir("norms/parameters") / "election-stages.json").is_file()
