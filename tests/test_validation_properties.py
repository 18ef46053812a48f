"""Invariants of validation and input normalisation, on generated inputs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget import examples
from netralitas_study.io.inputs import EXCEL_EPOCH, normalise_date
from netralitas_study.codebook.package import DEFAULT_DATA
from netralitas_study.validate.rules import summarise_rows, validate_tables

pytestmark = pytest.mark.slow  # run in every test run; with many more examples under -m slow

BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
         "November", "Desember"]


def _small_tables() -> dict[str, pd.DataFrame]:
    from netralitas_study.codebook.package import read_csv_text

    return {t: read_csv_text(DEFAULT_DATA / "thesis" / f"{t}.csv") for t in ("cases", "events", "sources")}


BASE = _small_tables()
ROW_LOCAL = ["origin", "regency", "role", "persons", "sanction_by", "employment", "election_year"]
cell_text = st.one_of(st.text(max_size=30), st.sampled_from(["unknown", "not_reported", "", "temuan", "15", "-1",
                                                             "2024-02-30", "19800101 200501 1 001"]))
settings_ = settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])


# (column, an invalid value, the rule that must name it)
INVALID = [("origin", "temuan?", "vocabulary"), ("persons", "dua", "type"), ("persons", "0", "minimum"),
           ("election_year", "20x4", "type"), ("province", "99", "vocabulary"), ("employment", "", "blank"),
           ("case_id", "bad id!", "pattern"), ("agency_type", "dinas", "vocabulary")]


@settings_
@given(st.integers(0, 3), st.sampled_from(INVALID))
def test_an_invalid_cell_is_reported_at_its_own_row_and_column_with_its_rule(row, bad):
    column, value, rule = bad
    tables = {t: df.copy() for t, df in BASE.items()}
    tables["cases"].loc[row, column] = value
    problems = validate_tables(tables)
    mine = problems[problems["table"].eq("cases") & problems["row"].eq(row + 2) & problems["column"].eq(column)]
    assert rule in set(mine["rule"]), problems.to_string()
    # nothing else in the cases table is blamed on this cell, except what the bad id breaks downstream
    if column != "case_id":
        assert set(problems.loc[problems["table"].eq("cases"), "row"].dropna()) == {row + 2}
    summary = summarise_rows(tables, problems).set_index("table")
    assert summary.loc["cases", "rows_rejected"] == 1


@settings_
@given(st.integers(0, 3), st.sampled_from(INVALID))
def test_restoring_the_valid_value_clears_the_problem(row, bad):
    column, value, _ = bad
    tables = {t: df.copy() for t, df in BASE.items()}
    original = tables["cases"].loc[row, column]
    tables["cases"].loc[row, column] = value
    assert not validate_tables(tables).empty
    tables["cases"].loc[row, column] = original
    assert validate_tables(tables).empty


@settings(max_examples=examples(200), deadline=None)
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


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=20))
def test_normalising_never_raises_and_leaves_non_dates_alone(text):
    out = normalise_date(text)
    assert isinstance(out, str)
    if out != text.strip():
        assert pd.Timestamp(out).strftime("%Y-%m-%d") == out
