"""Validation of coded tables against the codebook: every problem, at once, as a table.

Each rule is evaluated column-wise over the whole table, so that validation costs about as
much as reading the data. The result has one row per problem with the columns of
:data:`PROBLEM_COLUMNS`; ``row`` is the row number a person sees in a spreadsheet (the
header is row 1, the first data row is row 2); ``message`` and ``hint`` come in English or
Indonesian.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study.io.fastops import isin, parse_iso_dates
from netralitas_study.norms.procedures import OPENING_STEPS  # intake steps are defined once, with the norms
from netralitas_study.validate.messages import TYPE_ID as _TYPE_ID, hint as _hint, msg as _msg

_HEADER_ROWS = 1  # spreadsheet row of the header; data row i (0-based) is i + 2

PROBLEM_COLUMNS = ["file", "table", "row", "column", "value", "rule", "message", "hint"]
SUMMARY_COLUMNS = ["table", "file", "rows_read", "rows_accepted", "rows_rejected", "blank_rows_ignored"]
TEXT_MAX_CHARS = 2000
"""A coded cell longer than this is refused as pasted text, not a code or a note (rule ``too_long``). It is a
content rule of the codebook, apart from the reader's bound on any cell (``io.limits``, ``--max-cell-chars``),
which guards against hostile files."""
EXAMPLE_PREFIX = "CONTOH-"
"""Ids of the template's example rows: a row left with such an id is reported, never analysed."""

def _rows_of(df: pd.DataFrame) -> pd.Series:
    """The row number the user sees for each frame row (header is row 1 unless the reader said otherwise)."""
    rows = df.attrs.get("rows")
    if rows is not None and len(rows) == len(df):
        return pd.Series(rows, index=df.index)
    return pd.Series(df.index + _HEADER_ROWS + 1, index=df.index)


