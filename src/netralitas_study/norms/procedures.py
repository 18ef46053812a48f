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

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from netralitas_study import codebook
from netralitas_study.io.specs import is_shipped, package_dir, read_object, schema_errors

DAY_TYPES = ("working", "calendar", "unconfirmed")
READINGS = {"working": ("working",), "calendar": ("calendar",), "unconfirmed": ("calendar", "working")}
"""The day types a deadline is counted in: both where the sources leave it open."""
INTAKE_STEPS = ("informasi_awal", "penelusuran", "penetapan_temuan", "penerimaan_laporan")
"""Steps of a case's intake: from the earliest of them the days to forwarding are counted."""
OPENING_STEPS = ("informasi_awal", "penerimaan_laporan")
"""The intake steps that open a case (a finding's first information, a report's receipt): no other step
of the case can be dated before the earliest of them (a validation rule)."""
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
    status: str = "in_force"
    alternatives: list[dict[str, Any]] = field(default_factory=list)
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


def parameter(pid: str) -> dict[str, Any]:
    """A dated parameter file (``parameters/<pid>.json``): start-dated values, each with its basis."""
    from netralitas_study.norms.dated import ParameterError
    from netralitas_study.norms.dated import parameter as dated_parameter

    try:
        return dated_parameter(pid)
    except ParameterError as exc:
        raise ProcedureError(str(exc)) from None


def _param_values(dates: pd.Series, pid: str) -> tuple[pd.Series, pd.Series]:
    """Per date: the value in force (NA where none or unknown) and whether the date falls in an explicit gap."""
    from netralitas_study.norms.dated import UNDEFINED, parameter_at

    dates = pd.to_datetime(pd.Series(dates))
    got = [parameter_at(pid, d) for d in dates]
    value = pd.Series([pd.NA if v is None or v is UNDEFINED else v for v in got], index=dates.index, dtype="object")
    gap = pd.Series([v is None for v in got], index=dates.index)
    return value, gap


def recipient_on(dates: pd.Series, pid: str = "recipient-asn-other-laws") -> pd.Series:
    """The value of a dated parameter on each date (NA for unknown dates and for a gap's ``null`` value)."""
    return _param_values(dates, pid)[0]


def recipient_gap(dates: pd.Series, pid: str = "recipient-asn-other-laws") -> pd.Series:
    """True where a date falls in a period of the parameter whose value is an explicit gap (the handover)."""
    return _param_values(dates, pid)[1]


def check_procedure(spec: dict[str, Any], origin: str = "procedure", schema: bool = True) -> None:
    """Raise :class:`ProcedureError` naming every problem of a procedure spec: schema (unless ``schema`` is
    False, for shipped files the tests check), then meaning."""
    errors = schema_errors(spec, "procedure") if schema else []
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
    if "extends" in spec:
        spec = extend(spec, origin=path.name)
    check_procedure(spec, origin=path.name, schema=not is_shipped(path))
    steps = pd.DataFrame([
        {"step": s["step"], "required": bool(s["required"]), "applies_to_origin": s.get("applies_to_origin"),
         "after": list(s.get("after", [])), "deadline": s.get("deadline"), "given": s.get("given"),
         "citation": s["basis"]["citation"], "confirmed": bool(s["basis"]["confirmed"])}
        for s in spec["steps"]
    ])
    return Procedure(id=spec["id"], version=spec["version"], title_id=spec["title_id"], title_en=spec["title_en"],
                     election_type=spec.get("election_type"), steps=steps, governs=spec["governs"],
                     legal_basis=spec["legal_basis"], recipient=spec.get("recipient"),
                     status=spec.get("status", "in_force"), alternatives=spec.get("alternatives", []), raw=spec)


def extend(variant: dict[str, Any], origin: str = "procedure") -> dict[str, Any]:
    """A user's variant norm written as a small patch over a shipped one.

    ``{"extends": "<shipped id>", "patch": {...}}``: every top-level key of ``patch`` replaces the
    shipped one (``id``, ``version`` and the titles are required: a variant is a new norm), except
    ``steps``, which maps a step code to the fields that change (``{"kajian": {"deadline": {...}}}``)
    or to ``null`` to drop the step; a step code the shipped norm lacks is added as given (a full
    step). ``changes`` of the variant are listed before the shipped ones.
    """
    import copy

    base_id, patch = variant.get("extends"), variant.get("patch")
    if set(variant) - {"extends", "patch", "notes"} or not isinstance(patch, dict):
        raise ProcedureError(f"{origin}: a variant has only 'extends', 'patch' (an object) and 'notes'")
    if not isinstance(base_id, str) or base_id not in procedure_ids():
        raise ProcedureError(f"{origin}: 'extends' must name a shipped procedure ({', '.join(procedure_ids())})")
    missing = [k for k in ("id", "version", "title_id", "title_en") if k not in patch]
    if missing:
        raise ProcedureError(f"{origin}: the patch must give {', '.join(missing)} (a variant is a new norm)")
    base = copy.deepcopy(read_object(package_dir("norms/procedures") / f"{base_id}.json", ProcedureError, "procedure"))
    for key, value in patch.items():
        if key == "steps":
            if not isinstance(value, dict):
                raise ProcedureError(f"{origin}: patch 'steps' maps a step code to the fields that change")
            steps = {s["step"]: s for s in base["steps"]}
            for code, fields in value.items():
                if fields is None:
                    steps.pop(code, None)
                elif code in steps:
                    steps[code].update(fields)
                else:
                    steps[code] = {"step": code, **fields}
            base["steps"] = list(steps.values())
        elif key == "changes":
            base["changes"] = [*value, *base.get("changes", [])]
        else:
            base[key] = value
    if variant.get("notes"):
        base["notes"] = variant["notes"]
    return base


