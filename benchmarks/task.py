"""One benchmark task, timed once in this fresh process: ``python benchmarks/task.py TASK FOLDER``.

The input is read from the Parquet files of FOLDER (written by ``run.py``) before the clock
starts, except for ``read_parquet``, whose work is the read. Prints one JSON line: the task's
seconds, this process's peak memory (max RSS, MB, reading included) and what the task found.
Users' paths call exactly what the command calls (``cli.py``): the default norm choice is each
case under its norm in force (``procedure=None``).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

ONE_PROCEDURE = "perbawaslu-7-2022-pemilu"
"""The procedure of the one-procedure rows, the per-case loop and the PM4Py tree."""


def _read(folder: Path, kind: str, tables=("cases", "events", "persons")) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(folder / f"{t}.{kind}.parquet") for t in tables if (folder / f"{t}.{kind}.parquet").exists()}


def prepare(name: str, folder: Path) -> tuple[dict, dict]:
    """The task's input, read before timing, and anything else it needs prepared."""
    if name == "read_parquet":
        return {}, {}
    if name == "validate":
        return _read(folder, "text", ("cases", "events", "persons", "sources")), {}
    data = _read(folder, "typed")
    extra: dict = {}
    if name.startswith("pm4py:"):
        import pm4py
        from pm4py_tree import process_tree, replay_log

        from netralitas_study.norms.procedures import load_procedure

        extra["log"] = replay_log(data["events"], order=name.split(":", 1)[1])
        extra["tree"] = process_tree(load_procedure(ONE_PROCEDURE))
        pm4py.parse_process_tree(extra["tree"])  # its imports, not the replay
    if name == "loop":
        from netralitas_study.norms.procedures import load_procedure

        extra["procedure"] = load_procedure(ONE_PROCEDURE)
    from netralitas_study.norms.workdays import holiday_dates

    holiday_dates()  # the calendar is start-up, timed in the command rows
    return data, extra


def run(name: str, folder: Path, data: dict, extra: dict) -> dict:
    """Do the task once; what it found (row counts, fits), for the report."""
    cases, events, persons = data.get("cases"), data.get("events"), data.get("persons")
    if name == "read_parquet":
        got = _read(folder, "typed", ("cases", "events"))
        return {"rows": sum(len(df) for df in got.values())}
    if name == "validate":
        from netralitas_study.validate.rules import validate_tables

        return {"problems": len(validate_tables(data))}
    if name in ("compliance:default", f"compliance:{ONE_PROCEDURE}"):
        from netralitas_study.evidence.inference import judge

        procedure = None if name.endswith(":default") else ONE_PROCEDURE
        return {"cases": len(judge(cases, events, persons, procedure, "stated", None))}
    if name == "summary":
        from netralitas_study.evidence.bounds import verdict_bounds
        from netralitas_study.evidence.inference import judge

        return {"rows": len(verdict_bounds(judge(cases, events, persons, None, "stated", None), cases, None))}
    if name == "detail":
        from netralitas_study.conformance.engine import compliance_checks

        return {"checks": len(compliance_checks(cases, events, None))}
    if name == "gaps":
        from netralitas_study.evidence.gaps import case_items, province_documents

        items = case_items(cases, events, persons, None, "stated")
        return {"items": len(items), "documents": len(province_documents(items))}
    if name == "loop":
        from baseline import verdicts

        return {"cases": len(verdicts(cases, events, extra["procedure"]))}
    if name.startswith("pm4py:"):
        import pm4py

        df = pm4py.format_dataframe(extra["log"], case_id="case:concept:name", activity_key="concept:name",
                                    timestamp_key="time:timestamp")
        net, im, fm = pm4py.convert_to_petri_net(pm4py.parse_process_tree(extra["tree"]))
        replayed = pm4py.conformance_diagnostics_token_based_replay(df, net, im, fm,
                                                                     opt_parameters={"show_progress_bar": False})
        return {"traces": len(replayed), "fit": sum(bool(r["trace_is_fit"]) for r in replayed)}
    raise SystemExit(f"unknown task {name!r}")


def main() -> None:
    name, folder = sys.argv[1], Path(sys.argv[2])
    data, extra = prepare(name, folder)
    start = time.perf_counter()
    found = run(name, folder, data, extra)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak, "found": found}))


if __name__ == "__main__":
    main()
