"""The province report as a document a student can hand in: bilingual HTML and an editable Word file.

:func:`build_document` turns the library's results (:func:`province.province_report`,
:func:`compliance.compliance`, the persons, the published figures and the sources) into a
:class:`Document`: a title page and sections of paragraphs, warnings, tables, figures and a
numbered list of sources. Two renderers write it: :func:`to_html` (one self-contained page,
figures embedded, nothing loaded from the internet, the same bytes on every run) and
:func:`to_docx` (python-docx; editable in Word or LibreOffice). No code and no dataframe
index ever reaches the document; :func:`write_report` also keeps every table as CSV under
``tables/`` and every figure as PNG and SVG under ``figures/``.

Indonesian comes first everywhere, English after it.

Hook for later work: :func:`deciding_documents` returns, per open case, the documents that
would decide it. It returns no rows today; when it does, the section "Dokumen yang dapat
memutus kasus terbuka / What would decide the open cases" appears in the report.
"""

from __future__ import annotations

import base64
import html
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netralitas_study import codebook

SMALL_N = 5
"""Below this many cases a province's proportions describe those cases only: too few to compare."""
WIDE_INTERVAL = 0.5
"""An exact 95% interval wider than this spans most of 0-1: the data hardly constrain the proportion."""
MAX_STEP_ROWS = 40
"""Cases shown in one step figure (the per-case table lists them all)."""

VERDICT_TEXT = {
    "conformant": ("sesuai", "conformant"),
    "indeterminate": ("tidak dapat ditentukan", "indeterminate"),
    "non-conformant": ("tidak sesuai", "non-conformant"),
}


# --- the document model ---------------------------------------------------------------------

@dataclass
class Paragraph:
    id: str
    en: str = ""


@dataclass
class Warning:
    id: str
    en: str = ""


@dataclass
class Table:
    """A table to show: ``columns`` maps a column of ``data`` to its bilingual header."""

    data: pd.DataFrame
    columns: dict[str, str]
    caption: str = ""
    small: bool = False


@dataclass
class Figure:
    name: str
    caption: str
    png: bytes


@dataclass
class Sources:
    """Numbered sources: (number, title, url or None, rest)."""

    items: list[tuple[int, str, str | None, str]]


@dataclass
class Section:
    heading: str
    blocks: list = field(default_factory=list)
    level: int = 1


@dataclass
class Document:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]


# --- helpers ----------------------------------------------------------------------------------

def _lab(vocab: str, value, lang: str = "id") -> str:
    value = str(value)
    return codebook.labels(vocab, lang).get(value, value)


def _list_lab(vocab: str, text, lang: str = "id") -> str:
    parts = [p.strip() for p in str(text).split("|") if p.strip()]
    return "; ".join(_lab(vocab, p, lang) for p in parts)


def _is_missing(value) -> bool:
    return pd.isna(value) or str(value) in codebook.missing_codes()


def _day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{100 * x:.0f}%"


def interval(low: float, high: float) -> str:
    return "–" if pd.isna(low) else f"{100 * low:.0f}–{100 * high:.0f}%"


def _share_text(count: int, n: int, low: float, high: float) -> tuple[str, str]:
    """'2 dari 3 (67%; interval eksak 95% 9–99%)' in both languages."""
    if n == 0:
        return "tidak ada kasus", "no cases"
    p = count / n
    return (f"{count} dari {n} ({pct(p)}; interval eksak 95% {interval(low, high)})",
            f"{count} of {n} ({pct(p)}; exact 95% interval {interval(low, high)})")


def deciding_documents(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None
                       ) -> tuple[pd.DataFrame, str]:
    """Per open (indeterminate) case: the unknown items that would decide it and the documents that
    hold them (:func:`gaps.open_cases`), and one bilingual summary sentence."""
    from netralitas_study.evidence.gaps import open_cases

    found = open_cases(cases, events, persons)
    table = found.table.rename(columns={"items": "why", "documents": "document"})
    return table[["case_id", "document", "why"]], found.summary


# --- per-case content -------------------------------------------------------------------------

def _steps_text(events: pd.DataFrame) -> str:
    order = list(codebook.vocabulary("step")["value"])
    ev = events.assign(_o=events["step"].astype(str).map(order.index)).sort_values(["_o", "date"], kind="stable")
    lines = []
    for e in ev.itertuples():
        label = _lab("step", e.step)
        status = str(e.status)
        if str(e.step) == "sanksi_dijatuhkan":
            # name the imposer only when the source does
            label = "Sanksi dijatuhkan" + ("" if _is_missing(e.actor) else f" oleh {_lab('actor', e.actor)}")
        if status == "occurred":
            lines.append(f"{label} ({_day(e.date) or 'tanpa tanggal / undated'})")
        elif status == "not_occurred":
            lines.append(f"{label}: tidak dilakukan / not done")
        elif status == "planned":
            lines.append(f"{label}: dijadwalkan / planned" + (f" ({_day(e.date)})" if _day(e.date) else ""))
    return "\n".join(lines) if lines else "tidak ada tahapan yang disebut / no step reported"


