"""Seeded synthetic national event logs, for benchmarks and tests only.

Every id starts ``SYNTH-``, the single source is titled as synthetic, and every row's notes
say so: these tables must never be written into ``data/`` nor mixed with coded data. The
mix is loosely shaped on the coded cases (origins, steps reported, share of dated steps),
not estimated from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study import codebook
from netralitas_study.norms.procedures import recipient_on

PREFIX = "SYNTH-"
SOURCE_ID = "SYNTH-SOURCE"
REGENCIES_PER_PROVINCE = 12
# probability that a source reports each step, by origin; and that a reported step is dated
STEP_REPORTED = {
    "temuan": {"informasi_awal": 0.5, "penelusuran": 0.5, "penetapan_temuan": 0.6, "klarifikasi": 0.4,
               "kajian": 0.6, "pleno": 0.3, "penerusan": 0.7, "tindak_lanjut": 0.1, "sanksi_dijatuhkan": 0.05},
    "laporan": {"penerimaan_laporan": 0.8, "kajian_awal": 0.4, "registrasi": 0.3, "klarifikasi": 0.5,
                "kajian": 0.6, "pleno": 0.3, "penerusan": 0.6, "tindak_lanjut": 0.1, "sanksi_dijatuhkan": 0.05},
}
DATED = 0.35
NOT_OCCURRED = 0.02


def generate(n_cases: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """Cases, events and sources tables (text, like coded data) for ``n_cases`` synthetic cases."""
    rng = np.random.default_rng(seed)
    provinces = codebook.vocabulary("province")["value"].to_numpy()
    ids = np.char.add(PREFIX, np.arange(1, n_cases + 1).astype(str))
    election = rng.choice(["pemilu", "pilkada"], n_cases, p=[0.35, 0.65])
    year = np.where(election == "pemilu", rng.choice([2019, 2024], n_cases), rng.choice([2020, 2024], n_cases))
    origin = rng.choice(["temuan", "laporan", "unknown"], n_cases, p=[0.4, 0.35, 0.25])
    province = rng.choice(provinces, n_cases)
    regency = np.char.add(np.char.add("Kabupaten Sintetis ", province.astype(str)),
                          np.char.add("-", rng.integers(1, REGENCIES_PER_PROVINCE + 1, n_cases).astype(str)))
    start = (pd.Timestamp("2019-01-01") + pd.to_timedelta(rng.integers(0, 6 * 365, n_cases), unit="D"))
    # the recipient in force on the case's first day (the dated parameter), BKN for a start in the handover gap
    recipient = recipient_on(pd.Series(start)).fillna("bkn").to_numpy(dtype=object)
    recipient = np.where(rng.random(n_cases) < 0.1, "not_reported", recipient)
    cases = pd.DataFrame({
        "case_id": ids, "election_type": election, "election_year": year.astype(str), "province": province,
        "regency": regency, "handled_by": "bawaslu_kabkota", "in_scope": "ya", "after_stage": "not_reported", "origin": origin, "violation_forms": "unknown",
        "violation_form_candidates": "not_applicable", "role": "synthetic role", "agency_type": "not_reported",
        "employment": "not_reported", "persons": rng.integers(1, 6, n_cases).astype(str),
        "determination": "not_reported", "recipient": recipient, "recommendation": "not_reported",
        "source_id": SOURCE_ID, "locator": "synthetic", "notes": "synthetic",
    })

    parts = []
    effective = np.where(origin == "unknown", rng.choice(["temuan", "laporan"], n_cases), origin)
    for kind, steps in STEP_REPORTED.items():
        mine = np.flatnonzero(effective == kind)
        offset = np.zeros(len(mine), dtype=int)
        for order, (step, p) in enumerate(steps.items()):
            offset = offset + rng.integers(0, 6, len(mine))  # days since the previous step
            keep = rng.random(len(mine)) < p
            sel = mine[keep]
            if not len(sel):
                continue
            when = start[sel] + pd.to_timedelta(offset[keep], unit="D")
            dated = rng.random(len(sel)) < DATED
            status = np.where(rng.random(len(sel)) < NOT_OCCURRED, "not_occurred", "occurred")
            parts.append(pd.DataFrame({
                "case_id": ids[sel], "step": step, "status": status,
                "date": np.where(dated & (status == "occurred"), when.strftime("%Y-%m-%d"), "not_reported"),
                "_o": order,
            }))
    events = pd.concat(parts, ignore_index=True).sort_values(["case_id", "_o"], kind="stable").drop(columns="_o")
    events.insert(0, "event_id", events["case_id"] + "-" + events["step"])
    events = events.assign(actor="bawaslu_kabkota", source_id=SOURCE_ID, locator="synthetic", notes="synthetic")
    sources = pd.DataFrame([{"source_id": SOURCE_ID, "type": "lainnya", "title": "SYNTHETIC event log (not real data)",
                             "url": "https://example.org/synthetic", "reference": "netralitas_study.synthetic",
                             "published": "not_reported", "published_latest": "not_reported",
                             "published_locator": "", "notes": "synthetic"}])
    return {"cases": cases, "events": events.reset_index(drop=True), "sources": sources}
