"""Invariants of validation and input normalisation, on generated inputs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netralitas_study.inputs import EXCEL_EPOCH, normalise_date
from netralitas_study.package import DEFAULT_DATA
from netralitas_study.validation import summarise_rows, validate_tables

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]


def _small_tables() -> dict[str, pd.DataFrame]:
    from netralitas_study.package import read_csv_text

    return {t: read_csv_text(DEFAULT_DATA / "thesis" / f"{t}.csv") for t in ("cases", "events", "sources")}


BASE = _small_tables()
ROW_LOCAL = ["origin", "regency", "role", "persons", "sanction_by", "employment", "election_year"]
cell_text = st.one_of(st.text(max_size=30), st.sampled_from(["unknown", "not_reported", "", "temuan", "15", "-1",
                                                             "2024-02-30", "19800101 200501 1 001"]))
settings_ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings_
@given(st.lists(st.tuples(st.sampled_from(["cases", "events", "sources"]), st.integers(0, 14),
                          st.integers(0, 20), cell_text), max_size=8))
def test_validation_never_raises_and_accounts_for_every_row(mutations):
    tables = {t: df.copy() for t, df in BASE.items()}
    for table, row, col, value in mutations:
        df = tables[table]
        df.iloc[row % len(df), col % df.shape[1]] = value
    problems = validate_tables(tables)
    summary = summarise_rows(tables, problems)
    assert (summary["rows_read"] == summary["rows_accepted"] + summary["rows_rejected"]).all()
    for table, df in tables.items():
        rows = problems.loc[problems["table"].eq(table), "row"].dropna()
        assert rows.between(2, len(df) + 1).all()


@settings_
@given(st.integers(0, 3), st.sampled_from(ROW_LOCAL), cell_text)
def test_a_bad_cell_only_touches_its_own_row_for_row_local_rules(row, column, value):
    tables = {t: df.copy() for t, df in BASE.items()}
    tables["cases"].loc[row, column] = value
    problems = validate_tables(tables)
    touched = set(problems.loc[problems["table"].eq("cases"), "row"].dropna().astype(int))
    assert touched <= {row + 2}
    assert problems[problems["table"].ne("cases")].empty


@settings(max_examples=200, deadline=None)
@given(st.dates(dt.date(1960, 1, 1), dt.date(2090, 12, 31)))
def test_every_accepted_date_spelling_normalises_to_iso(day):
    iso = day.isoformat()
    assert normalise_date(iso) == iso
    assert normalise_date(f"{day.day}/{day.month}/{day.year}") == iso
    assert normalise_date(f"{day.day:02d}-{day.month:02d}-{day.year}") == iso
    assert normalise_date(f"{day.day} {BULAN[day.month - 1]} {day.year}") == iso
    serial = (day - EXCEL_EPOCH).days
    if 20000 <= serial <= 80000:
        assert normalise_date(str(serial)) == iso


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=20))
def test_normalising_never_raises_and_leaves_non_dates_alone(text):
    out = normalise_date(text)
    assert isinstance(out, str)
    if out != text.strip():
        assert pd.Timestamp(out).strftime("%Y-%m-%d") == out
