"""Text from codes: the only place the conformance checks' reasons, labels and rules are worded.

The checks (:mod:`netralitas_study.conformance.checks`) give codes: a check kind (``step``,
``order``, ``deadline``, ``recipient``), an item, a result and a reason code such as
``deadline.no_anchor``, with the facts a reason needs (dates, steps, recipients). This module
turns them into words, in Indonesian (``lang="id"``) or English (``lang="en"``, the default of
the CSV outputs). Nothing else in the package words a reason, so rewording one here changes no
result of :mod:`~netralitas_study.evidence.gaps` or :mod:`~netralitas_study.evidence.inference`,
which read the codes.

Stable API: :func:`text` (one reason code with its facts), :func:`reason` (one check row),
:func:`reasons` (a checks table -> Series), :func:`case_reasons` (a checks table and the
verdicts -> one joined reason per case), :func:`verdict_label`, :func:`structure_rule`,
:func:`deadline_text`, and :data:`REASON_CODES`.
"""

from __future__ import annotations

import string
from typing import Any, Mapping

import numpy as np
import pandas as pd

LANGS = ("id", "en")

REASONS: dict[str, dict[str, str]] = {
    "step.done": {"en": "done", "id": "dilakukan"},
    "step.not_done": {"en": "stated not done", "id": "dinyatakan tidak dilakukan"},
    "step.not_done_origin": {
        "en": "stated not done; whether it applies depends on the unknown origin",
        "id": "dinyatakan tidak dilakukan; berlaku atau tidaknya bergantung pada asal kasus yang tidak diketahui"},
    "step.inferred_not_done": {"en": "inferred not done (rule {rule})",
                               "id": "disimpulkan tidak dilakukan (aturan {rule})"},
    "step.inferred_not_done_origin": {
        "en": "inferred not done (rule {rule}); whether it applies depends on the unknown origin",
        "id": "disimpulkan tidak dilakukan (aturan {rule}); berlaku atau tidaknya bergantung pada asal kasus "
              "yang tidak diketahui"},
    "step.planned": {"en": "only planned or scheduled when reported, not reported done",
                     "id": "hanya direncanakan atau dijadwalkan saat diberitakan, tidak diberitakan dilakukan"},
    "step.not_reported": {"en": "not reported", "id": "tidak diberitakan"},
    "step.pending": {"en": "not yet done when reported (pending as of the source's date); no deadline has passed",
                     "id": "belum dilakukan saat diberitakan (tertunda per tanggal sumber); belum ada tenggat yang lewat"},
    "step.not_done_condition": {
        "en": "stated not done; owed only if Bawaslu found a violation, and the determination is {determination}",
        "id": "dinyatakan tidak dilakukan; wajib hanya bila Bawaslu menyatakan pelanggaran, dan penetapannya {determination}"},
    "step.contestable": {
        "en": "stated not done; contestable, not a breach: UU 7/2017 art. 455(1)(c) says 'diproses ... dan/atau diteruskan'",
        "id": "dinyatakan tidak dilakukan; dapat diperdebatkan, bukan pelanggaran: UU 7/2017 pasal 455(1)(c) berbunyi "
              "'diproses ... dan/atau diteruskan'"},
    "step.alternative_route": {
        "en": "not done, but the case may have taken the alternative route: {route}",
        "id": "tidak dilakukan, tetapi kasus mungkin menempuh jalur alternatif: {route}"},
    "order.in_order": {"en": "in order", "id": "sesuai urutan"},
    "order.before": {"en": "{step} dated before {pred}", "id": "{step} bertanggal sebelum {pred}"},
    "order.undated": {"en": "the date of {step} or {pred} is not reported",
                      "id": "tanggal {step} atau {pred} tidak diberitakan"},
    "deadline.dated": {
        "en": "{step} on {date}, {elapsed} calendar days after {anchor} ({anchor_date}); due {due} ({limit})",
        "id": "{step} pada {date}, {elapsed} hari kalender setelah {anchor} ({anchor_date}); batas {due} ({limit})"},
    "deadline.extension": {
        "en": "{step} on {date}, {elapsed} calendar days after {anchor} ({anchor_date}); due {due} ({limit}); "
              "within the extension, conformant only if {condition}",
        "id": "{step} pada {date}, {elapsed} hari kalender setelah {anchor} ({anchor_date}); batas {due} ({limit}); "
              "dalam perpanjangan, sesuai hanya jika {condition}"},
    "deadline.one_reading": {
        "en": "{step} on {date}, {elapsed} calendar days after {anchor} ({anchor_date}); due {due} ({limit}); "
              "late under one reading of the day type only: the day type is unconfirmed",
        "id": "{step} pada {date}, {elapsed} hari kalender setelah {anchor} ({anchor_date}); batas {due} ({limit}); "
              "terlambat hanya menurut satu bacaan jenis hari: jenis hari belum dipastikan"},
    "deadline.no_step_date": {"en": "the date of {step} is not reported ({limit})",
                              "id": "tanggal {step} tidak diberitakan ({limit})"},
    "deadline.undated_anchor": {"en": "the date of {anchors_slash} is not reported ({limit})",
                                "id": "tanggal {anchors_slash} tidak diberitakan ({limit})"},
    "deadline.no_anchor": {"en": "no step to count from ({anchors_or}) is reported ({limit})",
                           "id": "tidak ada langkah awal penghitungan ({anchors_or}) yang diberitakan ({limit})"},
    "deadline.pending": {
        "en": "{step} not yet done as of {asof} (the source's date), not later than its due date {due} ({limit})",
        "id": "{step} belum dilakukan per {asof} (tanggal sumber), belum melewati batas {due} ({limit})"},
    "deadline.pending_late": {
        "en": "{step} not yet done as of {asof} (the source's date), after its latest due date {due} ({limit})",
        "id": "{step} belum dilakukan per {asof} (tanggal sumber), melewati batas terakhir {due} ({limit})"},
    "deadline.by_upper_bound": {
        "en": "{step} undated but reported done by {upper} (publication date), on or before its due date {due} ({limit})",
        "id": "{step} tanpa tanggal tetapi diberitakan dilakukan paling lambat {upper} (tanggal terbit), "
              "tidak melewati batas {due} ({limit})"},
    "recipient.in_force": {"en": "recipient in force on the forwarding date",
                           "id": "penerima yang berlaku pada tanggal penerusan"},
    "recipient.wrong": {"en": "{sent} but {expected} was in force on the forwarding date",
                        "id": "{sent}, padahal {expected} yang berlaku pada tanggal penerusan"},
    "recipient.undated": {"en": "the forwarding date is not reported (the recipient in force depends on it)",
                          "id": "tanggal penerusan tidak diberitakan (penerima yang berlaku bergantung padanya)"},
    "recipient.handover": {
        "en": "forwarded during the KASN-to-BKN handover ({gap_from} to {gap_to}): either recipient may be right",
        "id": "diteruskan dalam masa peralihan KASN ke BKN ({gap_from} s.d. {gap_to}): kedua penerima mungkin benar"},
    "recipient.interval_in_force": {
        "en": "{sent} was in force on every possible forwarding date ({low} to {high})",
        "id": "{sent} berlaku pada setiap kemungkinan tanggal penerusan ({low} s.d. {high})"},
    "recipient.conflict": {
        "en": "conflict: the sources name {sent}, but the forwarding happened between {low} and {high}, when {sent} "
              "was not in force on any day",
        "id": "konflik: sumber menyebut {sent}, tetapi penerusan terjadi antara {low} dan {high}, ketika {sent} "
              "tidak berlaku pada hari mana pun"},
    "recipient.interval_open": {
        "en": "the forwarding date lies between {low} and {high}, and the recipient in force changes within it",
        "id": "tanggal penerusan berada antara {low} dan {high}, dan penerima yang berlaku berubah di dalamnya"},
    "recipient.not_coded": {"en": "the recipient is not reported", "id": "penerima tidak diberitakan"},
    "recipient.neither": {"en": "the recipient and the forwarding date are not reported",
                          "id": "penerima dan tanggal penerusan tidak diberitakan"},
}
"""Every reason code with its wording in each language; ``{name}`` fields are filled from the check's facts."""