def _person_text(p) -> str:
    who = "kelompok (jumlah tidak disebut)" if str(p.unit) == "group_size_unknown" else (
        "jabatan tidak disebut" if _is_missing(p.role) else str(p.role))
    parts = [f"Bawaslu: {_lab('determination', p.determination)}"]
    rec = _lab("sanction_tier", p.recommendation)
    if not _is_missing(p.recommendation) and not _is_missing(p.recommended_by):
        rec += f" ({_lab('recommender', p.recommended_by)})"
    parts.append(f"direkomendasikan / recommended: {rec}")
    status = str(p.status)
    if status in ("imposed", "annulled"):
        imposed = _lab("sanction_tier", p.sanction_imposed)
        if not _is_missing(p.imposed_by):
            imposed += f", oleh / by {_lab('imposer', p.imposed_by)}"
        if _day(p.imposed_date):
            imposed += f", {_day(p.imposed_date)}"
        parts.append(f"dijatuhkan / imposed: {imposed}" + (" (dibatalkan / annulled)" if status == "annulled" else ""))
    elif status == "recommended":
        parts.append("direkomendasikan, belum dijatuhkan / recommended, not yet imposed")
    else:
        parts.append(f"status: {_lab('sanction_status', status)}")
    return f"{who}: " + "; ".join(parts)


def case_table(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None, verdicts: pd.DataFrame,
               numbers: dict[str, int]) -> pd.DataFrame:
    """One row per case, in words: what the document's per-case table shows (and tables/cases.csv keeps)."""
    v = verdicts.set_index("case_id")
    rows = []
    for c in cases.itertuples():
        cid = str(c.case_id)
        ps = persons[persons["case_id"].astype(str).eq(cid)] if persons is not None else pd.DataFrame()
        r = v.loc[cid]
        verdict_id, verdict_en = VERDICT_TEXT.get(str(r["verdict"]), (str(r["verdict"]),) * 2)
        norm = "tidak ada norma / no norm" if pd.isna(r["procedure"]) else f"{r['procedure']} v{r['procedure_version']}"
        note = f" ({r['norm_note']})" if r["norm_note"] else ""
        forms = _list_lab("violation_form", c.violation_forms)
        if str(c.violation_forms) == "unknown" and not _is_missing(c.violation_form_candidates):
            forms += "; salah satu dari / one of: " + _list_lab("violation_form", c.violation_form_candidates)
        cited = dict.fromkeys(s for text in [c.source_id, *ps.get("source_id", []),
                                              *events.loc[events["case_id"].astype(str).eq(cid), "source_id"]]
                              for s in str(text).split("|") if s in numbers)
        rows.append({
            "case_id": cid,
            "province": _lab("province", c.province),
            "regency": "" if _is_missing(c.regency) else str(c.regency),
            "election": f"{str(c.election_type).capitalize()} {c.election_year}",
            "origin": _lab("origin", c.origin),
            "forms": forms,
            "steps": _steps_text(events[events["case_id"].astype(str).eq(cid)]),
            "recipient": _list_lab("recipient", c.recipient),
            "persons": "\n".join(_person_text(p) for p in ps.sort_values("person_id").itertuples())
                       if len(ps) else "orang tidak dikodekan / persons not coded",
            "verdict": f"{verdict_id} / {verdict_en}",
            "norm": norm + note,
            "why": str(r["reasons"]),
            "sources": ", ".join(f"[{numbers[s]}]" for s in sorted(cited, key=numbers.get)),
        })
    return pd.DataFrame(rows, columns=["case_id", "province", "regency", "election", "origin", "forms", "steps",
                                       "recipient", "persons", "verdict", "norm", "why", "sources"])


CASE_COLUMNS = {
    "case_id": "Kasus / Case", "election": "Pemilihan / Election", "origin": "Asal / Origin",
    "forms": "Bentuk pelanggaran / Forms", "steps": "Tahapan yang disebut sumber / Steps reported",
    "recipient": "Penerima / Recipient", "persons": "Hasil per orang / Outcome per person",
    "verdict": "Penilaian / Verdict", "norm": "Norma / Norm", "why": "Alasan / Why", "sources": "Sumber / Sources",
}


