"""Intercoder reliability: Krippendorff's alpha per coded variable, with a bootstrap interval.

Alpha is computed from the coincidence matrix (Krippendorff 2004, ch. 11): nominal for
categorical codes, ordinal where the codebook orders the categories (the sanction tier).
For nominal variables the missing codes count as codes (choosing 'unknown' over
'not_reported' is a coding decision); for ordinal ones they are left out, as they have no
place on the scale. Thresholds: alpha >= 0.800 to rely on a variable, 0.667-0.800 for
tentative conclusions only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netralitas_study import codebook

RELIABLE, TENTATIVE = 0.800, 0.667
BOOTSTRAP = 1000
SEED = 20241127


def _coincidences(values: np.ndarray, categories: list) -> np.ndarray:
    """Coincidence matrix of a units x coders array (None = no value)."""
    index = {c: i for i, c in enumerate(categories)}
    o = np.zeros((len(categories), len(categories)))
    for unit in values:
        vals = [index[v] for v in unit if v is not None]
        m = len(vals)
        if m < 2:
            continue
        for a in range(m):
            for b in range(m):
                if a != b:
                    o[vals[a], vals[b]] += 1 / (m - 1)
    return o


def _delta(categories: list, n_c: np.ndarray, level: str) -> np.ndarray:
    k = len(categories)
    if level == "nominal":
        return 1.0 - np.eye(k)
    if level == "ordinal":
        d = np.zeros((k, k))
        for c in range(k):
            for j in range(k):
                lo, hi = min(c, j), max(c, j)
                d[c, j] = (n_c[lo:hi + 1].sum() - (n_c[c] + n_c[j]) / 2) ** 2
        return d
    raise ValueError(f"level must be 'nominal' or 'ordinal', not {level!r}")


def alpha(values: np.ndarray, level: str = "nominal", order: list | None = None) -> float:
    """Krippendorff's alpha of a units x coders array of codes (None where a coder gave none).

    ``order`` lists the categories in scale order (required for 'ordinal').
    """
    present = [v for v in np.ravel(values) if v is not None]
    categories = list(order) if order is not None else sorted(set(present), key=str)
    o = _coincidences(values, categories)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return float("nan")
    d = _delta(categories, n_c, level)
    observed = (o * d).sum()
    expected = (np.outer(n_c, n_c) * d).sum() / (n - 1)
    if expected == 0:
        return 1.0 if observed == 0 else float("nan")  # no variation: agreement is trivially perfect
    return float(1 - observed / expected)


def bootstrap_interval(values: np.ndarray, level: str, order: list | None, n_boot: int = BOOTSTRAP,
                       seed: int = SEED) -> tuple[float, float]:
    """Percentile 95% interval of alpha over units resampled with replacement (seeded)."""
    rng = np.random.default_rng(seed)
    stats = []
    for _ in range(n_boot):
        sample = values[rng.integers(0, len(values), len(values))]
        a = alpha(sample, level, order)
        if not np.isnan(a):
            stats.append(a)
    if not stats:
        return float("nan"), float("nan")
    lo, hi = np.percentile(stats, [2.5, 97.5])
    return float(lo), float(hi)


def verdict(a: float) -> str:
    """Reading of an alpha against Krippendorff's thresholds."""
    if np.isnan(a):
        return "not computable"
    if a >= RELIABLE:
        return "reliable (>= 0.800)"
    if a >= TENTATIVE:
        return "tentative (0.667-0.800)"
    return "unreliable (< 0.667)"


def variables(table: str = "cases") -> list[dict]:
    """The coded variables of ``table`` that reliability is computed for: those with a vocabulary."""
    skip = {"source_id"}
    return [f for f in codebook.fields(table) if f.get("vocabulary") and f["name"] not in skip]