# The reason codes of each check kind, in the order of the engine's template numbers.
STEP_REASONS = ("step.done", "step.not_done", "step.not_done_origin", "step.planned", "step.not_reported",
                "step.pending", "step.not_done_condition", "step.contestable", "step.alternative_route")
ORDER_REASONS = ("order.in_order", "order.before", "order.undated")
DEADLINE_REASONS = ("deadline.dated", "deadline.extension", "deadline.one_reading", "deadline.no_step_date",
                    "deadline.undated_anchor", "deadline.no_anchor", "deadline.pending", "deadline.pending_late",
                    "deadline.by_upper_bound")
RECIPIENT_REASONS = ("recipient.in_force", "recipient.wrong", "recipient.undated", "recipient.handover",
                     "recipient.not_coded", "recipient.neither", "recipient.interval_in_force", "recipient.conflict",
                     "recipient.interval_open")
REASON_CODES = {"step": STEP_REASONS, "order": ORDER_REASONS, "deadline": DEADLINE_REASONS,
                "recipient": RECIPIENT_REASONS}
"""Per check kind, its reason codes (index = the engine's template number)."""

CHECK_NAMES = {"step": {"en": "step", "id": "langkah"}, "order": {"en": "order", "id": "urutan"},
               "deadline": {"en": "deadline", "id": "tenggat"}, "recipient": {"en": "recipient", "id": "penerima"}}
