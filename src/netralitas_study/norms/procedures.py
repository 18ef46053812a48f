"""Normative procedures as versioned, cited data files (``procedures/*.json``).

A procedure lists the steps the norm requires, the order among them, deadlines (days from
a named step, working or calendar, or ``unconfirmed`` where the sources leave the day type
open), the elections it governs, and the legal basis of each, flagged where that basis is
unconfirmed. The recipient in force on a date is one dated parameter
(``parameters/recipient-asn-other-laws.json``) shared by every procedure, like an OpenFisca
parameter. Swapping the procedure swaps the norm; :func:`norm_in_force` picks, for each case,
the norm of its own election and date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from netralitas_study import codebook
from netralitas_study.io.specs import package_dir, read_object, schema_errors

DAY_TYPES = ("working", "calendar", "unconfirmed")
READINGS = {"working": ("working",), "calendar": ("calendar",), "unconfirmed": ("calendar", "working")}
"""The day types a deadline is counted in: both where the sources leave it open."""
PLAIN_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
CUTOVER_DAYS = 14
"""Days after a norm's start in which a dated case is flagged: the effective date is unconfirmed."""


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
    governs: list[dict[str, Any]] = field(default_factory=list)
    legal_basis: list[dict[str, Any]] = field(default_factory=list)
    recipient: str | None = None
    effective_from: str | None = None
    effective_to: str | None = None
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def required_steps(self) -> list[str]:
        return self.steps.loc[self.steps["required"], "step"].tolist()

    def recipient_on(self, dates: pd.Series) -> pd.Series:
        """The recipient in force on each date; NA where the date is unknown or falls in a gap."""
        if self.recipient is None:
            return pd.Series(pd.NA, index=pd.Series(dates).index, dtype="object")
        return recipient_on(dates, self.recipient)


def procedure_ids() -> list[str]:
    """Ids of the shipped procedures."""
    return sorted(p.stem for p in package_dir("norms/procedures").glob("*.json"))


@lru_cache(maxsize=8)
def parameter(pid: str) -> dict[str, Any]:
    """A dated parameter file (``parameters/<pid>.json``): values, each with from/to dates and a basis."""
    path = package_dir("norms/parameters") / f"{pid}.json"
    if not PLAIN_ID.match(pid) or not path.is_file():
        raise ProcedureError(f"no parameter {pid!r}")
    return json.loads(path.read_text(encoding="utf-8"))


def recipient_on(dates: pd.Series, pid: str = "recipient-asn-other-laws") -> pd.Series:
    """The value of a dated parameter on each date (NA for unknown dates and for a gap's ``null`` value)."""
    dates = pd.to_datetime(pd.Series(dates))
    out = pd.Series(pd.NA, index=dates.index, dtype="object")
    for rule in parameter(pid)["values"]:
        lo = pd.Timestamp(rule["from"]) if rule.get("from") else pd.Timestamp.min
        hi = pd.Timestamp(rule["to"]) if rule.get("to") else pd.Timestamp.max
        if rule["value"] is not None:
            out[dates.between(lo, hi)] = rule["value"]
    return out


def recipient_gap(dates: pd.Series, pid: str = "recipient-asn-other-laws") -> pd.Series:
    """True where a date falls in a window of the parameter whose value is undetermined (the handover gap)."""
    dates = pd.to_datetime(pd.Series(dates))
    out = pd.Series(False, index=dates.index)
    for rule in parameter(pid)["values"]:
        if rule["value"] is None:
            out |= dates.between(pd.Timestamp(rule["from"]), pd.Timestamp(rule["to"]))
    return out


def check_procedure(spec: dict[str, Any], origin: str = "procedure") -> None:
    """Raise :class:`ProcedureError` naming every problem of a procedure spec: schema, then meaning."""
    errors = schema_errors(spec, "procedure")
    if errors:
        raise ProcedureError(f"{origin}: " + "; ".join(errors))
    step_codes = set(codebook.vocabulary("step")["value"])
    steps = spec["steps"]
    listed = [s["step"] for s in steps]
    optional = {s["step"] for s in steps if not s["required"]}
    for i, s in enumerate(steps):
        where = f"steps[{i}] ({s['step']})"
        if s["step"] not in step_codes:
            errors.append(f"{where}: '{s['step']}' is not a step code of the codebook")
        for pred in s.get("after", []):
            if pred not in listed:
                errors.append(f"{where}: 'after' names '{pred}', which is not a step of this procedure")
            elif pred in optional:
                # an optional step must never decide a verdict, so nothing may depend on it
                errors.append(f"{where}: 'after' names optional step '{pred}'")
        for anchor in (s.get("deadline") or {}).get("from", []):
            if anchor not in step_codes:
                errors.append(f"{where}: deadline anchor '{anchor}' is not a step code")
            elif anchor in optional:
                errors.append(f"{where}: deadline anchor '{anchor}' is an optional step")
    if spec.get("recipient"):
        try:
            parameter(spec["recipient"])
        except ProcedureError as exc:
            errors.append(f"recipient: {exc}")
    if errors:
        raise ProcedureError(f"{origin}: " + "; ".join(errors))


def load_procedure(id_or_path: str | Path) -> Procedure:
    """Load a shipped procedure by its plain id, or any procedure file by a path ending in ``.json``."""
    if isinstance(id_or_path, Procedure):
        return id_or_path
    text = str(id_or_path)
    if text.endswith(".json"):
        path = Path(text)
        if not path.is_file():
            raise ProcedureError(f"{path}: no such procedure file")
        if path.is_symlink():
            raise ProcedureError(f"{path}: a symbolic link; give the file itself")
    elif PLAIN_ID.match(text) and text in procedure_ids():
        return _shipped(text)  # read and checked once per process
    else:
        raise ProcedureError(f"no procedure {text[:80]!r}; known: {', '.join(procedure_ids())} "
                             "(or a .json file)")
    return _read(path)


