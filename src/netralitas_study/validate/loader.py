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

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study.validate.rules import InvalidData

Tables = dict[str, pd.DataFrame]

__all__ = ["Checked", "InvalidData", "Tables", "check", "load", "typed"]


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
    from netralitas_study.io.fastops import RowNumbers

    if isinstance(value, list):
        return RowNumbers(value)
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


@dataclass
class Checked:
    """What validating a path found: every problem, the rows per table, and the reader's notices."""

    path: Path
    problems: pd.DataFrame
    summary: pd.DataFrame
    notices: list[str] = field(default_factory=list)
    tables: Tables = field(default_factory=dict, repr=False)

    def summary_lines(self, lang: str = "en") -> list[str]:
        """One line per table: rows read, accepted and rejected (and blank rows ignored), in ``lang``."""
        head = {"id": "baris dibaca, diterima, ditolak", "en": "rows read, accepted, rejected"}[lang]
        blank_word = {"id": "baris kosong diabaikan", "en": "blank rows ignored"}[lang]
        return [f"{r.file}: {head}: {r.rows_read}, {r.rows_accepted}, {r.rows_rejected}"
                + (f"; {r.blank_rows_ignored} {blank_word}" if r.blank_rows_ignored else "")
                for r in self.summary.itertuples()]


def check(path: str | Path, lang: str = "en", progress: bool = False) -> Checked:
    """Read and validate a workbook, CSV file or data folder without refusing it: what ``validate`` prints.

    The tables are kept as read (text, missing codes exactly as written), e.g. for ``migrate``.
    """
    from netralitas_study.io.inputs import read_path
    from netralitas_study.validate.rules import validate_read

    path = Path(path)
    result = read_path(path, lang)
    problems, summary = validate_read(result, path, lang, progress)
    return Checked(path, problems, summary, list(result.notices), result.tables)
