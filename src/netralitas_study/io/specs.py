"""Versioned, cited JSON files shipped with the package (procedures, parameters, inference rules).

One place reads them and checks them against their JSON Schema (``schemas/<name>.schema.json``),
so that every such file is refused the same way: file name, the path inside the file, the problem.

Only files a user supplies are checked against the schema when read: the shipped files are checked
once, by the tests (``tests/test_shipped_specs.py``), so no command pays for importing jsonschema on
shipped data. When it is imported, it is imported without the optional ``rfc3987_syntax`` module,
which compiles dozens of Lark grammars at import (seconds) for a format check no schema here uses.
"""

from __future__ import annotations

import json
import sys
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any


def package_dir(name: str) -> Path:
    """A folder shipped inside the package, relative to its root (e.g. 'norms/procedures')."""
    return Path(str(files("netralitas_study").joinpath(name)))


@lru_cache(maxsize=8)
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema ``schemas/<name>.schema.json``."""
    return json.loads((package_dir("norms/schemas") / f"{name}.schema.json").read_text(encoding="utf-8"))


def is_shipped(path: str | Path) -> bool:
    """Is ``path`` a file inside the installed package (a shipped procedure, parameter or rule set)?"""
    try:
        return Path(path).resolve().is_relative_to(package_dir(".").resolve()) and not Path(path).is_symlink()
    except OSError:
        return False


def _jsonschema():
    """jsonschema, imported lazily; without ``rfc3987_syntax`` if nothing has imported it yet.

    jsonschema imports ``rfc3987_syntax`` when it is installed (as Jupyter's dependencies install
    it) only to offer an optional 'iri' format check; our validators check no formats, so a
    first import here blocks that module (``None`` in ``sys.modules``) and then lifts the block.
    """
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    block = "rfc3987_syntax" not in sys.modules
    if block:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import jsonschema
    finally:
        if block:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def schema_errors(spec: Any, name: str) -> list[str]:
    """Every way ``spec`` breaks schema ``name``, as 'path/in/file: message', sorted by path (no format checks)."""
    validator = _jsonschema().Draft202012Validator(schema(name))
    return [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
            for e in sorted(validator.iter_errors(spec), key=lambda e: list(map(str, e.absolute_path)))]


def read_object(path: Path, error: type[Exception], kind: str) -> dict[str, Any]:
    """The JSON object in ``path``, or ``error`` naming the file (unreadable, not JSON, not an object)."""
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise error(f"{path.name}: not valid JSON ({exc})") from None
    if not isinstance(spec, dict):
        raise error(f"{path.name}: a {kind} is a JSON object")
    return spec
