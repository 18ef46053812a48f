"""Normative procedures as versioned, cited data files (``procedures/*.json``).

A procedure lists the steps the norm requires, the order among them, deadlines (days from
a named step, working or calendar), the recipient in force on a date, and the legal basis
of each, flagged where that basis is unconfirmed. Swapping the procedure swaps the norm.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd

from . import codebook

DAY_TYPES = ("working", "calendar")
PLAIN_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""A procedure id: lower-case letters, digits and '-', never a path (it names output files and rows)."""


class ProcedureError(ValueError):
    """A procedure file that is not a valid normative model."""


@dataclass(frozen=True)
class Procedure:
    """A normative model of how a case should be handled."""

    id: str
    version: str
    title_id: str
    title_en: str
    election_type: str | None
    steps: pd.DataFrame
    recipient_rule: list[dict[str, Any]] = field(default_factory=list)
    legal_basis: list[dict[str, Any]] = field(default_factory=list)
    effective_from: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def required_steps(self) -> list[str]:
        return self.steps.loc[self.steps["required"], "step"].tolist()

    def recipient_on(self, dates: pd.Series) -> pd.Series:
        """The recipient in force on each date (NA where the date is unknown or no rule covers it)."""
        dates = pd.to_datetime(pd.Series(dates))
        out = pd.Series(pd.NA, index=dates.index, dtype="object")
        for rule in self.recipient_rule:
            lo = pd.Timestamp(rule["from"]) if rule.get("from") else pd.Timestamp.min
            hi = pd.Timestamp(rule["to"]) if rule.get("to") else pd.Timestamp.max
            out[dates.between(lo, hi)] = rule["value"]
        return out


def _procedure_dir() -> Path:
    return Path(str(files(__package__).joinpath("procedures")))


def procedure_ids() -> list[str]:
    """Ids of the shipped procedures."""
    return sorted(p.stem for p in _procedure_dir().glob("*.json"))


def check_procedure(spec: dict[str, Any], origin: str = "procedure") -> None:
    """Raise :class:`ProcedureError` naming every structural problem of a procedure spec."""
    shape = _shape_errors(spec)
    if shape:
        raise ProcedureError(f"{origin}: " + "; ".join(shape))
    errors = []
    step_codes = set(codebook.vocabulary("step")["value"])
    if not PLAIN_ID.fullmatch(spec.get("id", "")):
        errors.append(f"id {spec.get('id')!r} is not a plain id (lower-case letters, digits and '-')")
    for key in ("id", "version", "title_id", "title_en", "steps", "legal_basis"):
        if key not in spec:
            errors.append(f"missing key '{key}'")
    steps = spec.get("steps", [])
    listed = [s.get("step") for s in steps]
    optional = {s["step"] for s in steps if not s.get("required")}
    for i, s in enumerate(steps):
        where = f"steps[{i}] ({s.get('step')})"
        if s.get("step") not in step_codes:
            errors.append(f"{where}: '{s.get('step')}' is not a step code of the codebook")
        if "basis" not in s or not s["basis"].get("citation"):
            errors.append(f"{where}: no legal basis cited")
        for pred in s.get("after", []):
            if pred not in listed:
                errors.append(f"{where}: 'after' names '{pred}', which is not a step of this procedure")
            elif pred in optional:
                # an optional step must never decide a verdict, so nothing may depend on it
                errors.append(f"{where}: 'after' names optional step '{pred}'")
        deadline = s.get("deadline")
        if deadline:
            if deadline.get("day_type") not in DAY_TYPES:
                errors.append(f"{where}: deadline day_type must be one of {DAY_TYPES}")
            if not isinstance(deadline.get("days"), int) or deadline["days"] < 0:
                errors.append(f"{where}: deadline days must be a whole number >= 0")
            for anchor in deadline.get("from", []):
                if anchor not in step_codes:
                    errors.append(f"{where}: deadline anchor '{anchor}' is not a step code")
                elif anchor in optional:
                    errors.append(f"{where}: deadline anchor '{anchor}' is an optional step")
            if not deadline.get("from"):
                errors.append(f"{where}: deadline has no 'from' step")
    recipients = set(codebook.vocabulary("recipient")["value"])
    for rule in spec.get("recipient_rule", []):
        if rule.get("value") not in recipients:
            errors.append(f"recipient_rule: '{rule.get('value')}' is not a recipient code")
    if errors:
        raise ProcedureError(f"{origin}: " + "; ".join(errors))