def tally_table(tallies: pd.DataFrame, numbers: dict[str, int]) -> pd.DataFrame:
    """The published figures in words, with their units, dates and source numbers."""
    qualifier = {"exact": "", "approximate": "± ", "more_than": "> "}
    rows = []
    for t in tallies.itertuples():
        value = float(t.value)
        rows.append({
            "tally_id": str(t.tally_id),
            "election": f"{str(t.election_type).capitalize()} {t.election_year}",
            "area": _lab("level", t.level) + ("" if _is_missing(t.regency) else f": {t.regency}"),
            "metric": _lab("tally_metric", t.metric),
            "value": qualifier.get(str(t.value_qualifier), "") + (f"{value:.0f}" if value.is_integer() else f"{value:g}"),
            "unit": _lab("tally_unit", t.unit),
            "scope": _lab("tally_scope", t.scope),
            "body": _lab("tally_body", t.body),
            "snapshot": _day(t.snapshot) or "tidak disebut / not stated",
            "conflict": "ya / yes" if str(t.conflict) == "ya" else "",
            "source": f"[{numbers[str(t.source_id)]}]" if str(t.source_id) in numbers else str(t.source_id),
        })
    return pd.DataFrame(rows, columns=["tally_id", "election", "area", "metric", "value", "unit", "scope", "body",
                                       "snapshot", "conflict", "source"])


TALLY_COLUMNS = {
    "election": "Pemilihan / Election", "area": "Wilayah / Area", "metric": "Ukuran / Metric",
    "value": "Nilai / Value", "unit": "Satuan / Unit", "scope": "Cakupan / Scope", "body": "Pencatat / Counted by",
    "snapshot": "Tanggal data / As of", "conflict": "Bertentangan / Conflicting", "source": "Sumber / Source",
}


# --- findings ---------------------------------------------------------------------------------

def findings(name: str, cases: pd.DataFrame, persons: pd.DataFrame | None, verdicts: pd.DataFrame,
             indicators: pd.DataFrame) -> tuple[list, pd.DataFrame]:
    """Written findings for one province and the numbers behind them (each with n and an exact interval)."""
    from netralitas_study.analysis.stats import proportion

    n = len(cases)
    blocks: list = []
    numbers: list[dict] = []

    def share(key: str, label_id: str, label_en: str, count: int, total: int):
        p = proportion(count, total)
        numbers.append({"province": name, "finding": key, **p})
        text_id, text_en = _share_text(count, total, p["exact_low"], p["exact_high"])
        return p, text_id, text_en

    elections = ", ".join(sorted({f"{str(t).capitalize()} {y}" for t, y in zip(cases["election_type"],
                                                                                  cases["election_year"])}))
    origins = cases["origin"].astype(str).value_counts()
    blocks.append(Paragraph(
        f"Data memuat {n} kasus dari {name} ({elections}): {origins.get('temuan', 0)} berasal dari temuan, "
        f"{origins.get('laporan', 0)} dari laporan, {n - origins.get('temuan', 0) - origins.get('laporan', 0)} "
        "asalnya tidak disebut sumber.",
        f"The data hold {n} cases from {name} ({elections}): {origins.get('temuan', 0)} from a finding (temuan), "
        f"{origins.get('laporan', 0)} from a report (laporan), {n - origins.get('temuan', 0) - origins.get('laporan', 0)} "
        "of unreported origin."))
    wide: list[tuple[str, str, float, float]] = []
    for verdict, (vid, ven) in VERDICT_TEXT.items():
        count = int(verdicts["verdict"].eq(verdict).sum())
        p, tid, ten = share(f"verdict_{verdict}", vid, ven, count, n)
        blocks.append(Paragraph(f"Dinilai {vid} menurut norma yang berlaku: {tid}.",
                                f"Judged {ven} under the norm in force: {ten}."))
        if n and p["exact_high"] - p["exact_low"] > WIDE_INTERVAL:
            wide.append((f"penilaian {vid}", f"verdict {ven}", p["exact_low"], p["exact_high"]))
    from netralitas_study.analysis.compare import INDICATORS

    for ind, (lid, len_) in INDICATORS.items():
        count = int(indicators[ind].sum())
        p, tid, ten = share(ind, lid, len_, count, n)
        blocks.append(Paragraph(f"Kasus {lid}: {tid}.", f"Cases {len_}: {ten}."))
        if n and p["exact_high"] - p["exact_low"] > WIDE_INTERVAL:
            wide.append((lid, len_, p["exact_low"], p["exact_high"]))
    if persons is not None and len(persons):
        status = persons["status"].astype(str)
        people = persons["unit"].astype(str).eq("person")
        rec_only = int(status.eq("recommended").sum())
        imposed = int(status.eq("imposed").sum())
        groups = int((~people).sum())
        blocks.append(Paragraph(
            f"Dari {len(persons)} baris orang ({int(people.sum())} orang, {groups} kelompok tanpa jumlah), sanksi "
            f"dijatuhkan pada {imposed}; {rec_only} baru direkomendasikan dan belum dilaporkan dijatuhkan. "
            "Rekomendasi KASN/BKN tidak dihitung sebagai sanksi yang dijatuhkan.",
            f"Of {len(persons)} person rows ({int(people.sum())} persons, {groups} groups of unstated size), a sanction "
            f"was imposed on {imposed}; {rec_only} were recommended only, with no imposition reported. A KASN/BKN "
            "recommendation is never counted as an imposed sanction."))
        numbers.append({"province": name, "finding": "persons_imposed", "count": imposed, "n": len(persons)})
        numbers.append({"province": name, "finding": "persons_recommended_only", "count": rec_only, "n": len(persons)})
    else:
        blocks.append(Paragraph("Tabel orang (persons) tidak diisi: hasil per orang tidak diketahui.",
                                "The persons table is not filled in: the outcome per person is unknown."))
    if n < SMALL_N:
        blocks.append(Warning(
            f"Hanya n = {n} kasus: angka-angka ini menggambarkan kasus-kasus itu saja dan terlalu sedikit untuk "
            "dibandingkan dengan provinsi lain.",
            f"Only n = {n} case{'s' if n != 1 else ''}: these figures describe these cases only and are too few to "
            "compare with other provinces."))
    for lid, len_, lo, hi in wide:
        blocks.append(Warning(
            f"Interval 95% untuk '{lid}' membentang {interval(lo, hi)}: data hampir tidak menentukan proporsinya.",
            f"The 95% interval for '{len_}' spans {interval(lo, hi)}: the data hardly determine the proportion."))
    return blocks, pd.DataFrame(numbers)


