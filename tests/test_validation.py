import json

import pytest

from conftest import edit_csv
from netralitas_study.codebook.package import DEFAULT_DATA
from netralitas_study.validate.rules import PROBLEM_COLUMNS, validate_package


def test_shipped_data_has_no_problems():
    problems = validate_package(DEFAULT_DATA)
    assert problems.empty, problems.to_string()
    assert list(problems.columns) == PROBLEM_COLUMNS


def _plant(df, row, column, value):
    df.loc[row, column] = value
    return df


# (table, 0-based data row, column, planted value, expected rule)
PLANTED = [
    ("cases", 0, "origin", "temuan?", "vocabulary"),
    ("cases", 1, "election_year", "dua ribu", "type"),
    ("cases", 2, "persons", "0", "minimum"),
    ("cases", 3, "province", "", "required"),
    ("cases", 1, "source_id", "NO-SUCH-SOURCE", "foreign_key"),
    ("cases", 0, "violation_form_candidates", "tesis_ikut_kampanye|bogus", "vocabulary"),
    ("cases", 2, "regency", "", "blank"),
    ("events", 4, "date", "2024-02-30", "type"),
    ("events", 2, "case_id", "JMB-PM24-T9", "foreign_key"),
    ("events", 6, "status", "maybe", "vocabulary"),
    ("events", 3, "event_id", "JMB-PM24-T1-E1", "unique"),
    ("sources", 0, "url", "www.example", "type"),
]


def test_every_planted_problem_is_named_with_table_row_and_column(data_copy):
    for table, row, column, value, _ in PLANTED:
        edit_csv(data_copy, table, lambda df, r=row, c=column, v=value: _plant(df, r, c, v))
    problems = validate_package(data_copy)
    found = set(zip(problems["table"], problems["row"], problems["column"], problems["rule"]))
    for table, row, column, _, rule in PLANTED:
        assert (table, row + 2, column, rule) in found, (table, row, column, rule)
    # the duplicate id is reported on both rows that carry it
    dup = problems[problems["rule"].eq("unique")]
    assert sorted(dup["row"]) == [2, 5]
    assert problems["file"].isin(["cases.csv", "events.csv", "sources.csv"]).all()


def test_missing_and_unknown_columns(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.drop(columns=["origin"]).assign(nama="x"))
    problems = validate_package(data_copy)
    rules = set(zip(problems["column"], problems["rule"]))
    assert ("origin", "missing_column") in rules
    assert ("nama", "unknown_column") in rules


def test_an_imposed_tier_on_a_recommended_person_is_reported(data_copy):
    # the chain kept apart: KASN/BKN recommended (status recommended), so no tier can have been imposed
    def plant(df):
        df.loc[0, "status"] = "recommended"
        df.loc[0, "sanction_imposed"] = "sedang"
        return df

    edit_csv(data_copy, "persons", plant)
    problems = validate_package(data_copy)
    assert problems[["table", "row", "column", "rule"]].values.tolist() == [["persons", 2, "sanction_imposed",
                                                                              "consistency"]]


def test_missing_file_is_one_clear_problem_and_a_plain_csv_folder_is_accepted(data_copy):
    (data_copy / "datapackage.json").unlink()  # a student's folder of CSV files has none
    assert validate_package(data_copy).empty
    (data_copy / "events.csv").unlink()
    problems = validate_package(data_copy)
    assert len(problems) == 1 and "events.csv" in problems.loc[0, "message"]


def test_frictionless_agrees_with_the_shipped_data_and_catches_a_planted_code(data_copy):
    """An independent Table Schema validator reads datapackage.json the way we do."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DEFAULT_DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    edit_csv(data_copy, "cases", lambda df: _plant(df, 0, "origin", "temuan?"))
    report = frictionless.validate(str(data_copy / "datapackage.json"))
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[2, "origin", "constraint-error"]]
    assert json.loads((data_copy / "datapackage.json").read_text())["resources"][0]["name"] == "cases"
