"""Validation of coded tables against the codebook: every problem, at once, as a table.

Each rule is evaluated column-wise over the whole table, so that validation costs about as
much as reading the data. The result has one row per problem with the columns of
:data:`PROBLEM_COLUMNS`; ``row`` is the row number a person sees in a spreadsheet (the
header is row 1, the first data row is row 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from . import codebook
from .package import PackageError, read_package

PROBLEM_COLUMNS = ["file", "table", "row", "column", "value", "rule", "message"]

_HEADER_ROWS = 1  # spreadsheet row of the header; data row i (0-based) is i + 2

_MESSAGES = {
    "en": {
        "missing_table": "table '{table}' is missing",
        "missing_column": "column '{column}' is missing",
        "unknown_column": "column '{column}' is not in the codebook for '{table}'",
        "required": "a value is required here; missing codes are not allowed",
        "blank": "empty cell: write a value or a missing code ({missing})",
        "type": "'{value}' is not a valid {type}{hint}",
        "vocabulary": "'{value}' is not a code of vocabulary '{vocabulary}'",
        "pattern": "'{value}' does not match the pattern {pattern}",
        "minimum": "{value} is below the minimum {limit}",
        "maximum": "{value} is above the maximum {limit}",
        "unique": "'{value}' appears more than once in '{column}'",
        "foreign_key": "'{value}' is not a {ref_column} in table '{ref_table}'",
        "consistency": "{detail}",
    },
}


def _msg(rule: str, lang: str = "en", **kw: object) -> str:
    return _MESSAGES[lang][rule].format(**kw)


def _problem(file: str, table: str, column: str | None, rule: str, message: str,
             rows: pd.Index | None = None, values: pd.Series | None = None) -> pd.DataFrame:
    """Problems for a set of rows (or one table-level problem when ``rows`` is None)."""
    if rows is None:
        return pd.DataFrame([{"file": file, "table": table, "row": pd.NA, "column": column,
                              "value": pd.NA, "rule": rule, "message": message}])
    return pd.DataFrame({
        "file": file, "table": table, "row": rows + _HEADER_ROWS + 1, "column": column,
        "value": values.loc[rows].to_numpy() if values is not None else pd.NA,
        "rule": rule, "message": message,
    })


def _per_value(file: str, table: str, column: str, rule: str, s: pd.Series, mask: pd.Series,
               template: dict) -> list[pd.DataFrame]:
    """One problem per failing cell, with the cell's value in the message."""
    if not mask.any():
        return []
    bad = s[mask]
    messages = [_msg(rule, value=v, column=column, **template) for v in bad]
    out = _problem(file, table, column, rule, "", bad.index, s)
    out["message"] = messages
    return [out]


def _check_field(df: pd.DataFrame, field: dict, file: str, table: str) -> list[pd.DataFrame]:
    name = field["name"]
    s = df[name].astype(str)
    cons = field.get("constraints", {})
    missing = codebook.missing_codes()
    blank = s.eq("")
    is_missing = s.isin(missing)
    present = ~blank & ~is_missing
    out: list[pd.DataFrame] = []

    if cons.get("required"):
        bad = blank | is_missing
        out += _per_value(file, table, name, "required", s, bad, {})
    elif not field.get("optional"):
        out += _per_value(file, table, name, "blank", s, blank, {"missing": ", ".join(missing)})

    ftype = field["type"]
    number = None
    if ftype == "integer":
        ok = s.str.fullmatch(r"[+-]?\d+")
        out += _per_value(file, table, name, "type", s, present & ~ok, {"type": "whole number", "hint": ""})
        number = pd.to_numeric(s.where(present & ok), errors="coerce")
    elif ftype == "number":
        number = pd.to_numeric(s.where(present), errors="coerce")
        out += _per_value(file, table, name, "type", s, present & number.isna(), {"type": "number", "hint": ""})
    elif ftype == "date":
        parsed = pd.to_datetime(s.where(present), format="%Y-%m-%d", errors="coerce")
        out += _per_value(file, table, name, "type", s, present & parsed.isna(),
                          {"type": "date", "hint": " (write YYYY-MM-DD, a real calendar date)"})
    if number is not None:
        if "minimum" in cons:
            out += _per_value(file, table, name, "minimum", s, number < cons["minimum"], {"limit": cons["minimum"]})
        if "maximum" in cons:
            out += _per_value(file, table, name, "maximum", s, number > cons["maximum"], {"limit": cons["maximum"]})

    vocab = field.get("vocabulary")
    if vocab is not None:
        codes = set(codebook.vocabulary(vocab)["value"])
        if "delimiter" in field:
            parts = s.where(present, "").str.split(field["delimiter"], regex=False)
            bad = parts.map(lambda xs: any(x.strip() not in codes for x in xs if x != "") or "" in xs) & present
        else:
            bad = present & ~s.isin(codes)
        out += _per_value(file, table, name, "vocabulary", s, bad, {"vocabulary": vocab})
    if "pattern" in cons:
        out += _per_value(file, table, name, "pattern", s, present & ~s.str.fullmatch(cons["pattern"]),
                          {"pattern": cons["pattern"]})
    if field.get("format") == "uri":
        out += _per_value(file, table, name, "type", s, present & ~s.str.fullmatch(r"https?://\S+"),
                          {"type": "web address", "hint": " (start with http:// or https://)"})
    if cons.get("unique"):
        out += _per_value(file, table, name, "unique", s, present & s.duplicated(keep=False), {})
    return out


