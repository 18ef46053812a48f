"""Published figures from the source extract, each coded twice by reading its quote.

Two coders read every figure of ``data/raw/shared-sources/aggregates.csv`` (metric, scope,
counting body, unit, snapshot: ``data/coding/tallies_coder_a.csv``, ``tallies_coder_b.csv``),
without seeing each other's codes; an adjudicator decided every disagreement in writing
(``tally_resolutions.csv``). The qualifier and the conflict flag come from the earlier row-by-row
judgement (``tally_judgements.csv``); a reviewer's corrections of level, province or regency are
``tally_reviews.csv``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from netralitas_study.codebook.package import read_csv_text
from netralitas_study.maintainers.extract import CodingError, election, province_codes, source_id

DOUBLE_CODED = ("metric", "scope", "body", "unit", "snapshot")
"""Items of a figure that two coders read independently."""


def final_tallies(coding: Path) -> pd.DataFrame:
    """One row per figure and double-coded item: the agreed value, or the adjudicator's, and who decided."""
    a = read_csv_text(coding / "tallies_coder_a.csv").set_index("tally_id")
    b = read_csv_text(coding / "tallies_coder_b.csv").set_index("tally_id").reindex(a.index)
    resolved = read_csv_text(coding / "tally_resolutions.csv").set_index(["tally_id", "item"])
    rows = []
    for item in DOUBLE_CODED:
        for tid, va, vb in zip(a.index, a[item], b[item]):
            if va == vb:
                rows.append((tid, item, va, "both coders", ""))
            elif (tid, item) in resolved.index:
                r = resolved.loc[(tid, item)]
                rows.append((tid, item, r["value"], "adjudicator", r["reason"]))
            else:
                raise CodingError(f"{tid} {item}: coders disagree ({va!r} vs {vb!r}) and tally_resolutions.csv "
                                  "has no decision")
    return pd.DataFrame(rows, columns=["tally_id", "item", "value", "decided_by", "reason"])


def tally_reliability(coding: Path, n_boot: int = 1000) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per double-coded item of the published figures, with a bootstrap interval."""
    import numpy as np

    from netralitas_study.analysis.reliability import alpha, bootstrap_interval, verdict

    a = read_csv_text(coding / "tallies_coder_a.csv").set_index("tally_id")
    b = read_csv_text(coding / "tallies_coder_b.csv").set_index("tally_id").reindex(a.index)
    rows = []
    for item in DOUBLE_CODED:
        values = np.array(list(zip(a[item], b[item])), dtype=object)
        value = alpha(values)
        low, high = bootstrap_interval(values, "nominal", None, n_boot)
        rows.append({"item": item, "units": len(values), "agreement": round(float((a[item] == b[item]).mean()), 3),
                     "alpha": value, "ci_low": low, "ci_high": high, "reading": verdict(value),
                     "disagreements": int((a[item] != b[item]).sum())})
    return pd.DataFrame(rows)


def code_tallies(raw: pd.DataFrame, coding: Path) -> pd.DataFrame:
    """Tallies from the extract's published figures: the double-coded items as decided, the rest as judged."""
    provinces = province_codes()
    judged = read_csv_text(coding / "tally_judgements.csv").set_index("tally_id")
    final = final_tallies(coding).pivot(index="tally_id", columns="item", values="value")
    ids = pd.Index([f"T{i + 1:04d}" for i in range(len(raw))])
    missing = ids.difference(judged.index)
    if len(missing):
        raise CodingError(f"tallies with no judgement in data/coding/tally_judgements.csv: {list(missing[:10])}")
    j = judged.reindex(ids)
    f = final.reindex(ids)
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
        "metric": f["metric"].to_numpy(), "source_metric": raw["metric"], "scope": f["scope"].to_numpy(),
        "body": f["body"].to_numpy(), "value": raw["value"].str.extract(r"([\d.]+)")[0],
        "value_qualifier": j["value_qualifier"].to_numpy(), "unit": f["unit"].to_numpy(), "source_unit": raw["unit"],
        "snapshot": f["snapshot"].to_numpy(), "conflict": j["conflict"].to_numpy(),
        "source_id": raw["source_url"].map(source_id), "locator": "quote: " + raw["quote"],
        "notes": (note + " | judged: " + j["reason"].to_numpy()).str.strip(" |"),
    })
    return review_tallies(out, read_csv_text(coding / "tally_reviews.csv"))


TALLY_REVIEW_ITEMS = ("level", "province", "regency")
"""What a reviewer may correct: the items the two coders did not code (they read metric, scope, body, unit, snapshot)."""


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
