"""Sensitivity analyses: the verdicts and handling structure under each named variant of the data or the law.

Each variant is a function of the tables (and options) that returns the cases and events to judge and,
where it changes the norm, the procedure per case; :func:`run` judges every variant with the same engine
and returns one tidy table: per variant and verdict (or structure), the count, n, and how many cases
changed from the main result. Only variants that are implemented are listed in :data:`VARIANTS`.

These are counts over the coded cases (a census of what the sources document), with no sampling
interval; what they test is whether a conclusion survives a different but defensible reading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from netralitas_study.analysis.coverage import in_scope, source_kind


@dataclass(frozen=True)
class Variant:
    """A named reading: ``prepare(tables, options)`` returns (cases, events, procedure per case or None)."""

    name: str
    label_id: str
    label_en: str
    prepare: Callable[[dict, dict], tuple[pd.DataFrame, pd.DataFrame, pd.Series | None]]


def _main(tables: dict, options: dict):
    return tables["cases"], tables["events"], None


def _thesis_as_pilkada_2024(tables: dict, options: dict):
    cases = tables["cases"].copy()
    thesis = source_kind(cases, tables["sources"]).eq("thesis")
    cases.loc[thesis, "election_type"] = "pilkada"
    cases.loc[thesis, "election_year"] = 2024
    return cases, tables["events"], None


def _without_thesis_and_out_of_scope(tables: dict, options: dict):
    cases = tables["cases"]
    keep = in_scope(cases) & source_kind(cases, tables["sources"]).ne("thesis")
    kept = cases[keep]
    return kept, tables["events"][tables["events"]["case_id"].isin(kept["case_id"])], None


def _pilkada_2024_under(pid: str):
    def prepare(tables: dict, options: dict):
        cases = tables["cases"]
        pk24 = cases["election_type"].astype(str).eq("pilkada") & cases["election_year"].astype(str).eq("2024")
        return cases, tables["events"], pd.Series(pid, index=cases.index).where(pk24)
    return prepare


def _coder(which: str):
    def prepare(tables: dict, options: dict):
        coded = coder_tables(options.get("data_dir"), which)
        return coded["cases"], coded["events"], None
    return prepare


def _pending_as_not_done(tables: dict, options: dict):
    """The reading before codebook 2.1: a step the source says has not happened *yet* ('belum', 'masih',
    'menunggu': status ``pending``) read as not done. The main result reads it as pending (no breach)."""
    events = tables["events"]
    pending = events["status"].astype(str).eq("pending")
    out = events.copy()
    if isinstance(out["status"].dtype, pd.CategoricalDtype) and "not_occurred" not in out["status"].cat.categories:
        out["status"] = out["status"].cat.add_categories("not_occurred")
    out.loc[pending, "status"] = "not_occurred"
    return tables["cases"], out, None


def _presumption_of_regularity(tables: dict, options: dict):
    """Sensitivity only, never the default: a case found in violation and forwarded is presumed to have had its
    kajian (Bawaslu cannot forward what it has not reviewed); a kajian the source states was not made stays."""
    cases, events = tables["cases"], tables["events"]
    done = events[events["status"].astype(str).eq("occurred")]
    forwarded = set(done.loc[done["step"].astype(str).eq("penerusan"), "case_id"])
    violation = set(cases.loc[cases["determination"].astype(str).eq("pelanggaran"), "case_id"])
    has_kajian = set(events.loc[events["step"].astype(str).eq("kajian"), "case_id"])
    presumed = sorted((forwarded & violation) - has_kajian)
    template = events.iloc[:0]
    rows = pd.DataFrame({c: pd.Series([pd.NA] * len(presumed), dtype=template[c].dtype) for c in template.columns})
    rows["event_id"] = [f"{c}-PRESUMED-KAJIAN" for c in presumed]
    rows["case_id"], rows["step"], rows["status"] = presumed, "kajian", "occurred"
    for col in ("source_id", "locator", "notes", "actor"):
        if col in rows:
            rows[col] = "presumption of regularity (sensitivity)" if col != "actor" else "lainnya"
    return cases, pd.concat([events, rows.astype(template.dtypes.to_dict())], ignore_index=True), None


def _pilkada_working_days(tables: dict, options: dict):
    """Every Pilkada deadline counted in working days instead of the shipped day type (the brief leaves the
    Pilkada day type unconfirmed): each case under a copy of the procedure in force for it, day type changed."""
    import copy
    import json
    import tempfile

    from netralitas_study.norms.procedures import load_procedure, norm_in_force

    cases, events = tables["cases"], tables["events"]
    chosen = norm_in_force(cases, events).set_index(cases.index)["procedure"]
    pilkada = cases["election_type"].astype(str).eq("pilkada") & chosen.notna()
    folder = Path(tempfile.gettempdir()) / "netralitas-sensitivity"
    folder.mkdir(exist_ok=True)
    paths = {}
    for pid in sorted(chosen[pilkada].unique()):
        spec = copy.deepcopy(load_procedure(pid).raw)
        for step in spec["steps"]:
            for d in [step.get("deadline"), (step.get("deadline") or {}).get("extension")]:
                if d and "day_type" in d:
                    d["day_type"] = "working"
        path = folder / f"{pid}-working-days.json"
        path.write_text(json.dumps(spec, ensure_ascii=False, indent=1), encoding="utf-8")
        paths[pid] = str(path)
    return cases, events, chosen.map(paths).where(pilkada)


def coder_tables(data_dir: str | Path | None, which: str) -> dict[str, pd.DataFrame]:
    """The shipped data as one coder coded it ('A' or 'B'), typed: the extract's cases, persons and events
    re-coded from that coder's judgements (with the same scope and person review), the thesis cases, sources
    and published figures as shipped."""
    import tempfile

    from netralitas_study import codebook, load
    from netralitas_study.codebook.package import DEFAULT_DATA, read_csv_text, write_descriptor
    from netralitas_study.maintainers import coding
    from netralitas_study.maintainers.extract import read_extract

    data_dir = Path(data_dir or DEFAULT_DATA)
    folder = data_dir / "coding"
    judgements = read_csv_text(folder / f"coder_{which.lower()}.csv")
    judgements = judgements[judgements["value"].ne("absent")]
    # persons are not reviewed one by one here (the review fits the adjudicated counts; verdicts read no person)
    cases, persons, events = coding.code_cases(read_extract(data_dir), judgements, read_csv_text(folder / "scope.csv"))
    shipped = {t: read_csv_text(data_dir / f"{t}.csv") for t in ("cases", "persons", "events", "sources", "tallies")}
    thesis = set(shipped["cases"].loc[shipped["cases"]["source_id"].str.startswith("THESIS"), "case_id"])
    keep = {t: shipped[t][shipped[t]["case_id"].isin(thesis)] for t in ("cases", "persons", "events")}
    # free-text notes carry the coder's reasons (not analysed; the adjudicated data keep the reviewed ones)
    out = {"cases": pd.concat([keep["cases"], cases]), "persons": pd.concat([keep["persons"], persons]),
           "events": pd.concat([keep["events"], events.assign(notes="")]),
           "sources": shipped["sources"], "tallies": shipped["tallies"]}
    with tempfile.TemporaryDirectory() as tmp:
        for t, df in out.items():
            df[codebook.field_names(t)].fillna("").to_csv(Path(tmp) / f"{t}.csv", index=False)
        write_descriptor(Path(tmp))
        return load(tmp)


VARIANTS: list[Variant] = [
    Variant("main", "utama: norma yang berlaku, bukti tersurat, kode hasil ajudikasi, 'belum' sebagai tertunda",
            "main: norm in force, stated evidence, adjudicated codes, 'belum' as pending", _main),
    Variant("thesis_as_pilkada_2024", "kasus skripsi dibaca sebagai Pilkada 2024",
            "thesis cases read as Pilkada 2024", _thesis_as_pilkada_2024),
    Variant("cutover_8_2020", "semua kasus Pilkada 2024 di bawah Perbawaslu 8/2020",
            "every Pilkada 2024 case under Perbawaslu 8/2020", _pilkada_2024_under("perbawaslu-8-2020-pilkada")),
    Variant("cutover_9_2024", "semua kasus Pilkada 2024 di bawah Perbawaslu 9/2024",
            "every Pilkada 2024 case under Perbawaslu 9/2024", _pilkada_2024_under("perbawaslu-9-2024-pilkada")),
    Variant("pilkada_working_days", "batas waktu Pilkada dalam hari kerja",
            "Pilkada deadlines in working days", _pilkada_working_days),
    Variant("presumption_of_regularity", "praduga keteraturan: pelanggaran yang diteruskan dianggap telah dikaji",
            "presumption of regularity: a forwarded violation is presumed reviewed (kajian)",
            _presumption_of_regularity),
    Variant("pending_as_not_done", "'belum', 'masih', 'menunggu' (tertunda) dibaca sebagai tidak dilakukan",
            "'belum', 'masih', 'menunggu' (pending) read as not done", _pending_as_not_done),
    Variant("coder_a", "kode pengode A saja", "coder A's codes only", _coder("A")),
    Variant("coder_b", "kode pengode B saja", "coder B's codes only", _coder("B")),
    Variant("without_thesis_out_of_scope", "tanpa kasus skripsi dan kasus di luar penanganan Bawaslu",
            "without the thesis cases and cases outside Bawaslu's handling", _without_thesis_and_out_of_scope),
]
"""The sensitivity variants, main result first."""


def _judge(cases: pd.DataFrame, events: pd.DataFrame, procedure: pd.Series | None) -> pd.DataFrame:
    """Verdict and structure per case: under the norm in force, or under the procedure named per case."""
    from netralitas_study.conformance.engine import classify_structure, compliance

    if procedure is None or procedure.isna().all():
        parts = [(cases, None)]
    else:
        parts = [(cases[procedure.isna()], None)] + [(cases[procedure.eq(p)], p) for p in sorted(procedure.dropna().unique())]
    out = []
    for c, pid in parts:
        if c.empty:
            continue
        e = events[events["case_id"].isin(c["case_id"])]
        verdict = compliance(c, e, pid)[["case_id", "procedure", "verdict"]]
        structure = classify_structure(c, e, pid)[["case_id", "structure"]]
        out.append(verdict.merge(structure, on="case_id"))
    return pd.concat(out, ignore_index=True)


def run(tables: dict[str, pd.DataFrame], variants: list[Variant] | None = None,
        options: dict | None = None) -> pd.DataFrame:
    """Every variant judged: one row per variant x measure (verdict, structure) x value, with count and n.

    ``changed`` counts the cases (present in both) whose verdict or structure differs from the main
    result; ``n`` is the number of cases the variant judges.
    """
    variants = variants or VARIANTS
    options = options or {}
    per_case = {}
    for v in variants:
        cases, events, procedure = v.prepare(tables, options)
        per_case[v.name] = _judge(cases, events, procedure).assign(case_id=lambda d: d["case_id"].astype(str))
    main = per_case[variants[0].name].set_index("case_id")
    rows = []
    for v in variants:
        judged = per_case[v.name].set_index("case_id")
        common = judged.index.intersection(main.index)
        for measure in ("verdict", "structure"):
            changed = int((judged.loc[common, measure] != main.loc[common, measure]).sum())
            counts = judged[measure].value_counts()
            for value, count in sorted(counts.items()):
                rows.append({"variant": v.name, "label_id": v.label_id, "label_en": v.label_en, "measure": measure,
                             "value": value, "count": int(count), "n": len(judged), "changed": changed})
    return pd.DataFrame(rows)


def side_by_side(result: pd.DataFrame, measure: str = "verdict") -> pd.DataFrame:
    """Counts of one measure with the variants as columns, the main result first, and n and changed rows."""
    r = result[result["measure"].eq(measure)]
    order = list(dict.fromkeys(r["variant"]))
    wide = r.pivot_table(index="value", columns="variant", values="count", aggfunc="sum", fill_value=0)[order]
    meta = r.drop_duplicates("variant").set_index("variant")[["n", "changed"]].T[order]
    return pd.concat([wide, meta]).astype(int)


CUTOFFS = {"24 Aug 2024 (the Bawaslu chair's cut-off)": "2024-08-24",
           "4 Sep 2024 (SE MenPAN-RB 04/2024)": "2024-09-04"}
"""The two readings of the KASN -> BKN handover: BKN receives from this day (KASN before it)."""


def recipient_cutoff(tables: dict[str, pd.DataFrame], cutoffs: dict[str, str] | None = None) -> pd.DataFrame:
    """Forwardings to KASN/BKN judged against each cut-off, on the day as an interval.

    The forwarding day is the stated day; else it lies between the case's latest dated step (or nothing)
    and the publication date of the earliest source that reports the forwarding. Per reading: the
    forwardings whose named recipient matches the body in force on every day of the interval
    (``match``), on no day (``mismatch``), those the interval leaves open (``open``: it straddles the
    cut-off or has no upper end), and those in the shipped parameter's gap (either body may be right).
    Counts of the coded data; no interval.
    """
    from netralitas_study.analysis.eventlog import as_dates
    from netralitas_study.norms.procedures import recipient_gap, recipient_on

    cutoffs = cutoffs or CUTOFFS
    cases = tables["cases"].assign(case_id=tables["cases"]["case_id"].astype(str))
    named = dict(zip(cases["case_id"], cases["recipient"].astype(str).str.split("|").map(
        lambda r: sorted({"kasn", "bkn"} & set(r)))))
    events = tables["events"].assign(case_id=tables["events"]["case_id"].astype(str), _d=as_dates(tables["events"]["date"]))
    done = events[events["status"].astype(str).eq("occurred")]
    fw = done[done["step"].astype(str).eq("penerusan") & done["case_id"].map(lambda c: bool(named.get(c)))]
    published = {}
    if "published" in tables["sources"]:
        dates = as_dates(tables["sources"]["published"].astype(str))
        published = {k: d for k, d in zip(tables["sources"]["source_id"].astype(str), dates) if pd.notna(d)}
    rows = []
    for cid, g in fw.groupby("case_id"):
        if g["_d"].notna().any():
            lo = hi = g["_d"].min()
        else:
            pubs = [published[x.strip()] for x in "|".join(g["source_id"].astype(str)).split("|") if x.strip() in published]
            hi = min(pubs) if pubs else pd.NaT
            before = done[done["case_id"].eq(cid) & done["_d"].notna() & done["step"].astype(str).ne("penerusan")]["_d"]
            lo = before.max() if len(before) else pd.NaT
        rows.append({"case_id": cid, "lo": lo, "hi": hi, "stated": bool(g["_d"].notna().any())})
    iv = pd.DataFrame(rows, columns=["case_id", "lo", "hi", "stated"])
    out = []
    for name, day in {**cutoffs, "shipped parameter (gap 24 Aug - 3 Sep)": None}.items():
        match = mismatch = opened = gap = 0
        for r in iv.itertuples():
            if day is None:
                ends = [recipient_on(pd.Series([d])).iloc[0] if pd.notna(d) else None for d in (r.lo, r.hi)]
                in_gap = pd.notna(r.hi) and pd.notna(r.lo) and bool(recipient_gap(pd.Series([r.lo])).iloc[0]
                                                                   and recipient_gap(pd.Series([r.hi])).iloc[0])
                if in_gap:
                    gap += 1
                    continue
                body = "kasn" if ends[1] == "kasn" else ("bkn" if ends[0] == "bkn" else None)
            else:
                cut = pd.Timestamp(day)
                body = "kasn" if pd.notna(r.hi) and r.hi < cut else ("bkn" if pd.notna(r.lo) and r.lo >= cut else None)
            if body is None:
                opened += 1
            elif body in named[r.case_id]:
                match += 1
            else:
                mismatch += 1
        out.append({"reading": name, "forwardings": len(iv), "stated_day": int(iv["stated"].sum()),
                    "bounded_by_publication": int((~iv["stated"] & iv["hi"].notna()).sum()),
                    "match": match, "mismatch": mismatch, "open": opened, "in_gap": gap})
    return pd.DataFrame(out)


def recipient_windows(start: str = "2024-01-01", end: str = "2025-12-31") -> pd.DataFrame:
    """The recipient parameter read day by day (never retyped): each run of days with one value ('gap' where
    the parameter leaves it undetermined), with its first and last day."""
    from netralitas_study.norms.procedures import recipient_on

    days = pd.Series(pd.date_range(start, end, freq="D"))
    value = recipient_on(days).fillna("gap").astype(str)
    run = value.ne(value.shift()).cumsum()
    out = pd.DataFrame({"value": value, "day": days, "run": run}).groupby("run").agg(
        value=("value", "first"), first_day=("day", "min"), last_day=("day", "max")).reset_index(drop=True)
    out.loc[0, "first_day"] = pd.NaT   # open before ``start``
    out.loc[len(out) - 1, "last_day"] = pd.NaT  # open after ``end``
    return out