def compare_coders(a: pd.DataFrame, b: pd.DataFrame, table: str = "cases",
                   n_boot: int = BOOTSTRAP) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Alpha per variable for two coders' versions of ``table``, and every disagreement.

    Units are the rows whose id both coders coded; ids only one coder has are reported as
    disagreements of kind 'unit coded by one coder only'.
    """
    key = codebook.codebook()["tables"][table]["primaryKey"][0]
    a, b = a.set_index(key), b.set_index(key)
    shared = [i for i in a.index if i in b.index]
    missing = set(codebook.missing_codes())
    rows, disagreements = [], []
    for only, coder in ((set(a.index) - set(b.index), "A"), (set(b.index) - set(a.index), "B")):
        for unit in sorted(only):
            disagreements.append({"table": table, "id": unit, "variable": "(unit)", "coder_a": coder == "A",
                                  "coder_b": coder == "B", "note": "unit coded by one coder only"})
    for f in variables(table):
        name = f["name"]
        if name not in a.columns or name not in b.columns:
            continue
        level = "ordinal" if f.get("ordinal") else "nominal"
        order = None
        pairs = []
        for unit in shared:
            va, vb = str(a.at[unit, name]), str(b.at[unit, name])
            va, vb = (va or None), (vb or None)
            if level == "ordinal":
                va = None if va in missing else va
                vb = None if vb in missing else vb
            pairs.append([va, vb])
            if va != vb:
                disagreements.append({"table": table, "id": unit, "variable": name, "coder_a": va, "coder_b": vb,
                                      "note": ""})
        values = np.array(pairs, dtype=object) if pairs else np.empty((0, 2), dtype=object)
        if level == "ordinal":
            vocab = codebook.vocabulary(f["vocabulary"]).sort_values("order")
            order = list(vocab["value"])
        a_val = alpha(values, level, order) if len(values) else float("nan")
        lo, hi = bootstrap_interval(values, level, order, n_boot) if len(values) else (float("nan"), float("nan"))
        pairable = int(sum(1 for p in pairs if p[0] is not None and p[1] is not None))
        rows.append({"table": table, "variable": name, "level": level, "units": pairable,
                     "agreement": float(np.mean([p[0] == p[1] for p in pairs])) if pairs else float("nan"),
                     "alpha": a_val, "ci_low": lo, "ci_high": hi, "reading": verdict(a_val)})
    return pd.DataFrame(rows), pd.DataFrame(disagreements, columns=["table", "id", "variable", "coder_a", "coder_b",
                                                                     "note"])


JUDGED_ITEMS = ["origin", "handled_by", "violation_forms", "agency_type", "employment", "persons", "determination",
                "recipients", "recommendation", "outcome_status", "sanction_imposed"]
"""The coded case variables two coders' judgement files are compared on (role is free text: not compared)."""


