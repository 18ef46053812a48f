"""The province report's words: every text the report shows is made here from codes.

Per case (:func:`case_table`, :func:`case_entries`), per published figure (:func:`tally_table`)
and per finding (:func:`findings`). Missing codes stay apart (``unknown`` is never printed with the
label of ``not_reported``); below :data:`SMALL_N` cases a share is a count in a sentence, with no
percentage and no interval, and one note says why.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from netralitas_study import codebook
from netralitas_study.report.model import SMALL_N, Note, Paragraph
WIDE_INTERVAL = 0.5
"""An exact 95% interval wider than this spans most of 0-1: the data hardly constrain the proportion."""

VERDICT_TEXT = {
    "conformant": ("sesuai", "conformant"),
    "indeterminate": ("tidak dapat ditentukan", "indeterminate"),
    "non-conformant": ("tidak sesuai", "non-conformant"),
}


# --- small helpers ------------------------------------------------------------------------------

def lab(vocab: str, value, lang: str = "id") -> str:
    """The label of a code (missing codes included) in ``lang``; the code itself when unknown."""
    value = str(value)
    return codebook.labels(vocab, lang).get(value, value)


def both(vocab: str, value) -> str:
    """'Indonesian label / English label' (one label when both are the same)."""
    a, b = lab(vocab, value, "id"), lab(vocab, value, "en")
    return a if a == b else f"{a} / {b}"


def list_lab(vocab: str, text, lang: str = "id") -> str:
    parts = [p.strip() for p in str(text).split("|") if p.strip()]
    return "; ".join(lab(vocab, p, lang) for p in parts)


def is_missing(value) -> bool:
    return pd.isna(value) or str(value) in codebook.missing_codes()


def day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def pct(x: float) -> str:
    return "–" if pd.isna(x) else f"{100 * x:.0f}%"


def interval(low: float, high: float) -> str:
    return "–" if pd.isna(low) else f"{100 * low:.0f}–{100 * high:.0f}%"


def cases_word(n: int, lang: str) -> str:
    """'1 kasus' / '1 case', '3 cases': Indonesian has no plural ending."""
    return f"{n} kasus" if lang == "id" else f"{n} case{'' if n == 1 else 's'}"


def share_text(count: int, n: int, low: float, high: float) -> tuple[str, str]:
    """'2 dari 3 (67%; interval eksak 95% 9–99%)'; below n = SMALL_N only '2 dari 3 kasus'."""
    if n == 0:
        return "tidak ada kasus", "no cases"
    if n < SMALL_N:
        return f"{count} dari {cases_word(n, 'id')}", f"{count} of {cases_word(n, 'en')}"
    return (f"{count} dari {n} ({pct(count / n)}; interval eksak 95% {interval(low, high)})",
            f"{count} of {n} ({pct(count / n)}; exact 95% interval {interval(low, high)})")


def small_n_note(n: int) -> Note:
    """The one sentence that replaces percentages and intervals below n = SMALL_N."""
    what_id, what_en = ("kasus itu", "that case") if n == 1 else ("kasus-kasus itu", "these cases")
    return Note(f"Hanya {cases_word(n, 'id')}: angka di sini adalah hitungan yang menggambarkan {what_id} saja, tanpa "
                f"persentase atau interval, dan terlalu sedikit untuk dibandingkan (minimal {SMALL_N} kasus).",
                f"Only {cases_word(n, 'en')}: the figures here are counts describing {what_en} only, with no "
                f"percentage or interval, and too few to compare (at least {SMALL_N} cases).")


_NORM_ID = re.compile(r"^(perbawaslu|uu|pp|perkasn|perbkn)-(\d+)-(\d{4})(?:-([a-z]+))?$")


def norm_title(procedure_id, version=None) -> str:
    """A norm by its legal title: 'perbawaslu-7-2022-pemilu' -> 'Perbawaslu 7/2022 (Pemilu)'.

    An id that does not name a regulation (e.g. 'adjudication-route', a user's file) gives the
    procedure's own short title."""
    if procedure_id is None or pd.isna(procedure_id):
        return "tidak ada norma / no norm"
    text = str(procedure_id)
    m = _NORM_ID.match(text)
    if m:
        kind = {"uu": "UU", "pp": "PP", "perkasn": "Peraturan KASN", "perbkn": "Peraturan BKN"}.get(m[1], "Perbawaslu")
        return f"{kind} {m[2]}/{m[3]}" + (f" ({m[4].capitalize()})" if m[4] else "")
    if text == "adjudication-route":
        return "rute dengan sidang ajudikasi / adjudication route"
    return text


def _titles(text: str) -> str:
    """Procedure ids inside a note written as their legal titles."""
    return re.sub(r"\b(?:perbawaslu|uu|pp)-\d+-\d{4}(?:-[a-z]+)?\b", lambda m: norm_title(m[0]), str(text))


def reasons(row: pd.Series, lang: str = "id") -> str:
    """Why a case has its verdict, in ``lang``: the one place the report asks for reason texts.

    The engine words them in both languages from its check codes (:mod:`conformance.explain`):
    ``reasons`` (English) and ``reasons_id`` (Indonesian)."""
    from netralitas_study.conformance import explain

    column = "reasons_id" if lang == "id" and "reasons_id" in row.index else "reasons"
    text = "" if pd.isna(row.get(column)) else str(row[column])
    return text or explain.message("all_passed", lang)


# --- per case -----------------------------------------------------------------------------------

def steps_text(events: pd.DataFrame) -> str:
    order = list(codebook.vocabulary("step")["value"])
    ev = events.assign(_o=events["step"].astype(str).map(order.index)).sort_values(["_o", "date"], kind="stable")
    lines = []
    for e in ev.itertuples():
        label = lab("step", e.step)
        status = str(e.status)
        if str(e.step) == "sanksi_dijatuhkan":  # name the imposer only when the source does
            label = "Sanksi dijatuhkan" + ("" if is_missing(e.actor) else f" oleh {lab('actor', e.actor)}")
        if status == "occurred":
            lines.append(f"{label} ({day(e.date) or 'tanpa tanggal / undated'})")
        elif status == "not_occurred":
            lines.append(f"{label}: tidak dilakukan / not done")
        elif status == "planned":
            lines.append(f"{label}: dijadwalkan / planned" + (f" ({day(e.date)})" if day(e.date) else ""))
    return "\n".join(lines) if lines else "tidak ada tahapan yang disebut / no step reported"


def who_text(p) -> str:
    """A person by role; a missing role by its own missing code (not_reported and unknown kept apart)."""
    if str(p.unit) == "group_size_unknown":
        return "kelompok (jumlah tidak disebut) / group of unstated size"
    if is_missing(p.role):
        code = "not_reported" if pd.isna(p.role) else str(p.role)
        return f"jabatan {lab('sanction_status', code, 'id')} / role {lab('sanction_status', code, 'en')}"
    return str(p.role)


def outcome_text(p) -> str:
    """What followed for one person, short: 'sedang (dijatuhkan / imposed)', 'menunggu BKN / pending BKN'."""
    status = str(p.status)
    rec_tier = "" if is_missing(p.recommendation) else lab("sanction_tier", p.recommendation)
    by = "" if is_missing(p.recommended_by) else lab("recommender", p.recommended_by)
    if status in ("imposed", "annulled"):
        tier = lab("sanction_tier", p.sanction_imposed)
        extra = [x for x in ("" if is_missing(p.imposed_by) else f"oleh / by {lab('imposer', p.imposed_by)}",
                             day(p.imposed_date)) if x]
        text = f"{tier} (dijatuhkan / imposed{', ' + ', '.join(extra) if extra else ''})"
        return text + (" — dibatalkan / annulled" if status == "annulled" else "")
    if status == "recommended":
        return f"{rec_tier or 'sanksi'} (direkomendasikan{' ' + by if by else ''}, belum dijatuhkan / recommended, " \
               "not yet imposed)"
    if status == "pending":
        return f"menunggu {by or 'tindak lanjut'} / pending {by or 'follow-up'}" + (f" ({rec_tier})" if rec_tier else "")
    return both("sanction_status", status)


def persons_summary(ps: pd.DataFrame) -> str:
    """One line per distinct outcome, counted: '3 × camat: Hukuman disiplin sedang (dijatuhkan / imposed)'."""
    if not len(ps):
        return "orang tidak dikodekan / persons not coded"
    lines = Counter(f"{who_text(p)}: {outcome_text(p)}" for p in ps.sort_values("person_id").itertuples())
    return "\n".join(f"{n} × {text}" if n > 1 else text for text, n in lines.items())


def _cited(c, ps: pd.DataFrame, events: pd.DataFrame, numbers: dict[str, int]) -> str:
    cid = str(c.case_id)
    texts = [c.source_id, *ps.get("source_id", []), *events.loc[events["case_id"].astype(str).eq(cid), "source_id"]]
    cited = dict.fromkeys(s for text in texts for s in str(text).split("|") if s in numbers)
    return ", ".join(f"[{numbers[s]}]" for s in sorted(cited, key=numbers.get))


def case_table(cases: pd.DataFrame, events: pd.DataFrame, persons: pd.DataFrame | None, verdicts: pd.DataFrame,
               numbers: dict[str, int]) -> pd.DataFrame:
    """One row per case, in words: what the report shows and ``tables/cases.csv`` keeps."""
    v = verdicts.set_index("case_id")
    rows = []
    for c in cases.itertuples():
        cid = str(c.case_id)
        ps = persons[persons["case_id"].astype(str).eq(cid)] if persons is not None else pd.DataFrame()
        r = v.loc[cid]
        verdict_id, verdict_en = VERDICT_TEXT.get(str(r["verdict"]), (str(r["verdict"]),) * 2)
        note = "" if is_missing(r.get("norm_note")) or not str(r.get("norm_note")) else f" ({_titles(r['norm_note'])})"
        forms = list_lab("violation_form", c.violation_forms)
        if str(c.violation_forms) == "unknown" and not is_missing(c.violation_form_candidates):
            forms += "; salah satu dari / one of: " + list_lab("violation_form", c.violation_form_candidates)
        rows.append({
            "case_id": cid,
            "province": lab("province", c.province),
            "regency": "" if is_missing(c.regency) else str(c.regency),
            "election": f"{str(c.election_type).capitalize()} {c.election_year}",
            "origin": both("origin", c.origin),
            "forms": forms,
            "steps": steps_text(events[events["case_id"].astype(str).eq(cid)]),
            "recipient": list_lab("recipient", c.recipient),
            "persons": persons_summary(ps),
            "verdict": f"{verdict_id} / {verdict_en}",
            "norm": norm_title(r["procedure"]),
            "norm_note": note.strip(" ()"),
            "why_id": reasons(r, "id"),
            "why_en": reasons(r, "en"),
            "sources": _cited(c, ps, events, numbers),
        })
    return pd.DataFrame(rows, columns=["case_id", "province", "regency", "election", "origin", "forms", "steps",
                                       "recipient", "persons", "verdict", "norm", "norm_note", "why_id", "why_en",
                                       "sources"])


CASE_COLUMNS = {
    "case": "Kasus / Case", "persons": "Hasil per orang / Outcome per person",
    "judged": "Penilaian / Verdict", "sources": "Sumber / Sources",
}
"""The case table's four columns; every other detail goes to the case list below it."""
CASE_WIDTHS = {"case": 1.3, "persons": 3.2, "judged": 1.8, "sources": 0.7}


def case_overview(table: pd.DataFrame) -> pd.DataFrame:
    """The case table to show: four wide columns (the detail is in :func:`case_entries`)."""
    return pd.DataFrame({
        "case": table["case_id"] + "\n" + table["election"] + "\n" + table["origin"],
        "persons": table["persons"],
        "judged": table["verdict"] + "\n" + table["norm"],
        "sources": table["sources"],
    })


def case_entries(table: pd.DataFrame) -> list[tuple[str, list[tuple[str, str]]]]:
    """The detail of every case as a list: (heading, [(label, text), ...])."""
    out = []
    for r in table.itertuples():
        where = f"{r.regency}, {r.province}" if r.regency else r.province
        why = r.why_id if r.why_id == r.why_en else f"{r.why_id}\n{r.why_en}"
        out.append((f"{r.case_id} — {where}, {r.election}", [
            ("Bentuk pelanggaran / Forms", r.forms), ("Tahapan yang disebut sumber / Steps reported", r.steps),
            ("Penerima / Recipient", r.recipient), ("Hasil per orang / Outcome per person", r.persons),
            ("Penilaian / Verdict", f"{r.verdict}; {r.norm}"),
            *([("Catatan norma / Norm note", r.norm_note)] if r.norm_note else []),
            ("Alasan / Why", why), ("Sumber / Sources", r.sources)]))
    return out


# --- published figures --------------------------------------------------------------------------

def tally_table(tallies: pd.DataFrame, numbers: dict[str, int]) -> pd.DataFrame:
    """The published figures in words, with their units, dates, the source's quote and the caveat."""
    qualifier = {"exact": "", "approximate": "± ", "more_than": "> "}
    rows = []
    for t in tallies.itertuples():
        value = float(t.value)
        rows.append({
            "tally_id": str(t.tally_id),
            "election": f"{str(t.election_type).capitalize()} {t.election_year}",
            "area": lab("level", t.level) + ("" if is_missing(t.regency) else f": {t.regency}"),
            "metric": lab("tally_metric", t.metric),
            "value": qualifier.get(str(t.value_qualifier), "") + (f"{value:.0f}" if value.is_integer() else f"{value:g}"),
            "unit": lab("tally_unit", t.unit),
            "scope": lab("tally_scope", t.scope),
            "body": lab("tally_body", t.body),
            "snapshot": day(t.snapshot) or "tanggal tidak disebut / date not stated",
            "conflict": "ya / yes" if str(t.conflict) == "ya" else "",
            "quote": "" if is_missing(getattr(t, "locator", "")) else str(t.locator),
            "caveat": "" if is_missing(getattr(t, "notes", "")) or str(t.notes) == "nan" else str(t.notes),
            "source": f"[{numbers[str(t.source_id)]}]" if str(t.source_id) in numbers else str(t.source_id),
        })
    return pd.DataFrame(rows, columns=["tally_id", "election", "area", "metric", "value", "unit", "scope", "body",
                                       "snapshot", "conflict", "quote", "caveat", "source"])


TALLY_COLUMNS = {
    "figure": "Angka / Figure", "value": "Nilai / Value", "quote": "Kutipan sumber / Source's words",
    "caveat": "Catatan / Caveat", "source": "Sumber / Source",
}
TALLY_WIDTHS = {"figure": 2.2, "value": 1.0, "quote": 2.6, "caveat": 2.0, "source": 0.6}


def tally_overview(table: pd.DataFrame) -> pd.DataFrame:
    """The published figures to show: what was counted (and by whom, when), its value, quote and caveat."""
    figure = (table["metric"] + "\n" + table["election"] + "; " + table["area"] + "\n" + table["scope"] + "; "
              + table["body"] + "; " + table["snapshot"])
    caveat = table["caveat"].where(table["conflict"].eq(""), "bertentangan dengan sumber lain / conflicts with "
                                                          "another source. " + table["caveat"])
    return pd.DataFrame({"figure": figure, "value": table["value"] + " " + table["unit"], "quote": table["quote"],
                         "caveat": caveat.str.strip(), "source": table["source"]})


# --- findings -----------------------------------------------------------------------------------

def findings(name: str, cases: pd.DataFrame, persons: pd.DataFrame | None, verdicts: pd.DataFrame,
             indicators: pd.DataFrame) -> tuple[list, pd.DataFrame]:
    """Written findings for one province and the numbers behind them (each with n and an exact interval)."""
    from netralitas_study.analysis.compare import INDICATORS
    from netralitas_study.analysis.stats import proportion

    n = len(cases)
    blocks: list = []
    numbers: list[dict] = []
    wide: list[tuple[str, str, float, float]] = []

    def share(key: str, label_id: str, label_en: str, count: int) -> tuple[str, str]:
        p = proportion(count, n)
        numbers.append({"province": name, "finding": key, **p})
        if n >= SMALL_N and p["exact_high"] - p["exact_low"] > WIDE_INTERVAL:
            wide.append((label_id, label_en, p["exact_low"], p["exact_high"]))
        return share_text(count, n, p["exact_low"], p["exact_high"])

    elections = ", ".join(sorted({f"{str(t).capitalize()} {y}" for t, y in zip(cases["election_type"],
                                                                                  cases["election_year"])}))
    origins = cases["origin"].astype(str).value_counts()
    temuan, laporan = int(origins.get("temuan", 0)), int(origins.get("laporan", 0))
    blocks.append(Paragraph(
        f"Data memuat {cases_word(n, 'id')} dari {name} ({elections}): {temuan} berasal dari temuan, {laporan} dari "
        f"laporan, {n - temuan - laporan} asalnya tidak disebut sumber.",
        f"The data hold {cases_word(n, 'en')} from {name} ({elections}): {temuan} from a finding (temuan), {laporan} "
        f"from a report (laporan), {n - temuan - laporan} of unreported origin."))
    if 0 < n < SMALL_N:
        blocks.append(small_n_note(n))
    for verdict, (vid, ven) in VERDICT_TEXT.items():
        tid, ten = share(f"verdict_{verdict}", vid, ven, int(verdicts["verdict"].eq(verdict).sum()))
        blocks.append(Paragraph(f"Dinilai {vid} menurut norma yang berlaku: {tid}.",
                                f"Judged {ven} under the norm in force: {ten}."))
    for ind, (lid, len_) in INDICATORS.items():
        tid, ten = share(ind, lid, len_, int(indicators[ind].sum()))
        blocks.append(Paragraph(f"Kasus {lid}: {tid}.", f"Cases {len_}: {ten}."))
    if persons is not None and len(persons):
        status = persons["status"].astype(str)
        people = persons["unit"].astype(str).eq("person")
        rec_only, imposed, pending = (int(status.eq(s).sum()) for s in ("recommended", "imposed", "pending"))
        groups = int((~people).sum())
        blocks.append(Paragraph(
            f"Dari {len(persons)} baris orang ({int(people.sum())} orang, {groups} kelompok tanpa jumlah), sanksi "
            f"dijatuhkan pada {imposed}; {rec_only} baru direkomendasikan dan belum dilaporkan dijatuhkan; {pending} "
            "menunggu tindak lanjut. Rekomendasi KASN/BKN tidak dihitung sebagai sanksi yang dijatuhkan.",
            f"Of {len(persons)} person rows ({int(people.sum())} persons, {groups} groups of unstated size), a sanction "
            f"was imposed on {imposed}; {rec_only} were recommended only, with no imposition reported; {pending} are "
            "pending. A KASN/BKN recommendation is never counted as an imposed sanction."))
        for key, count in (("persons_imposed", imposed), ("persons_recommended_only", rec_only),
                           ("persons_pending", pending)):
            numbers.append({"province": name, "finding": key, "count": count, "n": len(persons)})
    else:
        blocks.append(Paragraph("Tabel orang (persons) tidak diisi: hasil per orang tidak diketahui.",
                                "The persons table is not filled in: the outcome per person is unknown."))
    if wide:
        blocks.append(Note(
            "Interval 95% yang lebar (data hampir tidak menentukan proporsinya): "
            + "; ".join(f"{lid} {interval(lo, hi)}" for lid, _, lo, hi in wide) + ".",
            "Wide 95% intervals (the data hardly determine the proportion): "
            + "; ".join(f"{len_} spans {interval(lo, hi)}" for _, len_, lo, hi in wide) + "."))
    return blocks, pd.DataFrame(numbers)
