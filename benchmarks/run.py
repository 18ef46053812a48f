"""Benchmarks on synthetic national event logs; writes reports/benchmarks.md and a log-log plot.

    python benchmarks/run.py [--sizes 1000,10000,100000,1000000] [--out reports]

Each measurement runs in a fresh forked process, so that its peak memory (max RSS) is its
own: the synthetic log is generated there first (untimed), then the task is timed. Figures
are printed as they come; nothing here is a test and nothing asserts a time.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing as mp
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

PROCEDURES = ["perbawaslu-7-2022-pemilu", "uu-10-2016-pilkada", "adjudication-route"]
LOOP_MAX = 100_000  # the per-case loop is not run above this (it would take many minutes)
REPORT_MAX = 100_000  # the province report needs the province's data written as CSV


def _task(name: str, n: int, conn) -> None:
    from netralitas_study import compliance, synthetic
    from netralitas_study.validation import validate_tables

    data = synthetic.generate(n)
    cases, events = data["cases"], data["events"]
    prepared = {}
    if name == "aggregation":
        prepared["result"] = compliance.compliance(cases, events, PROCEDURES[0])
    if name in ("read_parquet", "read_csv", "pandas_read_all"):
        tmp = Path(tempfile.mkdtemp())
        events.to_parquet(tmp / "events.parquet")
        for t, df in data.items():
            df.to_csv(tmp / f"{t}.csv", index=False)
        prepared["tmp"] = tmp
    if name == "province_report":
        tmp = Path(tempfile.mkdtemp())
        province = cases["province"].mode().iloc[0]
        sub = cases[cases["province"].eq(province)]
        data["cases"], data["events"] = sub, events[events["case_id"].isin(sub["case_id"])]
        for t, df in data.items():
            df.to_csv(tmp / f"{t}.csv", index=False)
        prepared.update(tmp=tmp, province=province)
    if name.startswith("pm4py"):
        import pm4py  # noqa: F401  (optional; the caller checked it is installed)
    # warm: one-off costs (imports, the holiday calendar) are reported separately, not per task
    import statsmodels.stats.proportion  # noqa: F401

    from netralitas_study.workdays import holiday_dates

    holiday_dates()

    start = time.perf_counter()
    if name == "generate":
        synthetic.generate(n)
    elif name == "validation":
        validate_tables(data)
    elif name.startswith("compliance:"):
        compliance.compliance(cases, events, name.split(":", 1)[1])
    elif name.startswith("loop:"):
        from baseline import verdicts

        from netralitas_study.procedures import load_procedure

        verdicts(cases, events, load_procedure(name.split(":", 1)[1]))
    elif name == "aggregation":
        compliance.summarise(prepared["result"], cases, by=["province", "election_type"])
    elif name == "read_parquet":
        pd.read_parquet(prepared["tmp"] / "events.parquet")
    elif name == "read_csv":
        pd.read_csv(prepared["tmp"] / "events.csv", dtype=str, keep_default_na=False)
    elif name == "pandas_read_all":
        for t in data:
            pd.read_csv(prepared["tmp"] / f"{t}.csv", dtype=str, keep_default_na=False)
    elif name == "province_report":
        from netralitas_study.report import execute_notebook

        execute_notebook(ROOT / "notebooks" / "04-province-report.ipynb", cwd=ROOT,
                         parameters={"data": str(prepared["tmp"]), "province": prepared["province"],
                                     "procedure": None, "out_dir": None})
    elif name.startswith("pm4py"):
        _pm4py_replay(events)
    seconds = time.perf_counter() - start
    conn.send((seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    conn.close()


def _pm4py_replay(events: pd.DataFrame) -> None:
    import pm4py

    log = events[events["status"].eq("occurred") & events["date"].ne("not_reported")]
    log = pm4py.format_dataframe(log.assign(ts=pd.to_datetime(log["date"])), case_id="case_id",
                                 activity_key="step", timestamp_key="ts")
    tree = pm4py.parse_process_tree("->('kajian', 'penerusan')")
    net, im, fm = pm4py.convert_to_petri_net(tree)
    pm4py.conformance_diagnostics_token_based_replay(log, net, im, fm)


def measure(name: str, n: int) -> tuple[float, float]:
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_task, args=(name, n, child))
    proc.start()
    seconds, peak = parent.recv()
    proc.join()
    return seconds, peak


def import_time(module: str, repeats: int = 5) -> float:
    """Best wall time of a fresh interpreter importing ``module``, less the bare interpreter's start."""
    def run(code):
        best = float("inf")
        for _ in range(repeats):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            best = min(best, time.perf_counter() - t)
        return best
    return run(f"import {module}") - run("pass")