def _problem(file: str, table: str, column: str | None, rule: str, message: str,
             rows: pd.Index | None = None, values: pd.Series | None = None, hint: str = "",
             df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Problems for a set of rows (or one table-level problem when ``rows`` is None)."""
    if rows is None:
        return pd.DataFrame([{"file": file, "table": table, "row": pd.NA, "column": column,
                              "value": pd.NA, "rule": rule, "message": message, "hint": hint}])
    visible = _rows_of(df).loc[rows].to_numpy() if df is not None else rows + _HEADER_ROWS + 1
    return pd.DataFrame({
        "file": file, "table": table, "row": visible, "column": column,
        "value": values.loc[rows].to_numpy() if values is not None else pd.NA,
        "rule": rule, "message": message, "hint": hint,
    })


def _per_value(file: str, table: str, column: str, rule: str, s: pd.Series, mask: pd.Series,
               template: dict, lang: str = "en", df: pd.DataFrame | None = None) -> list[pd.DataFrame]:
    """One problem per failing cell, with the cell's value in the message."""
    if not mask.any():
        return []
    bad = s[mask]
    out = _problem(file, table, column, rule, "", bad.index, s, hint=_hint(rule, lang, **template), df=df)
    out["message"] = [_msg(rule, lang, value=v, column=column, **template) for v in bad]
    return [out]


def _numbers(s: pd.Series, mask: pd.Series) -> pd.Series:
    """Numbers of the cells where ``mask`` holds (NaN elsewhere), parsed once per distinct text."""
    distinct = pd.unique(s[mask])
    values = dict(zip(distinct, pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")))
    return s.map(values).where(mask).astype(float)


def _check_field(df: pd.DataFrame, field: dict, file: str, table: str, lang: str = "en") -> list[pd.DataFrame]:
    name = field["name"]
    s = df[name].astype(str)
    cons = field.get("constraints", {})
    missing = codebook.missing_codes()
    blank = s.eq("")
    is_missing = s.isin(missing)
    present = ~blank & ~is_missing
    out: list[pd.DataFrame] = []

    def add(rule: str, mask: pd.Series, **template: object) -> None:
        out.extend(_per_value(file, table, name, rule, s, mask, template, lang, df))

    def add_type(mask: pd.Series, kind: str, hint_en: str, hint_id: str) -> None:
        add("type", mask, type=kind, type_id=_TYPE_ID[kind], hint=hint_en, hint_id=hint_id)

    if cons.get("required"):
        add("required", blank | is_missing)
    elif not field.get("optional"):
        add("blank", blank, missing=", ".join(missing))

    ftype = field["type"]
    number = None
    if ftype == "integer":
        ok = s.str.fullmatch(r"-?\d+")  # '+2024' is not kept as 2024: a sign nobody writes is a typo to see
        example = field.get("example", cons.get("minimum", 3) if cons.get("minimum", 3) > 1 else 3)
        add_type(present & ~ok, "whole number", f"Write digits only, e.g. {example}; if the source does not give it, "
                 f"a missing code: {', '.join(missing)}.", f"Tulis angka saja, mis. {example}; bila sumber tidak "
                 f"menyebutnya, kode kosong: {', '.join(missing)}.")
        number = _numbers(s, present & ok)
    elif ftype == "number":
        number = _numbers(s, present)
        add_type(present & number.isna(), "number", f"Write a number, e.g. 12; if the source does not give it, a "
                 f"missing code: {', '.join(missing)}.", f"Tulis angka, mis. 12; bila sumber tidak menyebutnya, kode "
                 f"kosong: {', '.join(missing)}.")
    elif ftype == "date":
        parsed = parse_iso_dates(s)
        add_type(present & parsed.isna(), "date",
                 "Write a real calendar date: 2024-01-12, 12/01/2024 or 12 Januari 2024.",
                 "Tulis tanggal yang ada di kalender: 2024-01-12, 12/01/2024 atau 12 Januari 2024.")
    if number is not None:
        if "minimum" in cons:
            add("minimum", number < cons["minimum"], limit=cons["minimum"])
        if "maximum" in cons:
            add("maximum", number > cons["maximum"], limit=cons["maximum"])

    vocab = field.get("vocabulary")
    if vocab is not None:
        codes = list(codebook.vocabulary(vocab)["value"])
        known = set(codes)
        if "delimiter" in field:
            # judged once per distinct list: a column of lists repeats the same few lists
            def bad_list(text: str) -> bool:
                parts = text.split(field["delimiter"])
                return "" in parts or any(x.strip() not in known for x in parts)

            bad_lists = [u for u in pd.unique(s[present]) if bad_list(u)]
            bad = present & isin(s, bad_lists) if bad_lists else present & False
        else:
            bad = present & ~s.isin(known)
        if vocab == "province":  # every code with its name: '36 Banten' (the name alone is accepted too)
            names = codebook.labels("province", "id")
            shown = ", ".join(f"{c} {names[c]}" for c in codes)
        else:
            shown = ", ".join(codes[:12]) + (
                (", … (sheet 'kode')" if lang == "en" else ", … (lihat sheet 'kode')") if len(codes) > 12 else "")
        add("vocabulary", bad, vocabulary=vocab, codes=shown)
    if "pattern" in cons:
        add("pattern", present & ~s.str.fullmatch(cons["pattern"]))
    if field.get("format") == "uri":
        add_type(present & ~s.str.fullmatch(r"https?://\S+"), "web address",
                 "Start with http:// or https://.", "Awali dengan http:// atau https://.")
    if cons.get("unique"):
        add("unique", present & s.duplicated(keep=False))
    lengths = s.str.len()
    if (lengths > TEXT_MAX_CHARS).any():
        add("too_long", lengths > TEXT_MAX_CHARS, length=int(lengths.max()), limit=TEXT_MAX_CHARS)
    return out


def _check_consistency(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str], lang: str) -> list[pd.DataFrame]:
    """Rules that tie fields of one row together, and the template's example rows."""
    out: list[pd.DataFrame] = []
    persons = tables.get("persons")
    if persons is not None and {"status", "sanction_imposed"} <= set(persons.columns):
        # the chain kept apart: a tier is imposed only on a person whose sanction was imposed
        tier = persons["sanction_imposed"].astype(str)
        status = persons["status"].astype(str)
        contradicts = (status.isin(codebook.NOT_IMPOSED) & ~tier.isin(codebook.missing_codes())) | (
            status.eq("imposed") & tier.isin(["not_applicable", "none"]))
        out += _per_value(files["persons"], "persons", "sanction_imposed", "consistency", persons["sanction_imposed"],
                          contradicts, {"detail": "an imposed tier contradicts the sanction status",
                                        "detail_id": "tingkat sanksi yang dijatuhkan bertentangan dengan status sanksi"},
                          lang, persons)
    events = tables.get("events")
    if events is not None and {"case_id", "step", "status", "date"} <= set(events.columns):
        out += _check_date_order(events, files["events"], lang)
    for table, df in tables.items():
        key = codebook.codebook()["tables"].get(table, {}).get("primaryKey", [None])[0]
        if key in df.columns:
            ids = df[key].astype(str)
            out += _per_value(files[table], table, key, "example_row", ids, ids.str.startswith(EXAMPLE_PREFIX),
                              {}, lang, df)
    return out




def _check_date_order(events: pd.DataFrame, file: str, lang: str) -> list[pd.DataFrame]:
    dates = parse_iso_dates(events["date"]).where(events["status"].eq("occurred"))
    intake = dates.where(events["step"].isin(OPENING_STEPS)).groupby(events["case_id"]).transform("min")
    early = dates.notna() & intake.notna() & (dates < intake) & ~events["step"].isin(OPENING_STEPS)
    # one call per row: each message names that case's own intake date
    return [p for idx in events.index[early]
            for p in _per_value(file, "events", "date", "date_order", events["date"], events.index == idx,
                                {"intake": intake[idx].strftime("%Y-%m-%d")}, lang, events)]


HIDDEN = "[hidden / disembunyikan]"


def _check_personal_data(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str],
                         lang: str) -> tuple[list[pd.DataFrame], list[tuple[str, int, str, str]]]:
    """Problems for personal data, and the flagged cells (table, visible row, column, raw text) to hide."""
    from netralitas_study.validate.privacy import scan_table

    out, cells = [], []
    for table, df in tables.items():
        if df.attrs.get("scanned"):
            continue  # the reader has scanned every cell and hidden what it flagged
        found = scan_table(df)
        for hit in found.itertuples():
            reason = {"reason": hit.en, "reason_id": hit.id}
            message, hint = _msg("personal_data", lang, **reason), _hint("personal_data", lang)
            if hit.index is None:
                out.append(_problem(files[table], table, hit.column, "personal_data", message, hint=hint))
                continue
            p = _problem(files[table], table, hit.column, "personal_data", message, pd.Index([hit.index]), None, hint,
                         df)
            p["value"] = HIDDEN
            out.append(p)
            cells.append((table, int(p["row"].iloc[0]), hit.column, str(df.at[hit.index, hit.column])))
    return out, cells


def _hide(problems: pd.DataFrame, cells: list[tuple[str, int, str, str]]) -> pd.DataFrame:
    """Never echo a cell that holds personal data, whichever rule reports it."""
    for table, row, column, raw in cells:
        same = problems["table"].eq(table) & problems["row"].eq(row) & problems["column"].eq(column)
        problems.loc[same, "value"] = HIDDEN
        problems.loc[same, "message"] = problems.loc[same, "message"].str.replace(raw, HIDDEN, regex=False)
    return problems


def _check_foreign_keys(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str], lang: str) -> list[pd.DataFrame]:
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
            known = set(tables[ref_table][ref_column].astype(str))
            delimiter = next((f.get("delimiter") for f in codebook.fields(table) if f["name"] == column), None)
            if delimiter:  # a list of ids: every one must exist
                bad_lists = [u for u in pd.unique(s[present]) if not set(u.split(delimiter)) <= known]
                bad = present & s.isin(bad_lists)
            else:
                bad = present & ~isin(s, tables[ref_table][ref_column])
            out += _per_value(files[table], table, column, "foreign_key", s, bad,
                              {"ref_table": ref_table, "ref_column": ref_column}, lang, df)
    return out


