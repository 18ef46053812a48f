"""Outputs rebuild byte for byte and carry no wall-clock time, random order or absolute path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netralitas_study.codebook.package import DEFAULT_DATA
from netralitas_study.report.notebooks import render_all
from netralitas_study.report.site import write_site

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
ABSOLUTE = re.compile(r"(/work/|/tmp/|/home/|/root/|/Users/|[A-Z]:\\\\)")
WALL_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}|iopub\.execute_input|shell\.execute_reply")


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_reports_build_twice_byte_identical(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        render_all(NOTEBOOKS, out)
        write_site(out, DEFAULT_DATA, ROOT / "CITATION.cff")  # the index and pages around the reports
    a, b = _tree(first), _tree(second)
    assert a.keys() == b.keys() and len(a) >= len(NOTEBOOKS)
    assert [k for k in a if a[k] != b[k]] == []


@pytest.mark.parametrize("path", NOTEBOOKS + sorted((ROOT / "reports").glob("*.html")), ids=lambda p: p.name)
def test_no_absolute_path_or_wall_clock_in_outputs(path):
    text = path.read_text(encoding="utf-8")
    assert not ABSOLUTE.search(text), ABSOLUTE.search(text)
    assert not WALL_CLOCK.search(text), WALL_CLOCK.search(text)


def test_reports_exist_for_every_notebook():
    # reports/ also holds the site's own pages (index, codebook, benchmarks): only numbered ones are reports
    assert {p.stem for p in (ROOT / "reports").glob("[0-9][0-9]-*.html")} == {p.stem for p in NOTEBOOKS}