def _pm4py_installed() -> bool:
    try:
        import importlib.util

        return importlib.util.find_spec("pm4py") is not None
    except ImportError:
        return False


def run(sizes: list[int]) -> pd.DataFrame:
    tasks = ["generate", "validation", "pandas_read_all", *[f"compliance:{p}" for p in PROCEDURES],
             f"loop:{PROCEDURES[0]}", "aggregation", "read_parquet", "read_csv", "province_report"]
    if _pm4py_installed():
        tasks.append("pm4py_token_replay")
    rows = []
    for n in sizes:
        for name in tasks:
            if name.startswith("loop:") and n > LOOP_MAX or name == "province_report" and n > REPORT_MAX * 10:
                rows.append({"cases": n, "task": name, "seconds": float("nan"), "peak_mb": float("nan"),
                             "note": "not run at this size"})
                continue
            seconds, peak = measure(name, n)
            rows.append({"cases": n, "task": name, "seconds": seconds, "peak_mb": peak, "note": ""})
            print(f"{n:>9,} cases  {name:<38} {seconds:9.3f} s  peak {peak:8.0f} MB", flush=True)
    return pd.DataFrame(rows)


def targets(results: pd.DataFrame, imports: dict[str, float], n: int = 100_000) -> pd.DataFrame:
    at = results[results["cases"].eq(n)].set_index("task")
    if at.empty:
        return pd.DataFrame()
    sec = at["seconds"]
    comp = sec[[f"compliance:{p}" for p in PROCEDURES]].max()
    loop = sec.get(f"loop:{PROCEDURES[0]}", float("nan"))
    rows = [
        ("compliance vs per-case loop (speed-up, slowest procedure)", loop / comp, ">= 50x", loop / comp >= 50),
        ("compliance / Parquet read of the same log", comp / sec["read_parquet"], "<= 3x", comp / sec["read_parquet"] <= 3),
        ("peak memory of compliance (MB)", at.loc[[f"compliance:{p}" for p in PROCEDURES], "peak_mb"].max(),
         "<= 1536 MB", at.loc[[f"compliance:{p}" for p in PROCEDURES], "peak_mb"].max() <= 1536),
        ("import netralitas_study / import pandas", imports["netralitas_study"] / imports["pandas"], "<= 1.5x",
         imports["netralitas_study"] / imports["pandas"] <= 1.5),
        ("validation / pandas reading the same tables", sec["validation"] / sec["pandas_read_all"], "<= 2x",
         sec["validation"] / sec["pandas_read_all"] <= 2),
    ]
    return pd.DataFrame(rows, columns=["target", "measured", "goal", "met"]).assign(cases=n)


GAP_CAUSES = {
    "compliance vs per-case loop (speed-up, slowest procedure)":
        "the loop is already helped by numpy's busday_count; the vectorised engine's fixed costs (building the "
        "case x step state, one check row per case and rule) dominate at small sizes",
    "compliance / Parquet read of the same log":
        "compliance materialises one row per check (about 7 per case, with text details) and a reason text per "
        "case; reading Parquet only decodes columns. Dropping the per-check detail strings would close much of "
        "the gap, at the cost of the readable reasons users rely on",
    "peak memory of compliance (MB)": "the per-check table and per-case reason strings are held in memory at once",
    "import netralitas_study / import pandas": "the package imports pandas only where needed; see the table",
    "validation / pandas reading the same tables":
        "the personal-data scan runs regular expressions over every text cell, and every field is checked "
        "separately (type, vocabulary, pattern, uniqueness, references)",
}


