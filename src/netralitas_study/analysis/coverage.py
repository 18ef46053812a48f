"""Coverage: the coded cases against the figures Bawaslu, KASN and BKN published for the same area.

The coded cases are what local news (and one thesis) document, not a sample of the cases handled.
Before any share across provinces is read, this module sets the coded funnel (cases or persons
reported, handled, proven, recommended, sanctioned) beside the published one, per province (or the
country) x election x unit, and says how much of the published figure the coded cases cover.

Published side: province-level (or national) figures of ASN-related scope, one per counting body
and stage, the latest snapshot of each (undated figures count as older than any dated one). Every
figure at that snapshot is kept: when they disagree, or a figure is flagged as disputed, the row says
``conflict``. Scope is kept visible: ``asn`` (civil servants only), ``asn_plus`` (ASN with others, e.g.
village heads) and ``all_types`` (all violation types, e.g. Jambi's "6 pelanggaran hukum lainnya"): a
broader scope is an upper bound on the ASN figure, so its coverage is a lower bound.

Coded side: the cases of ``cases`` within scope (handled by Bawaslu: ``in_scope`` is not 'tidak'), split by source type (thesis, news, official), in the unit of the figure: cases,
violations, reports and recommendations are compared with coded cases (one case, one report or
violation), persons with coded persons (a group of unstated size cannot be counted and is reported
apart). Stages: reported = every coded case/person; handled = a handling step reported done;
proven = determination ``pelanggaran``; recommended = forwarded to KASN/BKN (cases) or a sanction
recommended (persons); sanctioned = a sanction imposed on all or some persons (cases) or on the person.

These are census counts of what was published and what was coded: no sampling interval is put on
them. The threshold below which a province is marked is :data:`THRESHOLD`.
"""

from __future__ import annotations

import pandas as pd

from netralitas_study import codebook

STAGES = ["reported", "handled", "proven", "recommended", "sanctioned"]
SCOPES = ["asn", "asn_plus", "all_types"]
"""Scopes compared, most specific first (``non_asn`` figures are never compared)."""
CASE_UNITS = {"cases", "violations", "reports", "recommendations"}
PERSON_UNITS = {"persons"}
THRESHOLD = 0.5
"""Coverage below which a province x election is marked: where the coded cases are fewer than half of
the published base figure, a share computed over them says more about which cases were reported in the
news than about how the province handled its cases."""
NATIONAL = "not_applicable"
"""The ``province`` value of national figures (the country: every coded case)."""
UNDATED = "undated"
UNIT_ORDER = ["cases", "violations", "reports", "recommendations", "persons"]
"""Units preferred for a province's coverage, the closest to a count of cases first."""
SOURCE_KINDS = {"tesis": "thesis", "berita": "news", "resmi": "official"}


def in_scope(cases: pd.DataFrame) -> pd.Series:
    """Cases the sources show Bawaslu handled: ``in_scope`` is not 'tidak' (codebook 2.1; e.g. a KPU nomination
    check is out). Data without the column: every case not handled by 'lainnya'."""
    if "in_scope" in cases:
        return cases["in_scope"].astype(str).ne("tidak")
    return cases["handled_by"].astype(str).ne("lainnya")


