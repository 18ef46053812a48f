"""The verdict table a user asks for: each case judged on stated or inferred evidence, as verdicts, as
every check (``detail``), or as the share of each verdict with its worst and best case (``summary``)."""

from __future__ import annotations

import pandas as pd

SHOWN_COLUMNS = ["case_id", "procedure", "procedure_version", "evidence", "verdict", "checks_passed",
                  "checks_failed", "checks_unknown", "days_to_forwarding", "rules_fired", "norm_note", "flags",
                  "reasons_id", "reasons"]
"""The columns of the verdict table ``compliance`` prints (the engine's result holds more)."""
SUMMARY_NOTE = ("lower_bound / upper_bound: semua kasus tak tentu dihitung tidak / ya memiliki vonis itu; "
                "exact_low-exact_high: interval eksak 95% atas kasus yang tertentu saja / every indeterminate "
                "case counted as not / as having the verdict; exact 95% interval over the determined cases")


def verdict_table(tables: dict[str, pd.DataFrame], procedure, evidence: str = "stated", rules=None, *,
                  detail: bool = False, summary: bool = False, by: str | None = None) -> tuple[pd.DataFrame, int]:
    """The table ``compliance`` prints, and how many cases were judged under a norm for another election."""
    from netralitas_study.conformance.engine import CHECK_COLUMNS, compliance_checks
    from netralitas_study.conformance.state import with_source_dates
    from netralitas_study.evidence.bounds import verdict_bounds
    from netralitas_study.evidence.inference import apply_rules, judge

    cases = tables["cases"]
    events = with_source_dates(tables["events"], tables.get("sources"))
    if detail:
        if evidence == "inferred":
            events = apply_rules(cases, events, tables.get("persons"), rules)
        return compliance_checks(cases, events, procedure)[[*CHECK_COLUMNS, "bound"]], 0
    result = judge(cases, events, tables.get("persons"), procedure, evidence, rules, progress=True)
    foreign = int(result["norm_note"].str.contains("is a norm for", regex=False).sum())
    if summary:
        table = verdict_bounds(result, cases, by)
        table.insert(0, "evidence", evidence)
        return table, foreign
    return result[SHOWN_COLUMNS], foreign
