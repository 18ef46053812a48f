"""Benchmarks of the users' paths; writes reports/benchmarks.md (and .csv, .png).

    python benchmarks/run.py [--sizes 10000,100000] [--cli-sizes 10000] [--rounds 5] [--out reports]

Every figure is a fresh process, run ``--rounds`` times (median, min and max quoted), the rows
of one table interleaved round by round so that a drift of the machine's speed hits them all
alike; ratios are taken round by round within this one run. Three parts:

1. *Start-up and the shipped data*: each command as the user types it (``netralitas-study ...``)
   on a one-case folder (its start-up) and on the shipped 219 cases, against
   ``python -c "import pandas"`` measured in the same rounds.
2. *Synthetic national logs* (``maintainers/synthetic.py``; 1,000,000 only when asked): what
   each command calls, in a fresh process (``benchmarks/task.py``) that reads its input from
   Parquet before the clock starts, against the Parquet read itself; the per-case loop and
   PM4Py's token replay on the same log.
3. *The commands end to end on a synthetic folder* (CSV, as a user's folder is read).

Nothing here is a test and nothing asserts a time: figures are printed as they come.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
PY = sys.executable
CLI = str(Path(PY).with_name("netralitas-study"))
ONE = "perbawaslu-7-2022-pemilu"
LOOP_MAX = PM4PY_MAX = 100_000  # the per-case loop and PM4Py take minutes a run above this
GAPS_MAX = 10_000  # gaps takes about 12 ms a case (a per-case loop in evidence/gaps.py): minutes above this
LONG_RUN = 30.0  # a task whose first run takes longer runs 3 rounds, not --rounds
TASKS = ["read_parquet", "compliance:default", f"compliance:{ONE}", "summary", "detail", "gaps", "validate",
         "loop", "pm4py:steps", "pm4py:date"]
COMMANDS = {  # row label: arguments after `netralitas-study`, {data} the folder, {out} a scratch folder
    "validate": ["validate", "{data}"], "compliance": ["compliance", "{data}"],
    "compliance --summary": ["compliance", "{data}", "--summary"],
    "compliance --detail": ["compliance", "{data}", "--detail"], "gaps": ["gaps", "{data}"],
    "report": ["report", "{data}", "--province", "{province}", "-o", "{out}"], "procedures": ["procedures"]}


def timed(argv: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB, from the kernel's accounting of the finished child) and exit code."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - start, usage.ru_maxrss / 1024, proc.returncode


def rounds(rows: dict[str, list[str]], n: int, reference: str | None = None, label: str = "") -> pd.DataFrame:
    """Each command of ``rows`` run ``n`` times, interleaved (one warm-up round first, not counted)."""
    got: dict[str, list[tuple[float, float, int]]] = {k: [] for k in rows}
    for r in range(n + 1):
        for k, argv in rows.items():
            t = timed(argv)
            if r:
                got[k].append(t)
    out = []
    for k, runs in got.items():
        secs = pd.Series([t for t, _, _ in runs])
        row = {"part": label, "row": k, "median_s": secs.median(), "min_s": secs.min(), "max_s": secs.max(),
               "rounds": len(runs), "peak_mb": max(m for _, m, _ in runs), "exit": max(c for _, _, c in runs)}
        if reference is not None:
            ref = pd.Series([t for t, _, _ in got[reference]])
            row["x_import_pandas"] = (secs / ref).median()
        out.append(row)
        print(f"{label:<12} {k:<44} median {row['median_s']:7.3f} s  [{row['min_s']:.3f}, {row['max_s']:.3f}]"
              + (f"  {row['x_import_pandas']:5.2f}x import pandas" if reference else "") + f"  exit {row['exit']}",
              flush=True)
    return pd.DataFrame(out)


def one_case_folder(folder: Path) -> Path:
    """The shipped data cut to its first case (with its events and persons, all sources): start-up input."""
    from netralitas_study import codebook
    from netralitas_study.codebook.package import DEFAULT_DATA, write_descriptor

    folder.mkdir(parents=True, exist_ok=True)
    cases = pd.read_csv(Path(DEFAULT_DATA) / "cases.csv", dtype=str, keep_default_na=False)
    keep = cases["case_id"].iloc[:1]
    for t in codebook.TABLES:
        src = Path(DEFAULT_DATA) / f"{t}.csv"
        if src.exists():
            df = pd.read_csv(src, dtype=str, keep_default_na=False)
            if "case_id" in df.columns:
                df = df[df["case_id"].isin(keep)]
            df.to_csv(folder / f"{t}.csv", index=False)
    write_descriptor(folder, [t for t in codebook.TABLES if (folder / f"{t}.csv").exists()])
    return folder


def command_rows(data: Path, scratch: Path, province: str) -> dict[str, list[str]]:
    return {k: [CLI, *[a.format(data=data, out=scratch / k.replace(" ", ""), province=province) for a in args]]
            for k, args in COMMANDS.items()}


def part_startup(n: int, cache: Path) -> pd.DataFrame:
    from netralitas_study.codebook.package import DEFAULT_DATA

    tiny = one_case_folder(cache / "one-case")
    province = pd.read_csv(tiny / "cases.csv", dtype=str)["province"].iloc[0]
    rows = {"python -c 'import pandas'": [PY, "-c", "import pandas"], "python -c 'pass'": [PY, "-c", "pass"]}
    rows |= {f"start-up: {k} (1 case)": v for k, v in command_rows(tiny, cache / "out1", province).items()}
    rows |= {f"{k} (shipped, 219 cases)": v for k, v in command_rows(Path(DEFAULT_DATA), cache / "out2", "15").items()}
    return rounds(rows, n, reference="python -c 'import pandas'", label="219 cases")


def synthetic(n: int, cache: Path) -> Path:
    """The synthetic log of ``n`` cases as Parquet (text and typed) and as a CSV folder, written once."""
    folder = cache / f"synthetic-{n}"
    if not (folder / "done").exists():
        code = ("import sys; from pathlib import Path\n"
                "from netralitas_study.maintainers import synthetic\n"
                "from netralitas_study.validate import loader\n"
                "from netralitas_study.codebook.package import write_descriptor\n"
                f"f = Path({str(folder)!r}); (f / 'csv').mkdir(parents=True, exist_ok=True)\n"
                f"data = synthetic.generate({n})\n"
                "[df.to_parquet(f / f'{t}.text.parquet') for t, df in data.items()]\n"
                "[df.to_parquet(f / f'{t}.typed.parquet') for t, df in loader.typed(data).items()]\n"
                f"if {n} <= 100_000:\n"
                "    [df.to_csv(f / 'csv' / f'{t}.csv', index=False) for t, df in data.items()]\n"
                "    write_descriptor(f / 'csv', list(data))\n"
                "(f / 'done').touch()\n")
        subprocess.run([PY, "-c", code], check=True)
    return folder


def part_synthetic(sizes: list[int], n: int, cache: Path, pm4py: bool) -> tuple[pd.DataFrame, list[dict]]:
    frames, reconciled = [], []
    for size in sizes:
        folder = synthetic(size, cache)
        tasks = [t for t in TASKS if not (t == "loop" and size > LOOP_MAX) and not (t == "gaps" and size > GAPS_MAX)
                 and not (t.startswith("pm4py") and (not pm4py or size > PM4PY_MAX))]
        runs: dict[str, list[dict]] = {t: [] for t in tasks}
        for r in range(n):
            for t in tasks:
                if r >= 3 and runs[t] and runs[t][0]["seconds"] > LONG_RUN:
                    continue
                out = subprocess.run([PY, str(ROOT / "benchmarks" / "task.py"), t, str(folder)],
                                     capture_output=True, text=True, check=True)
                runs[t].append(json.loads(out.stdout.strip().splitlines()[-1]))
        read = pd.Series([x["seconds"] for x in runs["read_parquet"]])
        for t, got in runs.items():
            secs = pd.Series([x["seconds"] for x in got])
            row = {"part": f"{size:,} cases", "row": t, "cases": size, "median_s": secs.median(), "min_s": secs.min(),
                   "max_s": secs.max(), "rounds": len(got), "peak_mb": max(x["peak_mb"] for x in got),
                   "x_read_parquet": secs.median() / read.median(), "found": json.dumps(got[0]["found"])}
            frames.append(row)
            print(f"{size:>9,} cases  {t:<32} median {row['median_s']:8.3f} s  [{row['min_s']:.3f}, "
                  f"{row['max_s']:.3f}] x{len(got)}  {row['x_read_parquet']:6.2f}x read  peak {row['peak_mb']:6.0f} MB"
                  f"  {row['found']}", flush=True)
        if pm4py and size <= PM4PY_MAX:
            reconciled += reconcile(folder)
    return pd.DataFrame(frames), reconciled


def reconcile(folder: Path) -> list[dict]:
    """PM4Py's fits against the engine's step checks, case for case, for both orders (untimed)."""
    code = ("import json, sys; import pandas as pd\n"
            f"sys.path.insert(0, {str(ROOT / 'benchmarks')!r})\n"
            "from pm4py_tree import reconcile\n"
            "from netralitas_study.norms.procedures import load_procedure\n"
            f"d = {{t: pd.read_parquet({str(folder)!r} + f'/{{t}}.typed.parquet') for t in ('cases', 'events')}}\n"
            f"print(json.dumps([reconcile(d['cases'], d['events'], load_procedure({ONE!r}), o) "
            "for o in ('steps', 'date')]))\n")
    out = subprocess.run([PY, "-c", code], capture_output=True, text=True, check=True)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    for g in got:
        print(f"reconciled ({folder.name}): {g}", flush=True)
    return [{"log": folder.name, **g} for g in got]


def part_cli(sizes: list[int], n: int, cache: Path) -> pd.DataFrame:
    frames = []
    for size in sizes:
        folder = synthetic(size, cache) / "csv"
        rows = {k: v for k, v in command_rows(folder, cache / f"out-{size}", "0").items()
                if k not in ("report", "procedures") and not (k == "gaps" and size > GAPS_MAX // 5)}
        rows = {"python -c 'import pandas'": [PY, "-c", "import pandas"], **rows}
        frames.append(rounds(rows, n, reference="python -c 'import pandas'", label=f"{size:,} CSV").assign(cases=size))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def main() -> None:
    from report_md import write_report

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="synthetic sizes (add 1000000 for the slow run)")
    parser.add_argument("--cli-sizes", default="10000", help="synthetic sizes the commands read end to end (CSV)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--out", default=str(ROOT / "reports"))
    parser.add_argument("--skip-startup", action="store_true")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    cli_sizes = [int(s) for s in args.cli_sizes.split(",") if s]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    import importlib.util

    pm4py = importlib.util.find_spec("pm4py") is not None
    cache = Path(tempfile.mkdtemp(prefix="netralitas-bench-"))
    try:
        startup = pd.DataFrame() if args.skip_startup else part_startup(args.rounds, cache)
        synth, reconciled = part_synthetic(sizes, args.rounds, cache, pm4py)
        cli = part_cli(cli_sizes, args.rounds, cache)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    pd.concat([startup, synth, cli], ignore_index=True).to_csv(out / "benchmarks.csv", index=False,
                                                               float_format="%.4f")
    write_report(out, startup, synth, cli, reconciled, args.rounds, pm4py)
    print(f"wrote {out / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
