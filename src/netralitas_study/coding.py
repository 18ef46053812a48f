"""From the source extract to coded tables, reproducibly.

The extract (``data/raw/shared-sources/``: one row per case or published figure, each with
its URL and a quote) is coded by code plus reviewable mapping files in ``data/coding/``:

* ``step_rules.csv``: how each reported handling step (a segment of ``steps_reported``)
  becomes an event, or why it does not. A segment no rule covers stops the build.
* ``case_rules.csv``: how outcome texts become the case's determination, recipient and sanction.
* ``tally_metrics.csv`` and ``tally_units.csv``: the controlled metric, scope, counting body and
  unit of every published figure.
* ``case_judgements.csv``: case-by-case judgements (e.g. a step date the source ties to a
  step), each with its reason.

The hand-coded thesis rows (``data/thesis/``) are added as they are. :func:`build` returns the
tables; ``python -m netralitas_study.coding`` writes them to ``data/``.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from . import codebook
from .package import DEFAULT_DATA, read_csv_text

RAW = "raw/shared-sources"
SEGMENT_SPLIT = re.compile(r"\s*(?:->|;)\s*")
LOW_RELIABILITY_HOSTS = ("harusidmpo.shop", "wbialogorze.info", "armorthemes.com", "wideo.ovh", "dailytv.net")
OFFICIAL_HOST = re.compile(r"(^|\.)(go\.id|bawaslu\.go\.id|kasn\.go\.id|bkn\.go\.id)$")
ACADEMIC_HOST = re.compile(r"(\.ac\.id$|garuda|jurnal|repository|eprints|digilib|rama\.kemdikbud)")


class CodingError(ValueError):
    """The extract holds something the mapping files do not cover."""


def source_id(url: str) -> str:
    """A stable id for a cited page: its host's first label plus a short hash of the URL."""
    host = urlparse(url).netloc.lower().removeprefix("www.").split(".")[0] or "src"
    return f"WEB-{re.sub('[^A-Za-z0-9]', '', host)[:12].upper()}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def _province_codes() -> dict[str, str]:
    return {label: code for code, label in codebook.labels("province", "id").items()
            if code not in codebook.missing_codes()}


def _election(label: str) -> tuple[str, int]:
    kind, year = label.split()
    return kind.lower(), int(year)


def _rules(folder: Path, name: str) -> pd.DataFrame:
    rules = read_csv_text(folder / name)
    if "priority" in rules:
        rules = rules.assign(_p=rules["priority"].astype(int)).sort_values("_p", kind="stable").drop(columns="_p")
    return rules.reset_index(drop=True)


def code_segments(segments: pd.Series, rules: pd.DataFrame) -> pd.DataFrame:
    """Apply step rules to text segments: one row per (segment, matching rule that names a step).

    Raises :class:`CodingError` listing every segment that no rule covers.
    """
    compiled = [(r, re.compile(r.pattern, re.IGNORECASE)) for r in rules.itertuples(index=False)]
    rows, uncovered = [], []
    for idx, text in segments.items():
        covered = False
        for rule, rx in compiled:
            if not rx.search(text):
                continue
            if rule.rule == "general" and covered:
                continue
            covered = True
            if rule.step:
                rows.append({"segment": idx, "step": rule.step, "status": rule.status, "rule": rule.rule})
            if rule.stop == "yes":
                break
        if not covered:
            uncovered.append(text)
    if uncovered:
        raise CodingError("no step rule covers these segments (add a rule to data/coding/step_rules.csv): "
                          + " | ".join(sorted(set(uncovered))))
    return pd.DataFrame(rows, columns=["segment", "step", "status", "rule"])


def _matches(text: pd.Series, pattern: str | re.Pattern) -> pd.Series:
    """Does each text contain a match of ``pattern`` (case-insensitive)?"""
    rx = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, re.IGNORECASE)
    return text.map(lambda t: rx.search(t) is not None)


def _first_match(text: pd.Series, rules: pd.DataFrame, field: str) -> pd.Series:
    """Per text, the value of the first rule for ``field`` whose pattern matches (NA if none)."""
    out = pd.Series(pd.NA, index=text.index, dtype="object")
    for rule in rules[rules["field"].eq(field)].itertuples(index=False):
        hit = out.isna() & _matches(text, rule.pattern)
        out[hit] = rule.value
    return out