def _empty_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in PROBLEM_COLUMNS})


def validate_tables(tables: Mapping[str, pd.DataFrame], required: tuple[str, ...] = codebook.REQUIRED_TABLES,
                    lang: str = "en", progress: bool = False) -> pd.DataFrame:
    """Validate text tables against the codebook; return every problem (empty when valid).

    With ``progress``, large inputs show a bar per table.
    """
    from netralitas_study.io.progress import track

    files = {t: (df.attrs.get("file") or f"{t}.csv") for t, df in tables.items()}
    parts: list[pd.DataFrame] = []
    for table in required:
        if table not in tables:
            parts.append(_problem(f"{table}.csv", table, None, "missing_table", _msg("missing_table", lang, table=table),
                                  hint=_hint("missing_table", lang, table=table)))
    known = set(codebook.codebook()["tables"])
    tables = {t: df for t, df in tables.items() if t in known}
    for table, df in tables.items():
        spec_fields = codebook.fields(table)
        names = {f["name"] for f in spec_fields}
        if len(df) == 0 and table in required:
            parts.append(_problem(files[table], table, None, "no_rows", _msg("no_rows", lang, table=table),
                                  hint=_hint("no_rows", lang)))
        for column in df.columns:
            if column not in names:
                parts.append(_problem(files[table], table, column, "unknown_column",
                                      _msg("unknown_column", lang, column=column, table=table),
                                      hint=_hint("unknown_column", lang)))
        for field in track(spec_fields, len(df), f"validate {table}", progress, len(spec_fields)):
            if field["name"] not in df.columns:
                parts.append(_problem(files[table], table, field["name"], "missing_column",
                                      _msg("missing_column", lang, column=field["name"]),
                                      hint=_hint("missing_column", lang)))
                continue
            parts += _check_field(df, field, files[table], table, lang)
    parts += _check_foreign_keys(tables, files, lang)
    parts += _check_consistency(tables, files, lang)
    personal, hidden_cells = _check_personal_data(tables, files, lang)
    parts = [p for p in parts + personal if not p.empty]
    if not parts:
        return _empty_problems()
    problems = pd.concat(parts, ignore_index=True)[PROBLEM_COLUMNS]
    problems["row"] = problems["row"].astype("Int64")
    problems = _hide(problems, hidden_cells)
    return problems.sort_values(["table", "row", "column"], kind="stable", na_position="first").reset_index(drop=True)


