"""Writing what users keep: CSV that no spreadsheet runs as a formula, and folders that are never half-written.

* :func:`safe_cells` / :func:`to_csv`: every command that writes CSV uses them. A text cell
  beginning with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with a single
  quote (OWASP's rule against CSV injection); plain negative numbers stay as they are.
* :func:`refuse_overwrite`: no command replaces a file or fills a non-empty folder unless the
  command has a force option and it was given; the message names that option only where it exists.
* :func:`report_folder`: ``report`` writes into a temporary folder beside the output, under a
  lock, and swaps it into place only when complete. It replaces only its own earlier report,
  unchanged: :data:`MANIFEST` records the SHA-256 of every file it wrote, and a folder where a
  file was edited or added since is refused unless ``--force``.
"""

from __future__ import annotations

import contextlib
import hashlib
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


def refuse_overwrite(path: Path, force: bool, folder: bool = False, option: str | None = None) -> None:
    """Refuse to replace an existing file, or to write into a non-empty folder, unless ``force``.

    ``option`` is the command's own force option (e.g. ``"--force"``): the message suggests it
    only when the command has one.
    """
    refuse_symlink(path)
    if force:
        return
    how_en = f"; choose another name or add {option}" if option else "; choose another name or move it away first"
    how_id = f"; pilih nama lain atau tambahkan {option}" if option else "; pilih nama lain atau pindahkan dulu"
    if folder and path.is_dir() and any(path.iterdir()):
        raise OutputError(f"{path}: the folder is not empty{how_en} / folder tidak kosong{how_id}")
    if not folder and path.exists():
        raise OutputError(f"{path}: already exists{how_en} / sudah ada{how_id}")


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


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` but the manifest -> its SHA-256 (paths with '/')."""
    return {p.relative_to(folder).as_posix(): _digest(p) for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != MANIFEST}


def _read_manifest(folder: Path) -> dict[str, str] | None:
    """The files a report wrote and their hashes, or None when ``folder`` holds no readable manifest."""
    path = folder / MANIFEST
    if not path.is_file() or path.is_symlink():
        return None
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    files = spec.get("files") if isinstance(spec, dict) else None
    if isinstance(files, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return files
    return None


def _os_metadata(name: str) -> bool:
    """Files a file browser leaves behind without the user writing anything (never counted as added work)."""
    return name in (".DS_Store", "Thumbs.db", "desktop.ini") or name.startswith("._")


def changes_since_report(folder: Path) -> list[str] | None:
    """What changed in an earlier report folder since ``report`` wrote it: 'edited: x', 'added: y'.

    None when ``folder`` is not a report of this tool (no manifest, or one without hashes).
    """
    recorded = _read_manifest(folder)
    if recorded is None:
        return None
    now = _files(folder)
    edited = [f"edited / diubah: {name}" for name, digest in now.items() if name in recorded and recorded[name] != digest]
    added = [f"added / ditambahkan: {name}" for name in now if name not in recorded
             and not _os_metadata(name.rsplit("/", 1)[-1])]
    return edited + added


def refuse_replacing(output: Path) -> None:
    """Refuse to replace ``output`` unless it is an earlier report nobody has changed since."""
    if not output.is_dir() or not any(output.iterdir()):
        return
    changes = changes_since_report(output)
    if changes is None:
        raise OutputError(f"{output}: a non-empty folder that is not an unchanged report of netralitas-study; choose "
                          "an empty or new folder, or add --force to replace it / folder tidak kosong dan bukan laporan "
                          "netralitas-study yang belum diubah; pilih folder kosong atau baru, atau tambahkan --force")
    if changes:
        shown = "; ".join(changes[:5]) + (f"; … ({len(changes)})" if len(changes) > 5 else "")
        raise OutputError(f"{output}: the report was changed since it was written ({shown}); nothing replaced. Copy "
                          "your changes elsewhere, choose another folder with -o, or add --force to replace it / "
                          "laporan sudah diubah sejak ditulis; tidak ada yang diganti. Salin perubahan Anda, pilih "
                          "folder lain dengan -o, atau tambahkan --force untuk menggantinya")


@contextlib.contextmanager
def report_folder(output: Path, force: bool = False) -> Iterator[Path]:
    """A fresh temporary folder that becomes ``output`` only when the block completes.

    Refuses an ``output`` that is a file or a symlink, and, unless ``force``, a non-empty folder
    that is not an earlier report or whose files were edited or added since it was written (see
    :func:`changes_since_report`). On any error or interruption the temporary folder is removed
    and ``output`` is as it was.
    """
    refuse_symlink(output)
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output}: a file, not a folder / sebuah berkas, bukan folder")
    if not force:
        refuse_replacing(output)
    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    # fixed names (not random): the temporary path is visible in the report's parameters
    tmp, old = parent / f".{output.name}.partial", parent / f".{output.name}.old"
    with _lock(parent / f".{output.name}.lock"):
        if not force:
            refuse_replacing(output)  # again, under the lock: an edit made while we waited counts
        shutil.rmtree(tmp, ignore_errors=True)  # a crashed run's leftovers
        tmp.mkdir()
        try:
            yield tmp
            manifest = {"tool": "netralitas-study report", "files": _files(tmp)}
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
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
