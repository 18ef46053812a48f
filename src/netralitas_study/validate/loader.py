"""The one way into the data: read, validate, type.

:func:`load` reads a workbook, a CSV file or a data folder (through its ``datapackage.json``),
validates exactly what it read against the codebook, and returns those same tables typed:
dates as ``datetime64`` (NaT for a missing code), whole numbers as ``Int64`` (NA for a missing
code; which code, by row id, in ``attrs['missing_codes']``), coded fields as categoricals whose categories are the vocabulary's codes followed by the
missing codes (so ``not_reported`` and ``unknown`` stay visible), lists and free text as text.
Notebooks, every command and the reports call it and nothing else, so that what is validated
is what is analysed.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study.validate.rules import InvalidData

Tables = dict[str, pd.DataFrame]

__all__ = ["InvalidData", "Tables", "load", "typed"]


def _typed_column(s: pd.Series, field: dict) -> pd.Series:
    from netralitas_study.analysis.eventlog import as_dates

    ftype = field["type"]
    if ftype == "date":
        return as_dates(s)
    if ftype == "integer":
        return pd.to_numeric(s.where(~s.isin(codebook.missing_codes())), errors="coerce").astype("Int64")
    if ftype == "number":
        return pd.to_numeric(s.where(~s.isin(codebook.missing_codes())), errors="coerce").astype("Float64")
    if field.get("vocabulary") and "delimiter" not in field:
        categories = [*codebook.vocabulary(field["vocabulary"])["value"], *codebook.missing_codes()]
        return pd.Series(pd.Categorical(s, categories=list(dict.fromkeys(categories))), index=s.index)
    return s.astype(str)


class _SharedDict(dict):
    """A mapping in ``DataFrame.attrs`` that is never changed after loading, shared instead of deep-copied."""

    def __deepcopy__(self, memo):
        return self


def _shared(value):
    from netralitas_study.io.inputs import SharedList

    if isinstance(value, list):
        return SharedList(value)
    if isinstance(value, dict):
        return _SharedDict(value)
    return value


def typed(tables: Tables) -> Tables:
    """The codebook's types applied to validated text tables (reader attributes kept)."""
    out: Tables = {}
    for name, df in tables.items():
        if name not in codebook.TABLES:
            continue
        t = df.copy()
        key = codebook.field_names(name)[0]
        codes: dict[str, dict[str, str]] = {}
        for field in codebook.fields(name):
            if field["name"] in t.columns:
                text = df[field["name"]].astype(str)
                t[field["name"]] = _typed_column(text, field)
                hit = text.isin(codebook.missing_codes())
                if field["type"] in ("date", "integer", "number") and hit.any() and key in df.columns:
                    # which missing code a NaT/NA stood for, by row id: outputs can write it back
                    codes[field["name"]] = dict(zip(df.loc[hit, key].astype(str), text[hit]))
        t.attrs = {k: _shared(v) for k, v in {**dict(df.attrs), **({"missing_codes": codes} if codes else {})}.items()}
        out[name] = t
    return out


def load(path: str | Path | None = None, lang: str = "en", progress: bool = False) -> Tables:
    """Read, validate and type a workbook, CSV file or data folder (None: the shipped data).

    Returns the typed tables keyed by table name. Raises :class:`InvalidData`, whose
    ``problems`` table names every problem (file, sheet, row, column, rule, message, hint),
    when anything fails validation: nothing is analysed from data that do not validate.
    """
    from netralitas_study.io.inputs import read_path
    from netralitas_study.codebook.package import DEFAULT_DATA
    from netralitas_study.validate.rules import validate_read

    path = DEFAULT_DATA if path is None else Path(path)
    result = read_path(path, lang)
    problems, _ = validate_read(result, path, lang, progress)
    if not problems.empty:
        raise InvalidData(path, problems)
    return typed(result.tables)