def _check_consistency(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str]) -> list[pd.DataFrame]:
    """Rules that tie fields of one row together."""
    out: list[pd.DataFrame] = []
    cases = tables.get("cases")
    if cases is not None and {"sanctioned", "sanction"} <= set(cases.columns):
        contradicts = (cases["sanctioned"].eq("ya") & cases["sanction"].eq("none")) | (
            cases["sanctioned"].eq("tidak") & ~cases["sanction"].isin(["none", "not_applicable"]))
        out += _per_value(files["cases"], "cases", "sanction", "consistency", cases["sanction"], contradicts,
                          {"detail": "sanction contradicts 'sanctioned'"})
    return out


def _check_foreign_keys(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str]) -> list[pd.DataFrame]:
    out: list[pd.DataFrame] = []
    for table, df in tables.items():
        spec = codebook.codebook()["tables"].get(table, {})
        for fk in spec.get("foreignKeys", []):
            (column,) = fk["fields"]
            ref_table = fk["reference"]["resource"]
            (ref_column,) = fk["reference"]["fields"]
            if column not in df.columns or ref_table not in tables or ref_column not in tables[ref_table]:
                continue
            s = df[column].astype(str)
            present = s.ne("") & ~s.isin(codebook.missing_codes())
            bad = present & ~s.isin(set(tables[ref_table][ref_column]))
            out += _per_value(files[table], table, column, "foreign_key", s, bad,
                              {"ref_table": ref_table, "ref_column": ref_column})
    return out


def validate_tables(tables: Mapping[str, pd.DataFrame],
                    required: tuple[str, ...] = codebook.REQUIRED_TABLES) -> pd.DataFrame:
    """Validate text tables against the codebook; return every problem (empty when valid)."""
    files = {t: (df.attrs.get("file") or f"{t}.csv") for t, df in tables.items()}
    parts: list[pd.DataFrame] = []
    for table in required:
        if table not in tables:
            parts.append(_problem(f"{table}.csv", table, None, "missing_table", _msg("missing_table", table=table)))
    known = set(codebook.codebook()["tables"])
    for table, df in tables.items():
        if table not in known:
            continue
        spec_fields = codebook.fields(table)
        names = {f["name"] for f in spec_fields}
        for column in df.columns:
            if column not in names:
                parts.append(_problem(files[table], table, column, "unknown_column",
                                      _msg("unknown_column", column=column, table=table)))
        for field in spec_fields:
            if field["name"] not in df.columns:
                parts.append(_problem(files[table], table, field["name"], "missing_column",
                                      _msg("missing_column", column=field["name"])))
                continue
            parts += _check_field(df, field, files[table], table)
    parts += _check_foreign_keys(tables, files)
    parts += _check_consistency(tables, files)
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_COLUMNS})
    problems = pd.concat(parts, ignore_index=True)[PROBLEM_COLUMNS]
    problems["row"] = problems["row"].astype("Int64")
    return problems.sort_values(["table", "row", "column"], kind="stable", na_position="first").reset_index(drop=True)


def validate_package(folder: str | Path) -> pd.DataFrame:
    """Read a data-package folder and validate it; a package that cannot be read is one problem."""
    try:
        tables = read_package(folder)
    except PackageError as exc:
        return _problem(str(Path(folder) / "datapackage.json"), "", None, "unreadable", str(exc))
    return validate_tables(tables)
