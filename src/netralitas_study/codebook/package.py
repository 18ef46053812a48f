"""The study's data package on disk: where the shipped data live, and its ``datapackage.json``.

Analyses never read these files directly: :func:`netralitas_study.load` reads, validates and
types them. ``read_csv_text`` is for the coding pipeline's own inputs (the raw extract and the
judgement files), which are not codebook tables.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study import resources

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
