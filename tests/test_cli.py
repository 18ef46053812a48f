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


def test_procedures_lists_the_public_ids():
    result = CliRunner().invoke(main, ["procedures", "--format", "csv"])
    assert result.exit_code == 0
    ids = [line.split(",")[0] for line in result.output.strip().splitlines()[1:]]
    assert ids == ["adjudication-route", "perbawaslu-7-2022-pemilu", "uu-10-2016-pilkada"]


def test_compliance_prints_one_row_per_case_with_verdict_and_reasons():
    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--procedure", "adjudication-route",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(result.output))
    assert table["case_id"].tolist() == ["JMB-PM24-T1", "JMB-PM24-T2", "JMB-PM24-T3", "JMB-PM24-T4"]
    assert table["verdict"].tolist() == ["non-conformant"] * 3 + ["indeterminate"]
    assert table["reasons"].str.len().gt(0).all()


def test_compliance_unknown_procedure_names_the_known_ones():
    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--procedure", "nope"])
    assert result.exit_code == 2 and "perbawaslu-7-2022-pemilu" in result.output


def test_compliance_refuses_invalid_data(data_copy):
    edit_csv(data_copy, "events", lambda df: df.assign(step="bogus"))
    result = CliRunner().invoke(main, ["compliance", str(data_copy), "--procedure", "adjudication-route"])
    assert result.exit_code == 1 and "validation problem" in result.output


def test_export_eventlog_writes_process_mining_columns(tmp_path):
    out = tmp_path / "log.csv"
    result = CliRunner().invoke(main, ["export-eventlog", str(DEFAULT_DATA), "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text().splitlines()[0]
    assert header == "case:concept:name,concept:name,time:timestamp,org:resource"
    assert "12 events of 3 cases (12 without a date)" in result.output
