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
    fig, ax = plt.subplots(figsize=(1.1 + 0.75 * matrix.shape[1], 1.4 + 0.45 * matrix.shape[0]))
    ax.imshow(codes.to_numpy(), cmap=ListedColormap([STATUS_STYLE[s][0] for s in statuses]),
              vmin=-0.5, vmax=len(statuses) - 0.5, aspect="auto")
    step_labels = codebook.labels("step", "id")
    ax.set_xticks(range(matrix.shape[1]), [step_labels[s] for s in matrix.columns], rotation=35, ha="right")
    ax.set_yticks(range(matrix.shape[0]), list(matrix.index))
    ax.set_xlabel(bilingual("Tahapan penanganan", "Handling step"))
    ax.set_ylabel(bilingual("Kasus", "Case"))
    ax.set_xticks([x - 0.5 for x in range(1, matrix.shape[1])], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, matrix.shape[0])], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    handles = [Patch(color=c, label=bilingual(i, e)) for c, i, e in STATUS_STYLE.values()]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    if title:
        ax.set_title(title)
    fig.tight_layout()
    return fig