@lru_cache(maxsize=None)
def _shipped(pid: str) -> Procedure:
    return _read(package_dir("norms/procedures") / f"{pid}.json")


def _read(path: Path) -> Procedure:
    spec = read_object(path, ProcedureError, "procedure")
    check_procedure(spec, origin=path.name)
    steps = pd.DataFrame([
        {"step": s["step"], "required": bool(s["required"]), "applies_to_origin": s.get("applies_to_origin"),
         "after": list(s.get("after", [])), "deadline": s.get("deadline"),
         "citation": s["basis"]["citation"], "confirmed": bool(s["basis"]["confirmed"])}
        for s in spec["steps"]
    ])
    return Procedure(id=spec["id"], version=spec["version"], title_id=spec["title_id"], title_en=spec["title_en"],
                     election_type=spec.get("election_type"), steps=steps, governs=spec["governs"],
                     legal_basis=spec["legal_basis"], recipient=spec.get("recipient"),
                     effective_from=spec.get("effective_from"), effective_to=spec.get("effective_to"), raw=spec)


def list_procedures() -> pd.DataFrame:
    """One row per shipped procedure: id, version, titles, what it governs and its legal basis."""
    rows = []
    for pid in procedure_ids():
        p = load_procedure(pid)
        governs = "; ".join(f"{g['election_type']} {g['election_year']}"
                            + (f" from {g['from']}" if g.get("from") else "")
                            + (f" to {g['to']}" if g.get("to") else "") for g in p.governs)
        rows.append({"id": p.id, "version": p.version, "election_type": p.election_type or "any",
                     "governs": governs or "(chosen by the user only)",
                     "title_en": p.title_en, "title_id": p.title_id,
                     "legal_basis": "; ".join(b["citation"] for b in p.legal_basis)})
    return pd.DataFrame(rows)


def deadline_text(d: dict[str, Any] | None) -> str:
    """A deadline in words: '7 days (calendar or working) from registrasi or penetapan_temuan; ...'."""
    if not d:
        return ""
    kind = "calendar or working" if d["day_type"] == "unconfirmed" else d["day_type"]
    text = f"{d['days']} {kind} days from {' or '.join(d['from'])}"
    if ext := d.get("extension"):
        text += f"; {ext['days']} {ext['day_type']} days if {ext['condition_en']}"
    return text


def steps_table(procedure: Procedure, lang: str = "en") -> pd.DataFrame:
    """A readable table of a procedure's steps with labels, deadlines and citations."""
    labels = codebook.labels("step", lang)
    t = procedure.steps.copy()
    t.insert(1, "label", t["step"].map(labels))
    t["deadline"] = t["deadline"].map(deadline_text)
    t["applies_to_origin"] = t["applies_to_origin"].map(lambda o: ", ".join(o) if o else "all")
    t["after"] = t["after"].map(", ".join)
    return t


NORM_COLUMNS = ["case_id", "procedure", "procedure_version", "reference_date", "reference", "norm_note"]


def norm_in_force(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The procedure in force for each case, from its election and its earliest dated step.

    A case is judged by the procedure whose ``governs`` names its election (type and year)
    and, where a norm changed within an election, whose date window holds the case's earliest
    dated step that occurred. An undated case takes the norm in force at the start of its
    election, and says so. No procedure governing the election: ``procedure`` is NA, with the
    reason. This is the only place the choice is made.
    """
    from netralitas_study.analysis.eventlog import done_dates

    dated = done_dates(events)
    first = dated.groupby(dated["case_id"].astype(str))["date"].min()
    ref = pd.to_datetime(pd.Series(first.reindex(cases["case_id"].astype(str)).to_numpy(), index=cases.index))
    etype = cases["election_type"].astype(str).to_numpy()
    year = pd.to_numeric(cases["election_year"], errors="coerce").to_numpy()
    procs = [load_procedure(pid) for pid in procedure_ids()]
    rows = []
    for i, (cid, t, y, d) in enumerate(zip(cases["case_id"], etype, year, ref)):
        fits = [(p, g) for p in procs for g in p.governs if g["election_type"] == t and g["election_year"] == y]
        note, reference = "", "earliest dated step" if pd.notna(d) else "election year (no dated step)"
        chosen = None
        if pd.notna(d):
            in_window = [(p, g) for p, g in fits
                         if (not g.get("from") or d >= pd.Timestamp(g["from"]))
                         and (not g.get("to") or d <= pd.Timestamp(g["to"]))]
            if in_window:
                chosen, g = in_window[0]
                if g.get("from") and d <= pd.Timestamp(g["from"]) + pd.Timedelta(days=CUTOVER_DAYS):
                    note = (f"dated {d.date()}, within {CUTOVER_DAYS} days of {chosen.id}'s start ({g['from']}), "
                            "whose effective date is unconfirmed")
        elif fits:
            chosen, g = min(fits, key=lambda pg: pg[1].get("from") or "")
            if len(fits) > 1:
                note = f"undated: judged under the norm at the start of {t} {int(y)} ({chosen.id})"
        if chosen is None:
            note = f"no shipped procedure governs {t} {y if pd.isna(y) else int(y)}"
        rows.append({"case_id": cid, "procedure": chosen.id if chosen else pd.NA,
                     "procedure_version": chosen.version if chosen else pd.NA,
                     "reference_date": d, "reference": reference, "norm_note": note})
    return pd.DataFrame(rows, columns=NORM_COLUMNS)
