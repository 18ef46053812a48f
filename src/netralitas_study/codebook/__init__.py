"""The codebook: tables, fields, controlled vocabularies and missing codes.

``codebook.json`` beside this module is the single source of truth. A field that names a
``vocabulary`` is expanded here into a Frictionless Table Schema ``enum`` constraint plus
labelled ``categories``, so that ``data/datapackage.json`` is plain Table Schema.
"""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from importlib.resources import files
from typing import Any

import pandas as pd

TABLES: tuple[str, ...] = ("cases", "persons", "events", "sources", "tallies")
"""Tables of the codebook."""

REQUIRED_TABLES: tuple[str, ...] = ("cases", "events", "sources")
"""Tables every data folder must have; ``persons`` and ``tallies`` are optional (a student may code no outcome or figure)."""

NOT_IMPOSED: tuple[str, ...] = ("recommended", "pending", "not_sanctioned")
"""Sanction statuses under which nothing was imposed: the imposed tier, imposer and date do not apply."""


@lru_cache(maxsize=1)
def _raw() -> dict[str, Any]:
    return json.loads(files(__package__).joinpath("codebook.json").read_text(encoding="utf-8"))


def codebook() -> dict[str, Any]:
    """Return a deep copy of the raw codebook (safe to modify)."""
    return copy.deepcopy(_raw())


def version() -> str:
    """Codebook version (semantic versioning)."""
    return _raw()["version"]


def missing_codes() -> list[str]:
    """Explicit missing codes: 'unknown', 'not_reported', 'not_applicable'."""
    return [m["value"] for m in _raw()["missingValues"]]


def vocabulary(name: str) -> pd.DataFrame:
    """A controlled vocabulary as a DataFrame with ``value``, ``label_id``, ``label_en``.

    Extra attributes (e.g. a step's ``stage``, a form's ``list``) come as further columns.
    """
    try:
        entries = _raw()["vocabularies"][name]
    except KeyError:
        raise KeyError(f"no vocabulary {name!r}; known: {sorted(_raw()['vocabularies'])}") from None
    return pd.DataFrame(entries)


def vocabulary_names() -> list[str]:
    """Names of all controlled vocabularies."""
    return sorted(_raw()["vocabularies"])


def labels(name: str, lang: str = "id") -> dict[str, str]:
    """Map codes of a vocabulary (and the missing codes) to their labels in ``lang``."""
    key = {"id": "label_id", "en": "label_en"}[lang]
    out = {m["value"]: m[key] for m in _raw()["missingValues"]}
    out.update({e["value"]: e[key] for e in _raw()["vocabularies"][name]})
    return out


def fields(table: str) -> list[dict[str, Any]]:
    """The raw field definitions of ``table`` (with ``vocabulary`` references)."""
    try:
        return copy.deepcopy(_raw()["tables"][table]["fields"])
    except KeyError:
        raise KeyError(f"no table {table!r} in the codebook; known: {list(TABLES)}") from None


def field_names(table: str) -> list[str]:
    """Column names of ``table``, in codebook order."""
    return [f["name"] for f in fields(table)]


def table_schema(table: str) -> dict[str, Any]:
    """A Frictionless Table Schema for ``table``, vocabularies expanded to enums and categories."""
    spec = _raw()["tables"][table]
    out_fields = []
    for field in fields(table):
        vocab = field.pop("vocabulary", None)
        field.pop("optional", None)
        if vocab is not None:
            entries = _raw()["vocabularies"][vocab]
            field["x-vocabulary"] = vocab
            field["categories"] = [
                {"value": e["value"], "label": f"{e['label_id']} / {e['label_en']}"} for e in entries
            ]
            if field.get("ordinal"):
                field["categoriesOrdered"] = True
            if "delimiter" not in field:
                field.setdefault("constraints", {})["enum"] = [e["value"] for e in entries]
        field.pop("ordinal", None)
        if "delimiter" in field:
            field["x-delimiter"] = field.pop("delimiter")
        out_fields.append(field)
    schema: dict[str, Any] = {
        "$schema": "https://datapackage.org/profiles/2.0/tableschema.json",
        "fields": out_fields,
        "missingValues": [
            {"value": m["value"], "label": f"{m['label_id']} / {m['label_en']}"}
            for m in _raw()["missingValues"]
        ],
        "primaryKey": spec["primaryKey"],
    }
    if spec.get("foreignKeys"):
        schema["foreignKeys"] = spec["foreignKeys"]
    return schema


def datapackage_descriptor(name: str, title: str, resources: dict[str, str], **extra: Any) -> dict[str, Any]:
    """A Data Package descriptor whose resources carry the codebook's schemas.

    ``resources`` maps a table name to its CSV path relative to the descriptor.
    """
    desc: dict[str, Any] = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
                            "name": name, "title": title, **extra, "resources": []}
    for table, path in resources.items():
        desc["resources"].append(
            {
                "$schema": "https://datapackage.org/profiles/2.0/dataresource.json",
                "name": table,
                "path": path,
                "type": "table",
                "format": "csv",
                "encoding": "utf-8",
                "description": _raw()["tables"][table]["description"],
                "schema": table_schema(table),
            }
        )
    return desc


def role_code(text: str) -> tuple[str, str]:
    """A position in words as ``(role, role_other)``: its code when the words are a code or a label of the
    role vocabulary (any case), a missing code as itself, else ``('other', words)``.

    Only a normalisation of what was written, never a keyword rule: "Kepala Dinas" is the label of
    ``kepala_dinas``; "Kepala Dinas Pendidikan" stays in words under ``other`` for a coder to read.
    """
    words = " ".join(str(text).split())
    if words in missing_codes():
        return words, ""
    folded = words.casefold()
    for e in _raw()["vocabularies"]["role"]:
        if folded in (e["value"].casefold(), e["label_id"].casefold(), e["label_en"].casefold()):
            return e["value"], ""
    return ("other", words) if words else ("not_reported", "")
