"""Time `netralitas-study report` as a student runs it: fresh processes, median/min/max of 5 runs.

Two rows (issue 24's budgets, on a quiet machine):

* ``report data --province Jambi`` on the shipped data: at most 3 s;
* ``report`` on a 5-case workbook (synthetic, written here into a temporary folder, never into
  ``data/``): at most 2 s.

Usage: ``.venv/bin/python benchmarks/report_bench.py [--runs 5]``. Prints a Markdown table. Each run
is a new Python process, so imports and reading are counted as the student waits for them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET = {"jambi": 3.0, "five": 2.0}


def five_case_workbook(path: Path) -> Path:
    """Five synthetic Banten cases (labelled CONTOH / example in the source), written as a coding workbook."""
    import pandas as pd

    from netralitas_study.codebook.template import write_workbook

    ids = [f"BTN-PK24-0{i}" for i in range(1, 6)]
    cases = pd.DataFrame([{
        "case_id": c, "election_type": "pilkada", "election_year": "2024", "province": "36", "regency": "Serang",
        "handled_by": "bawaslu_kabkota", "origin": "temuan" if i % 2 else "laporan",
        "violation_forms": "skb_12_ikut_kampanye", "violation_form_candidates": "not_applicable", "role": "camat",
        "agency_type": "pemerintah_kabkota", "employment": "pns", "persons": "1", "determination": "pelanggaran",
        "recipient": "bkn", "recommendation": "sedang", "source_id": "SRC-CONTOH", "locator": "paragraf 2",
        "notes": "CONTOH / example"} for i, c in enumerate(ids, 1)])
    persons = pd.DataFrame([{
        "person_id": f"{c}-P1", "case_id": c, "unit": "person", "role": "camat", "agency_type": "pemerintah_kabkota",
        "employment": "pns", "determination": "pelanggaran", "recommendation": "sedang", "recommended_by": "bkn",
        "status": "recommended", "sanction_imposed": "not_applicable", "imposed_by": "not_applicable",
        "imposed_date": "not_applicable", "source_id": "SRC-CONTOH", "locator": "paragraf 4", "notes": ""}
        for c in ids])
    events = pd.DataFrame([{
        "event_id": f"{c}-E{k}", "case_id": c, "step": step, "status": "occurred", "date": date,
        "actor": "bawaslu_kabkota", "source_id": "SRC-CONTOH", "locator": "p. 1", "notes": ""}
        for c in ids for k, (step, date) in enumerate((("penetapan_temuan", "2024-10-07"),
                                                        ("penerusan", "2024-10-14")), 1)])
    sources = pd.DataFrame([{"source_id": "SRC-CONTOH", "type": "berita", "title": "CONTOH / example (synthetic)",
                             "url": "https://example.org/contoh", "reference": "", "published": "2024-12-01",
                             "notes": "synthetic benchmark data"}])
    return write_workbook(path, {"cases": cases, "persons": persons, "events": events, "sources": sources})


def timed(args: list[str], runs: int, out: Path) -> list[float]:
    exe = Path(sys.executable).with_name("netralitas-study")
    times = []
    for k in range(runs):
        start = time.perf_counter()
        subprocess.run([str(exe), *args, "-o", str(out / f"r{k}")], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = five_case_workbook(tmp / "five.xlsx")
        rows = [("report data --province Jambi", "jambi", ["report", str(ROOT / "data"), "--province", "Jambi"]),
                ("report five-case workbook", "five", ["report", str(book), "--province", "Banten"])]
        print("| command | runs | median s | min s | max s | budget s |")
        print("|---|---|---|---|---|---|")
        for label, key, args in rows:
            (tmp / key).mkdir()
            t = timed(args, runs, tmp / key)
            print(f"| {label} | {runs} | {statistics.median(t):.2f} | {min(t):.2f} | {max(t):.2f} | {BUDGET[key]:.1f} |")


if __name__ == "__main__":
    main()