VERDICT_LABELS = {"conformant": {"en": "conformant", "id": "sesuai"},
                  "indeterminate": {"en": "indeterminate", "id": "tak tentu"},
                  "non-conformant": {"en": "non-conformant", "id": "tidak sesuai"},
                  "not_applicable": {"en": "not applicable (outside Bawaslu's scope)",
                                     "id": "tidak berlaku (di luar kewenangan Bawaslu)"}}
FLAGS = {
    "recipient_conflict": {"en": "recipient conflict", "id": "konflik penerima"},
    "contestable_forwarding": {"en": "contestable: forwarding is 'dan/atau' (UU 7/2017 art. 455(1)(c))",
                               "id": "dapat diperdebatkan: penerusan bersifat 'dan/atau' (UU 7/2017 pasal 455(1)(c))"},
    "bkn_for_pemilu_2024": {"en": "BKN named for a Pemilu 2024 case: KASN was the recipient in force then",
                            "id": "BKN disebut untuk kasus Pemilu 2024: KASN penerima yang berlaku saat itu"},
    "cutover_window": {"en": "in the Perbawaslu 9/2024 cutover window (1-15 Oct 2024): the norm in force is unconfirmed",
                       "id": "dalam masa peralihan Perbawaslu 9/2024 (1-15 Okt 2024): norma yang berlaku belum pasti"},
    "counterfactual_norm": {"en": "counterfactual (not in force)", "id": "kontrafaktual (tidak berlaku)"},
    "alternative_route": {"en": "may have taken an alternative route", "id": "mungkin menempuh jalur alternatif"},
    "day_type_open": {"en": "decided on one reading of an unconfirmed day type only",
                      "id": "hanya menurut satu bacaan jenis hari yang belum pasti"},
}
"""Flags a case's verdict carries: facts that do not change the verdict but must be read with it."""
MESSAGES = {
    "all_passed": {"en": "all checks passed", "id": "semua pemeriksaan lolos"},
    "out_of_scope": {"en": "not a Bawaslu case (the sources show another body handled it): outside every count",
                     "id": "bukan perkara Bawaslu (sumber menunjukkan lembaga lain yang menangani): di luar setiap hitungan"},
    "no_procedure": {"en": "no shipped procedure governs this election",
                     "id": "tidak ada prosedur bawaan yang mengatur pemilihan ini"},
    "foreign_norm": {"en": "{pid} is a norm for {election}, not for this case's election",
                     "id": "{pid} adalah norma untuk {election}, bukan untuk pemilihan kasus ini"},
    "structure_rule": {
        "en": "structured: every required step of '{pid}' that applies is reported done; "
              "unstructured: at least one required step is stated not done; "
              "undetermined: otherwise (a required step is not reported).",
        "id": "terstruktur: setiap langkah wajib '{pid}' yang berlaku diberitakan dilakukan; "
              "tidak terstruktur: sedikitnya satu langkah wajib dinyatakan tidak dilakukan; "
              "tak tertentu: selain itu (ada langkah wajib yang tidak diberitakan)."},
}
_DAY_TYPES = {"working": {"en": "working", "id": "kerja"}, "calendar": {"en": "calendar", "id": "kalender"},
              "unconfirmed": {"en": "calendar or working", "id": "kalender atau kerja"}}


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def fields(code: str) -> list[str]:
    """The facts a reason code's wording needs (the same in every language)."""
    return sorted({f for _, f, _, _ in string.Formatter().parse(REASONS[code]["en"]) if f})