def _unit_values(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per variable, a units x 2 array of the two coders' values."""
    ka, kb = a.set_index(["case_ref", "item"]), b.set_index(["case_ref", "item"])
    cases = sorted(set(a["case_ref"]) | set(b["case_ref"]))
    out = {}
    for item in JUDGED_ITEMS:
        out[item] = np.array([[ka["value"].get((c, item)), kb["value"].get((c, item))] for c in cases], dtype=object)
    # steps: every (case, step) either coder mentions; a step one coder does not mention is 'absent'
    steps = sorted({k for k in ka.index.union(kb.index) if k[1].startswith("step:")})
    out["steps"] = np.array([[ka["value"].get(k, "absent"), kb["value"].get(k, "absent")] for k in steps],
                            dtype=object)
    both = [k for k in steps if ka["value"].get(k) == "done" and kb["value"].get(k) == "done"]
    out["step_dates"] = np.array([[ka["date"].get(k) or "undated", kb["date"].get(k) or "undated"] for k in both],
                                 dtype=object)
    return out


def compare_judgements(a: pd.DataFrame, b: pd.DataFrame, n_boot: int = BOOTSTRAP) -> pd.DataFrame:
    """Krippendorff's alpha (nominal) per variable for two coders' long judgement files.

    ``a`` and ``b`` have one row per case and item (``case_ref``, ``item``, ``value``, ``date``), as
    written by the coders of the study (``data/coding/coder_a.csv``, ``coder_b.csv``). Returns, per
    variable, the units, raw agreement, alpha with its bootstrap 95% interval, its reading against
    Krippendorff's thresholds, and the number of disagreements.
    """
    rows = []
    for name, values in _unit_values(a, b).items():
        a_val = alpha(values) if len(values) else float("nan")
        lo, hi = bootstrap_interval(values, "nominal", None, n_boot) if len(values) else (float("nan"),) * 2
        agree = np.array([u[0] == u[1] for u in values])
        rows.append({"variable": name, "units": len(values), "agreement": float(agree.mean()) if len(values) else
                     float("nan"), "alpha": a_val, "ci_low": lo, "ci_high": hi, "reading": verdict(a_val),
                     "disagreements": int((~agree).sum())})
    return pd.DataFrame(rows)


# --- Per step item and over the full case x step grid -------------------------------------------------
ABSENT = "absent"
"""A step a coder does not mention in a case (the case x step grid is complete: every case, every step)."""
GRID = "(full grid)"


def step_grid(a: pd.DataFrame, b: pd.DataFrame, steps: list[str] | None = None) -> pd.DataFrame:
    """Every case either coder coded x every step of the codebook: each coder's value or 'absent'."""
    steps = steps if steps is not None else list(codebook.vocabulary("step")["value"])
    va = a[a["item"].str.startswith("step:")].set_index(["case_ref", "item"])["value"]
    vb = b[b["item"].str.startswith("step:")].set_index(["case_ref", "item"])["value"]
    cases = sorted(set(a["case_ref"]) | set(b["case_ref"]))
    index = pd.MultiIndex.from_product([cases, [f"step:{s}" for s in steps]], names=["case_ref", "item"])
    grid = pd.DataFrame({"value_a": va.reindex(index).fillna(ABSENT), "value_b": vb.reindex(index).fillna(ABSENT)})
    grid = grid.reset_index()
    grid["step"] = grid["item"].str.removeprefix("step:")
    return grid[["case_ref", "step", "value_a", "value_b"]]


def _case_coincidences(grid: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Per case, the k x k coincidence matrix of its (two-coder, complete) step pairs; and the categories."""
    categories = sorted(set(grid["value_a"]) | set(grid["value_b"]))
    index = {c: i for i, c in enumerate(categories)}
    cases = {c: i for i, c in enumerate(sorted(grid["case_ref"].unique()))}
    k = len(categories)
    m = np.zeros((len(cases), k, k))
    ci = grid["case_ref"].map(cases).to_numpy()
    ia, ib = grid["value_a"].map(index).to_numpy(), grid["value_b"].map(index).to_numpy()
    np.add.at(m, (ci, ia, ib), 1.0)  # two coders: each unit adds one (a, b) and one (b, a) pair
    np.add.at(m, (ci, ib, ia), 1.0)
    return m, categories


def _nominal_alpha(o: np.ndarray) -> float:
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n <= 1:
        return float("nan")
    observed = o.sum() - np.trace(o)
    expected = (n * n - (n_c ** 2).sum()) / (n - 1)
    if expected == 0:
        return 1.0 if observed == 0 else float("nan")
    return float(1 - observed / expected)


def cluster_alpha(grid: pd.DataFrame, n_boot: int = BOOTSTRAP, seed: int = SEED) -> dict[str, float]:
    """Nominal alpha of a two-coder grid with a percentile 95% interval from resampling *cases*.

    Steps of one case are read from the same article by the same coder, so they are not independent
    units: the bootstrap resamples whole cases (a cluster bootstrap), not cells.
    """
    m, _ = _case_coincidences(grid)
    a = _nominal_alpha(m.sum(axis=0))
    if len(m) == 0:
        return {"alpha": float("nan"), "ci_low": float("nan"), "ci_high": float("nan")}
    rng = np.random.default_rng(seed)
    flat = m.reshape(len(m), -1)
    counts = rng.multinomial(len(m), [1 / len(m)] * len(m), size=n_boot)
    boot = np.array([_nominal_alpha(o.reshape(m.shape[1:])) for o in counts @ flat])
    boot = boot[~np.isnan(boot)]
    lo, hi = np.percentile(boot, [2.5, 97.5]) if len(boot) else (float("nan"), float("nan"))
    return {"alpha": a, "ci_low": float(lo), "ci_high": float(hi)}


def step_alphas(a: pd.DataFrame, b: pd.DataFrame, n_boot: int = BOOTSTRAP) -> pd.DataFrame:
    """Alpha per step item and over the full case x step grid, two ways, with cluster-bootstrap intervals.

    ``alpha`` counts every case as a unit ('absent' where a coder does not mention the step): agreement
    that a step is not mentioned counts. ``alpha_mentioned`` counts only the cases where either coder
    mentions the step: it asks whether the coders agree on what they found, and is the lower of the two.
    ``usable`` applies the package's rule (no conclusion below 0.667) to *both*: a step carries a
    conclusion only when the two readings clear it. Steps neither coder mentions anywhere are left out.
    """
    grid = step_grid(a, b)
    mentioned_rows = (grid["value_a"] != ABSENT) | (grid["value_b"] != ABSENT)
    parts = [(step, grid["step"].eq(step)) for step in codebook.vocabulary("step")["value"]
             if step in set(grid.loc[mentioned_rows, "step"])]
    parts.append((GRID, pd.Series(True, index=grid.index)))
    rows = []
    for step, hit in parts:
        g, m = grid[hit], grid[hit & mentioned_rows]
        full, ment = cluster_alpha(g, n_boot), cluster_alpha(m, n_boot)
        rows.append({"step": step, "cases": int(g["case_ref"].nunique()), "mentioned": len(m),
                     "agreement": float((g["value_a"] == g["value_b"]).mean()), **full,
                     "alpha_mentioned": ment["alpha"], "ci_low_mentioned": ment["ci_low"],
                     "ci_high_mentioned": ment["ci_high"], "disagreements": int((g["value_a"] != g["value_b"]).sum())})
    out = pd.DataFrame(rows)
    out["reading"] = out[["alpha", "alpha_mentioned"]].min(axis=1).map(verdict)
    out["usable"] = [usable(x) and usable(y) for x, y in zip(out["alpha"], out["alpha_mentioned"])]
    return out


def usable(a: float) -> bool:
    """Whether a variable of reliability ``a`` may carry a conclusion: alpha >= 0.667 (the package's rule)."""
    return bool(not np.isnan(a) and a >= TENTATIVE)