def source_kind(cases: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    """Per case: 'thesis', 'news', 'official' or 'other', from the type of its first source."""
    types = dict(zip(sources["source_id"].astype(str), sources["type"].astype(str)))
    first = cases["source_id"].astype(str).str.split("|").str[0].str.strip()
    return first.map(lambda s: SOURCE_KINDS.get(types.get(s, ""), "other")).set_axis(cases.index)


def coded_stages(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame) -> pd.DataFrame:
    """Per case, in scope: its election, province, source kind and, per stage, the cases (0/1) and persons counted."""
    from netralitas_study.analysis.outcomes import case_outcomes

    ids = cases["case_id"].astype(str)
    done = events[events["status"].astype(str).eq("occurred")]
    handled = set(done["case_id"].astype(str))
    forwarded = set(done.loc[done["step"].astype(str).eq("penerusan"), "case_id"].astype(str))
    recipient = cases["recipient"].astype(str).str.split("|").map(lambda r: bool({"kasn", "bkn"} & set(r)))
    outcome = case_outcomes(cases, persons).set_index("case_id")["sanctioned"]
    case_hit = pd.DataFrame({
        "reported": True,
        "handled": ids.isin(handled).to_numpy(),
        "proven": cases["determination"].astype(str).eq("pelanggaran").to_numpy(),
        "recommended": (ids.isin(forwarded) | recipient).to_numpy(),
        "sanctioned": outcome.reindex(ids).isin(["all", "some"]).to_numpy(),
    }, index=ids.to_numpy()).astype(int)
    p = persons.assign(case_id=persons["case_id"].astype(str))
    counted = p[p["unit"].astype(str).eq("person")]
    tier = counted["recommendation"].astype(str)
    status = counted["status"].astype(str)
    hits = pd.DataFrame({
        "reported": 1,
        "handled": counted["case_id"].isin(handled).astype(int),
        "proven": counted["determination"].astype(str).eq("pelanggaran").astype(int),
        "recommended": ((~tier.isin(["none", "unknown", "not_reported", "not_applicable"]))
                        | status.isin(["recommended", "pending", "imposed"])).astype(int),
        "sanctioned": status.eq("imposed").astype(int),
    }).assign(case_id=counted["case_id"]).groupby("case_id").sum().reindex(ids.to_numpy(), fill_value=0)
    groups = p[p["unit"].astype(str).ne("person")].groupby("case_id").size().reindex(ids.to_numpy(), fill_value=0)
    out = pd.DataFrame({"case_id": ids.to_numpy(), "province": cases["province"].astype(str).to_numpy(),
                        "election_type": cases["election_type"].astype(str).to_numpy(),
                        "election_year": cases["election_year"].astype(str).to_numpy(),
                        "in_scope": in_scope(cases).to_numpy(), "groups_unsized": groups.to_numpy()})
    for stage in STAGES:
        out[f"case_{stage}"] = case_hit[stage].to_numpy()
        out[f"persons_{stage}"] = hits[stage].to_numpy()
    return out


def published(tallies: pd.DataFrame) -> pd.DataFrame:
    """The latest published figure of each counting body per area x election x unit x stage x scope.

    Every figure at the latest snapshot is kept (``values``, ``tally_ids``); ``conflict`` says that they
    disagree or that one is flagged as disputed; ``earlier`` counts the older figures set aside.
    """
    t = tallies[tallies["metric"].astype(str).isin(STAGES) & tallies["scope"].astype(str).isin(SCOPES)
                & tallies["level"].astype(str).isin(["provinsi", "nasional"])
                & tallies["unit"].astype(str).isin(CASE_UNITS | PERSON_UNITS)].copy()
    t = t.astype({c: str for c in ["province", "election_type", "election_year", "metric", "scope", "body", "unit",
                                   "snapshot", "conflict", "value_qualifier", "tally_id"]})
    t["value"] = pd.to_numeric(t["value"])
    t["_date"] = pd.to_datetime(t["snapshot"], errors="coerce")
    t["snapshot"] = t["_date"].dt.strftime("%Y-%m-%d").fillna(UNDATED)
    key = ["province", "election_type", "election_year", "unit", "metric", "scope", "body"]
    groups: dict[tuple, list[dict]] = {}
    for r in t.to_dict("records"):
        groups.setdefault(tuple(r[k] for k in key), []).append(r)
    rows = []
    for k in sorted(groups):
        g = groups[k]
        dates = [r["_date"] for r in g if pd.notna(r["_date"])]
        latest = [r for r in g if r["_date"] == max(dates)] if dates else g
        values = sorted(latest, key=lambda r: r["tally_id"])
        shown = [f"{r['value']:g}" + ("+" if r["value_qualifier"] == "more_than" else
                                      "~" if r["value_qualifier"] == "approximate" else "") for r in values]
        rows.append({**dict(zip(key, k)), "value": float(max(r["value"] for r in values)), "values": "; ".join(shown),
                     "snapshot": values[0]["snapshot"], "tally_ids": "|".join(r["tally_id"] for r in values),
                     "conflict": any(r["conflict"] == "ya" for r in values) or len({r["value"] for r in values}) > 1,
                     "earlier": len(g) - len(latest)})
    cols = [*key, "value", "values", "snapshot", "tally_ids", "conflict", "earlier"]
    return pd.DataFrame(rows, columns=cols).rename(columns={"metric": "stage"})


def _coded_counts(coded: pd.DataFrame) -> dict[tuple, dict]:
    """Per (area, election type, year, 'persons' or 'case'): the coded counts per stage and source kind.

    The area is each province and :data:`NATIONAL` (every province)."""
    cols = [f"{prefix}_{stage}" for prefix in ("case", "persons") for stage in STAGES]
    scoped = coded[coded["in_scope"]]
    out: dict[tuple, dict] = {}
    for national in (False, True):
        keys = ["election_type", "election_year"] if national else ["province", "election_type", "election_year"]
        total = scoped.groupby(keys)[cols + ["groups_unsized"]].sum()
        kinds = scoped.groupby([*keys, "kind"])[cols].sum()
        n_cases = scoped.groupby(keys).size()
        outside = coded[~coded["in_scope"]].groupby(keys).size()
        for key, row in total.iterrows():
            key = key if isinstance(key, tuple) else (key,)
            area = (NATIONAL, *key) if national else key
            for prefix in ("case", "persons"):
                d = {"groups_unsized": int(row["groups_unsized"]) if prefix == "persons" else 0,
                     "cases": int(n_cases.get(key if len(key) > 1 else key[0], 0)),
                     "out_of_scope": int(outside.get(key if len(key) > 1 else key[0], 0))}
                for stage in STAGES:
                    d[stage] = int(row[f"{prefix}_{stage}"])
                    for kind in ("thesis", "news", "official"):
                        k = (*key, kind)
                        d[f"{stage}_{kind}"] = int(kinds[f"{prefix}_{stage}"].get(k, 0))
                out[(*area, prefix)] = d
    return out


EMPTY_COUNTS = {"groups_unsized": 0, "cases": 0, "out_of_scope": 0,
                **{f"{stage}{kind}": 0 for stage in STAGES for kind in ("", "_thesis", "_news", "_official")}}


def coverage_detail(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per area x election x unit x stage x scope x counting body: the published figure beside the coded count.

    ``coverage`` = coded / published (NaN when the figure is 0). Coded counts are split into
    ``coded_thesis``, ``coded_news`` and ``coded_official`` and never pooled with the figure.
    """
    cases, events, persons = tables["cases"], tables["events"], tables["persons"]
    coded = coded_stages(cases, events, persons)
    coded["kind"] = source_kind(cases, tables["sources"]).to_numpy()
    pub = published(tables["tallies"])
    counts_of = _coded_counts(coded)
    rows = []
    for r in pub.itertuples(index=False):
        prefix = "persons" if r.unit in PERSON_UNITS else "case"
        counts = counts_of.get((r.province, r.election_type, r.election_year, prefix), EMPTY_COUNTS)
        row = r._asdict()
        row.update({"coded": counts[r.stage], "coded_thesis": counts[f"{r.stage}_thesis"],
                    "coded_news": counts[f"{r.stage}_news"], "coded_official": counts[f"{r.stage}_official"],
                    "groups_unsized": counts["groups_unsized"], "coded_cases": counts["cases"],
                    "out_of_scope": counts["out_of_scope"]})
        row["coverage"] = row["coded"] / r.value if r.value > 0 else float("nan")
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["stage_order"] = out["stage"].map(STAGES.index)
    out["scope_order"] = out["scope"].map(SCOPES.index)
    return out.sort_values(["province", "election_year", "election_type", "unit", "stage_order", "scope_order",
                            "body"]).drop(columns=["stage_order", "scope_order"]).reset_index(drop=True)


def _funnel_text(rows: list[dict], column: str) -> str:
    """'reported 20 [body] / 7 [body]!, proven 3': one entry per stage ('!' marks a conflict)."""
    parts = []
    for stage in STAGES:
        s = [r for r in rows if r["stage"] == stage]
        if not s:
            continue
        if column == "values":
            vals = " / ".join(f"{r['values']}" + (f" [{r['body']}]" if len(s) > 1 else "") + ("!" if r["conflict"] else "")
                              for r in s)
        else:
            vals = str(int(s[0][column]))
        parts.append(f"{stage} {vals}")
    return ", ".join(parts)


def coverage_table(tables: dict[str, pd.DataFrame], threshold: float = THRESHOLD) -> pd.DataFrame:
    """One row per area x election x unit: published funnel, coded funnel, coverage and a bilingual reading.

    The base of the coverage is the first published stage (``reported``, else ``handled``, ...) in the most
    specific scope, the largest of the counting bodies' latest figures (so the coverage is not flattered).
    ``below_threshold`` marks a coverage under ``threshold``.
    """
    detail = coverage_detail(tables)
    names = codebook.labels("province")
    labels = {lang: codebook.labels("tally_unit", lang) for lang in ("id", "en")}
    groups: dict[tuple, list[dict]] = {}
    for r in detail.to_dict("records"):
        groups.setdefault((r["province"], r["election_type"], r["election_year"], r["unit"]), []).append(r)
    rows = []
    for key in sorted(groups):
        g = groups[key]
        province, etype, year, unit = key
        first = sorted(g, key=lambda r: (STAGES.index(r["stage"]), SCOPES.index(r["scope"]), -r["value"]))[0]
        area = names.get(province, "Indonesia") if province != NATIONAL else "Indonesia"
        row = {"province": province, "area": area, "election": f"{etype.capitalize()} {year}",
               "election_type": etype, "election_year": year, "unit": unit,
               "published_funnel": _funnel_text(g, "values"), "coded_funnel": _funnel_text(g, "coded"),
               "base_stage": first["stage"], "base_scope": first["scope"], "base_body": first["body"],
               "published": first["value"], "snapshot": first["snapshot"], "tally_ids": first["tally_ids"],
               "coded": int(first["coded"]), "coded_thesis": int(first["coded_thesis"]),
               "coded_news": int(first["coded_news"]), "coded_official": int(first["coded_official"]),
               "coverage": first["coverage"], "conflict": any(r["conflict"] for r in g),
               "coded_cases": int(first["coded_cases"]), "out_of_scope": int(first["out_of_scope"]),
               "groups_unsized": int(first["groups_unsized"])}
        row["below_threshold"] = bool(not (row["coverage"] >= threshold))
        row["reading_id"], row["reading_en"] = reading(row, threshold, labels)
        rows.append(row)
    return pd.DataFrame(rows)


def reading(row: dict, threshold: float = THRESHOLD, labels: dict | None = None) -> tuple[str, str]:
    """The plain reading of one coverage row, in Indonesian and English (the only place this text is made)."""
    labels = labels or {lang: codebook.labels("tally_unit", lang) for lang in ("id", "en")}
    unit_id = labels["id"].get(row["unit"], row["unit"])
    unit_en = labels["en"].get(row["unit"], row["unit"])
    scope = {"asn": ("ASN saja", "ASN only"), "asn_plus": ("ASN dan pihak lain", "ASN and others"),
             "all_types": ("semua jenis pelanggaran, batas atas angka ASN",
                           "all violation types, an upper bound on the ASN figure")}[row["base_scope"]]
    pub, coded = f"{row['published']:g}", row["coded"]
    split_id = f"{row['coded_news']} berita, {row['coded_thesis']} skripsi"
    split_en = f"{row['coded_news']} news, {row['coded_thesis']} thesis"
    base_id, base_en = f"{row['coded_cases']} kasus berkode", f"{row['coded_cases']} coded cases"
    if row["out_of_scope"]:
        base_id += f" (+{row['out_of_scope']} di luar cakupan Bawaslu)"
        base_en += f" (+{row['out_of_scope']} outside Bawaslu's handling)"
    if row["unit"] in PERSON_UNITS and row["groups_unsized"]:
        split_id += f"; {row['groups_unsized']} kelompok tanpa jumlah orang tidak terhitung"
        split_en += f"; {row['groups_unsized']} groups of unstated size not counted"
    if row["coverage"] != row["coverage"]:  # NaN: the figure is 0
        ratio_id = ratio_en = "n/a"
    else:
        ratio_id = ratio_en = f"{row['coverage']:.0%}"
    mark_id = (f"; di bawah ambang {threshold:.0%}: pembagian antarprovinsi tidak mewakili penanganan"
               if row["below_threshold"] else "")
    mark_en = (f"; below the {threshold:.0%} threshold: cross-province shares do not represent handling"
               if row["below_threshold"] else "")
    over_id = "; berkode melebihi angka publikasi (angka parsial atau lebih awal)" if row["coverage"] > 1 else ""
    over_en = "; more coded than published (a partial or earlier figure)" if row["coverage"] > 1 else ""
    conflict_id = "; angka publikasi bertentangan (!)" if row["conflict"] else ""
    conflict_en = "; published figures conflict (!)" if row["conflict"] else ""
    text_id = (f"{row['area']}, {row['election']}: dipublikasikan {pub} {unit_id} ({row['base_stage']}, {scope[0]}, "
               f"{row['base_body']}, {row['snapshot']}, {row['tally_ids']}); {base_id}, pada tahap yang sama {coded} "
               f"({split_id}); "
               f"cakupan {ratio_id}{over_id}{conflict_id}{mark_id}.")
    text_en = (f"{row['area']}, {row['election']}: published {pub} {unit_en} ({row['base_stage']}, {scope[1]}, "
               f"{row['base_body']}, {row['snapshot']}, {row['tally_ids']}); {base_en}, at the same stage {coded} "
               f"({split_en}); "
               f"coverage {ratio_en}{over_en}{conflict_en}{mark_en}.")
    return text_id, text_en


def coverage_of(tables: dict[str, pd.DataFrame], threshold: float = THRESHOLD) -> pd.DataFrame:
    """Per province x election: the coverage of the case-unit base figure (the table a share is shown with).

    Units are preferred in :data:`UNIT_ORDER` (cases, then violations, reports, recommendations, persons).
    Provinces with coded cases but no
    published figure get coverage NaN and ``published_figure = False``.
    """
    table = coverage_table(tables, threshold)
    table = table[table["province"].ne(NATIONAL)]
    table = table.assign(_u=table["unit"].map(UNIT_ORDER.index)).sort_values("_u", kind="stable")
    best = table.drop_duplicates(["province", "election_type", "election_year"]).drop(columns="_u")
    coded = coded_stages(tables["cases"], tables["events"], tables["persons"])
    coded = coded[coded["in_scope"]].groupby(["province", "election_type", "election_year"]).size().rename(
        "cases").reset_index()
    out = coded.merge(best[["province", "election_type", "election_year", "unit", "base_stage", "published",
                            "tally_ids", "coverage", "below_threshold"]], how="left",
                      on=["province", "election_type", "election_year"])
    out["published_figure"] = out["published"].notna()
    out["below_threshold"] = [True if pd.isna(v) else bool(v) for v in out["below_threshold"]]
    return out
