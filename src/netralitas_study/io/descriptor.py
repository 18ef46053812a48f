"""A data folder's ``datapackage.json``: which file holds each table, read defensively.

The descriptor is a user's file like any other: it is size-limited, its nesting depth is
bounded (a deeply nested file is a clear error, not a crash), every resource name and path
is scanned for personal data before it can reach a message, a path may not leave the
folder, and a table named by two resources is refused (the unread file could hold anything).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from netralitas_study import codebook
from netralitas_study.io.limits import current as current_limits
from netralitas_study.validate.privacy import HIDDEN, scan_text

WHERE = "datapackage.json"
MAX_DEPTH = 64
"""Deepest nesting of objects and lists a descriptor may have (the shipped one has 7)."""


class _TooDeep(ValueError):
    pass


def _depth_ok(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` before :mod:`json` recurses into it."""
    depth, in_string, escape = 0, False, False
    for c in text:
        if in_string:
            if escape:
                escape = False
            elif c == "\\":
                escape = True
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _TooDeep(f"nested more than {MAX_DEPTH} levels deep")
        elif c in "]}":
            depth -= 1


def _shown(value: object, limit: int = 60) -> str:
    """A descriptor value as it may appear in a message: scanned, hidden when it holds personal data."""
    text = str(value)[:limit]
    return HIDDEN if scan_text(str(value)) else text


def _bad(result, message_en: str, message_id: str, hint_en: str = "", hint_id: str = "", table: str = "",
         **kw: object) -> None:
    result.problem(WHERE, "descriptor", result.say(message_en, message_id, w=WHERE, **kw), table=table,
                   hint=result.say(hint_en, hint_id) if hint_en else "")


def _load(descriptor: Path, result) -> list | None:
    limits = current_limits()
    try:
        if descriptor.stat().st_size > limits.max_mb * 2**20:
            raise ValueError(f"larger than {limits.max_mb} MiB")
        text = descriptor.read_text(encoding="utf-8")
        _depth_ok(text)
        spec = json.loads(text)
        resources = spec.get("resources", []) if isinstance(spec, dict) else None
        if not isinstance(resources, list):
            raise ValueError("no list of resources")
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        reason = exc if isinstance(exc, _TooDeep) or not scan_text(str(exc)) else type(exc).__name__
        if isinstance(exc, RecursionError):
            reason = "nested too deeply"
        _bad(result, "{w}: not a valid descriptor ({e})", "{w}: deskriptor tidak sah ({e})",
             "Rewrite it with 'make datapackage', or remove it to read the folder by file names.",
             "Tulis ulang dengan 'make datapackage', atau hapus agar folder dibaca menurut nama berkas.", e=reason)
        return None
    return resources


def _resource_file(folder: Path, res: dict, name: str, result) -> Path | None:
    """The file a descriptor resource names, confined to ``folder``; None (with a problem) otherwise."""
    rel = res.get("path")
    if not isinstance(rel, str) or not rel.strip():
        _bad(result, "{w}: resource '{n}' has no path", "{w}: sumber '{n}' tidak punya path", table=name, n=name)
        return None
    if scan_text(rel):
        _bad(result, "{w}: the path of resource '{n}' holds personal data", "{w}: path sumber '{n}' memuat data "
             "pribadi", "Rename the file.", "Ganti nama berkasnya.", table=name, n=name)
        result.problem(HIDDEN, "personal_data", result.say("personal data in a file name", "data pribadi di nama berkas"),
                       table=name, hint=result.say("Rename it.", "Ganti namanya."))
        return None
    unsafe = ("://" in rel or rel.startswith(("/", "\\")) or Path(rel).is_absolute()
              or re.match(r"^[A-Za-z]:", rel) or ".." in Path(rel.replace("\\", "/")).parts)
    if unsafe:
        _bad(result, "{w}: resource '{n}' path '{r}' leaves the data folder",
             "{w}: path sumber '{n}' ('{r}') keluar dari folder data",
             "Resource paths must be relative file names inside the folder (no absolute path, no '..', no URL).",
             "Path sumber harus nama berkas relatif di dalam folder (tanpa path absolut, tanpa '..', tanpa URL).",
             table=name, n=name, r=rel[:80])
        return None
    path = folder / rel
    if path.is_symlink() or not path.resolve().is_relative_to(folder.resolve()):
        _bad(result, "{w}: resource '{n}' is a link out of the data folder",
             "{w}: sumber '{n}' adalah tautan ke luar folder data", "Copy the file into the folder instead of "
             "linking it.", "Salin berkasnya ke dalam folder, jangan ditautkan.", table=name, n=name)
        return None
    return path


def descriptor_files(folder: Path, result) -> dict[str, Path] | None:
    """Table -> file named by ``folder/datapackage.json``; None when the descriptor cannot be used at all."""
    resources = _load(folder / WHERE, result)
    if resources is None:
        return None
    files: dict[str, Path] = {}
    seen: set[str] = set()
    for number, res in enumerate(resources, start=1):
        raw = str(res.get("name", "")) if isinstance(res, dict) else ""
        if raw not in codebook.TABLES:
            shown = _shown(raw)
            if shown == HIDDEN:
                result.problem(HIDDEN, "personal_data", result.say(
                    "personal data in the name of resource {k} of datapackage.json",
                    "data pribadi di nama sumber ke-{k} datapackage.json", k=number),
                    hint=result.say("Rename it.", "Ganti namanya."))
            _bad(result, "{w}: resource {k} ('{n}') is not a table of the codebook",
                 "{w}: sumber ke-{k} ('{n}') bukan tabel dalam buku kode", "Tables: " + ", ".join(codebook.TABLES) + ".",
                 "Tabel: " + ", ".join(codebook.TABLES) + ".", k=number, n=shown)
            continue
        if raw in seen:
            _bad(result, "{w}: table '{n}' is named by more than one resource (resource {k} again)",
                 "{w}: tabel '{n}' disebut oleh lebih dari satu sumber (sumber ke-{k} lagi)",
                 "Keep one resource per table: which file holds the data must never be a guess.",
                 "Satu sumber untuk satu tabel: berkas mana yang berisi data tidak boleh ditebak.",
                 table=raw, n=raw, k=number)
            files.pop(raw, None)
            continue
        seen.add(raw)
        if (f := _resource_file(folder, res, raw, result)) is not None:
            files[raw] = f
    return files
