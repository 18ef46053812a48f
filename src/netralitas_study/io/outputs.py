"""Writing what users keep: CSV that no spreadsheet runs as a formula, and folders that are never half-written.

* :func:`safe_cells` / :func:`to_csv`: every command that writes CSV uses them. A text cell
  beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with a single
  quote (OWASP's rule against CSV injection); plain negative numbers stay as they are.
* :func:`refuse_overwrite`: ``template`` never replaces a file or fills a non-empty folder
  unless forced.
* :func:`report_folder`: ``report`` writes into a temporary folder beside the output, under a
  lock, and swaps it into place only when complete; it replaces only its own earlier report,
  recognised by :data:`MANIFEST`.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

_LIVE = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-\d+(\.\d+)?([eE][+-]?\d+)?")
MANIFEST = ".netralitas-report.json"


class OutputError(Exception):
    """An output the command refuses to write; the message says why and what to do."""


def safe_text(value: object) -> object:
    """``value`` with a leading quote when a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(_LIVE) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_cells(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` whose text cells and headers cannot start a formula."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_text)
    out.columns = [safe_text(c) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame, path_or_buf=None, **kw) -> str | None:
    """``df.to_csv`` after :func:`safe_cells` (no index unless asked)."""
    kw.setdefault("index", False)
    return safe_cells(df).to_csv(path_or_buf, **kw)


def refuse_symlink(path: Path) -> None:
    if path.is_symlink():
        raise OutputError(f"{path}: a symbolic link; give a real path / tautan simbolik; berikan path sebenarnya")


def refuse_overwrite(path: Path, force: bool, folder: bool = False, has_force: bool = True) -> None:
    """Refuse to replace an existing file, or to write into a non-empty folder, unless ``force``.

    ``has_force=False`` (a command without --force): the message does not suggest it."""
    refuse_symlink(path)
    if force:
        return
    en, id_ = (" or add --force", " atau tambahkan --force") if has_force else ("", "")
    if folder and path.is_dir() and any(path.iterdir()):
        raise OutputError(f"{path}: the folder is not empty; choose another{en} / "
                          f"folder tidak kosong; pilih folder lain{id_}")
    if not folder and path.exists():
        raise OutputError(f"{path}: already exists; choose another name{en} / "
                          f"sudah ada; pilih nama lain{id_}")


@contextlib.contextmanager
def _lock(path: Path) -> Iterator[None]:
    """An exclusive lock file; a lock left by a process that no longer runs is taken over."""
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            break
        except FileExistsError:
            try:
                pid = int(path.read_text().strip() or 0)
                os.kill(pid, 0)
            except (ValueError, ProcessLookupError, OSError):
                path.unlink(missing_ok=True)  # stale: its process has ended
                continue
            raise OutputError(f"{path.name}: another report is being written into this folder (process {pid}); "
                              "wait for it to finish / laporan lain sedang ditulis ke folder ini") from None
    else:
        raise OutputError(f"{path}: cannot take the lock / tidak dapat mengunci")
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def report_folder(output: Path) -> Iterator[Path]:
    """A fresh temporary folder that becomes ``output`` only when the block completes.

    Refuses an ``output`` that is a file, a symlink, or a non-empty folder that is not an
    earlier report. On any error or interruption the temporary folder is removed and
    ``output`` is as it was.
    """
    refuse_symlink(output)
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output}: a file, not a folder / sebuah berkas, bukan folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MANIFEST).is_file():
        raise OutputError(f"{output}: a non-empty folder that is not a report of netralitas-study; choose an empty "
                          "or new folder / folder tidak kosong dan bukan laporan netralitas-study; pilih folder "
                          "kosong atau baru")
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    # fixed names (not random): the temporary path is visible in the report's parameters
    tmp, old = parent / f".{output.name}.partial", parent / f".{output.name}.old"
    with _lock(parent / f".{output.name}.lock"):
        shutil.rmtree(tmp, ignore_errors=True)  # a crashed run's leftovers
        tmp.mkdir()
        try:
            yield tmp
            files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*") if p.is_file())
            (tmp / MANIFEST).write_text(json.dumps({"tool": "netralitas-study report", "files": files},
                                                   indent=1) + "\n", encoding="utf-8")
            shutil.rmtree(old, ignore_errors=True)
            if output.exists():
                output.rename(old)
            tmp.rename(output)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            if old.exists() and not output.exists():
                old.rename(output)  # interrupted between the two renames: the previous report comes back
            raise
