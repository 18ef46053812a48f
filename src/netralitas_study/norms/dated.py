"""Start-dated parameters, OpenFisca style: a value holds from the date it takes effect until the next starts.

A parameter (``parameters/<name>.json``) lists its ``values`` in date order, each with the day it
takes ``from`` (the first may be ``null``: in force before any date the study covers) and its
legal ``basis``. There are no end dates, so two values can never overlap; a period in which the
law names no certain value is an explicit empty value (``"value": null``), e.g. the KASN-to-BKN
handover. :func:`parameter_at` is the one lookup: the engine, the choice of the norm in force
(:func:`netralitas_study.norms.procedures.norm_in_force`) and every message read it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from netralitas_study.io.specs import package_dir

UNDEFINED = object()
"""What :func:`parameter_at` gives for an unknown date, or one before the parameter's first start."""
_FIRST = np.iinfo(np.int64).min


class ParameterError(ValueError):
    """A parameter that does not exist or is not start-dated."""


def _check(name: str, values: list[dict[str, Any]]) -> list[dict[str, Any]]:
    starts = [v.get("from") for v in values]
    if not values:
        raise ParameterError(f"parameter {name!r}: no values")
    if any("to" in v for v in values):
        raise ParameterError(f"parameter {name!r}: values are start-dated; remove 'to' (the next value ends one)")
    if None in starts[1:]:
        raise ParameterError(f"parameter {name!r}: only the first value may have 'from': null")
    dated = [s for s in starts if s is not None]
    if dated != sorted(dated) or len(set(dated)) != len(dated):
        raise ParameterError(f"parameter {name!r}: values must be in increasing order of 'from'")
    return values


@lru_cache(maxsize=16)
def parameter(name: str) -> dict[str, Any]:
    """A shipped dated parameter file (``parameters/<name>.json``), checked to be start-dated."""
    from netralitas_study.norms.procedures import PLAIN_ID

    path = package_dir("norms/parameters") / f"{name}.json"
    if not PLAIN_ID.match(name) or not path.is_file():
        raise ParameterError(f"no parameter {name!r}")
    spec = json.loads(path.read_text(encoding="utf-8"))
    if "values" in spec:  # a start-dated parameter (election-stages holds dated stages instead)
        _check(name, spec["values"])
    return spec


def _values(p: str | list[dict[str, Any]]) -> list[dict[str, Any]]:
    return parameter(p)["values"] if isinstance(p, str) else _check("given", p)


def _day(text: str | None) -> int:
    return _FIRST if text is None else int(np.datetime64(text, "D").astype(np.int64))


def starts(p: str | list[dict[str, Any]]) -> tuple[np.ndarray, list[Any]]:
    """The start day numbers (the first may be the minimum integer: 'from the beginning') and the values."""
    vals = _values(p)
    return np.array([_day(v.get("from")) for v in vals], dtype=np.int64), [v["value"] for v in vals]


def index_at(p: str | list[dict[str, Any]], days: np.ndarray, undated: int) -> np.ndarray:
    """Per day number: the index of the value in force (-1 before the first start or where ``days == undated``)."""
    s, _ = starts(p)
    days = np.asarray(days, dtype=np.int64)
    idx = np.searchsorted(s, days, side="right") - 1
    return np.where(days == undated, -1, idx)


def parameter_at(p: str | list[dict[str, Any]], date) -> Any:
    """The value of parameter ``p`` (a shipped name, or a list of start-dated values) in force on ``date``.

    ``None`` where the value in force is an explicit gap; :data:`UNDEFINED` for an unknown date
    or one before the first start. A value takes effect on its own ``from`` day (that day included).
    """
    if date is None or (not isinstance(date, str) and pd.isna(date)):
        return UNDEFINED
    day = np.datetime64(pd.Timestamp(date).date(), "D").astype(np.int64)
    i = int(index_at(p, np.array([day]), undated=np.iinfo(np.int64).max)[0])
    return UNDEFINED if i < 0 else _values(p)[i]["value"]


def gap_periods(p: str | list[dict[str, Any]]) -> list[tuple[dt.date, dt.date | None]]:
    """The explicit gaps of a parameter: (first day, last day, or None if open-ended), from its start dates."""
    vals = _values(p)
    out = []
    for i, v in enumerate(vals):
        if v["value"] is None and v.get("from"):
            nxt = vals[i + 1]["from"] if i + 1 < len(vals) else None
            last = dt.date.fromisoformat(nxt) - dt.timedelta(days=1) if nxt else None
            out.append((dt.date.fromisoformat(v["from"]), last))
    return out
