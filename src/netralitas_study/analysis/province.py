"""The province report's analysis: which cases, judged under which norm, compared with what.

Notebook 04 and ``netralitas-study report`` only call :func:`province_report`; every choice
(the province, the norm in force, the comparison groups) is made here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from netralitas_study import codebook
from netralitas_study.analysis.compare import compare_groups
from netralitas_study.conformance.engine import compliance, summarise

JAMBI = "15"
OVERVIEW_FIELDS = ["election_type", "origin", "determination", "recipient", "recommendation", "sanctioned"]


class ProvinceError(ValueError):
    """A province the user asked for that is not a province, or has no cases."""


def province_names() -> dict[str, str]:
    """BPS province code -> Indonesian name."""
    return {k: v for k, v in codebook.labels("province", "id").items() if k not in codebook.missing_codes()}


def resolve_province(spec: str | None, cases: pd.DataFrame) -> str:
    """A BPS code from a code or a name in either language, any case ('36', 'Banten', 'west java');
    None: the most frequent province of ``cases``."""
    present = cases["province"].astype(str)
    if spec is None:
        if present.empty:
            raise ProvinceError("the data hold no cases")
        return present.value_counts().index[0]
    names = province_names()
    wanted = " ".join(str(spec).split()).casefold()
    english = codebook.labels("province", "en")
    code = next((c for c, n in names.items() if wanted in (c.casefold(), n.casefold(), english[c].casefold())), None)
    if code is None:
        what = f"'{str(spec)[:40]}' is not a province" if wanted else "the province is empty"
        raise ProvinceError(f"{what} / bukan provinsi; give a BPS code or a name: "
                            + ", ".join(f"{c} {n}" for c, n in names.items()))
    if not present.eq(code).any():
        have = ", ".join(f"{c} {names.get(c, c)}" for c in sorted(present.unique()))
        raise ProvinceError(f"no cases for {code} {names[code]} in these data; provinces present: {have}")
    return code


def resolve_provinces(specs: tuple[str, ...] | list[str], cases: pd.DataFrame) -> list[str] | None:
    """BPS codes for province specs: codes or names in any case, repeated or comma-separated, or 'all'
    ('semua'); in the order the user gave them, each once. None when ``specs`` is empty."""
    if not specs:
        return None
    wanted = [part.strip() for spec in specs for part in str(spec).split(",")]
    present = sorted(set(cases["province"].astype(str)))
    if any(not w for w in wanted):
        names = province_names()
        valid = ", ".join(f"{c} {names.get(c, c)}" for c in present)
        raise ProvinceError(f"empty province; give a code or a name, or 'all' (provinces in these data: {valid}) "
                            "/ provinsi kosong")
    if any(w.casefold() in ("all", "semua") for w in wanted):
        return present
    return list(dict.fromkeys(resolve_province(w, cases) for w in wanted))


def province_subset(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None, code: str
                    ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """The cases of province ``code`` with their events and persons (indexes reset)."""
    cases = cases[cases["province"].astype(str).eq(code).to_numpy()].reset_index(drop=True)
    events = events[events["case_id"].isin(cases["case_id"])].reset_index(drop=True)
    if persons is not None:
        persons = persons[persons["case_id"].isin(cases["case_id"])].reset_index(drop=True)
    return cases, events, persons


@dataclass
class ProvinceReport:
    """The tables a province report shows, each recomputable from the data."""

    province: str
    name: str
    cases: pd.DataFrame
    events: pd.DataFrame
    persons: pd.DataFrame | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)


def overview(cases: pd.DataFrame, persons: pd.DataFrame | None = None) -> pd.DataFrame:
    """Counts of each coded value of the main fields (only values that occur); ``sanctioned`` is derived
    from the persons (all / some / none / unknown)."""
    from netralitas_study.analysis.outcomes import case_outcomes

    cases = cases.assign(sanctioned=case_outcomes(cases, persons)["sanctioned"].to_numpy())
    parts = [cases[col].astype(str).value_counts().rename_axis("value").reset_index(name="cases").assign(field=col)
             for col in OVERVIEW_FIELDS if col in cases.columns]
    return pd.concat(parts, ignore_index=True)[["field", "value", "cases"]]


def province_report(user: dict[str, pd.DataFrame], shipped: dict[str, pd.DataFrame], province: str | None,
                    procedure: str | None = None, user_is_shipped: bool = False,
                    compare: bool = True) -> ProvinceReport:
    """Everything the province report shows, for one province of ``user`` (typed tables from :func:`load`).

    ``procedure=None`` judges each case under the norm in force for its election and date.
    The province is compared with Jambi (the thesis's province) and with all shipped cases
    (``compare=False``: no comparison table, for a caller that compares several provinces at once).
    """
    code = resolve_province(province, user["cases"])
    name = province_names()[code]
    cases, events, persons = province_subset(user["cases"], user["events"], user.get("persons"), code)
    verdicts = compliance(cases, events, procedure)
    jambi = shipped["cases"][shipped["cases"]["province"].astype(str).eq(JAMBI)]
    everyone = (shipped["events"], shipped.get("persons"))
    groups = {f"{name} ({'data bawaan' if user_is_shipped else 'data Anda'})": (cases, events, persons),
              "Jambi (skripsi + berita)": (jambi, *everyone),
              "semua provinsi / all provinces": (shipped["cases"], *everyone)}
    if user_is_shipped and code == JAMBI:
        del groups["Jambi (skripsi + berita)"]  # the province is Jambi itself
    tables = {
        "overview": overview(cases, persons),
        "verdicts": verdicts,
        "verdict_summary": summarise(verdicts, cases, by="procedure"),
    }
    if compare:
        tables["comparison"] = compare_groups(groups)
    return ProvinceReport(code, name, cases, events, persons, tables)
