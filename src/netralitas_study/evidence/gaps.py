"""Evidence gaps: what would decide the open cases, and which documents to ask Bawaslu for.

For each case, :func:`case_items` lists the smallest set of unknown items that would decide its
verdict under its norm. It is derived from the checks whose result is ``unknown``
(:func:`compliance.compliance_checks`): a step not reported (whether and when it was done), a
date, the origin (finding or report) where it decides which steps apply, the recipient, and the
condition of an extension. Several checks waiting on one item (the forwarding date decides both
an order check and the recipient check) count once, and a step item covers its date. A
non-conformant or conformant verdict is already decided and needs nothing. What followed (the
sanction) is listed as an ``outcome`` item where it is unknown: it decides the outcome, not the
verdict.

Each item maps to the document that would supply it (``inference/documents.json``, cited):
the report/finding form, the kajian awal and registration, the kajian, the recommendation letter
and its date, the KASN/BKN reply, the PPK's decision. :func:`open_cases` gives a province
report its table and a one-sentence bilingual summary; the request for public information to the
province's PPID is drafted from these items by :mod:`netralitas_study.report.letter`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import NamedTuple

import pandas as pd

from netralitas_study import codebook

ITEM_COLUMNS = ["case_id", "province", "procedure", "verdict", "decides", "kind", "item", "why", "documents"]
KINDS = ("origin", "step", "date", "recipient", "condition", "law", "outcome")
"""Item kinds, in the order a case's items are listed."""
DECIDED_OUTCOME = {"bukan_pelanggaran", "dihentikan"}
"""Bawaslu determinations after which no sanction is to be expected: no outcome item is asked."""


class GapError(ValueError):
    """An evidence-documents file that does not cover the items, or a letter that cannot be written."""


@lru_cache(maxsize=1)
def documents() -> pd.DataFrame:
    """The shipped mapping: one row per document with the steps and item kinds it supplies and its basis."""
    from netralitas_study.io.specs import package_dir

    spec = json.loads((package_dir("evidence") / "documents.json").read_text(encoding="utf-8"))
    steps = set(codebook.vocabulary("step")["value"])
    problems = [f"{d['id']}: '{s}' is not a step code" for d in spec["documents"] for s in d["steps"] if s not in steps]
    problems += [f"{d['id']}: '{k}' is not an item kind" for d in spec["documents"] for k in d["items"]
                 if k not in KINDS]
    if problems:
        raise GapError("documents.json: " + "; ".join(problems))
    return pd.DataFrame([{"document": d["id"], "name_id": d["name_id"], "name_en": d["name_en"],
                          "short_id": d["short_id"], "short_en": d["short_en"],
                          "steps": list(d["steps"]), "items": list(d["items"]),
                          "sources": "".join(f"[{s['key']}]" for s in d["basis"]["sources"]),
                          "basis": d["basis"]["citation"]} for d in spec["documents"]])


def document_for(kind: str, item: str) -> list[str]:
    """The documents that would supply an item: by its step(s) for step and date items, by its kind otherwise."""
    docs = documents()
    if kind in ("step", "date"):
        wanted = set(item.split(" or "))
        return [d.document for d in docs.itertuples() if wanted & set(d.steps)]
    return [d.document for d in docs.itertuples() if kind in d.items]


