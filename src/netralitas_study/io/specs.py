"""Versioned, cited JSON files shipped with the package (procedures, parameters, inference rules).

One place reads them and checks them against their JSON Schema (``schemas/<name>.schema.json``),
so that every such file is refused the same way: file name, the path inside the file, the problem.
"""

from __future__ import annotations

import json
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


@lru_cache(maxsize=1)
def _jsonschema():
    """jsonschema, imported without its optional IRI-format grammar (rfc3987_syntax builds dozens of parsers
    on import, seconds of a command's start-up): no schema here checks formats."""
    import sys

    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import fails fast: format skipped
    try:
        import jsonschema
    finally:
        if blocked:
            del sys.modules["rfc3987_syntax"]
    return jsonschema


def schema_errors(spec: Any, name: str) -> list[str]:
    """Every way ``spec`` breaks schema ``name``, as 'path/in/file: message', sorted by path."""
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
