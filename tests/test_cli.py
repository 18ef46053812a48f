import pytest
from click.testing import CliRunner

from conftest import edit_csv
from netralitas_study.cli import main
from netralitas_study import load
from netralitas_study.codebook.package import DEFAULT_DATA


def test_validate_shipped_data_exits_zero():
    result = CliRunner().invoke(main, ["validate", str(DEFAULT_DATA)])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_validate_reports_problems_and_exits_nonzero(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.assign(origin="bogus"))
    result = CliRunner().invoke(main, ["validate", str(data_copy), "--format", "csv", "--lang", "en"])
    assert result.exit_code == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "file,table,row,column,value,rule,message,hint"
    n_cases = len(load(DEFAULT_DATA)["cases"])
    assert len(lines) == 1 + n_cases  # one problem per case row, none dropped
    assert all(",origin,bogus,vocabulary," in line for line in lines[1:])


def test_validate_missing_path_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_procedures_lists_the_public_ids():
    result = CliRunner().invoke(main, ["procedures", "--format", "csv"])
    assert result.exit_code == 0
    ids = [line.split(",")[0] for line in result.output.strip().splitlines()[1:]]
    assert ids == ["adjudication-route", "perbawaslu-7-2018-pemilu", "perbawaslu-7-2022-pemilu",
                   "perbawaslu-8-2020-pilkada", "perbawaslu-9-2024-pilkada", "uu-10-2016-pilkada"]


def test_compliance_without_a_procedure_judges_each_case_under_its_own_norm():
    import io

    import pandas as pd

    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--format", "csv"])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False).merge(
        load(DEFAULT_DATA)["cases"][["case_id", "election_type", "election_year"]].astype(str))
    outside = table["verdict"].eq("not_applicable")  # a case outside Bawaslu's handling is judged under no norm
    assert (table.loc[outside, "procedure"] == "").all() and outside.sum() >= 1
    table = table[~outside]
    norm = table.groupby(["election_type", "election_year"])["procedure"].agg(set).to_dict()
    assert norm[("pemilu", "2019")] == {"perbawaslu-7-2018-pemilu"}
    assert norm[("pemilu", "2024")] == {"perbawaslu-7-2022-pemilu"}
    assert norm[("pilkada", "2020")] == {"perbawaslu-8-2020-pilkada"}
    assert norm[("pilkada", "2024")] <= {"perbawaslu-8-2020-pilkada", "perbawaslu-9-2024-pilkada"}
    assert table["procedure_version"].str.fullmatch(r"\d+\.\d+\.\d+").all()


def test_compliance_warns_when_a_norm_is_for_another_election():
    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--procedure", "perbawaslu-8-2020-pilkada"])
    assert result.exit_code == 0
    assert "judged under a norm for another election" in result.stderr


def test_compliance_detail_names_every_check_with_its_result():
    import io

    import pandas as pd

    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--detail", "--format", "csv"])
    checks = pd.read_csv(io.StringIO(result.stdout), keep_default_na=False)
    assert {"case_id", "procedure", "check", "item", "result", "detail"} <= set(checks.columns)
    assert {"pass", "unknown"} <= set(checks["result"])


def test_compliance_prints_one_row_per_case_with_verdict_and_reasons():
    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--procedure", "adjudication-route",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(result.output), keep_default_na=False)
    assert table["case_id"].tolist() == load(DEFAULT_DATA)["cases"]["case_id"].tolist()
    thesis = table[table["case_id"].str.startswith("JMB-PM24-T")]
    assert thesis["verdict"].tolist() == ["non-conformant"] * 3 + ["indeterminate"]
    assert table["reasons"].str.len().gt(0).all()


def test_compliance_unknown_procedure_names_the_known_ones():
    result = CliRunner().invoke(main, ["compliance", str(DEFAULT_DATA), "--procedure", "nope"])
    assert result.exit_code == 2 and "perbawaslu-7-2022-pemilu" in result.output


def test_compliance_refuses_invalid_data(data_copy):
    edit_csv(data_copy, "events", lambda df: df.assign(step="bogus"))
    result = CliRunner().invoke(main, ["compliance", str(data_copy), "--procedure", "adjudication-route"])
    assert result.exit_code == 1 and "validation problem" in result.output


def test_export_eventlog_writes_process_mining_columns(tmp_path):
    import pandas as pd

    out = tmp_path / "log.csv"
    result = CliRunner().invoke(main, ["export-eventlog", str(DEFAULT_DATA), "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text().splitlines()[0]
    assert header == "case:concept:name,concept:name,time:timestamp,org:resource"
    log = pd.read_csv(out)
    events = load(DEFAULT_DATA)["events"]
    assert len(log) == events["status"].eq("occurred").sum()
    dated = events[events["status"].eq("occurred") & events["date"].notna()]
    assert log["time:timestamp"].notna().sum() == len(dated)
    assert f"{len(log)} events of {log['case:concept:name'].nunique()} cases" in result.output


def test_progress_is_silent_for_small_inputs_and_off_the_terminal(capsys):
    from netralitas_study.io.progress import track

    assert list(track(range(3), rows=10, desc="x")) == [0, 1, 2]
    assert list(track(range(3), rows=10**6, desc="x")) == [0, 1, 2]  # not a terminal: no bar, same items
    assert capsys.readouterr().err == ""


HEAVY = ("jsonschema", "rfc3987_syntax", "lark", "statsmodels", "scipy", "matplotlib", "nbformat", "openpyxl",
         "docx", "frictionless")
"""Modules that cost a noticeable share of an import of pandas and that these commands do not need."""


@pytest.mark.parametrize("args", [["validate", "data"], ["compliance", "data"], ["compliance", "data", "--detail"],
                                  ["gaps", "data"], ["procedures"]], ids=" ".join)
def test_commands_on_shipped_data_import_nothing_heavy(args):
    import subprocess
    import sys

    code = ("import contextlib, io, sys\n"
            "from netralitas_study.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
            f"    main({[a if a != 'data' else str(DEFAULT_DATA) for a in args]!r}, standalone_mode=False)\n"
            f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]", out.stderr
