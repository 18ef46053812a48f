"""Reading codebook v1 data (students' earlier workbooks and folders) as codebook v2.

v1 coded a case's outcome on the case row (``sanctioned``, ``sanction``, ``sanction_by``) and
one violation form (``violation_form``); v2 has a ``persons`` table that keeps the KASN/BKN
recommendation and the PPK's decision apart, a list of forms, and a list of recipients. A v1
input is upgraded on reading, with a notice saying what was done; the user's file is never
changed (``netralitas-study migrate`` writes the upgraded tables to a new folder).
"""

from __future__ import annotations

import pandas as pd

from netralitas_study import codebook

V1_CASE_COLUMNS = ("violation_form", "sanctioned", "sanction", "sanction_by")
STATUS_FROM_V1 = {"ya": "imposed", "tidak": "not_sanctioned", "unknown": "unknown"}
RECIPIENT_FROM_V1 = {"ppk": "employer"}
STEP_FROM_V1 = {"sanksi_ppk": "sanksi_dijatuhkan"}


def is_v1(tables: dict[str, pd.DataFrame]) -> bool:
    """Do these tables follow codebook v1 (a case outcome on the case row, no persons table)?"""
    cases = tables.get("cases")
    return (cases is not None and "persons" not in tables and "violation_forms" not in cases.columns
            and bool(set(V1_CASE_COLUMNS) & set(cases.columns)))


def _persons_from_v1(cases: pd.DataFrame) -> pd.DataFrame:
    missing = set(codebook.missing_codes())
    rows, visible = [], []
    shown = cases.attrs.get("rows") or list(range(2, len(cases) + 2))
    for i, case in enumerate(cases.to_dict("records")):
        n = int(case.get("persons", "")) if str(case.get("persons", "")).isdigit() else 0
        status = STATUS_FROM_V1.get(case.get("sanctioned", ""), "not_reported")
        tier = case.get("sanction", "not_reported")
        imposed = status == "imposed"
        for k in range(max(n, 1)):
            rows.append({
                "person_id": f"{case['case_id']}-P{k + 1}", "case_id": case["case_id"],
                "unit": "person" if n else "group_size_unknown",
                "role": case.get("role", "not_reported"), "agency_type": case.get("agency_type", "not_reported"),
                "employment": case.get("employment", "not_reported"),
                "determination": case.get("determination", "not_reported"),
                "recommendation": "not_reported", "recommended_by": "not_reported", "status": status,
                "sanction_imposed": ("tier_not_stated" if tier in missing else tier) if imposed else
                ("not_applicable" if status == "not_sanctioned" else "not_reported"),
                "imposed_by": case.get("sanction_by", "not_reported") if imposed else
                ("not_applicable" if status == "not_sanctioned" else "not_reported"),
                "imposed_date": "not_reported" if imposed else "not_applicable",
                "source_id": case.get("source_id", ""), "locator": case.get("locator", ""),
                "notes": "migrated from codebook v1 (the case's sanction columns)",
            })
            visible.append(shown[i])
    out = pd.DataFrame(rows, columns=codebook.field_names("persons"))
    out.attrs = {"rows": visible, "file": f"{cases.attrs.get('file', 'cases')} (persons, from v1)"}
    return out


def upgrade(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Tables of the current codebook from v1 or v2.0 ones, and notices saying what was upgraded."""
    tables, notices = _upgrade_v1(tables)
    tables, added = _added_columns(tables)
    tables, more = _roles_as_codes(tables)
    return tables, notices + added + more


def _added_columns(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Data coded before a column existed (``added_in`` in the codebook): the column added as not coded."""
    out, added = dict(tables), []
    for table, df in tables.items():
        if table not in codebook.TABLES:
            continue
        new = [f for f in codebook.fields(table) if f.get("added_in") and f["name"] not in df.columns]
        if not new:
            continue
        df = df.copy()
        df.attrs = dict(tables[table].attrs)
        for f in new:
            # a free-text column is simply empty; a coded one says it was not coded
            df[f["name"]] = "" if f["type"] == "string" and "vocabulary" not in f else "not_reported"
            added.append(f"{table}.{f['name']}")
        out[table] = df[[c for c in codebook.field_names(table) if c in df.columns]
                        + [c for c in df.columns if c not in codebook.field_names(table)]]
    if not added:
        return tables, []
    return out, [f"columns of a later codebook version added as not coded / kolom versi buku kode yang lebih baru "
                 f"ditambahkan sebagai belum dikode: {', '.join(added)}; the file itself is unchanged."]


def _roles_as_codes(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """v2.0 persons with positions in words: each as its code, or 'other' with the words in role_other."""
    persons = tables.get("persons")
    if persons is None or "role" not in persons.columns:
        return tables, []
    known = set(codebook.vocabulary("role")["value"]) | set(codebook.missing_codes())
    words = persons["role"].astype(str)
    if words.isin(known).all():
        return tables, []
    coded = words.map(codebook.role_code)
    out = persons.copy()
    out.attrs = dict(persons.attrs)
    out["role"] = coded.str[0]
    other = coded.str[1]
    if "role_other" in out.columns:
        other = out["role_other"].where(out["role_other"].astype(str).ne(""), other)
        out["role_other"] = other
    else:
        out.insert(out.columns.get_loc("role") + 1, "role_other", other)
    n_other = int(out["role"].eq("other").sum())
    notice = (f"codebook v2.0 positions in words read as codes (v2.1) / jabatan berupa kata dibaca sebagai kode: "
              f"{int((~words.isin(known)).sum())} person row(s); {n_other} kept as 'other' with the words in "
              "role_other (choose a code from the role list where one fits); the file itself is unchanged.")
    return {**tables, "persons": out}, [notice]


def _upgrade_v1(tables: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[str]]:
    if not is_v1(tables):
        return tables, []
    out = dict(tables)
    cases = tables["cases"].copy()
    cases.attrs = dict(tables["cases"].attrs)
    out["persons"] = _persons_from_v1(cases)
    if "violation_form" in cases.columns:
        cases.insert(cases.columns.get_loc("violation_form"), "violation_forms", cases.pop("violation_form"))
    if "recipient" in cases.columns:
        cases["recipient"] = cases["recipient"].replace(RECIPIENT_FROM_V1)
    if "recommendation" not in cases.columns:
        cases.insert(cases.columns.get_loc("recipient") + 1 if "recipient" in cases.columns else len(cases.columns),
                     "recommendation", "not_reported")
    out["cases"] = cases.drop(columns=[c for c in V1_CASE_COLUMNS if c in cases.columns])
    notices = [
        "codebook v1 data, read as v2 / data buku kode v1, dibaca sebagai v2: violation_form -> violation_forms; "
        "recipient 'ppk' -> 'employer'; sanctioned/sanction/sanction_by -> a persons table (one row per person, "
        "or one row for a group of unstated size); the file itself is unchanged. "
        "Save the upgraded tables with 'netralitas-study migrate'."]
    if "events" in tables:
        events = tables["events"].copy()
        events.attrs = dict(tables["events"].attrs)
        if "step" in events.columns:
            events["step"] = events["step"].replace(STEP_FROM_V1)
        out["events"] = events
    return out, notices
