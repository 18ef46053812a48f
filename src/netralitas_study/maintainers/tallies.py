"""Published figures from the source extract, each coded twice by reading its quote.

Two coders read every figure of ``data/raw/shared-sources/aggregates.csv`` (metric, scope,
counting body, unit, snapshot: ``data/coding/tallies_coder_a.csv``, ``tallies_coder_b.csv``),
without seeing each other's codes; an adjudicator decided every disagreement in writing
(``tally_resolutions.csv``). The qualifier and the conflict flag come from the earlier row-by-row
judgement (``tally_judgements.csv``); a reviewer's corrections of level, province or regency are
``tally_reviews.csv``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from netralitas_study.codebook.package import read_csv_text
from netralitas_study.maintainers.extract import CodingError, election, province_codes, source_id

DOUBLE_CODED = ("metric", "scope", "body", "unit", "snapshot")
"""Items of a figure that two coders read independently."""


_DATE = re.compile(r"(\d{1,2})\s+(Jan\w*|Feb\w*|Mar\w*|Apr\w*|Ma[yi]\w*|Jun\w*|Jul\w*|Aug\w*|Agu\w*|Sep\w*|Oct\w*|"
                   r"Okt\w*|Nov\w*|Dec\w*|Des\w*)\.?\s+(\d{4})", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_MONTHS = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "mei": 5, "jun": 6, "jul": 7, "aug": 8, "agu": 8,
           "sep": 9, "oct": 10, "okt": 10, "nov": 11, "dec": 12, "des": 12}


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
    """Tallies from the extract's published figures, each row judged by reading its quote."""
    provinces = province_codes()
    judged = read_csv_text(coding / "tally_judgements.csv").set_index("tally_id")
    ids = pd.Index([f"T{i + 1:04d}" for i in range(len(raw))])
    missing = ids.difference(judged.index)
    if len(missing):
        raise CodingError(f"tallies with no judgement in data/coding/tally_judgements.csv: {list(missing[:10])}")
    j = judged.reindex(ids)
    national = raw["province"].eq("NASIONAL")
    bad = sorted(set(raw.loc[~national, "province"]) - set(provinces))
    if bad:
        raise CodingError(f"provinces not in the codebook: {bad}")
    kind_year = raw["election"].map(election)
    level = pd.Series("provinsi", index=raw.index)
    level[national] = "nasional"
    level[raw["regency_city"].ne("")] = "kabkota"
    note = raw["retrieved_note"]
    out = pd.DataFrame({
        "tally_id": ids, "election_type": kind_year.str[0], "election_year": kind_year.str[1].astype(str),
        "level": level, "province": raw["province"].map(provinces).where(~national, "not_applicable"),
        "regency": raw["regency_city"].where(raw["regency_city"].ne(""), "not_applicable"),
        "metric": j["metric"].to_numpy(), "source_metric": raw["metric"], "scope": j["scope"].to_numpy(),
        "body": j["body"].to_numpy(), "value": raw["value"].str.extract(r"([\d.]+)")[0],
        "value_qualifier": j["value_qualifier"].to_numpy(), "unit": j["unit"].to_numpy(), "source_unit": raw["unit"],
        "snapshot": note.map(snapshot_date), "conflict": j["conflict"].to_numpy(),
        "source_id": raw["source_url"].map(source_id), "locator": "quote: " + raw["quote"],
        "notes": (note + " | judged: " + j["reason"].to_numpy()).str.strip(" |"),
    })
    return review_tallies(out, read_csv_text(coding / "tally_reviews.csv"))


TALLY_REVIEW_ITEMS = ("metric", "scope", "body", "unit", "level", "province", "regency", "snapshot")


def review_tallies(tallies: pd.DataFrame, reviews: pd.DataFrame) -> pd.DataFrame:
    """Tallies with a reviewer's corrections (re-read against the quote or page), each noted on the row."""
    out = tallies.set_index("tally_id")
    bad = sorted(set(reviews["item"]) - set(TALLY_REVIEW_ITEMS)) + sorted(set(reviews["tally_id"]) - set(out.index))
    if bad:
        raise CodingError(f"tally_reviews.csv: unknown items or tallies {bad[:10]}")
    for r in reviews.itertuples(index=False):
        out.loc[r.tally_id, r.item] = r.value
        out.loc[r.tally_id, "notes"] = f"{out.loc[r.tally_id, 'notes']} | reviewed {r.item}: {r.reason}"
    return out.reset_index()
