"""The one loader: what is validated is what is analysed, typed, for every kind of input."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from netralitas_study import InvalidData
from netralitas_study import load
from netralitas_study.cli import main
from netralitas_study.codebook.package import DEFAULT_DATA

ROOT = Path(__file__).resolve().parents[1]


def _indonesian_copy(src: Path, dest: Path) -> Path:
    """data/ as Excel writes it under an Indonesian locale: ';', a BOM, CRLF and dd/mm/yyyy dates."""
    dest.mkdir()
    (dest / "datapackage.json").write_bytes((src / "datapackage.json").read_bytes())
    for f in src.glob("*.csv"):
        rows = list(csv.reader(f.open(encoding="utf-8")))
        out = []
        for r in rows:
            out.append([re.sub(r"^(\d{4})-(\d{2})-(\d{2})$", r"\3/\2/\1", c) for c in r])
        with (dest / f.name).open("w", encoding="utf-8-sig", newline="") as fh:
            csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(out)
    return dest


def test_load_is_importable_from_the_package_and_returns_typed_tables():
    t = load()
    assert pd.api.types.is_datetime64_any_dtype(t["events"]["date"])
    assert isinstance(t["cases"]["origin"].dtype, pd.CategoricalDtype)
    assert "not_reported" in t["cases"]["origin"].cat.categories  # missing codes stay visible
    assert str(t["cases"]["election_year"].dtype) == "Int64"


def test_an_indonesian_locale_copy_gives_byte_identical_compliance(tmp_path):
    copy = _indonesian_copy(DEFAULT_DATA, tmp_path / "data-id")
    assert b";" in (copy / "events.csv").read_bytes()[:200] and (copy / "events.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    runner = CliRunner()
    original = runner.invoke(main, ["compliance", str(DEFAULT_DATA), "--format", "csv"])
    localised = runner.invoke(main, ["compliance", str(copy), "--format", "csv"])
    assert original.exit_code == localised.exit_code == 0, localised.output
    assert original.stdout == localised.stdout


def test_validation_and_analysis_see_the_same_tables(tmp_path):
    copy = _indonesian_copy(DEFAULT_DATA, tmp_path / "data-id")
    a, b = load(DEFAULT_DATA), load(copy)
    for table in a:
        pd.testing.assert_frame_equal(a[table], b[table], check_like=False)


@pytest.mark.parametrize("path", ["/etc/passwd", "../cases.csv", "https://example.org/cases.csv"])
def test_a_descriptor_cannot_point_outside_its_folder(data_copy, path):
    desc = json.loads((data_copy / "datapackage.json").read_text())
    next(r for r in desc["resources"] if r["name"] == "cases")["path"] = path
    (data_copy / "datapackage.json").write_text(json.dumps(desc))
    with pytest.raises(InvalidData) as err:
        load(data_copy)
    problems = err.value.problems
    assert problems["rule"].eq("descriptor").any()
    assert problems["message"].str.contains("leaves the data folder").any()


def test_the_descriptor_decides_which_file_is_read(data_copy):
    (data_copy / "cases.csv").rename(data_copy / "kasus-2024.csv")
    desc = json.loads((data_copy / "datapackage.json").read_text())
    next(r for r in desc["resources"] if r["name"] == "cases")["path"] = "kasus-2024.csv"
    (data_copy / "datapackage.json").write_text(json.dumps(desc))
    assert len(load(data_copy)["cases"]) == len(load()["cases"])


def test_invalid_data_raise_with_the_problem_table(data_copy):
    cases = (data_copy / "cases.csv").read_text(encoding="utf-8").replace(",pemilu,2024,15,", ",pemilu,2024,99,", 1)
    (data_copy / "cases.csv").write_text(cases, encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load(data_copy)
    p = err.value.problems
    assert {"file", "table", "row", "column", "rule", "message"} <= set(p.columns)
    assert (p["column"].eq("province") & p["rule"].eq("vocabulary") & p["row"].eq(2)).any()


def test_no_notebook_reads_a_table_except_through_load():
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        code = "\n".join("".join(c["source"]) for c in json.loads(nb.read_text())["cells"] if c["cell_type"] == "code")
        assert not re.search(r"read_package|load_valid|read_path|read_csv|read_excel|read_parquet", code), nb.name
        assert "load(" in code, nb.name


def test_export_eventlog_refuses_invalid_data(data_copy, tmp_path):
    (data_copy / "events.csv").write_text((data_copy / "events.csv").read_text().replace(",occurred,", ",happened,", 1))
    out = tmp_path / "log.csv"
    result = CliRunner().invoke(main, ["export-eventlog", str(data_copy), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "happened" in result.output and "Traceback" not in result.output
