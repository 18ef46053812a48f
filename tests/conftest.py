"""Shared fixtures: the shipped data, and writable copies of it to plant problems in."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from netralitas_study import load
from netralitas_study.codebook.package import DEFAULT_DATA


def pytest_configure(config) -> None:
    """Under ``-m slow`` the property tests draw many more examples (tests/budget.py)."""
    import budget

    expr = config.getoption("markexpr", "") or ""
    budget.THOROUGH = "slow" in expr.replace("not slow", "")


@pytest.fixture(scope="session")
def shipped() -> dict[str, pd.DataFrame]:
    return load(DEFAULT_DATA)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped data folder."""
    dest = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, dest)
    return dest


def edit_csv(folder: Path, table: str, edit) -> None:
    """Apply ``edit(df) -> df`` to ``folder/table.csv`` (all cells as text)."""
    path = folder / f"{table}.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    edit(df).to_csv(path, index=False)
