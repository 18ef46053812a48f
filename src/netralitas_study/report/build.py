"""The analysis that fills the province report: from typed tables to a :class:`model.Document`.

:func:`build_document` calls the library (:func:`province.province_report`, the comparison, the
persons funnel, the open cases) and the words of :mod:`report.content`; the renderers
(:mod:`report.html`, :mod:`report.word`) only draw what it returns.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from netralitas_study import codebook
from netralitas_study.report.content import (CASE_COLUMNS, CASE_WIDTHS, SMALL_N, TALLY_COLUMNS, TALLY_WIDTHS,
                                             case_entries, case_overview, case_table, cases_word, day, findings,
                                             interval, is_missing, lab, norm_title, pct, tally_overview, tally_table)
from netralitas_study.report.model import Document, Entries, Figure, Note, Paragraph, Section, Sources, Table, Warning

MAX_STEP_ROWS = 40
"""Cases shown in one step figure (the per-case list shows them all)."""


@dataclass
class Built:
    """A document with the tables (kept as CSV) and figures (kept as PNG and SVG) it was made from."""

    document: Document
    tables: dict[str, pd.DataFrame]
    figures: dict[str, object]


def deciding_documents(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None = None
                       ) -> tuple[pd.DataFrame, str]:
    """Per open (indeterminate) case: the unknown items that would decide it and the documents that
    hold them (:func:`gaps.open_cases`), and one bilingual summary sentence."""
    from netralitas_study.evidence import gaps

    found = gaps.open_cases(cases, events, persons)
    table = found.table.rename(columns={"items": "why", "documents": "document"})
    return table[["case_id", "document", "why"]], found.summary


def figure_png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
    return buf.getvalue()


def _data_date(frames: list[tuple[pd.DataFrame | None, str]]) -> str:
    dates = [pd.to_datetime(df[col], errors="coerce").max() for df, col in frames
             if df is not None and col in df.columns and len(df)]
    dates = [d for d in dates if pd.notna(d)]
    return max(dates).strftime("%Y-%m-%d") if dates else ""


def _source_numbers(reports, tallies, sources) -> dict[str, int]:
    """Sources numbered in order of first citation."""
    cited: list[str] = []
    for r in reports:
        for df in (r.cases, r.persons, r.events):
            if df is not None:
                cited += [s for text in df["source_id"].astype(str) for s in text.split("|")]
    if tallies is not None:
        cited += list(tallies["source_id"].astype(str))
    known = set(sources["source_id"].astype(str))
    return {s: i for i, s in enumerate((s for s in dict.fromkeys(cited) if s in known), start=1)}


def _province_section(r, numbers: dict[str, int], tallies, figs: dict, tables: dict) -> Section:
    """One province: findings, the case table and list, figures, published figures, open cases."""
    from netralitas_study.analysis import eventlog
    from netralitas_study.analysis.compare import case_indicators
    from netralitas_study.report import figures

    verdicts = r.tables["verdicts"]
    blocks, nums = findings(r.name, r.cases, r.persons, verdicts, case_indicators(r.cases, r.events, r.persons))
    tables["findings"].append(nums)
    table = case_table(r.cases, r.events, r.persons, verdicts, numbers)
    tables["cases"].append(table)
    sec = Section(r.name, [Section("Temuan / Findings", blocks, level=2)])
    sec.blocks.append(Section("Kasus demi kasus / Case by case", [
        Paragraph("Setiap kasus dengan hasil per orang (rekomendasi dan sanksi yang dijatuhkan dipisahkan) dan "
                  "penilaiannya menurut norma yang berlaku saat itu; rinciannya (bentuk, tahapan, penerima, alasan) "
                  "menyusul dalam daftar di bawah tabel.",
                  "Every case with the outcome per person (recommended and imposed kept apart) and its verdict under "
                  "the norm in force; the detail (forms, steps, recipient, reasons) follows in the list below the "
                  "table."),
        Table(case_overview(table), CASE_COLUMNS, widths=CASE_WIDTHS),
        Section("Rincian per kasus / Case detail", [Entries(case_entries(table))], level=3)], level=2))
    shown = r.cases.head(MAX_STEP_ROWS)
    fig = figures.plot_step_matrix(eventlog.step_matrix(shown, r.events),
                                   title=f"Tahapan per kasus, {r.name}\nSteps per case, {r.name}")
    key = f"{r.province}-steps_per_case"
    figs[key] = fig
    caption = (f"Tahapan yang disebut sumber untuk setiap kasus di {r.name}" +
               (f" ({MAX_STEP_ROWS} kasus pertama dari {len(r.cases)})" if len(r.cases) > MAX_STEP_ROWS else "") +
               f". / Steps the sources report for each case in {r.name}.")
    fig_blocks: list = [Figure(key, caption, figure_png(fig))]
    if r.persons is not None and r.persons["unit"].astype(str).eq("person").any():
        from netralitas_study.analysis.outcomes import person_funnel

        funnel = person_funnel(r.persons, recommended_from="coded")
        tables["persons_funnel"].append(funnel.assign(province=r.province))
        fig = figures.plot_person_funnel(funnel, title=f"{r.name}: dari penetapan sampai sanksi\n"
                                                       "from determination to sanction",
                                         counts_only=len(r.persons) < SMALL_N)
        key = f"{r.province}-persons_funnel"
        figs[key] = fig
        fig_blocks.append(Figure(key, "Orang pada setiap tahap; rekomendasi KASN/BKN dihitung hanya bila dikodekan, "
                                      "dan bukan sanksi yang dijatuhkan. / Persons at each stage; a KASN/BKN "
                                      "recommendation counts only where coded, and is not an imposed sanction.",
                                 figure_png(fig)))
    sec.blocks.append(Section("Gambar / Figures", fig_blocks, level=2))
    own = tallies[tallies["province"].astype(str).eq(r.province)] if tallies is not None else None
    if own is not None and len(own):
        tally_blocks: list = [Paragraph(
            "Angka yang diterbitkan sumber untuk provinsi ini, apa adanya, dengan kutipan sumber dan catatannya: "
            "satuan berbeda tidak pernah dijumlahkan, dan angka yang bertentangan ditandai.",
            "Figures the sources published for this province, as stated, with the source's words and the caveat: "
            "different units are never added, and conflicting figures are flagged."),
            Table(tally_overview(tally_table(own, numbers)), TALLY_COLUMNS, widths=TALLY_WIDTHS)]
    else:
        tally_blocks = [Paragraph("Tidak ada angka terbitan untuk provinsi ini dalam data.",
                                  "No published figure for this province in the data.")]
    sec.blocks.append(Section("Angka yang diterbitkan / Published figures", tally_blocks, level=2))
    open_cases, summary = deciding_documents(r.cases, r.events, r.persons)
    if len(open_cases):
        id_text, _, en_text = summary.partition(" / ")
        sec.blocks.append(Section("Dokumen yang dapat memutus kasus terbuka / What would decide the open cases", [
            Paragraph(id_text, en_text),
            Paragraph("Dokumen-dokumen ini dapat diminta kepada PPID Bawaslu provinsi sebagai informasi publik "
                      "(UU 14/2008); panduan menjelaskan cara membuat draf suratnya.",
                      "These documents can be requested from the provincial Bawaslu's PPID as public information "
                      "(UU 14/2008); the guide explains how to draft the letter."),
            Table(open_cases, {"case_id": "Kasus / Case", "document": "Dokumen / Document",
                               "why": "Unsur yang belum diketahui / Unknown items"},
                  widths={"case_id": 1.0, "document": 2.5, "why": 2.5})], level=2))
    return sec


def _comparison_section(comparison: pd.DataFrame, groups: dict, title_names: str, figs: dict) -> Section:
    from netralitas_study.analysis.compare import INDICATORS
    from netralitas_study.report import figures

    small = [label for label, (cs, *_rest) in groups.items() if len(cs) < SMALL_N]
    comp_fig = figures.plot_indicators(comparison, title=f"{title_names} dibandingkan / compared")
    figs["comparison"] = comp_fig
    few = comparison["n"].lt(SMALL_N)
    comp_show = comparison.assign(
        label=comparison["indicator"].map(lambda i: " / ".join(INDICATORS[i])),
        share=comparison["proportion"].map(pct).where(~few, "–"),
        ci=pd.Series([interval(lo, hi) for lo, hi in zip(comparison["exact_low"], comparison["exact_high"])],
                     index=comparison.index).where(~few, f"n < {SMALL_N}"))
    blocks: list = [Paragraph(
        "Proporsi kasus dengan interval eksak 95% (Clopper-Pearson). Dengan n kecil intervalnya lebar; interval "
        "yang tumpang tindih berarti data tidak membedakan kelompok.",
        "Shares of cases with exact 95% (Clopper-Pearson) intervals. With a small n the intervals are wide; "
        "overlapping intervals mean the data do not tell the groups apart.")]
    if small:
        blocks.append(Note(
            f"Terlalu sedikit untuk dibandingkan (kurang dari {SMALL_N} kasus, hanya hitungan): "
            + "; ".join(f"{g} ({cases_word(len(groups[g][0]), 'id')})" for g in small) + ".",
            f"Too few to compare (fewer than {SMALL_N} cases, counts only): "
            + "; ".join(f"{g} ({cases_word(len(groups[g][0]), 'en')})" for g in small) + "."))
    blocks += [Table(comp_show, {"group": "Kelompok / Group", "label": "Indikator / Indicator",
                                 "count": "Jumlah / Count", "n": "n", "share": "Proporsi / Share",
                                 "ci": "Interval eksak 95% / Exact 95% interval"}),
               Figure("comparison", "Proporsi per indikator dan kelompok, dengan interval eksak 95%. / Shares "
                                    "per indicator and group, with exact 95% intervals.", figure_png(comp_fig))]
    return Section("Perbandingan / Comparison", blocks)


def _sources_section(sources: pd.DataFrame, numbers: dict[str, int]) -> tuple[Section, pd.DataFrame]:
    src = sources[sources["source_id"].astype(str).isin(numbers)].copy()
    src["number"] = src["source_id"].astype(str).map(numbers)
    src = src.sort_values("number")
    items = []
    for s in src.itertuples():
        url = None if is_missing(s.url) else str(s.url)
        rest = "; ".join(x for x in (lab("source_type", s.type),
                                     f"terbit / published {day(s.published)}" if day(s.published) else "",
                                     "" if url or is_missing(s.reference) else str(s.reference)) if x)
        items.append((int(s.number), str(s.title), url, rest))
    return Section("Sumber / Sources", [Sources(items)]), src


def build_document(user: dict[str, pd.DataFrame], shipped: dict[str, pd.DataFrame], provinces: list[str],
                   procedure: str | None = None, data_label: str = "", user_is_shipped: bool = False,
                   progress=None, author: str = "", university: str = "", supervisor: str = "") -> Built:
    """The report for ``provinces`` (BPS codes, already resolved, in the user's order) of the typed tables ``user``."""
    from netralitas_study import __version__
    from netralitas_study.analysis.compare import compare_groups
    from netralitas_study.analysis.province import JAMBI, province_report
    from netralitas_study.codebook.migrate import read_as_v1

    step = progress or (lambda: None)
    reports = [province_report(user, shipped, code, procedure, user_is_shipped=user_is_shipped, compare=False)
               for code in provinces]
    step()
    # the published figures: the user's own when coded, else the shipped ones for the province
    own = user.get("tallies")
    tallies_src = own if own is not None and len(own) else shipped.get("tallies")
    sources = pd.concat([df for df in (user.get("sources"), shipped.get("sources")) if df is not None],
                        ignore_index=True).drop_duplicates("source_id")
    tallies = (tallies_src[tallies_src["province"].astype(str).isin(provinces)].reset_index(drop=True)
               if tallies_src is not None else None)
    numbers = _source_numbers(reports, tallies, sources)
    title_names = ", ".join(r.name for r in reports)
    everyone = (shipped["events"], shipped.get("persons"))
    groups = {f"{r.name} ({'data bawaan' if user_is_shipped else 'data Anda'})": (r.cases, r.events, r.persons)
              for r in reports}
    if not (user_is_shipped and JAMBI in provinces):
        groups["Jambi (skripsi + berita)"] = (shipped["cases"][shipped["cases"]["province"].astype(str).eq(JAMBI)],
                                              *everyone)
    groups["semua provinsi / all provinces"] = (shipped["cases"], *everyone)
    comparison = compare_groups(groups)

    figs: dict[str, object] = {}
    collected: dict[str, list] = {"findings": [], "cases": [], "persons_funnel": []}
    sections: list[Section] = []
    if read_as_v1(user):
        sections.append(Section("Data buku kode v1 / Codebook v1 data", [Warning(
            "Data ini ditulis dengan buku kode v1 dan dibaca sebagai v2: sanksi tingkat kasus menjadi tabel orang. "
            "Periksa baris yang ditandai dan simpan versi v2 dengan perintah migrate (lihat panduan).",
            "These data follow codebook v1 and were read as v2: the case-level sanction became a persons table. "
            "Check the flagged rows and save a v2 copy with the migrate command (see the guide).")]))
    for r in reports:
        sections.append(_province_section(r, numbers, tallies, figs, collected))
        step()
    sections.append(_comparison_section(comparison, groups, title_names, figs))
    src_section, src = _sources_section(sources, numbers)
    sections.append(src_section)
    sections.append(Section("Catatan / Notes", [
        Paragraph("Penilaian 'tidak dapat ditentukan' berarti data tidak cukup untuk menilai, bukan pelanggaran. "
                  "Setiap angka dapat dihitung ulang dari berkas CSV di folder tables/.",
                  "An 'indeterminate' verdict means the data do not suffice to judge, not a breach. Every number "
                  "can be recomputed from the CSV files in the tables/ folder."),
        Paragraph(f"Dibuat dengan netralitas-study {__version__}, buku kode {codebook.version()}.",
                  f"Made with netralitas-study {__version__}, codebook {codebook.version()}.")]))

    persons = [r.persons for r in reports if r.persons is not None]
    persons_all = pd.concat(persons, ignore_index=True) if persons else None
    events_all = pd.concat([r.events for r in reports], ignore_index=True)
    date = _data_date([(events_all, "date"), (persons_all, "imposed_date"), (src, "published"),
                       (tallies, "snapshot")])
    norm = (f"{norm_title(procedure)} (dipilih / chosen)" if procedure else
            "norma yang berlaku untuk pemilihan dan tanggal setiap kasus / the norm in force for each case's "
            "election and date")
    elections = sorted({f"{str(t).capitalize()} {y}" for r in reports
                        for t, y in zip(r.cases["election_type"], r.cases["election_year"])})
    facts = [
        ("Provinsi / Province" + ("s" if len(reports) > 1 else ""),
         "; ".join(f"{r.name}: {cases_word(len(r.cases), 'id')} / {cases_word(len(r.cases), 'en')}" for r in reports)),
        ("Pemilihan / Elections", ", ".join(elections)),
        ("Sumber data / Data source", data_label + (" (buku kode v1, dibaca sebagai v2 / codebook v1, read as v2)"
                                                    if read_as_v1(user) else "")),
        ("Tanggal data / Date of the data",
         f"tanggal terakhir dalam data / latest date in the data: {date}" if date else "tidak disebut / not stated"),
        ("Norma / Norm", norm),
        ("Versi / Versions", f"netralitas-study {__version__}; buku kode / codebook {codebook.version()}"),
    ]
    document = Document(f"Laporan provinsi: {title_names}", f"Province report: {title_names}", facts, sections,
                        author=author, university=university, supervisor=supervisor, date=date)

    def stacked(key: str) -> pd.DataFrame:
        return pd.concat([r.tables[key].assign(province=r.province)[["province", *r.tables[key].columns]]
                          for r in reports], ignore_index=True)

    tables = {
        "cases": pd.concat(collected["cases"], ignore_index=True),
        "verdicts": stacked("verdicts"),
        "verdict_summary": stacked("verdict_summary"),
        "overview": stacked("overview"),
        "comparison": comparison,
        "findings": pd.concat(collected["findings"], ignore_index=True),
        "events": _with_codes([r.events for r in reports]),
        "sources": src[["number", "source_id", "type", "title", "url", "reference", "published"]],
    }
    if persons:
        tables["persons"] = _with_codes(persons)
    if collected["persons_funnel"]:
        funnel = pd.concat(collected["persons_funnel"], ignore_index=True)
        tables["persons_funnel"] = funnel[["province", *[c for c in funnel.columns if c != "province"]]]
    if tallies is not None:
        tables["tallies"] = _with_codes([tallies])
    return Built(document, tables, figs)


def _with_codes(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Stack typed tables for CSV, writing back the missing code a NaT/NA stood for (``attrs['missing_codes']``)."""
    out = []
    for df in frames:
        codes = df.attrs.get("missing_codes", {})
        df = df.copy()
        key = df.columns[0]
        for col, by_id in codes.items():
            if col in df.columns:
                text = df[col].map(day if pd.api.types.is_datetime64_any_dtype(df[col]) else _number)
                filled = df[key].astype(str).map(by_id)
                df[col] = text.where(df[col].notna(), filled).astype(object)
        out.append(df)
    return pd.concat(out, ignore_index=True)


def _number(value) -> str:
    """A number as the source wrote it: 16, not 16.0."""
    if pd.isna(value):
        return ""
    return str(int(value)) if float(value).is_integer() else f"{float(value):g}"