# --- building ---------------------------------------------------------------------------------

@dataclass
class Built:
    """A document with the tables (kept as CSV) and figures (kept as PNG and SVG) it was made from."""

    document: Document
    tables: dict[str, pd.DataFrame]
    figures: dict[str, object]


def _figure_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
    return buf.getvalue()


def _data_date(frames: list[tuple[pd.DataFrame | None, str]]) -> str:
    dates = [pd.to_datetime(df[col], errors="coerce").max() for df, col in frames
             if df is not None and col in df.columns and len(df)]
    dates = [d for d in dates if pd.notna(d)]
    return max(dates).strftime("%Y-%m-%d") if dates else "tidak disebut / not stated"


def build_document(user: dict[str, pd.DataFrame], shipped: dict[str, pd.DataFrame], provinces: list[str],
                   procedure: str | None = None, data_label: str = "", user_is_shipped: bool = False,
                   progress=None) -> Built:
    """The report for ``provinces`` (BPS codes, already resolved) of the typed tables ``user``."""
    from netralitas_study import __version__
    from netralitas_study.analysis import eventlog
    from netralitas_study.report import figures
    from netralitas_study.analysis.compare import INDICATORS, case_indicators, compare_groups
    from netralitas_study.analysis.province import JAMBI, province_report

    step = progress or (lambda: None)
    reports = [province_report(user, shipped, code, procedure, user_is_shipped=user_is_shipped) for code in provinces]
    step()
    # the published figures: the user's own when coded, else the shipped ones for the province
    tallies_src = user.get("tallies") if user.get("tallies") is not None else shipped.get("tallies")
    sources = pd.concat([df for df in (user.get("sources"), shipped.get("sources")) if df is not None],
                        ignore_index=True).drop_duplicates("source_id")
    tallies = (tallies_src[tallies_src["province"].astype(str).isin(provinces)].reset_index(drop=True)
               if tallies_src is not None else None)
    # sources numbered in order of first citation
    cited: list[str] = []
    for r in reports:
        for df in (r.cases, r.persons, r.events):
            if df is not None:
                cited += [s for text in df["source_id"].astype(str) for s in text.split("|")]
    if tallies is not None:
        cited += list(tallies["source_id"].astype(str))
    known = set(sources["source_id"].astype(str))
    numbers = {s: i for i, s in enumerate((s for s in dict.fromkeys(cited) if s in known), start=1)}

    names = [r.name for r in reports]
    title_names = ", ".join(names)
    everyone = (shipped["events"], shipped.get("persons"))
    groups = {f"{r.name} ({'data bawaan' if user_is_shipped else 'data Anda'})": (r.cases, r.events, r.persons)
              for r in reports}
    if not (user_is_shipped and JAMBI in provinces):
        groups["Jambi (skripsi + berita)"] = (shipped["cases"][shipped["cases"]["province"].astype(str).eq(JAMBI)],
                                              *everyone)
    groups["semua provinsi / all provinces"] = (shipped["cases"], *everyone)
    comparison = compare_groups(groups)

    figs: dict[str, object] = {}
    sections: list[Section] = []
    all_numbers, case_rows, person_rows, event_rows = [], [], [], []
    elections: set[str] = set()
    for r in reports:
        verdicts = r.tables["verdicts"]
        elections |= {f"{str(t).capitalize()} {y}" for t, y in zip(r.cases["election_type"], r.cases["election_year"])}
        blocks, nums = findings(r.name, r.cases, r.persons, verdicts, case_indicators(r.cases, r.events, r.persons))
        all_numbers.append(nums)
        table = case_table(r.cases, r.events, r.persons, verdicts, numbers)
        case_rows.append(table)
        if r.persons is not None:
            person_rows.append(r.persons)
        event_rows.append(r.events)
        sec = Section(f"{r.name} ({r.province})", [Paragraph("Temuan / Findings", ""), *blocks])
        sec.blocks.append(Section("Kasus demi kasus / Case by case", [
            Paragraph("Setiap kasus dengan tahapan yang disebut sumber, penerima penerusan, hasil per orang "
                      "(rekomendasi dan sanksi yang dijatuhkan dipisahkan) dan penilaiannya menurut norma yang "
                      "berlaku saat itu, beserta alasannya.",
                      "Every case with the steps its sources report, the recipient, the outcome per person "
                      "(recommended and imposed kept apart) and its verdict under the norm in force, with the reason."),
            Table(table, CASE_COLUMNS, small=True)], level=2))
        shown = r.cases.head(MAX_STEP_ROWS)
        fig = figures.plot_step_matrix(eventlog.step_matrix(shown, r.events),
                                       title=f"Tahapan per kasus, {r.name}\nSteps per case, {r.name}")
        key = f"{r.province}-steps_per_case"
        figs[key] = fig
        caption = (f"Tahapan yang disebut sumber untuk setiap kasus di {r.name}" +
                   (f" ({MAX_STEP_ROWS} kasus pertama dari {len(r.cases)})" if len(r.cases) > MAX_STEP_ROWS else "") +
                   f". / Steps the sources report for each case in {r.name}.")
        fig_blocks = [Figure(key, caption, _figure_png(fig))]
        if r.persons is not None and r.persons["unit"].astype(str).eq("person").any():
            from netralitas_study.analysis.outcomes import person_funnel

            funnel = person_funnel(r.persons)
            fig = figures.plot_person_funnel(funnel, title=f"{r.name}: dari penetapan sampai sanksi / "
                                                           "from determination to sanction")
            key = f"{r.province}-persons_funnel"
            figs[key] = fig
            fig_blocks.append(Figure(key, "Orang pada setiap tahap, dengan interval eksak 95%; rekomendasi bukan "
                                          "sanksi yang dijatuhkan. / Persons at each stage, with exact 95% intervals; "
                                          "a recommendation is not an imposed sanction.", _figure_png(fig)))
        sec.blocks.append(Section("Gambar / Figures", fig_blocks, level=2))
        own = tallies[tallies["province"].astype(str).eq(r.province)] if tallies is not None else None
        tally_blocks: list = []
        if own is not None and len(own):
            tally_blocks += [Paragraph(
                "Angka yang diterbitkan sumber untuk provinsi ini, apa adanya: satuan berbeda tidak pernah "
                "dijumlahkan, dan angka yang bertentangan ditandai.",
                "Figures the sources published for this province, as stated: different units are never added, "
                "and conflicting figures are flagged."), Table(tally_table(own, numbers), TALLY_COLUMNS, small=True)]
        else:
            tally_blocks.append(Paragraph("Tidak ada angka terbitan untuk provinsi ini dalam data.",
                                          "No published figure for this province in the data."))
        sec.blocks.append(Section("Angka yang diterbitkan / Published figures", tally_blocks, level=2))
        open_cases, summary = deciding_documents(r.cases, r.events, r.persons)
        if len(open_cases):
            id_text, _, en_text = summary.partition(" / ")
            sec.blocks.append(Section("Dokumen yang dapat memutus kasus terbuka / What would decide the open cases", [
                Paragraph(id_text, en_text),
                Paragraph("Surat permintaan informasi publik (UU 14/2008) untuk dokumen-dokumen ini: "
                          "netralitas-study gaps DATA --province P --letter surat.md",
                          "A request for public information (UU 14/2008) for these documents: "
                          "netralitas-study gaps DATA --province P --letter surat.md"),
                Table(open_cases, {"case_id": "Kasus / Case", "document": "Dokumen / Document",
                                   "why": "Unsur yang belum diketahui / Unknown items"}, small=True)], level=2))
        sections.append(sec)
        step()

    # comparison across groups
    comp_fig = figures.plot_indicators(comparison, title=f"{title_names} dibandingkan / compared")
    figs["comparison"] = comp_fig
    comp_show = comparison.assign(
        label=comparison["indicator"].map(lambda i: " / ".join(INDICATORS[i])),
        share=comparison["proportion"].map(pct),
        ci=[interval(lo, hi) for lo, hi in zip(comparison["exact_low"], comparison["exact_high"])])
    comp_blocks: list = [Paragraph(
        "Proporsi kasus dengan interval eksak 95% (Clopper-Pearson). Dengan n kecil intervalnya lebar; interval "
        "yang tumpang tindih berarti data tidak membedakan kelompok.",
        "Shares of cases with exact 95% (Clopper-Pearson) intervals. With a small n the intervals are wide; "
        "overlapping intervals mean the data do not tell the groups apart.")]
    for label, (cs, *_rest) in groups.items():
        if len(cs) < SMALL_N:
            comp_blocks.append(Warning(
                f"{label}: hanya n = {len(cs)} kasus, terlalu sedikit untuk dibandingkan.",
                f"{label}: only n = {len(cs)} case{'s' if len(cs) != 1 else ''}, too few to compare."))
    comp_blocks += [Table(comp_show, {"group": "Kelompok / Group", "label": "Indikator / Indicator",
                                      "count": "Jumlah / Count", "n": "n", "share": "Proporsi / Share",
                                      "ci": "Interval eksak 95% / Exact 95% interval"}),
                    Figure("comparison", "Proporsi per indikator dan kelompok, dengan interval eksak 95%. / Shares "
                                         "per indicator and group, with exact 95% intervals.", _figure_png(comp_fig))]
    sections.append(Section("Perbandingan / Comparison", comp_blocks))

    src = sources[sources["source_id"].astype(str).isin(numbers)].copy()
    src["number"] = src["source_id"].astype(str).map(numbers)
    src = src.sort_values("number")
    items = []
    for s in src.itertuples():
        url = None if _is_missing(s.url) else str(s.url)
        rest = "; ".join(x for x in (_lab("source_type", s.type),
                                     f"terbit / published {_day(s.published)}" if _day(s.published) else "",
                                     "" if url or _is_missing(s.reference) else str(s.reference)) if x)
        items.append((int(s.number), str(s.title), url, rest))
    sections.append(Section("Sumber / Sources", [Sources(items)]))
    sections.append(Section("Catatan / Notes", [
        Paragraph("Penilaian 'tidak dapat ditentukan' berarti data tidak cukup untuk menilai, bukan pelanggaran. "
                  "Setiap angka dapat dihitung ulang dari berkas CSV di folder tables/.",
                  "An 'indeterminate' verdict means the data do not suffice to judge, not a breach. Every number "
                  "can be recomputed from the CSV files in the tables/ folder."),
        Paragraph(f"Dibuat dengan netralitas-study {__version__}, buku kode {codebook.version()}.",
                  f"Made with netralitas-study {__version__}, codebook {codebook.version()}.")]))

    persons_all = pd.concat(person_rows, ignore_index=True) if person_rows else None
    date = _data_date([(pd.concat(event_rows, ignore_index=True), "date"), (persons_all, "imposed_date"),
                       (src, "published"), (tallies, "snapshot")])
    norm = (f"{procedure} (dipilih / chosen)" if procedure else
            "norma yang berlaku untuk pemilihan dan tanggal setiap kasus / the norm in force for each case's "
            "election and date")
    facts = [
        ("Provinsi / Province" + ("s" if len(reports) > 1 else ""),
         "; ".join(f"{r.name} ({r.province}): {len(r.cases)} kasus / cases" for r in reports)),
        ("Pemilihan / Elections", ", ".join(sorted(elections))),
        ("Sumber data / Data source", data_label),
        ("Tanggal data / Date of the data", f"tanggal terakhir dalam data / latest date in the data: {date}"),
        ("Norma / Norm", norm),
        ("Versi / Versions", f"netralitas-study {__version__}; buku kode / codebook {codebook.version()}"),
    ]
    document = Document(f"Laporan provinsi: {title_names}", f"Province report: {title_names}", facts, sections)

    def stacked(key: str) -> pd.DataFrame:
        return pd.concat([r.tables[key].assign(province=r.province)[["province", *r.tables[key].columns]]
                          for r in reports], ignore_index=True)

    tables = {
        "cases": pd.concat(case_rows, ignore_index=True),
        "verdicts": stacked("verdicts"),
        "verdict_summary": stacked("verdict_summary"),
        "overview": stacked("overview"),
        "comparison": comparison,
        "findings": pd.concat(all_numbers, ignore_index=True),
        "events": pd.concat(event_rows, ignore_index=True),
        "sources": src[["number", "source_id", "type", "title", "url", "reference", "published"]],
    }
    if persons_all is not None:
        tables["persons"] = persons_all
    if tallies is not None:
        tables["tallies"] = tallies
    return Built(document, tables, figs)


