"""The thesis's findings (F1, F2, F4, F5 and the 4-versus-3 gap) computed from coded data.

F3 and F6 are legal judgements of the author, not counts; notebook 01 discusses them.
"""

from __future__ import annotations

import pandas as pd

from netralitas_study import codebook
from netralitas_study.analysis.eventlog import has_step
from netralitas_study.analysis.outcomes import case_outcomes
from netralitas_study.analysis.stats import proportion

THESIS_SOURCE = "THESIS-JMB-PEMILU2024"


def thesis_cases(tables: dict[str, pd.DataFrame], source_id: str = THESIS_SOURCE) -> pd.DataFrame:
    """The cases coded from the thesis."""
    cases = tables["cases"]
    return cases[cases["source_id"].eq(source_id)].reset_index(drop=True)


def forms_named(cases: pd.DataFrame) -> list[str]:
    """Violation forms the sources name for these cases: definite forms plus candidate sets."""
    missing = set(codebook.missing_codes())
    named = {f for column in ("violation_forms", "violation_form_candidates")
             for cell in cases[column].astype(str) if cell not in missing for f in cell.split("|") if f}
    return sorted(named)


def kajian_only_to(cases: pd.DataFrame, events: pd.DataFrame, recipient: str = "bkn") -> pd.Series:
    """Per case: a kajian, an adjudication hearing stated as not held, and a recommendation to ``recipient``."""
    ids = cases["case_id"]
    kajian = ids.isin(has_step(events, "kajian").index)
    no_hearing = ids.isin(has_step(events, "sidang_ajudikasi", status="not_occurred").index)
    forwarded = ids.isin(has_step(events, "penerusan").index)
    to = cases["recipient"].astype(str).str.split("|").map(lambda r: recipient in r)
    return pd.Series((kajian & no_hearing & forwarded & to).to_numpy(), index=ids)


def findings(tables: dict[str, pd.DataFrame], source_id: str = THESIS_SOURCE) -> pd.DataFrame:
    """One row per reproducible finding: its count, n and exact 95% interval where it is a proportion."""
    cases = thesis_cases(tables, source_id)
    events = tables["events"][tables["events"]["case_id"].isin(cases["case_id"])]
    n = len(cases)
    routed = kajian_only_to(cases, events)
    hearings = events["step"].isin(["sidang_pendahuluan", "sidang_ajudikasi"]) & events["status"].eq("occurred")
    recommended = cases[cases["case_id"].isin(has_step(events, "penerusan").index)]
    persons = tables.get("persons")
    by_ppk = None if persons is None else persons[persons["imposed_by"].astype(str).eq("ppk")]
    outcome = case_outcomes(recommended, by_ppk)  # sanctioned by the PPK: every person's sanction imposed by it
    sanctioned = proportion(int(outcome["sanctioned"].eq("all").sum()), len(recommended))
    no_route = ~cases["case_id"].isin(events["case_id"])
    forms = forms_named(cases)
    determined = ~cases["violation_forms"].astype(str).isin(codebook.missing_codes())
    rows = [
        ("F1", "Cases handled by Bawaslu Provinsi Jambi", "Kasus yang ditangani Bawaslu Provinsi Jambi", n, n),
        ("F2", "Violation forms named", "Bentuk pelanggaran yang disebut", len(forms), n),
        ("F2b", "Cases whose form is determined", "Kasus yang bentuk pelanggarannya diketahui", int(determined.sum()), n),
        ("F4", "Cases sent to BKN after a kajian only (no adjudication hearing)",
         "Kasus direkomendasikan ke BKN setelah kajian saja (tanpa sidang ajudikasi)", int(routed.sum()), n),
        ("F4b", "Adjudication hearings held", "Sidang ajudikasi yang dilaksanakan", int(hearings.sum()), n),
        ("F5", "Recommended cases sanctioned by the PPK", "Kasus yang direkomendasikan dan dijatuhi sanksi oleh PPK",
         sanctioned["count"], sanctioned["n"]),
        ("gap", "Cases whose route is not reported", "Kasus yang alur penanganannya tidak disebut", int(no_route.sum()), n),
    ]
    out = pd.DataFrame(rows, columns=["finding", "label_en", "label_id", "count", "n"])
    out["exact_low"] = pd.NA
    out["exact_high"] = pd.NA
    out.loc[out["finding"].eq("F5"), ["exact_low", "exact_high"]] = [sanctioned["exact_low"], sanctioned["exact_high"]]
    return out


def hearing_required(tables: dict[str, pd.DataFrame], source_id: str = THESIS_SOURCE,
                     readings: tuple[str, ...] = ("pemilu", "pilkada")) -> pd.DataFrame:
    """Per reading of the thesis's election (Pemilu 2024 as written, Pilkada 2024): the procedure in force for
    its cases and whether it lists an adjudication hearing as a required step, beside the counterfactual
    ``adjudication-route``. 'Unstructured' means 'no hearing'; it marks a defect only where a hearing is
    required."""
    from netralitas_study.norms.procedures import load_procedure, norm_in_force

    cases = thesis_cases(tables, source_id)
    events = tables["events"][tables["events"]["case_id"].isin(cases["case_id"])]
    rows = []
    for election in readings:
        c = cases.assign(election_type=election)
        pids = sorted(set(norm_in_force(c, events)["procedure"].dropna()))
        for pid in [*pids, "adjudication-route"]:
            steps = load_procedure(pid).steps.set_index("step")
            required = bool("sidang_ajudikasi" in steps.index and steps.loc["sidang_ajudikasi", "required"])
            rows.append({"reading": f"{election} 2024", "procedure": pid,
                         "in_force": pid != "adjudication-route", "hearing_required": required,
                         "cases_without_hearing": int(kajian_only_to(c, events).sum()), "n": len(c)})
    return pd.DataFrame(rows)


def forwardings_by_recipient(tables: dict[str, pd.DataFrame], election_type: str = "pemilu",
                             election_year: int = 2024, source_id: str = THESIS_SOURCE) -> pd.DataFrame:
    """Forwarded cases of one election by named recipient (KASN, BKN), the thesis's cases apart from the rest."""
    cases = tables["cases"]
    same = cases["election_type"].astype(str).eq(election_type) & cases["election_year"].astype(str).eq(
        str(election_year))
    forwarded = cases[same & cases["case_id"].isin(has_step(tables["events"], "penerusan").index)]
    recipients = forwarded["recipient"].astype(str).str.split("|")
    source = forwarded["source_id"].astype(str).eq(source_id).map({True: "thesis", False: "other sources"})
    rows = [{"source": s, "kasn": int(sum("kasn" in r for r in recipients[source.eq(s)])),
             "bkn": int(sum("bkn" in r for r in recipients[source.eq(s)])), "n": int(source.eq(s).sum())}
            for s in ("thesis", "other sources")]
    return pd.DataFrame(rows)
