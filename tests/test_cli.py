from click.testing import CliRunner

from conftest import edit_csv
from netralitas_study.cli import main
from netralitas_study.package import DEFAULT_DATA


def test_validate_shipped_data_exits_zero():
    result = CliRunner().invoke(main, ["validate", str(DEFAULT_DATA)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_validate_reports_problems_and_exits_nonzero(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.assign(origin="bogus"))
    result = CliRunner().invoke(main, ["validate", str(data_copy), "--format", "csv"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == "file,table,row,column,value,rule,message"
    assert len(lines) == 1 + 4  # one problem per case row
    assert all(",origin,bogus,vocabulary," in line for line in lines[1:])


def test_validate_missing_path_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file" in result.output
