"""Where the package finds the files it ships: the data package and the notebooks.

One lookup for two layouts. An installed wheel carries copies under
``netralitas_study/shipped/`` (pyproject.toml maps the repository's ``data/`` and
``notebooks/`` folders there at build time, so git holds each file once). A source checkout
(``pip install -e``) has no copies and uses the repository's own folders, so that ``make
data`` or an edited notebook take effect at once.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

SHIPPED = ("data", "notebooks")
"""Folders of the repository that the wheel carries as package data."""


class ResourceNotFound(FileNotFoundError):
    """A shipped folder or notebook that neither the installed package nor a checkout holds."""


def _package_dir() -> Path:
    # Path(str(...)): the package is installed as files (pip never installs it zipped), and
    # nbclient and pandas need real paths.
    return Path(str(files(__package__)))


def checkout_root() -> Path | None:
    """The repository root when the package is imported from a source checkout, else None."""
    root = _package_dir().parents[1]  # src/netralitas_study -> repository root
    return root if (root / "pyproject.toml").is_file() and (root / "src" / __package__).is_dir() else None


def shipped_dir(name: str) -> Path:
    """The shipped folder ``name`` ('data' or 'notebooks'): the wheel's copy, else the checkout's."""
    if name not in SHIPPED:
        raise ValueError(f"{name!r} is not shipped; shipped folders: {', '.join(SHIPPED)}")
    packaged = _package_dir() / "shipped" / name
    if packaged.is_dir():
        return packaged
    root = checkout_root()
    if root is not None and (root / name).is_dir():
        return root / name
    raise ResourceNotFound(f"shipped folder {name!r} not found in {_package_dir()} nor in a checkout; "
                           "reinstall netralitas-study")


def data_dir() -> Path:
    """The shipped data package (``datapackage.json`` and its CSV files)."""
    return shipped_dir("data")


def notebooks() -> list[Path]:
    """The study's numbered notebooks (``NN-name.ipynb``), in order."""
    return sorted(shipped_dir("notebooks").glob("[0-9][0-9]-*.ipynb"))


def notebook(stem: str) -> Path:
    """One shipped notebook by its file stem, e.g. ``04-province-report``."""
    path = shipped_dir("notebooks") / f"{stem}.ipynb"
    if not path.is_file():
        raise ResourceNotFound(f"{path.name} is not shipped; notebooks: {', '.join(p.name for p in notebooks())}")
    return path
