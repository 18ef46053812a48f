"""Evidence levels: what a source states, and what a rule of law lets us infer from it.

Every event the coded data hold is ``stated``: a source says it. Some facts follow from the
law rather than from the source; e.g. a case Bawaslu forwarded to KASN/BKN as a violation of
other laws went through no adjudication hearing, because that route has none
(``docs/law/legal-dated-norms.md`` section 6). Such rules are data: a versioned, cited
file (``inference/rules.json``, checked by ``schemas/inference-rules.schema.json``), each rule
with its premise on the coded data, its conclusion as events, the elections it applies to and
its legal basis with the brief's source keys.

Inferred values are never written into the coded tables. :func:`apply_rules` returns a *new*
events table with two more columns, ``evidence`` (``stated`` or ``inferred``) and ``rule``
(``id@version`` of the rule that derived the row). A rule fires only where the source is silent
on its conclusion: what a source states always wins. :func:`judge` runs
:func:`netralitas_study.compliance.compliance` on stated or augmented events and says, per
case, which rules fired.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from netralitas_study import codebook
from netralitas_study.io.specs import is_shipped, package_dir, read_object, schema_errors

EVIDENCE = ("stated", "inferred")
"""Evidence levels: ``stated`` (the source says it) and ``inferred`` (a rule derived it)."""
RULES_FILE = "rules"


class RuleError(ValueError):
    """A rules file that is not a valid set of inference rules."""


@dataclass(frozen=True)
class Rule:
    """One inference rule: premise => conclusion, for the elections it applies to, with its legal basis."""

    id: str
    version: str
    title_id: str
    title_en: str
    premise_id: str
    premise_en: str
    conclusion_id: str
    conclusion_en: str
    applies_to: list[dict[str, Any]]
    premise: dict[str, Any]
    conclusion: list[dict[str, str]]
    basis: dict[str, Any]

    @property
    def tag(self) -> str:
        """``id@version``: how a derived row and a verdict name the rule."""
        return f"{self.id}@{self.version}"

    @property
    def source_keys(self) -> list[str]:
        return [s["key"] for s in self.basis["sources"]]


@dataclass(frozen=True)
class RuleSet:
    id: str
    version: str
    rules: list[Rule] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


def check_rules(spec: dict[str, Any], origin: str = "rules", schema: bool = True) -> None:
    """Raise :class:`RuleError` naming every problem of a rules spec: schema first, then meaning
    (codes that are not in the codebook, duplicate ids, a conclusion the premise already requires)."""
    errors = schema_errors(spec, "inference-rules") if schema else []  # shipped files: checked by the tests
    if errors:
        raise RuleError(f"{origin}: " + "; ".join(errors))
    steps = set(codebook.vocabulary("step")["value"])
    vocab = {"recipient_any": set(codebook.vocabulary("recipient")["value"]),
             "determination_any": set(codebook.vocabulary("determination")["value"])}
    seen: set[str] = set()
    for i, r in enumerate(spec["rules"]):
        where = f"rules[{i}] ({r['id']})"
        if r["id"] in seen:
            errors.append(f"{where}: duplicate rule id")
        seen.add(r["id"])
        for key, known in vocab.items():
            errors += [f"{where}: premise {key}: '{c}' is not a code of the codebook"
                       for c in r["premise"].get(key, []) if c not in known]
        for key in ("step_stated", "step_not_stated"):
            errors += [f"{where}: premise {key}: '{s}' is not a step code"
                       for s in r["premise"].get(key, {}) if s not in steps]
        for c in r["conclusion"]:
            if c["step"] not in steps:
                errors.append(f"{where}: conclusion step '{c['step']}' is not a step code")
            if c["step"] in r["premise"].get("step_stated", {}):
                errors.append(f"{where}: conclusion step '{c['step']}' is also a premise: a rule never "
                              "restates what the source states")
    if errors:
        raise RuleError(f"{origin}: " + "; ".join(errors))


def load_rules(path: str | Path | RuleSet | None = None) -> RuleSet:
    """The shipped rules (None), or a rules file by path; checked against the schema and the codebook."""
    if isinstance(path, RuleSet):
        return path
    p = package_dir("evidence") / f"{RULES_FILE}.json" if path is None else Path(path)
    if not p.is_file():
        raise RuleError(f"{p}: no such rules file")
    spec = read_object(p, RuleError, "rules file")
    check_rules(spec, p.name, schema=not is_shipped(p))
    rules = [Rule(**{k: r[k] for k in Rule.__dataclass_fields__}) for r in spec["rules"]]
    return RuleSet(spec["id"], spec["version"], rules, spec)


def rules_table(rules: str | Path | RuleSet | None = None, lang: str = "en") -> pd.DataFrame:
    """One row per rule: id, version, premise, conclusion, elections, legal basis and source keys."""
    rs = load_rules(rules)
    return pd.DataFrame([{
        "rule": r.id, "version": r.version,
        "premise": getattr(r, f"premise_{lang}"), "conclusion": getattr(r, f"conclusion_{lang}"),
        "applies_to": "; ".join(f"{a['election_type']} {a['election_year']}" for a in r.applies_to),
        "sources": "".join(f"[{k}]" for k in r.source_keys), "confirmed": r.basis["confirmed"],
        "basis": r.basis["citation"]} for r in rs.rules])


def _premise_holds(rule: Rule, cases: pd.DataFrame, stated: pd.DataFrame) -> pd.Series:
    """Boolean per case (index of ``cases``): the rule's elections and every premise condition hold."""
    etype = cases["election_type"].astype(str)
    year = pd.to_numeric(cases["election_year"].astype(str), errors="coerce")
    ok = pd.Series(False, index=cases.index)
    for a in rule.applies_to:
        ok |= etype.eq(a["election_type"]) & year.eq(a["election_year"])
    p = rule.premise
    if "recipient_any" in p:
        wanted = set(p["recipient_any"])
        ok &= cases["recipient"].astype(str).map(lambda r: bool(wanted & set(r.split("|"))))
    if "determination_any" in p:
        ok &= cases["determination"].astype(str).isin(p["determination_any"])
    ids = cases["case_id"].astype(str)
    for key, want in (("step_stated", True), ("step_not_stated", False)):
        for step, statuses in p.get(key, {}).items():
            hit = stated["step"].eq(step) & stated["status"].isin(statuses)
            has = ids.isin(stated.loc[hit, "case_id"])
            ok &= has if want else ~has
    return ok