def _items_of_case(checks: pd.DataFrame, origin_known: bool, origin_steps: set[str]) -> list[tuple[str, str, str]]:
    """(kind, item, why) for the unknown checks of one case, deduplicated; a step item covers its date."""
    items: dict[tuple[str, str], str] = {}

    def add(kind: str, item: str, why: str) -> None:
        items.setdefault((kind, item), why)

    for c in checks.itertuples(index=False):  # decided on the reason codes; the detail is only the 'why'
        facts = c.facts or {}
        if c.check == "step" and c.reason == "step.not_done_condition":
            add("condition", "determination (violation found or not)", c.detail)
        elif c.check == "step" and c.reason == "step.contestable":
            add("law", "forwarding under UU 7/2017 art. 455(1)(c) 'dan/atau'", c.detail)
        elif c.check == "step" and c.reason == "step.alternative_route":
            add("condition", "kajian awal finding (alternative route)", c.detail)
        elif c.check == "step":
            add("step", c.item, c.detail)
            if not origin_known and c.item in origin_steps:
                add("origin", "temuan or laporan", f"whether {c.item} applies depends on the origin")
        elif c.check == "order":
            for step in c.item.split(" -> "):
                add("date", step, c.detail)
        elif c.check == "deadline":
            if c.reason == "deadline.no_step_date":
                add("date", facts["step"], c.detail)
            elif c.reason == "deadline.undated_anchor":
                for step in facts["deadline"]["from"]:
                    add("date", step, c.detail)
            elif c.reason == "deadline.no_anchor":
                add("step", " or ".join(facts["deadline"]["from"]), c.detail)
            elif c.reason == "deadline.pending":
                add("step", facts["step"], c.detail)
            elif c.reason == "deadline.extension":
                add("condition", "additional information needed", c.detail)
            else:  # deadline.one_reading: the day type decides
                add("law", "day type", c.detail)
        elif c.check == "recipient":
            if c.reason == "recipient.conflict":
                add("recipient", "recipient (conflicts with the possible forwarding dates)", c.detail)
            elif c.reason == "recipient.interval_open":
                add("date", "penerusan", c.detail)
            elif c.reason == "recipient.handover":
                add("law", "recipient in the KASN-to-BKN handover", c.detail)
            else:
                if c.reason in ("recipient.not_coded", "recipient.neither"):
                    add("recipient", "recipient", c.detail)
                if c.reason in ("recipient.undated", "recipient.neither"):
                    add("date", "penerusan", c.detail)
    steps_asked = {i for k, i in items if k == "step"}
    for kind, item in list(items):
        if kind == "date" and item in steps_asked:
            del items[(kind, item)]  # 'whether and when' already asks for the date
        elif kind == "step" and " or " in item and set(item.split(" or ")) & steps_asked:
            del items[(kind, item)]  # one of the anchors is already asked for
    order = {k: i for i, k in enumerate(KINDS)}
    return [(k, i, w) for (k, i), w in sorted(items.items(), key=lambda kv: order[kv[0][0]])]


def _dated_steps(events: pd.DataFrame) -> set[tuple[str, str]]:
    from netralitas_study.analysis.eventlog import done_dates

    d = done_dates(events)
    return set(zip(d["case_id"].astype(str), d["step"].astype(str)))


def case_items(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None,
               procedure=None, evidence: str = "stated") -> pd.DataFrame:
    """Per case, one row per unknown item that would decide its verdict (``decides = verdict``) or its
    outcome (``decides = outcome``), with the documents that would supply it.

    ``procedure=None`` judges each case under its norm in force; ``evidence='inferred'`` applies the
    inference rules first (:mod:`netralitas_study.inference`).
    """
    from netralitas_study.conformance.engine import compliance_checks
    from netralitas_study.evidence.inference import apply_rules, judge
    from netralitas_study.analysis.outcomes import case_outcomes
    from netralitas_study.norms.procedures import load_procedure

    ev = apply_rules(cases, events, persons) if evidence == "inferred" else events
    verdicts = judge(cases, events, persons, procedure, evidence).set_index("case_id")
    checks = compliance_checks(cases, ev, procedure)
    unknown = checks[checks["result"].isin(["unknown", "conflict"])]
    dated = _dated_steps(ev)
    origin = cases.set_index(cases["case_id"].astype(str))["origin"].astype(str)
    province = cases.set_index(cases["case_id"].astype(str))["province"].astype(str)
    origin_steps: dict[str, set[str]] = {}
    rows = []
    for cid, group in unknown.groupby("case_id", sort=False):
        if verdicts.loc[cid, "verdict"] != "indeterminate":
            continue
        pid = str(group["procedure"].iloc[0])
        if pid not in origin_steps:
            st = load_procedure(pid).steps
            origin_steps[pid] = set(st.loc[st["applies_to_origin"].notna(), "step"])
        for kind, item, why in _items_of_case(group, origin[cid] in ("temuan", "laporan"), origin_steps[pid]):
            if kind == "date" and (cid, item) in dated:
                continue  # the other step of an order check is the one whose date is missing
            rows.append({"case_id": cid, "province": province[cid], "procedure": pid, "verdict": "indeterminate",
                         "decides": "verdict", "kind": kind, "item": item, "why": why,
                         "documents": "; ".join(document_for(kind, item))})
    outcome = case_outcomes(cases, persons).set_index("case_id")
    determination = (cases["determination"] if "determination" in cases.columns
                     else pd.Series("not_reported", index=cases.index)).astype(str)
    determination.index = cases["case_id"].astype(str)
    for cid in cases["case_id"].astype(str):
        if verdicts.loc[cid, "verdict"] == "not_applicable":
            continue  # outside Bawaslu's scope: nothing to ask Bawaslu for
        if outcome.loc[cid, "sanctioned"] == "unknown" and determination[cid] not in DECIDED_OUTCOME:
            rows.append({"case_id": cid, "province": province[cid], "procedure": verdicts.loc[cid, "procedure"],
                         "verdict": verdicts.loc[cid, "verdict"], "decides": "outcome", "kind": "outcome",
                         "item": "sanction recommended and imposed",
                         "why": "no person's sanction is stated imposed, or stated not imposed",
                         "documents": "; ".join(document_for("outcome", ""))})
    out = pd.DataFrame(rows, columns=ITEM_COLUMNS)
    order = pd.Index(cases["case_id"].astype(str)).get_indexer(out["case_id"])
    return out.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def province_documents(items: pd.DataFrame) -> pd.DataFrame:
    """Per province and document: how many cases need it and which (from :func:`case_items`)."""
    long = items.assign(document=items["documents"].str.split("; ")).explode("document")
    long = long[long["document"].fillna("").ne("")]
    names = documents().set_index("document")
    out = (long.groupby(["province", "document"], sort=False)
           .agg(cases=("case_id", "nunique"), case_ids=("case_id", lambda s: ", ".join(dict.fromkeys(s))),
                items=("item", lambda s: ", ".join(dict.fromkeys(s))))
           .reset_index())
    out["name_id"] = out["document"].map(names["name_id"])
    out["name_en"] = out["document"].map(names["name_en"])
    out["sources"] = out["document"].map(names["sources"])
    doc_order = {d: i for i, d in enumerate(names.index)}
    out["_o"] = out["document"].map(doc_order)
    return out.sort_values(["province", "_o"]).drop(columns="_o").reset_index(drop=True)


