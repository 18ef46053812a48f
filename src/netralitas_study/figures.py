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