def apply_rules(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None,
                rules: str | Path | RuleSet | None = None) -> pd.DataFrame:
    """``events`` plus the events the rules derive, with ``evidence`` (stated/inferred) and ``rule`` columns.

    A copy: the input tables are never changed. A rule fires for a case when the case's election
    is one the rule applies to and every premise condition holds on the *stated* events; each
    conclusion is added only where the source states nothing about that step (whatever the
    status), so a stated event always wins and rules never chain on inferred rows. ``persons``
    is accepted so that premises on the persons table can be added without changing callers;
    the shipped rules do not read it.
    """
    del persons  # no shipped premise reads it (see the docstring)
    rs = load_rules(rules)
    stated = events.assign(case_id=events["case_id"].astype(str), step=events["step"].astype(str),
                           status=events["status"].astype(str))
    present = set(zip(stated["case_id"], stated["step"]))
    new_rows = []
    for rule in rs.rules:
        holds = _premise_holds(rule, cases, stated)
        for cid in cases.loc[holds, "case_id"].astype(str):
            for c in rule.conclusion:
                if (cid, c["step"]) in present:
                    continue
                present.add((cid, c["step"]))  # the first rule to conclude a step wins; order is the file's
                new_rows.append({"event_id": f"{cid}-inferred-{c['step']}", "case_id": cid, "step": c["step"],
                                 "status": c["status"], "actor": "not_reported", "source_id": f"rule:{rule.tag}",
                                 "locator": "".join(f"[{k}]" for k in rule.source_keys),
                                 "notes": rule.conclusion_en, "rule": rule.tag})
    out = events.copy()
    out["evidence"] = "stated"
    out["rule"] = ""
    if not new_rows:
        return out
    add = pd.DataFrame(new_rows)
    add["evidence"] = "inferred"
    add["date"] = pd.NaT if pd.api.types.is_datetime64_any_dtype(events["date"]) else "not_reported"
    add = add[[c for c in out.columns if c in add.columns]]
    for col in add.columns:
        if isinstance(out[col].dtype, pd.CategoricalDtype) and add[col].isin(out[col].cat.categories).all():
            add[col] = add[col].astype(out[col].dtype)
        elif pd.api.types.is_datetime64_any_dtype(out[col]):
            add[col] = pd.to_datetime(add[col]).astype(out[col].dtype)
    return pd.concat([out, add], ignore_index=True)