# --- HTML -------------------------------------------------------------------------------------

CSS = """
body { font-family: "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; line-height: 1.45; color: #1b1b1b;
       max-width: 80rem; margin: 2rem auto; padding: 0 1rem; }
.title-page { border-bottom: 2px solid #4575b4; padding-bottom: 1.5rem; margin-bottom: 2rem; }
.title-page h1 { font-size: 2rem; margin-bottom: 0.2rem; }
.title-page .subtitle { font-size: 1.3rem; color: #555; margin-top: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.3rem 1.2rem; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
p.en { color: #555; font-style: italic; margin-top: -0.6rem; }
.warning { border-left: 4px solid #d73027; background: #fff4f0; padding: 0.4rem 0.8rem; margin: 0.8rem 0; }
.warning p { margin: 0.2rem 0; } .warning p.en { margin-top: 0; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
table.small { font-size: 0.78rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #eef3fa; }
figure { margin: 1.2rem 0; } figure img { max-width: 100%; } figcaption { font-size: 0.9rem; color: #444; }
ol.sources li { margin-bottom: 0.3rem; }
@media print { .title-page { page-break-after: always; border: none; } }
"""


def _cell_html(value) -> str:
    text = "" if pd.isna(value) else str(value)
    return "<br>".join(html.escape(line) for line in text.split("\n"))


