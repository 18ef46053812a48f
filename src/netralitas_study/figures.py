"""Figures with bilingual (Indonesian / English) labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from . import codebook

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STATUS_STYLE = {
    # status: (colour, Indonesian label, English label)
    "occurred": ("#1b7837", "terjadi", "occurred"),
    "not_occurred": ("#c51b7d", "tidak terjadi", "did not occur"),
    "not_reported": ("#d9d9d9", "tidak disebut sumber", "not reported"),
}


def bilingual(id_text: str, en_text: str) -> str:
    """A label in Indonesian first, then English."""
    return f"{id_text} / {en_text}"


def plot_step_matrix(matrix: pd.DataFrame, title: str | None = None) -> Figure:
    """Heat map of a case x step status matrix (see :func:`eventlog.step_matrix`)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    statuses = list(STATUS_STYLE)
    codes = matrix.apply(lambda col: col.map(statuses.index))
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(max(6.0, 2.5 + 1.1 * n_cols), 2.6 + 0.45 * n_rows), layout="constrained")
    ax.imshow(codes.to_numpy(), cmap=ListedColormap([STATUS_STYLE[s][0] for s in statuses]),
              vmin=-0.5, vmax=len(statuses) - 0.5, aspect="auto")
    ids, ens = codebook.labels("step", "id"), codebook.labels("step", "en")
    ax.set_xticks(range(n_cols), [f"{ids[s]}\n{ens[s]}" for s in matrix.columns],
                  rotation=30, ha="right", rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(n_rows), list(matrix.index), fontsize=8)
    ax.set_xlabel(bilingual("Tahapan penanganan", "Handling step"))
    ax.set_ylabel(bilingual("Kasus", "Case"))
    ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    handles = [Patch(color=c, label=bilingual(i, e)) for c, i, e in STATUS_STYLE.values()]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


VERDICT_STYLE = {
    # verdict: (colour, Indonesian label, English label)
    "conformant": ("#1b7837", "sesuai", "conformant"),
    "indeterminate": ("#d9d9d9", "tidak dapat ditentukan", "indeterminate"),
    "non-conformant": ("#c51b7d", "tidak sesuai", "non-conformant"),
}


def plot_verdicts(matrix: pd.DataFrame, title: str | None = None) -> Figure:
    """Heat map of a case x procedure verdict matrix (see :func:`compliance.verdict_matrix`)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    verdicts = list(VERDICT_STYLE)
    codes = matrix.apply(lambda col: col.map(verdicts.index))
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=(max(6.0, 2.8 + 1.6 * n_cols), 2.4 + 0.4 * n_rows), layout="constrained")
    ax.imshow(codes.to_numpy(), cmap=ListedColormap([VERDICT_STYLE[v][0] for v in verdicts]),
              vmin=-0.5, vmax=len(verdicts) - 0.5, aspect="auto")
    ax.set_xticks(range(n_cols), list(matrix.columns), rotation=15, ha="right", fontsize=8)
    ax.set_yticks(range(n_rows), list(matrix.index), fontsize=8)
    ax.set_xlabel(bilingual("Prosedur (norma)", "Procedure (norm)"))
    ax.set_ylabel(bilingual("Kasus", "Case"))
    ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    handles = [Patch(color=c, label=bilingual(i, e)) for c, i, e in VERDICT_STYLE.values()]
    fig.legend(handles=handles, loc="outside lower center", ncols=len(handles), frameon=False, fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_deadlines(cases: pd.DataFrame, events: pd.DataFrame, procedure, title: str | None = None) -> Figure:
    """Each case's dated steps against the procedure's deadline windows, in days from its first dated step.

    A bar runs from the anchor step to the last allowed day; a step drawn past its bar missed
    the deadline. Steps without a date are listed under their row.
    """
    import matplotlib.pyplot as plt

    from .compliance import deadline_windows

    windows = deadline_windows(cases, events, procedure)
    ev = events[events["case_id"].isin(cases["case_id"]) & events["status"].eq("occurred")].copy()
    ev["when"] = pd.to_datetime(ev["date"].where(~ev["date"].isin(codebook.missing_codes())),
                                format="%Y-%m-%d", errors="coerce")
    start = ev.groupby("case_id")["when"].min()
    ids = list(cases["case_id"])
    labels = codebook.labels("step", "id")
    fig, ax = plt.subplots(figsize=(9.0, 1.4 + 0.8 * len(ids)), layout="constrained")
    for y, cid in enumerate(ids):
        t0 = start.get(cid, pd.NaT)
        for w in windows[windows["case_id"].eq(cid)].itertuples():
            left, width = (w.anchor_date - t0).days, (w.due - w.anchor_date).days
            ax.barh(y, width, left=left, height=0.36, color="#fde0ef", edgecolor="#c51b7d", linewidth=0.8)
            ax.annotate(f"{labels[w.step]} ≤ {w.limit}", (left, y - 0.2), fontsize=7, ha="left",
                        va="bottom", color="#8e0152")
        dated = ev[ev["case_id"].eq(cid) & ev["when"].notna()].sort_values("when")
        days = (dated["when"] - t0).dt.days
        ax.plot(days, [y] * len(dated), "o", color="#1b7837", markersize=5, zorder=3)
        for k, (d, step) in enumerate(zip(days, dated["step"])):
            ax.annotate(f"{labels[step]} ({dated['when'].iloc[k]:%Y-%m-%d})", (d, y + (0.12 if k % 2 else -0.12)),
                        fontsize=6.5, ha="left", va="center", xytext=(4, 0), textcoords="offset points")
        undated = ev.loc[ev["case_id"].eq(cid) & ev["when"].isna(), "step"].map(labels)
        if len(undated):
            ax.annotate("tanpa tanggal / undated: " + ", ".join(undated), (0, y + 0.38), fontsize=6.5,
                        va="center", color="#555555")
    ax.set_yticks(range(len(ids)), ids, fontsize=8)
    ax.set_ylim(len(ids) - 0.45, -0.6)
    ax.set_xlim(left=-1)
    ax.set_xlabel(bilingual("Hari sejak tahapan bertanggal pertama", "Days since the first dated step"))
    ax.set_ylabel(bilingual("Kasus", "Case"))
    if title:
        ax.set_title(title, fontsize=10)
    return fig