def plot(results: pd.DataFrame, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), layout="constrained")
    colours = plt.get_cmap("tab20").colors
    for k, (task, g) in enumerate(results.dropna(subset=["seconds"]).groupby("task")):
        ax.plot(g["cases"], g["seconds"], marker="osD^v<>p*hX"[k % 11], color=colours[(2 * k) % 20 + (k >= 10)],
                label=task)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("Kasus sintetis / synthetic cases")
    ax.set_ylabel("Detik / seconds")
    ax.set_title("Waktu terhadap jumlah kasus / Time against cases (log-log)")
    ax.legend(fontsize=7, ncols=2)
    with matplotlib.rc_context({"svg.hashsalt": "bench"}):
        fig.savefig(path, dpi=120, metadata={"Software": None})


def write_markdown(results: pd.DataFrame, tgt: pd.DataFrame, imports: dict[str, float], path: Path) -> None:
    import platform

    wide = results.pivot(index="task", columns="cases", values="seconds")
    mem = results.pivot(index="task", columns="cases", values="peak_mb")
    lines = [
        "# Benchmarks / Tolok ukur",
        "",
        "Written by `make bench` (`benchmarks/run.py`) on synthetic national event logs generated by",
        "`netralitas_study.synthetic` (seeded; labelled synthetic; never written into `data/`). Each figure",
        "is one run in a fresh process; peak memory is that process's max RSS, generation included.",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, pandas {pd.__version__}.",
        "",
        "## Time (seconds)",
        "",
        _table(wide, 3),
        "",
        "## Peak memory (MB)",
        "",
        _table(mem, 0),
        "",
        f"Import time (fresh interpreter, best of 5): netralitas_study {imports['netralitas_study']:.3f} s, "
        f"netralitas_study.compliance {imports['netralitas_study.compliance']:.3f} s, pandas {imports['pandas']:.3f} s.",
        "",
        "## Targets at 100,000 cases",
        "",
        _table(tgt.set_index("target"), 2) if not tgt.empty else "(100,000 cases not measured in this run)",
        "",
        *([f"**Gap: {t}.** Cause: {GAP_CAUSES[t]}." for t in tgt.loc[~tgt["met"], "target"]] if not tgt.empty else []),
        "",
        "![time against cases](benchmarks.png)",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _table(df: pd.DataFrame, digits: int) -> str:
    """A Markdown pipe table (no extra dependency)."""
    def fmt(v):
        if isinstance(v, float):
            return "" if pd.isna(v) else f"{v:,.{digits}f}"
        return str(v)
    header = [str(df.index.name or "")] + [f"{c:,}" if isinstance(c, int) else str(c) for c in df.columns]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for idx, row in df.iterrows():
        lines.append("| " + " | ".join([str(idx)] + [fmt(v) for v in row]) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--out", default=str(ROOT / "reports"))
    parser.add_argument("--replot", action="store_true", help="only redraw the plot from OUT/benchmarks.csv")
    args = parser.parse_args()
    if args.replot:
        plot(pd.read_csv(Path(args.out) / "benchmarks.csv"), Path(args.out) / "benchmarks.png")
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    imports = {m: import_time(m) for m in ("pandas", "netralitas_study", "netralitas_study.compliance")}
    print(f"import times: {imports}", flush=True)
    results = run(sizes)
    tgt = targets(results, imports)
    results.to_csv(out / "benchmarks.csv", index=False, float_format="%.4f")
    plot(results, out / "benchmarks.png")
    write_markdown(results, tgt, imports, out / "benchmarks.md")
    print(tgt.to_string(index=False) if not tgt.empty else "", flush=True)
    print(f"wrote {out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
