"""reports/benchmarks.md from the figures of one ``run.py`` run: goals first, then every row."""

from __future__ import annotations

import os
import platform
from pathlib import Path

import pandas as pd

ONE = "perbawaslu-7-2022-pemilu"
STARTUP_GOAL = 1.5  # x import pandas, each command's start-up and validate/compliance on the shipped data
READ_GOAL = {100_000: 2.0, 1_000_000: 1.5}  # compliance (default norm choice) / Parquet read
MEMORY_GOAL_MB = 1536  # peak RSS of the default norm choice at 1,000,000 cases
PM4PY_GOAL, LOOP_GOAL = 50.0, 100.0  # x compliance (one procedure) at 100,000 cases


def _table(df: pd.DataFrame, digits: int = 3) -> str:
    """A Markdown pipe table (no extra dependency)."""
    def fmt(v):
        if isinstance(v, float):
            return "" if pd.isna(v) else f"{v:,.{digits}f}"
        return str(v)
    lines = ["| " + " | ".join(map(str, df.columns)) + " |", "|" + "---|" * len(df.columns)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in df.itertuples(index=False)]
    return "\n".join(lines)


def goals(startup: pd.DataFrame, synth: pd.DataFrame) -> pd.DataFrame:
    """One row per goal of issue 25: the figure measured in this run and whether it meets the goal."""
    rows = []

    def add(goal: str, value: float, ok: bool | None, where: str) -> None:
        rows.append({"goal": goal, "measured": value, "where": where,
                     "met": "not measured" if ok is None or pd.isna(value) else ("yes" if ok else "no")})

    if not startup.empty:
        s = startup.set_index("row")
        for r in s.index[s.index.str.startswith("start-up: ")]:
            add(f"{r[len('start-up: '):]} start-up <= {STARTUP_GOAL}x import pandas", s.at[r, "x_import_pandas"],
                s.at[r, "x_import_pandas"] <= STARTUP_GOAL, "one-case folder")
        for cmd in ("validate", "compliance"):
            r = f"{cmd} (shipped, 219 cases)"
            add(f"{cmd} data end to end <= {STARTUP_GOAL}x import pandas", s.at[r, "x_import_pandas"],
                s.at[r, "x_import_pandas"] <= STARTUP_GOAL, "shipped data")
    for n, goal in READ_GOAL.items():
        at = synth[synth["cases"].eq(n)].set_index("row") if not synth.empty else pd.DataFrame()
        v = at.at["compliance:default", "x_read_parquet"] if "compliance:default" in at.index else float("nan")
        add(f"compliance (default norm choice) <= {goal}x the Parquet read", v, v <= goal, f"{n:,} cases")
    at = synth[synth["cases"].eq(1_000_000)].set_index("row") if not synth.empty else pd.DataFrame()
    v = at.at["compliance:default", "peak_mb"] if "compliance:default" in at.index else float("nan")
    add(f"peak RSS of the default norm choice <= {MEMORY_GOAL_MB} MB", v, v <= MEMORY_GOAL_MB, "1,000,000 cases")
    at = synth[synth["cases"].eq(100_000)].set_index("row") if not synth.empty else pd.DataFrame()
    comp = at.at[f"compliance:{ONE}", "median_s"] if f"compliance:{ONE}" in at.index else float("nan")
    for task, goal, text in (("pm4py:steps", PM4PY_GOAL, "PM4Py token replay (fair log)"),
                             ("loop", LOOP_GOAL, "per-case loop")):
        v = at.at[task, "median_s"] / comp if task in at.index else float("nan")
        add(f"{text} >= {goal:.0f}x slower than compliance ({ONE})", v, v >= goal, "100,000 cases")
    return pd.DataFrame(rows)