def rules_fired(events: pd.DataFrame) -> pd.Series:
    """Per case_id: the rules (``id@version``, '; '-joined) that derived at least one of its events."""
    if "rule" not in events.columns:
        return pd.Series(dtype=str)
    inferred = events[events["evidence"].eq("inferred")]
    return inferred.groupby(inferred["case_id"].astype(str))["rule"].agg(lambda r: "; ".join(sorted(set(r))))


def _mark_inferred_reasons(result: pd.DataFrame, cases: pd.DataFrame, events: pd.DataFrame, procedure,
                           lang: str = "en") -> pd.Series:
    """The reasons, with a step that an inferred event decided worded as 'inferred not done (rule ...)'.

    Read on the check codes: the cases with an inferred event are checked again, each step check
    whose ``step.not_done`` reason rests on an inferred event takes the ``step.inferred_not_done``
    code with its rule, and their reasons are worded again by :func:`explain.case_reasons`.
    """
    from netralitas_study.conformance import explain
    from netralitas_study.conformance.engine import compliance_checks

    inferred = events[events["evidence"].eq("inferred")]
    rule_of = {(str(c), str(s)): r for c, s, r in zip(inferred["case_id"], inferred["step"], inferred["rule"])}
    reasons = result["reasons"].copy()
    ids = set(c for c, _ in rule_of)
    if not ids:
        return reasons
    sub = cases[cases["case_id"].astype(str).isin(ids)]
    checks = compliance_checks(sub, events, procedure).copy()
    renamed = {"step.not_done": "step.inferred_not_done", "step.not_done_origin": "step.inferred_not_done_origin"}
    for i, (cid, check, item, code) in enumerate(zip(checks["case_id"], checks["check"], checks["item"],
                                                     checks["reason"])):
        rule = rule_of.get((cid, item))
        if check == "step" and rule and code in renamed:
            checks.iat[i, checks.columns.get_loc("reason")] = renamed[code]
            checks.iat[i, checks.columns.get_loc("facts")] = {**checks["facts"].iat[i], "rule": rule}
    verdicts = result.set_index(result["case_id"].astype(str))["verdict"]
    worded = explain.case_reasons(checks, verdicts[verdicts.index.isin(ids)], lang)
    at = result["case_id"].astype(str).isin(ids).to_numpy()
    reasons[at] = result.loc[at, "case_id"].astype(str).map(worded).to_numpy()
    return reasons


def judge(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None,
          procedure=None, evidence: str = "stated", rules: str | Path | RuleSet | None = None,
          progress: bool = False) -> pd.DataFrame:
    """:func:`compliance.compliance` on stated evidence only, or with the rules applied.

    The result has two more columns: ``evidence`` (the level asked for) and ``rules_fired`` (the
    rules that derived an event of the case; empty on stated evidence). Where an inferred step
    decides a check, the reason says "inferred not done (rule id@version)".
    """
    from netralitas_study.conformance.engine import compliance

    if evidence not in EVIDENCE:
        raise ValueError(f"evidence must be one of {', '.join(EVIDENCE)}, not {evidence!r}")
    ev = events if evidence == "stated" else apply_rules(cases, events, persons, rules)
    result = compliance(cases, ev, procedure, progress)
    result["evidence"] = evidence
    if evidence == "stated":
        result["rules_fired"] = ""
        return result
    result["rules_fired"] = result["case_id"].astype(str).map(rules_fired(ev)).fillna("")
    result["reasons"] = _mark_inferred_reasons(result, cases, ev, procedure)
    return result


def compare_evidence(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None,
                     procedure=None, rules: str | Path | RuleSet | None = None) -> pd.DataFrame:
    """Per case: the verdict on stated evidence and with the rules applied, side by side, and the rules that fired."""
    stated = judge(cases, events, persons, procedure, "stated")
    inferred = judge(cases, events, persons, procedure, "inferred", rules)
    out = stated[["case_id", "procedure", "verdict"]].rename(columns={"verdict": "verdict_stated"})
    out["verdict_inferred"] = inferred["verdict"].to_numpy()
    out["changed"] = out["verdict_stated"].ne(out["verdict_inferred"])
    out["rules_fired"] = inferred["rules_fired"].to_numpy()
    return out