def _blocks_html(blocks: list, level: int) -> list[str]:
    esc = html.escape
    out = []
    for b in blocks:
        if isinstance(b, Section):
            out.append(f"<h{b.level + 1}>{esc(b.heading)}</h{b.level + 1}>")
            out += _blocks_html(b.blocks, b.level + 1)
        elif isinstance(b, Warning):
            out.append(f'<div class="warning"><p lang="id"><strong>Peringatan:</strong> {esc(b.id)}</p>'
                       f'<p lang="en" class="en"><strong>Warning:</strong> {esc(b.en)}</p></div>')
        elif isinstance(b, Paragraph):
            if not b.en:
                out.append(f"<h{level + 2}>{esc(b.id)}</h{level + 2}>")
                continue
            out.append(f'<p lang="id">{esc(b.id)}</p>\n<p lang="en" class="en">{esc(b.en)}</p>')
        elif isinstance(b, Table):
            cls = ' class="small"' if b.small else ""
            head = "".join(f"<th>{esc(h)}</th>" for h in b.columns.values())
            rows = "\n".join("<tr>" + "".join(f"<td>{_cell_html(row[c])}</td>" for c in b.columns) + "</tr>"
                             for _, row in b.data.iterrows())
            out.append(f"<table{cls}>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>")
        elif isinstance(b, Figure):
            data = base64.b64encode(b.png).decode("ascii")
            out.append(f'<figure id="fig-{esc(b.name)}"><img src="data:image/png;base64,{data}" '
                       f'alt="{esc(b.caption)}"><figcaption>{esc(b.caption)} '
                       f"(figures/{esc(b.name)}.png, .svg)</figcaption></figure>")
        elif isinstance(b, Sources):
            items = []
            for number, title, url, rest in b.items:
                link = f' <a href="{esc(url)}">{esc(url)}</a>' if url else ""
                items.append(f'<li value="{number}" id="src-{number}">{esc(title)}.{link}'
                             f"{' (' + esc(rest) + ')' if rest else ''}</li>")
            out.append('<ol class="sources">\n' + "\n".join(items) + "\n</ol>")
    return out