class OpenCases(NamedTuple):
    """What would decide the open cases: one row per open case, and one bilingual sentence."""

    table: pd.DataFrame
    summary: str


def open_cases(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None,
               procedure=None, evidence: str = "stated") -> OpenCases:
    """For a report's "what would decide the open cases" section: per open (indeterminate) case, the
    items that would decide its verdict and the documents holding them, and a one-sentence summary
    (Indonesian, then English)."""
    items = case_items(cases, events, persons, procedure, evidence)
    verdict_items = items[items["decides"].eq("verdict")]
    if verdict_items.empty:
        table = pd.DataFrame(columns=["case_id", "province", "procedure", "n_items", "items", "documents"])
    else:
        table = (verdict_items.groupby("case_id", sort=False)
                 .agg(province=("province", "first"), procedure=("procedure", "first"), n_items=("item", "size"),
                      items=("item", lambda s: ", ".join(f"{k}: {i}" for k, i in
                                                        zip(verdict_items.loc[s.index, "kind"], s))),
                      documents=("documents", lambda s: "; ".join(dict.fromkeys(
                          d for x in s for d in x.split("; ") if d))))
                 .reset_index())
    n_open, n = len(table), len(cases)
    if n_open == 0:
        summary = (f"Semua {n} kasus sudah dapat ditentukan vonisnya. / "
                   + (f"All {n} cases have a decided verdict." if n != 1 else "The one case has a decided verdict."))
    else:
        counts = pd.Series([d for x in table["documents"] for d in x.split("; ") if d]).value_counts()
        top = counts.index[0]
        name = documents().set_index("document")
        summary = (f"{n_open} dari {n} kasus belum dapat ditentukan vonisnya; dokumen yang paling sering "
                   f"dibutuhkan: {name.loc[top, 'short_id']} ({counts.iloc[0]} kasus). / "
                   f"{n_open} of {n} case{'s' if n != 1 else ''} {'is' if n_open == 1 else 'are'} undecided; the "
                   f"document most often needed: {name.loc[top, 'short_en']} ({counts.iloc[0]} "
                   f"case{'s' if counts.iloc[0] != 1 else ''}).")
    return OpenCases(table, summary)


def province_items(tables: dict[str, pd.DataFrame], province: str | None, procedure=None, evidence: str = "stated"):
    """For ``gaps``: the cases and persons of one province (all when ``province`` is None), the unknown items
    that would decide them (:func:`case_items`), and ``(open, in scope, out of scope)`` case counts.

    Raises :class:`~netralitas_study.analysis.province.ProvinceError` for a province not in the data.
    """
    from netralitas_study.analysis.province import province_subset, resolve_province
    from netralitas_study.conformance.engine import in_scope
    from netralitas_study.conformance.state import with_source_dates

    cases, persons = tables["cases"], tables.get("persons")
    events = with_source_dates(tables["events"], tables.get("sources"))
    if province is not None:
        cases, events, persons = province_subset(cases, events, persons, resolve_province(province, cases))
    items = case_items(cases, events, persons, procedure, evidence)
    n_open = int(items.loc[items["decides"].eq("verdict"), "case_id"].nunique())
    scope = in_scope(cases)
    return cases, persons, items, (n_open, int(scope.sum()), int((~scope).sum()))

