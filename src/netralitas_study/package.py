"""Reading and writing the study's data package (``datapackage.json`` plus CSV files).

Cells are read as text, exactly as coded: missing codes such as ``not_reported`` stay
visible, and typing happens only in the functions that need a type. Each frame records the
file it came from in ``DataFrame.attrs["file"]`` so that problems can name it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from . import codebook, resources

Tables = dict[str, pd.DataFrame]

DEFAULT_DATA = resources.data_dir()
"""The shipped data folder: the installed package's copy, or ``data/`` of a source checkout."""


class PackageError(Exception):
    """A data package that cannot be read at all (no descriptor, unreadable file)."""


def read_csv_text(path: Path) -> pd.DataFrame:
    """Read a codebook CSV as text: no NA guessing, cells stripped of surrounding blanks."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    df.columns = [str(c).strip() for c in df.columns]
    df = df.apply(lambda s: s.str.strip())
    df.attrs["file"] = path.name
    return df


def read_descriptor(folder: str | Path) -> dict:
    """Load ``datapackage.json`` from ``folder``."""
    path = Path(folder) / "datapackage.json"
    if not path.is_file():
        raise PackageError(f"{path}: no datapackage.json in this folder")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise PackageError(f"{path}: not valid JSON ({exc})") from exc


def read_package(folder: str | Path = DEFAULT_DATA) -> Tables:
    """Read every resource of a data package into text DataFrames keyed by resource name."""
    folder = Path(folder)
    tables: Tables = {}
    for res in read_descriptor(folder).get("resources", []):
        path = folder / res["path"]
        if not path.is_file():
            raise PackageError(f"{path}: resource {res['name']!r} names a file that does not exist")
        tables[res["name"]] = read_csv_text(path)
    return tables


def write_descriptor(folder: str | Path, tables: list[str] | None = None) -> Path:
    """(Re)write ``datapackage.json`` for ``folder`` from the codebook.

    The descriptor is derived, never edited by hand: the codebook is the source of truth.
    """
    folder = Path(folder)
    tables = tables or list(codebook.TABLES)
    desc = codebook.datapackage_descriptor(
        name="netralitas-study-data",
        title="ASN-neutrality cases handled by Bawaslu, coded / Kasus netralitas ASN yang ditangani Bawaslu",
        resources={t: f"{t}.csv" for t in tables},
        version=codebook.version(),
        licenses=[{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                   "title": "Creative Commons Attribution 4.0"}],
    )
    path = folder / "datapackage.json"
    path.write_text(json.dumps(desc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