def to_html(doc: Document) -> str:
    """One self-contained page: inline style, figures embedded as PNG, no script, nothing fetched."""
    esc = html.escape
    facts = "\n".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in doc.facts)
    body = [f'<section class="title-page">\n<h1>{esc(doc.title)}</h1>\n<p class="subtitle">{esc(doc.subtitle)}</p>\n'
            f'<p>Penanganan pelanggaran netralitas ASN oleh Bawaslu / How Bawaslu handles ASN-neutrality '
            f'violations</p>\n<dl class="facts">\n{facts}\n</dl>\n</section>']
    for sec in doc.sections:
        body.append(f"<section>\n<h2>{esc(sec.heading)}</h2>")
        body += _blocks_html(sec.blocks, 1)
        body.append("</section>")
    return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(doc.title)} / {esc(doc.subtitle)}</title>\n<link rel="icon" href="data:,">\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<main>\n" + "\n".join(body) + "\n</main>\n</body>\n</html>\n")


# --- Word -------------------------------------------------------------------------------------

def _docx_blocks(d, blocks: list, level: int) -> None:
    from docx.shared import Cm, Pt, RGBColor

    for b in blocks:
        if isinstance(b, Section):
            d.add_heading(b.heading, level=min(b.level + 1, 9))
            _docx_blocks(d, b.blocks, b.level + 1)
        elif isinstance(b, Warning):
            for label, text, italic in (("Peringatan: ", b.id, False), ("Warning: ", b.en, True)):
                p = d.add_paragraph()
                run = p.add_run(label)
                run.bold = True
                run.font.color.rgb = RGBColor(0xB2, 0x18, 0x2B)
                p.add_run(text).italic = italic
        elif isinstance(b, Paragraph):
            if not b.en:
                d.add_heading(b.id, level=min(level + 1, 9))
                continue
            d.add_paragraph(b.id)
            d.add_paragraph().add_run(b.en).italic = True
        elif isinstance(b, Table):
            t = d.add_table(rows=1, cols=len(b.columns))
            t.style = "Table Grid"
            size = Pt(7) if b.small else Pt(9)
            for cell, head in zip(t.rows[0].cells, b.columns.values()):
                run = cell.paragraphs[0].add_run(head)
                run.bold, run.font.size = True, size
            for _, row in b.data.iterrows():
                cells = t.add_row().cells
                for cell, col in zip(cells, b.columns):
                    value = "" if pd.isna(row[col]) else str(row[col])
                    for k, line in enumerate(value.split("\n")):
                        para = cell.paragraphs[0] if k == 0 else cell.add_paragraph()
                        para.add_run(line).font.size = size
        elif isinstance(b, Figure):
            d.add_picture(io.BytesIO(b.png), width=Cm(16))
            d.add_paragraph().add_run(b.caption).italic = True
        elif isinstance(b, Sources):
            for number, title, url, rest in b.items:
                d.add_paragraph(f"[{number}] {title}." + (f" {url}" if url else "") + (f" ({rest})" if rest else ""))


