"""Issue 24: the template carries the published figures (tallies) sheet, with dropdowns and an example."""

from __future__ import annotations

from openpyxl import load_workbook

from netralitas_study import codebook
from netralitas_study.codebook.template import write_csv_templates, write_workbook_template
from netralitas_study.validate.rules import validate_path


def test_template_has_a_tallies_sheet_with_dropdowns_an_example_and_its_columns_explained(tmp_path):
    wb = load_workbook(write_workbook_template(tmp_path / "t.xlsx"))
    assert "tallies" in wb.sheetnames
    ws = wb["tallies"]
    header = [c.value for c in ws[1]]
    assert header == codebook.field_names("tallies")
    assert ws["A2"].value.startswith("CONTOH-")
    validated = {str(r).split(":")[0].rstrip("0123456789") for dv in ws.data_validations.dataValidation
                 for r in dv.sqref.ranges}
    vocab_cols = {f["name"] for f in codebook.fields("tallies") if f.get("vocabulary") and "delimiter" not in f}
    assert {header[ord(x) - 65] for x in validated} == vocab_cols
    assert {"metric", "unit", "conflict"} <= vocab_cols
    kolom = {(r[0].value, r[1].value): r for r in wb["kolom"].iter_rows(min_row=2)}
    for name in codebook.field_names("tallies"):
        assert kolom[("tallies", name)][3].value, name  # an Indonesian meaning for every column
    assert any("tallies" in (c.value or "") for c in wb["petunjuk"]["A"])  # the instructions name the sheet


def test_the_tallies_example_is_valid_but_for_being_an_example(tmp_path):
    """Only the example-row rule fires on the tallies example: it is a correct figure otherwise."""
    problems, _ = validate_path(write_workbook_template(tmp_path / "t.xlsx"))
    tallies = problems[problems["table"].eq("tallies")]
    assert tallies["rule"].tolist() == ["example_row"]
    folder = tmp_path / "csv"
    assert (folder / "tallies.csv") in write_csv_templates(folder)