def _worded(facts: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The facts with a ``deadline`` (the norm's deadline object) worded in ``lang`` as ``limit`` and ``condition``."""
    out = dict(facts)
    if (dl := out.get("deadline")) is not None:
        out.setdefault("limit", deadline_text(dl, lang))
        out.setdefault("condition", condition(dl, lang))
    return out


def text(code: str, lang: str = "en", **facts: Any) -> str:
    """The wording of one reason code in ``lang``, its ``{fields}`` filled from ``facts``."""
    return REASONS[code][_lang(lang)].format(**_worded(facts, lang))


def render(code: str, facts: Mapping[str, Any], n: int, lang: str = "en") -> np.ndarray:
    """``n`` texts of one reason code: each fact is one value (shared) or a sequence of ``n`` values."""
    template = REASONS[code][_lang(lang)]
    facts = _worded(facts, lang)
    names = fields(code)
    if not names or all(np.ndim(facts[f]) == 0 for f in names):
        return np.full(n, template.format(**{f: facts[f] for f in names}), dtype=object)
    cols = [facts[f] if np.ndim(facts[f]) else [facts[f]] * n for f in names]
    return np.array([template.format(**dict(zip(names, vals))) for vals in zip(*cols)], dtype=object)


def label(check: str, item: str, lang: str = "en") -> str:
    """'step kajian: ': how a reason names its check in a case's joined reasons."""
    return f"{CHECK_NAMES[check][_lang(lang)]} {item}: "


def reason(row: Mapping[str, Any], lang: str = "en") -> str:
    """The wording of one check row (``reason`` code and ``facts``, as :func:`compliance_checks` gives them)."""
    return text(row["reason"], lang, **(row.get("facts") or {}))


def reasons(checks: pd.DataFrame, lang: str = "en") -> pd.Series:
    """The wording of every check row of a checks table, in ``lang`` (index kept)."""
    facts = checks["facts"] if "facts" in checks.columns else pd.Series([{}] * len(checks), index=checks.index)
    return pd.Series([text(c, lang, **(f or {})) for c, f in zip(checks["reason"], facts)],
                     index=checks.index, dtype=object)


def case_reasons(checks: pd.DataFrame, verdicts: pd.Series, lang: str = "en") -> pd.Series:
    """Per case (``verdicts``: case_id -> verdict): its failures if non-conformant, its unknowns if
    indeterminate, joined in check order; 'all checks passed' otherwise. As the ``reasons`` column."""
    shown = checks[((checks["result"] == "fail") & checks["case_id"].map(verdicts).eq("non-conformant"))
                   | (checks["result"].isin(["unknown", "conflict"]) & checks["case_id"].map(verdicts).eq("indeterminate"))]
    words = [label(c, i, lang) + t for c, i, t in zip(shown["check"], shown["item"], reasons(shown, lang))]
    joined = pd.Series(words, index=shown.index, dtype=object).groupby(shown["case_id"].to_numpy(),
                                                                        sort=False).agg("; ".join)
    return pd.Series(verdicts.index.map(joined), index=verdicts.index, dtype=object).fillna(
        message("all_passed", lang))


def _constant(slot, t: int, lang: str) -> str:
    """'check item: reason' for a reason whose facts are the check's own."""
    return label(slot.check, slot.item, lang) + text(slot.codes[t], lang, **slot.facts)


def coded_case_reasons(checks, verdict: np.ndarray, lang: str = "en") -> tuple[list[str], np.ndarray]:
    """The failures of a non-conformant case, the unknowns of an indeterminate one, joined per case.

    Returned as distinct texts and each case's index into them: cases showing the same
    checks with constant details share one text, built once; a detail that carries a case's
    own numbers (dates, recipients) is rendered once per check for all cases that show it.
    """
    from netralitas_study.conformance.state import CONFLICT, FAIL, INDETERMINATE, NON_CONFORMANT, UNKNOWN

    m, n = checks.result.shape
    texts, which = [message("all_passed", lang)], np.zeros(n, dtype=np.int64)
    shown = ((checks.result == FAIL) & (verdict == NON_CONFORMANT)) | (
        ((checks.result == UNKNOWN) | (checks.result == CONFLICT)) & (verdict == INDETERMINATE))
    idx = np.flatnonzero(shown.any(axis=0))
    if not len(idx):
        return texts, which
    code = np.where(shown[:, idx], checks.template[:, idx] + 1, 0).astype(np.int64)  # 0: not shown
    bits = np.array([int(len(s.codes)).bit_length() for s in checks.slots], dtype=np.int64)
    if bits.sum() <= 62:  # one integer per case names the checks it shows and their details
        shift = np.cumsum(np.r_[0, bits[:-1]])
        keys, inverse = np.unique((code << shift[:, None]).sum(axis=0), return_inverse=True)
        combos = (keys[:, None] >> shift) & ((1 << bits) - 1)
    else:
        combos, inverse = np.unique(code, axis=1, return_inverse=True)
        combos = combos.T
    inverse = inverse.ravel()
    numbered = np.zeros(len(combos), dtype=bool)
    for u, combo in enumerate(combos):
        pieces = [(j, int(combo[j]) - 1) for j in np.flatnonzero(combo)]
        if not any(checks.slots[j].per_row(t) for j, t in pieces):
            texts.append("; ".join(_constant(checks.slots[j], t, lang) for j, t in pieces))
        else:
            texts.append("")
            numbered[u] = True
    which[idx] = 1 + inverse
    if numbered.any():
        sub = np.flatnonzero(numbered[inverse])  # cases whose reasons carry their own numbers
        rendered = {}
        for j, t in {(j, int(c) - 1) for u in np.flatnonzero(numbered) for j, c in enumerate(combos[u])
                     if c and checks.slots[j].per_row(int(c) - 1)}:
            at = sub[code[j, sub] == t + 1]
            rendered[j, t] = np.empty(len(idx), dtype=object)
            rendered[j, t][at] = checks.render(j, t, idx[at], lang)
        order = sub[np.argsort(inverse[sub], kind="stable")]
        bounds = np.searchsorted(inverse[order], np.arange(len(combos) + 1))
        for u in np.flatnonzero(numbered):
            local = order[bounds[u]:bounds[u + 1]]
            parts = []
            for j in np.flatnonzero(combos[u]):
                slot, t = checks.slots[j], int(combos[u][j]) - 1
                parts.append([_constant(slot, t, lang)] * len(local) if not slot.per_row(t)
                             else label(slot.check, slot.item, lang) + rendered[j, t][local])
            which[idx[local]] = len(texts) + np.arange(len(local))
            texts += ["; ".join(p) for p in zip(*parts)]
    return texts, which


def message(key: str, lang: str = "en", **facts: Any) -> str:
    """A fixed message of the conformance outputs (e.g. 'all_passed', 'no_procedure', 'foreign_norm')."""
    return MESSAGES[key][_lang(lang)].format(**facts)


def flag_label(flag: str, lang: str = "en") -> str:
    """A flag's words in ``lang``."""
    return FLAGS[flag][_lang(lang)]


def verdict_label(verdict: str, lang: str = "en") -> str:
    """'conformant' / 'sesuai', 'indeterminate' / 'tak tentu', 'non-conformant' / 'tidak sesuai'."""
    return VERDICT_LABELS[verdict][_lang(lang)]


def structure_rule(pid: str, lang: str = "en") -> str:
    """The rule :func:`classify_structure` applies, in words."""
    return message("structure_rule", lang, pid=pid)


def day_type(kind: str, lang: str = "en") -> str:
    return _DAY_TYPES[kind][_lang(lang)]


def deadline_text(d: dict[str, Any] | None, lang: str = "en") -> str:
    """A deadline in words: '7 days (calendar or working) from registrasi or penetapan_temuan; ...'."""
    if not d:
        return ""
    lang = _lang(lang)
    if lang == "en":
        text_ = f"{d['days']} {day_type(d['day_type'])} days from {' or '.join(d['from'])}"
        if ext := d.get("extension"):
            text_ += f"; {ext['days']} {ext['day_type']} days if {ext['condition_en']}"
        return text_
    text_ = f"{d['days']} hari {day_type(d['day_type'], 'id')} sejak {' atau '.join(d['from'])}"
    if ext := d.get("extension"):
        text_ += f"; {ext['days']} hari {day_type(ext['day_type'], 'id')} jika {ext['condition_id']}"
    return text_


def deadline_item(step: str, d: dict[str, Any]) -> str:
    """The item name of a deadline check: 'kajian <= 7 calendar/working days' (an identifier, not translated)."""
    kind = "calendar/working" if d["day_type"] == "unconfirmed" else d["day_type"]
    return f"{step} <= {d['days']} {kind} days"


def condition(d: dict[str, Any], lang: str = "en") -> str:
    """The condition of a deadline's extension in ``lang``."""
    return (d.get("extension") or {}).get(f"condition_{_lang(lang)}")