def to_docx(doc: Document, date: str | None = None) -> bytes:
    """The document as an editable Word file; the same bytes for the same document."""
    import datetime as dt
    import zipfile

    from docx import Document as Docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    d = Docx()
    sec = d.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE  # the per-case table is wide
    sec.page_width, sec.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.8))
    props = d.core_properties
    props.title, props.subject = doc.title, doc.subtitle
    props.author = props.last_modified_by = "netralitas-study"
    when = dt.datetime(2024, 1, 1)
    try:
        when = dt.datetime.fromisoformat(date) if date else when
    except ValueError:
        pass
    props.created = props.modified = when
    props.revision = 1
    d.add_heading(doc.title, level=0)
    d.add_paragraph().add_run(doc.subtitle).italic = True
    d.add_paragraph("Penanganan pelanggaran netralitas ASN oleh Bawaslu / How Bawaslu handles ASN-neutrality "
                    "violations")
    for k, v in doc.facts:
        p = d.add_paragraph()
        p.add_run(f"{k}: ").bold = True
        p.add_run(v)
    d.add_page_break()
    for s in doc.sections:
        d.add_heading(s.heading, level=1)
        _docx_blocks(d, s.blocks, 1)
    raw = io.BytesIO()
    d.save(raw)
    # a zip records when each member was written: fixed times make the same document the same bytes
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


# --- writing ----------------------------------------------------------------------------------

def write_report(out_dir: str | Path, built: Built, stem: str = "laporan") -> list[Path]:
    """Write ``stem.html``, ``stem.docx``, ``figures/*.png|svg`` and ``tables/*.csv`` into ``out_dir``."""
    import matplotlib.pyplot as plt

    from netralitas_study.report.notebooks import save_figure, save_table

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in built.tables.items():
        save_table(table, out, name)
    for name, fig in built.figures.items():
        save_figure(fig, out, name)
        plt.close(fig)
    html_path, docx_path = out / f"{stem}.html", out / f"{stem}.docx"
    html_path.write_bytes(to_html(built.document).encode("utf-8"))
    date = dict(built.document.facts).get("Tanggal data / Date of the data", "")[-10:]
    docx_path.write_bytes(to_docx(built.document, date))
    return [html_path, docx_path]


def _progress_bar(total: int):
    """One quiet bar on stderr (drawn only on a terminal, gone when done)."""
    from tqdm import tqdm

    return tqdm(total=total, desc="laporan / report", unit="step", leave=False, disable=None, file=sys.stderr)