def list_procedures() -> pd.DataFrame:
    """One row per shipped procedure: id, version, titles, what it governs and its legal basis."""
    rows = []
    for pid in procedure_ids():
        p = load_procedure(pid)
        governs = "; ".join(f"{g['election_type']} {g['election_year']}"
                            + (f" from {g['from']}" if g.get("from") else "") for g in p.governs)
        rows.append({"id": p.id, "version": p.version,
                     "status": "counterfactual (not in force)" if p.status == "counterfactual" else "in force", "election_type": p.election_type or "any",
                     "governs": governs or "(chosen by the user only)",
                     "title_en": p.title_en, "title_id": p.title_id,
                     "legal_basis": "; ".join(b["citation"] for b in p.legal_basis)})
    return pd.DataFrame(rows)


def deadline_text(d: dict[str, Any] | None, lang: str = "en") -> str:
    """A deadline in words (:func:`netralitas_study.conformance.explain.deadline_text`)."""
    from netralitas_study.conformance.explain import deadline_text as words

    return words(d, lang)


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


def governing_norms() -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Per (election type, year): the shipped norms as start-dated values (``from``, ``value`` = procedure id).

    Built from each procedure's ``governs`` (its one window: a start date, no end); read with
    :func:`netralitas_study.norms.dated.parameter_at`, the same lookup as every dated parameter.
    """
    out: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for pid in procedure_ids():
        for g in load_procedure(pid).governs:
            out.setdefault((g["election_type"], g["election_year"]), []).append({"from": g.get("from"), "value": pid})
    for key, values in out.items():
        values.sort(key=lambda v: (v["from"] is not None, v["from"] or ""))
    return out


def norm_in_force(cases: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The procedure in force for each case, from its election and its earliest dated step.

    A case is judged by the procedure whose ``governs`` names its election (type and year)
    and, where a norm changed within an election, whose date window holds the case's earliest
    dated step that occurred (a norm applies from its start day, that day included). An undated case takes the norm in force at the start of its
    election, and says so. No procedure governing the election: ``procedure`` is NA, with the
    reason. This is the only place the choice is made.
    """
    from netralitas_study.analysis.eventlog import done_dates
    from netralitas_study.norms.dated import UNDEFINED, parameter_at

    dated = done_dates(events)
    first = dated.groupby(dated["case_id"].astype(str))["date"].min()
    ref = pd.to_datetime(pd.Series(first.reindex(cases["case_id"].astype(str)).to_numpy(), index=cases.index))
    etype = cases["election_type"].astype(str).to_numpy()
    year = pd.to_numeric(cases["election_year"], errors="coerce").to_numpy()
    schedules = governing_norms()
    rows = []
    for cid, t, y, d in zip(cases["case_id"], etype, year, ref):
        values = schedules.get((t, None if pd.isna(y) else int(y)), [])
        note, reference = "", "earliest dated step" if pd.notna(d) else "election year (no dated step)"
        chosen = None
        if pd.notna(d) and values:
            pid = parameter_at(values, d)
            if pid is not UNDEFINED and pid is not None:
                chosen = load_procedure(pid)
                start = next(v["from"] for v in values if v["value"] == pid)
                if start and d <= pd.Timestamp(start) + pd.Timedelta(days=CUTOVER_DAYS):
                    note = (f"dated {d.date()}, within {CUTOVER_DAYS} days of {chosen.id}'s start ({start}), "
                            "whose effective date is unconfirmed")
        elif values:
            chosen = load_procedure(values[0]["value"])
            if len(values) > 1:
                note = f"undated: judged under the norm at the start of {t} {int(y)} ({chosen.id})"
        if chosen is None:
            note = f"no shipped procedure governs {t} {y if pd.isna(y) else int(y)}"
        rows.append({"case_id": cid, "procedure": chosen.id if chosen else pd.NA,
                     "procedure_version": chosen.version if chosen else pd.NA,
                     "reference_date": d, "reference": reference, "norm_note": note})
    return pd.DataFrame(rows, columns=NORM_COLUMNS)