def summarise_rows(tables: Mapping[str, pd.DataFrame], problems: pd.DataFrame,
                   blank_rows: Mapping[str, int] | None = None) -> pd.DataFrame:
    """Per table: rows read, accepted (no problem) and rejected (at least one problem); rows read = accepted + rejected."""
    rows = []
    for table, df in tables.items():
        visible = set(_rows_of(df))
        bad = set(problems.loc[problems["table"].eq(table) & problems["row"].notna(), "row"].astype(int)) & visible
        rows.append({"table": table, "file": df.attrs.get("file", f"{table}.csv"), "rows_read": len(df),
                     "rows_accepted": len(df) - len(bad), "rows_rejected": len(bad),
                     "blank_rows_ignored": (blank_rows or {}).get(table, 0)})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def validate_read(result, path: str | Path, lang: str = "en", progress: bool = False
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Validate what :func:`~netralitas_study.inputs.read_path` read: (problems, per-table row summary).

    A single CSV file is validated on its own: references to tables it does not hold are not checked.
    """
    read_problems = pd.DataFrame(result.problems, columns=PROBLEM_COLUMNS)
    if read_problems["rule"].eq("limit").any():  # refused while reading: nothing else to say about it
        return read_problems.astype({"row": "Int64"}), summarise_rows(result.tables, read_problems, result.blank_rows)
    single = Path(path).is_file() and Path(path).suffix.lower() in (".csv", ".txt")
    required = tuple(result.tables) if single else codebook.REQUIRED_TABLES
    unreadable = set(read_problems.loc[read_problems["rule"].isin(["empty", "unreadable", "encoding", "missing_table",
                                                                   "descriptor", "limit", "sheet_name"]),
                                       "table"])
    problems = validate_tables(result.tables, tuple(t for t in required if t not in unreadable), lang, progress)
    problems = pd.concat([read_problems, problems], ignore_index=True) if len(read_problems) else problems
    problems["row"] = problems["row"].astype("Int64")
    return problems.reset_index(drop=True), summarise_rows(result.tables, problems, result.blank_rows)


def validate_path(path: str | Path, lang: str = "en", progress: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read a workbook, CSV file or data folder and validate it: (problems, per-table row summary)."""
    from netralitas_study.io.inputs import read_path

    return validate_read(read_path(path, lang), path, lang, progress)


class InvalidData(ValueError):
    """Data that failed validation; ``problems`` holds every problem (file, table, row, column, rule, message)."""

    def __init__(self, path: str | Path, problems: pd.DataFrame):
        from netralitas_study.io.inputs import shown_path

        self.path = path
        self.problems = problems
        shown = shown_path(path)  # a folder name that holds personal data is never echoed
        super().__init__(f"{shown}: {len(problems)} validation problem(s); run 'netralitas-study validate {shown}'")


def validate_package(folder: str | Path, lang: str = "en") -> pd.DataFrame:
    """Every problem of a data folder (or workbook, or CSV file), as one table; empty when valid."""
    return validate_path(folder, lang)[0]