def _shape_errors(spec: Any) -> list[str]:
    """Types of a procedure file's parts (the JSON schema of a procedure), checked before their content."""
    if not isinstance(spec, dict):
        return ["the file must hold one JSON object"]
    errors = [f"'{k}' must be {t.__name__ if isinstance(t, type) else 'text'}"
              for k, t in (("id", str), ("version", str), ("title_id", str), ("title_en", str), ("steps", list),
                           ("legal_basis", list), ("recipient_rule", list))
              if k in spec and not isinstance(spec[k], t)]
    for i, s in enumerate(spec.get("steps") if isinstance(spec.get("steps"), list) else []):
        if not isinstance(s, dict):
            errors.append(f"steps[{i}] must be an object")
            continue
        for key, kind in (("step", str), ("basis", dict), ("after", list), ("deadline", dict),
                          ("applies_to_origin", list)):
            if s.get(key) is not None and not isinstance(s[key], kind):
                errors.append(f"steps[{i}].{key} must be {'an object' if kind is dict else 'a list' if kind is list else 'text'}")
        if isinstance(s.get("deadline"), dict) and not isinstance(s["deadline"].get("from", []), list):
            errors.append(f"steps[{i}].deadline.from must be a list")
    for key in ("legal_basis", "recipient_rule"):
        items = spec.get(key) if isinstance(spec.get(key), list) else []
        errors += [f"{key}[{i}] must be an object" for i, x in enumerate(items) if not isinstance(x, dict)]
    return errors


def load_procedure(id_or_path: str | Path) -> Procedure:
    """Load a shipped procedure by plain id, or any procedure file by path (ending in .json)."""
    path = Path(id_or_path)
    if not path.suffix == ".json":
        if not PLAIN_ID.fullmatch(str(id_or_path)):
            raise ProcedureError(f"{str(id_or_path)!r} is neither a procedure id nor a .json file; "
                                 f"known: {', '.join(procedure_ids())}")
        path = _procedure_dir() / f"{id_or_path}.json"
        if not path.is_file():
            raise ProcedureError(f"no procedure {str(id_or_path)!r}; known: {', '.join(procedure_ids())}")
    if path.is_symlink():
        raise ProcedureError(f"{path.name}: a symbolic link; give the file itself")
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProcedureError(f"{path}: no such procedure file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProcedureError(f"{path.name}: not a readable JSON procedure file ({exc})") from None
    check_procedure(spec, origin=path.name)
    steps = pd.DataFrame([
        {"step": s["step"], "required": bool(s.get("required")), "applies_to_origin": s.get("applies_to_origin"),
         "after": list(s.get("after", [])), "deadline": s.get("deadline"),
         "citation": s["basis"]["citation"], "confirmed": bool(s["basis"].get("confirmed", True))}
        for s in spec["steps"]
    ])
    return Procedure(id=spec["id"], version=spec["version"], title_id=spec["title_id"], title_en=spec["title_en"],
                     election_type=spec.get("election_type"), steps=steps,
                     recipient_rule=spec.get("recipient_rule", []), legal_basis=spec["legal_basis"],
                     effective_from=spec.get("effective_from"), raw=spec)


def list_procedures() -> pd.DataFrame:
    """One row per shipped procedure: id, version, titles, election type and legal basis."""
    rows = []
    for pid in procedure_ids():
        p = load_procedure(pid)
        rows.append({"id": p.id, "version": p.version, "election_type": p.election_type or "any",
                     "title_en": p.title_en, "title_id": p.title_id,
                     "legal_basis": "; ".join(b["citation"] for b in p.legal_basis)})
    return pd.DataFrame(rows)


def steps_table(procedure: Procedure, lang: str = "en") -> pd.DataFrame:
    """A readable table of a procedure's steps with labels, deadlines and citations."""
    labels = codebook.labels("step", lang)
    t = procedure.steps.copy()
    t.insert(1, "label", t["step"].map(labels))
    t["deadline"] = t["deadline"].map(
        lambda d: f"{d['days']} {d['day_type']} days from {' or '.join(d['from'])}" if d else "")
    t["applies_to_origin"] = t["applies_to_origin"].map(lambda o: ", ".join(o) if o else "all")
    t["after"] = t["after"].map(", ".join)
    return t