def _judgements(folder: Path) -> pd.DataFrame:
    return read_csv_text(folder / "case_judgements.csv")


def code_cases(raw: pd.DataFrame, coding: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cases and events coded from the extract's case rows."""
    provinces = _province_codes()
    unknown_provinces = sorted(set(raw["province"]) - set(provinces))
    if unknown_provinces:
        raise CodingError(f"provinces not in the codebook: {unknown_provinces}")
    judge = _judgements(coding)
    rules = _rules(coding, "case_rules.csv")

    # events: one per (case, step) the rules derive from the reported steps
    seg = raw[["case_ref", "steps_reported"]].assign(segment=raw["steps_reported"].str.split(SEGMENT_SPLIT))
    seg = seg.explode("segment").reset_index(drop=True)
    seg["segment"] = seg["segment"].str.strip()
    seg = seg[seg["segment"].ne("")]
    matched = code_segments(seg["segment"], _rules(coding, "step_rules.csv"))
    ev = matched.join(seg[["case_ref", "segment"]].rename(columns={"segment": "text"}), on="segment")
    # one event per (case, step): 'occurred' wins over 'not_occurred'
    ev = (ev.assign(_o=ev["status"].ne("occurred")).sort_values(["case_ref", "_o", "segment"], kind="stable")
          .groupby(["case_ref", "step"], sort=False)
          .agg(status=("status", "first"), text=("text", lambda t: " | ".join(dict.fromkeys(t)))).reset_index())
    order = {s: i for i, s in enumerate(codebook.vocabulary("step")["value"])}
    ev = ev.assign(_s=ev["step"].map(order)).sort_values(["case_ref", "_s"], kind="stable").drop(columns="_s")
    dates = judge[judge["field"].str.startswith("date:")]
    date_of = {(r.case_id, r.field.removeprefix("date:")): r.value for r in dates.itertuples()}
    missing_date_targets = [k for k in date_of if not ((ev["case_ref"] == k[0]) & (ev["step"] == k[1])).any()]
    if missing_date_targets:
        raise CodingError(f"case_judgements.csv dates a step the case does not have: {missing_date_targets}")
    url = raw.set_index("case_ref")["source_url"]
    events = pd.DataFrame({
        "event_id": ev["case_ref"] + "-" + ev["step"],
        "case_id": ev["case_ref"],
        "step": ev["step"],
        "status": ev["status"],
        "date": [date_of.get((c, s), "not_reported") for c, s in zip(ev["case_ref"], ev["step"])],
        "actor": "not_reported",
        "source_id": ev["case_ref"].map(url).map(source_id),
        "locator": "steps_reported: " + ev["text"],
        "notes": "",
    })

    # cases
    kind_year = raw["election"].map(_election)
    outcome_text = raw["outcome"] + " || " + raw["steps_reported"]
    forwarded = raw["case_ref"].isin(events.loc[events["step"].eq("penerusan") & events["status"].eq("occurred"),
                                                "case_id"])
    to_kasn = outcome_text.str.contains(r"KASN|Komisi ASN|KSN", case=True, regex=True)
    to_bkn = outcome_text.str.contains(r"\bBKN\b", regex=True)
    to_local = outcome_text.str.contains(r"Pemda|pemerintah daerah|BKD|BKPSDM|BKPPD|bupati|Inspektorat", regex=True)
    recipient = pd.Series("not_reported", index=raw.index)
    recipient[forwarded & to_kasn & ~to_bkn] = "kasn"
    recipient[forwarded & to_bkn & ~to_kasn] = "bkn"
    recipient[forwarded & to_kasn & to_bkn] = "unknown"  # both named: see the case's notes
    recipient[forwarded & ~to_kasn & ~to_bkn & to_local] = "lainnya"
    determination = _first_match(raw["outcome"], rules, "determination").fillna("not_reported")
    tier = raw["sanction_tier"].str.strip()
    sanctioned = _first_match(tier, rules, "sanctioned").fillna("not_reported")
    sanction = _first_match(tier, rules, "sanction").fillna("not_reported")
    # an explicit total wins over a sub-count ("... (2 orang) - total 4 ASN")
    persons = raw["role"].str.extract(r"total\s+(\d+)", flags=re.IGNORECASE)[0].fillna(
        raw["role"].str.extract(r"(\d+)\s*(?:orang|ASN)", flags=re.IGNORECASE)[0])
    cases = pd.DataFrame({
        "case_id": raw["case_ref"],
        "election_type": kind_year.str[0],
        "election_year": kind_year.str[1].astype(str),
        "province": raw["province"].map(provinces),
        "regency": raw["regency_city"].where(raw["regency_city"].ne(""), "not_reported"),
        "handled_by": "not_reported",
        "origin": raw["source_type"],  # temuan, laporan or unknown, as extracted
        "violation_form": _first_match(raw["violation_form"], rules, "violation_form").fillna("unknown"),
        "violation_form_candidates": "not_applicable",
        "role": raw["role"],
        "agency_type": "not_reported",
        "employment": raw["role"].str.contains("PPPK").map({True: "pppk", False: "not_reported"}),
        "persons": persons.fillna("not_reported"),
        "determination": determination,
        "recipient": recipient,
        "sanctioned": sanctioned,
        "sanction": sanction,
        "sanction_by": tier.str.contains("PPK").map({True: "ppk", False: "not_reported"}).where(
            sanctioned.eq("ya") | tier.str.contains("PPK"), "not_reported"),
        "source_id": raw["source_url"].map(source_id),
        "locator": "quote: " + raw["quote"],
        "notes": ("violation form as extracted: " + raw["violation_form"] + "; outcome as extracted: " + raw["outcome"]),
    })
    cases.loc[forwarded & to_kasn & to_bkn, "notes"] += "; recipient: the sources name both KASN and BKN"
    for r in judge[~judge["field"].str.startswith("date:")].itertuples():
        if r.case_id not in set(cases["case_id"]):
            raise CodingError(f"case_judgements.csv names unknown case {r.case_id}")
        cases.loc[cases["case_id"].eq(r.case_id), r.field] = r.value
    return cases.reset_index(drop=True), events.reset_index(drop=True)


_DATE = re.compile(r"(\d{1,2})\s+(Jan|Feb|Mar|Apr|May|Mei|Jun|Jul|Aug|Agu|Sep|Oct|Okt|Nov|Dec|Des)[a-z]*\.?\s+(\d{4})",
                   re.IGNORECASE)
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7, "aug": 8, "agu": 8,
           "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12}


_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def _parse_date(m: re.Match) -> str:
    day, month, year = m.groups()[-3:]
    month = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
    try:
        return pd.Timestamp(int(year), month, int(day)).strftime("%Y-%m-%d")
    except ValueError:
        return "unknown"


def snapshot_date(note: str) -> str:
    """The date a figure refers to, read from the extract's note.

    The first full date after 'as of' / 'per' / 'to' / 'hingga', else the first full date
    (written '1 Mar 2019' or '1/3/2019'); 'not_reported' when the note has none.
    """
    for prefix in (r"(?:as of|per|to|hingga|s\.d\.)\s+(?:\w+\s+)?", ""):
        found = [m for rx in (_DATE, _NUMERIC_DATE)
                 for m in [re.search(prefix + rx.pattern, note, re.IGNORECASE)] if m]
        if found:
            return _parse_date(min(found, key=lambda m: m.start()))
    return "not_reported"


def code_tallies(raw: pd.DataFrame, coding: Path) -> pd.DataFrame:
    """Tallies coded from the extract's published figures."""
    provinces = _province_codes()
    metrics = read_csv_text(coding / "tally_metrics.csv").set_index("source_metric")
    units = read_csv_text(coding / "tally_units.csv").set_index("source_unit")
    for what, known, col in (("metric", metrics.index, "metric"), ("unit", units.index, "unit")):
        unmapped = sorted(set(raw[col]) - set(known))
        if unmapped:
            raise CodingError(f"tally {what}s with no mapping in data/coding/tally_{what}s.csv: {unmapped}")
    national = raw["province"].eq("NASIONAL")
    bad = sorted(set(raw.loc[~national, "province"]) - set(provinces))
    if bad:
        raise CodingError(f"provinces not in the codebook: {bad}")
    kind_year = raw["election"].map(_election)
    value = raw["value"].str.extract(r"([\d.]+)")[0]
    qualifier = pd.Series("exact", index=raw.index)
    qualifier[raw["unit"].str.contains(r"sekitar|lebih kurang", case=False) |
              raw["metric"].str.contains("perkiraan")] = "approximate"
    qualifier[raw["value"].str.startswith(">") | raw["unit"].str.contains("lebih dari")] = "more_than"
    note = raw["retrieved_note"]
    conflict = _matches(note, r"\bC\d+\b|conflict|konflik|vs\.? |bertentangan|differs|disagree")
    level = pd.Series("provinsi", index=raw.index)
    level[national] = "nasional"
    level[raw["regency_city"].ne("")] = "kabkota"
    return pd.DataFrame({
        "tally_id": [f"T{i + 1:04d}" for i in range(len(raw))],
        "election_type": kind_year.str[0],
        "election_year": kind_year.str[1].astype(str),
        "level": level,
        "province": raw["province"].map(provinces).where(~national, "not_applicable"),
        "regency": raw["regency_city"].where(raw["regency_city"].ne(""), "not_applicable"),
        "metric": raw["metric"].map(metrics["metric"]),
        "source_metric": raw["metric"],
        "scope": raw["metric"].map(metrics["scope"]),
        "body": raw["metric"].map(metrics["body"]),
        "value": value,
        "value_qualifier": qualifier,
        "unit": raw["unit"].map(units["unit"]),
        "source_unit": raw["unit"],
        "snapshot": note.map(snapshot_date),
        "conflict": conflict.map({True: "ya", False: "tidak"}),
        "source_id": raw["source_url"].map(source_id),
        "locator": "quote: " + raw["quote"],
        "notes": note,
    })


def code_sources(urls: pd.Series) -> pd.DataFrame:
    """One source row per distinct URL, typed by its host."""
    urls = pd.Series(sorted(set(urls)))
    hosts = urls.map(lambda u: urlparse(u).netloc.lower().removeprefix("www."))
    kind = pd.Series("berita", index=urls.index)
    kind[_matches(hosts, ACADEMIC_HOST)] = "akademik"
    kind[_matches(hosts, OFFICIAL_HOST)] = "resmi"
    low = hosts.str.endswith(LOW_RELIABILITY_HOSTS)
    return pd.DataFrame({
        "source_id": urls.map(source_id),
        "type": kind,
        "title": "Web page at " + hosts,
        "url": urls,
        "reference": "Read for the study's source extract (shared/sources); quote in the citing row's locator.",
        "published": "not_reported",
        "notes": low.map({True: "LOW RELIABILITY: mirror or spam-looking domain; use only with a primary "
                                "confirmation.", False: ""}),
    })


def build(data_dir: str | Path = DEFAULT_DATA) -> dict[str, pd.DataFrame]:
    """All coded tables: the hand-coded thesis rows plus the extract coded by the mapping files."""
    data_dir = Path(data_dir)
    coding = data_dir / "coding"
    raw_cases = read_csv_text(data_dir / RAW / "cases.csv")
    raw_tallies = read_csv_text(data_dir / RAW / "aggregates.csv")
    cases, events = code_cases(raw_cases, coding)
    tallies = code_tallies(raw_tallies, coding)
    sources = code_sources(pd.concat([raw_cases["source_url"], raw_tallies["source_url"]]))
    thesis = {t: read_csv_text(data_dir / "thesis" / f"{t}.csv") for t in ("cases", "events", "sources")}
    out = {
        "cases": pd.concat([thesis["cases"], cases], ignore_index=True),
        "events": pd.concat([thesis["events"], events], ignore_index=True),
        "sources": pd.concat([thesis["sources"], sources], ignore_index=True),
        "tallies": tallies,
    }
    return {t: df[codebook.field_names(t)].fillna("") for t, df in out.items()}


def write(data_dir: str | Path = DEFAULT_DATA) -> None:
    """Rebuild the coded CSVs and the descriptor in ``data_dir``."""
    from .package import write_descriptor

    data_dir = Path(data_dir)
    for table, df in build(data_dir).items():
        df.to_csv(data_dir / f"{table}.csv", index=False, lineterminator="\n")
    write_descriptor(data_dir)


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATA)