def write_report(out: Path, startup: pd.DataFrame, synth: pd.DataFrame, cli: pd.DataFrame,
                 reconciled: list[dict], rounds: int, pm4py: bool) -> None:
    load = os.getloadavg()
    cols = ["row", "median_s", "min_s", "max_s", "rounds", "peak_mb"]
    lines = [
        "# Benchmarks / Tolok ukur",
        "",
        "Written by `make bench` (`benchmarks/run.py`). Every figure is a fresh process run "
        f"{rounds} times (median, min, max; one uncounted warm-up round for the commands), the rows of a",
        "table interleaved round by round; ratios are taken round by round in this one run. Synthetic logs",
        "come from `netralitas_study.maintainers.synthetic` (seeded, labelled synthetic, never in `data/`).",
        "",
        f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} when "
        f"written (the cores are shared: absolute times are noisy, ratios less so); Python "
        f"{platform.python_version()}, pandas {pd.__version__}.",
        "",
        "## Goals / Sasaran",
        "",
        _table(goals(startup, synth), 2),
        "",
    ]
    if not startup.empty:
        lines += ["## Start-up and the shipped data (fresh `netralitas-study` processes)", "",
                  "*Start-up* is the command on a one-case folder (the shipped data cut to its first case):",
                  "imports, reading, the calendar, one case. The shipped rows read the 219 cases of `data/`.",
                  "", _table(startup[cols + ["x_import_pandas", "exit"]]), ""]
    if not synth.empty:
        lines += ["## Synthetic national logs: what each command calls, in a fresh process", "",
                  "Each task reads its input from Parquet before the clock starts (`benchmarks/task.py`);",
                  "`read_parquet` is that read of the typed cases and events, timed. `compliance:default` is",
                  "what `compliance` runs (each case under its norm in force), `compliance:" + ONE + "` one",
                  "procedure for every case (the loop's and PM4Py's norm), `summary` and `detail` the two",
                  "options, `gaps` the items and documents, `validate` the checks of the text tables. A task",
                  "whose first run took over 30 s ran 3 rounds. Peak memory is the process's max RSS. `gaps`",
                  "runs up to 10,000 cases only (about 12 ms a case: a per-case loop), and end to end on a",
                  "folder up to 2,000; the per-case loop and PM4Py up to 100,000.", ""]
        for part, g in synth.groupby("cases", sort=True):
            lines += [f"### {part:,} cases", "", _table(g[cols + ["x_read_parquet", "found"]]), ""]
    lines += pm4py_section(synth, reconciled, pm4py)
    if not cli.empty:
        lines += ["## The commands end to end on a synthetic folder (CSV, read and validated as a user's)", "",
                  _table(cli[["part"] + cols + ["x_import_pandas", "exit"]]), ""]
    (out / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")


def pm4py_section(synth: pd.DataFrame, reconciled: list[dict], pm4py: bool) -> list[str]:
    if not pm4py:
        return ["## PM4Py", "", "Not measured: pm4py is not installed (`pip install -e '.[bench]'`, AGPL, benchmarks "
                "only).", ""]
    lines = ["## PM4Py token-based replay, on a fair log", "",
             f"The process tree is derived from `{ONE}` (`benchmarks/pm4py_tree.py`); its replay checks",
             "that each required step is present and in the tree's order, nothing else (no deadlines, no",
             "recipient, no difference between not reported, planned and stated not done).",
             "",
             "Two logs are replayed. **steps** (the fair one, what a process miner would be given): dated steps",
             "by date, each undated step where the procedure's order puts it (after the latest-dated step",
             "before it in that order). **date**: the export's default, undated steps last, so a required",
             "undated step falls after later dated ones and the trace does not fit although the steps were done",
             "in order as far as the sources say. Timed: PM4Py's `format_dataframe`, the Petri net, the replay.",
             ""]
    for r in synth[synth["row"].str.startswith("pm4py:")].itertuples():
        comp = synth[synth["cases"].eq(r.cases) & synth["row"].eq(f"compliance:{ONE}")]["median_s"].iloc[0]
        lines.append(f"- {r.cases:,} cases, log `{r.row.split(':')[1]}`: median {r.median_s:.2f} s, "
                     f"{r.median_s / comp:.0f}x compliance's {comp:.3f} s ({ONE}, same run); {r.found}")
    if reconciled:
        lines += ["", "Trace count and fits, case for case against the engine's step checks (a case fits there "
                  "when every required step check passes and no order check fails). A case with no step done "
                  "has no event in the log, so it is no trace; a trace whose steps are all outside the model "
                  "is replayed and does not fit.", "", _table(pd.DataFrame(reconciled), 0)]
    return lines + [""]
