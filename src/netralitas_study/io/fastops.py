"""Column operations that stay fast on national logs (pyarrow compute), with exact semantics."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def _arrow(s: pd.Series):
    import pyarrow as pa

    return pa.array(s.astype(str).to_numpy(dtype=object), type=pa.string()) if not hasattr(s.array, "_pa_array") \
        else s.array._pa_array


def isin(s: pd.Series, values: Iterable[str]) -> pd.Series:
    """``s.isin(values)`` for text, without converting a large value set element by element."""
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = pa.array(pd.unique(np.asarray(list(values) if not isinstance(values, (pd.Series, pd.Index))
                                              else values.to_numpy(), dtype=object)).astype(str), type=pa.string())
    hit = pc.is_in(_arrow(s), value_set=value_set)
    return pd.Series(np.asarray(pc.fill_null(hit, False)), index=s.index)


def parse_iso_dates(s: pd.Series) -> pd.Series:
    """Strict YYYY-MM-DD parsing: a real calendar date written exactly so, else NaT."""
    import pyarrow.compute as pc

    arr = _arrow(s)
    shaped = pc.fill_null(pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}$"), False)
    stamps = pc.strptime(pc.if_else(shaped, arr, None), format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls impossible dates over (2024-02-30 -> 2024-03-01): keep only exact round trips
    exact = pc.fill_null(pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), arr), False)
    out = pd.Series(np.asarray(stamps.cast("int64").fill_null(np.iinfo(np.int64).min)), index=s.index)
    dates = pd.to_datetime(out.where(np.asarray(exact), np.iinfo(np.int64).min), unit="s", errors="coerce")
    return dates.where(np.asarray(exact))
