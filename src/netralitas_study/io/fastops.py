"""Column operations that stay fast on national logs (pyarrow compute), with exact semantics."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd


def arrow_text(s: pd.Series):
    """``s`` as an Arrow text array: Arrow-backed text through the public ``__arrow_array__`` protocol
    (no per-value conversion), anything else as each value's ``str`` (missing values stay null)."""
    import pyarrow as pa

    dtype = s.dtype
    if isinstance(dtype, pd.StringDtype) or (isinstance(dtype, pd.ArrowDtype) and (
            pa.types.is_string(dtype.pyarrow_dtype) or pa.types.is_large_string(dtype.pyarrow_dtype))):
        return pa.array(s.array)
    return pa.array(s.astype(str).to_numpy(dtype=object), type=pa.string(), from_pandas=True)


_arrow = arrow_text
"""The old private name, still imported by the conformance engine (being rewritten); use :func:`arrow_text`."""


class RowNumbers(tuple):
    """The row numbers a user sees, kept in ``DataFrame.attrs["rows"]``: immutable, so pandas, which
    deep-copies ``attrs`` into the result of every operation, may share them instead of copying each
    number (on the shipped data that copying was a large share of ``validate``)."""

    def __deepcopy__(self, memo: dict) -> RowNumbers:
        return self


def isin(s: pd.Series, values: Iterable[str]) -> pd.Series:
    """``s.isin(values)`` for text, without converting a large value set element by element."""
    import pyarrow as pa
    import pyarrow.compute as pc

    value_set = pa.array(pd.unique(np.asarray(list(values) if not isinstance(values, (pd.Series, pd.Index))
                                              else values.to_numpy(), dtype=object)).astype(str), type=pa.string())
    hit = pc.is_in(arrow_text(s), value_set=value_set)
    return pd.Series(np.asarray(pc.fill_null(hit, False)), index=s.index)


def parse_iso_dates(s: pd.Series) -> pd.Series:
    """Strict YYYY-MM-DD parsing: a real calendar date written exactly so, else NaT."""
    import pyarrow.compute as pc

    arr = arrow_text(s)
    shaped = pc.fill_null(pc.match_substring_regex(arr, r"^\d{4}-\d{2}-\d{2}$"), False)
    stamps = pc.strptime(pc.if_else(shaped, arr, None), format="%Y-%m-%d", unit="s", error_is_null=True)
    # strptime rolls impossible dates over (2024-02-30 -> 2024-03-01): keep only exact round trips
    exact = pc.fill_null(pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), arr), False)
    out = pd.Series(np.asarray(stamps.cast("int64").fill_null(np.iinfo(np.int64).min)), index=s.index)
    dates = pd.to_datetime(out.where(np.asarray(exact), np.iinfo(np.int64).min), unit="s", errors="coerce")
    return dates.where(np.asarray(exact))
