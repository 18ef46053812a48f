"""Figures with bilingual (Indonesian / English) labels."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from netralitas_study import codebook

if TYPE_CHECKING:
    from matplotlib.figure import Figure

STATUS_STYLE = {
    # status: (colour, Indonesian label, English label)
    "occurred": ("#1b7837", "terjadi", "occurred"),
    "not_occurred": ("#c51b7d", "tidak terjadi", "did not occur"),
    "planned": ("#fdb863", "direncanakan/dijadwalkan", "planned/scheduled"),
    "not_reported": ("#d9d9d9", "tidak disebut sumber", "not reported"),
}


def bilingual(id_text: str, en_text: str) -> str:
    """A label in Indonesian first, then English."""
    return f"{id_text} / {en_text}"


def _category_grid(matrix: pd.DataFrame, style: dict, figsize: tuple[float, float], xticklabels: list[str],
                   xlabel: str, title: str | None, **xtick_kw) -> Figure:
    """Heat map of a matrix of category codes, coloured and labelled by ``style`` (code: colour, id, en)."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import ListedColormap
    from matplotlib.patches import Patch

    order = list(style)
    codes = matrix.apply(lambda col: col.astype(str).map(order.index))
    n_rows, n_cols = matrix.shape
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    ax.imshow(codes.to_numpy(), cmap=ListedColormap([style[k][0] for k in order]),
              vmin=-0.5, vmax=len(order) - 0.5, aspect="auto")
    ax.set_xticks(range(n_cols), xticklabels, fontsize=8, **xtick_kw)
    ax.set_yticks(range(n_rows), list(matrix.index), fontsize=8)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(bilingual("Kasus", "Case"))
    ax.set_xticks([x - 0.5 for x in range(1, n_cols)], minor=True)
    ax.set_yticks([y - 0.5 for y in range(1, n_rows)], minor=True)
    ax.grid(which="minor", color="white", linewidth=2)
    ax.tick_params(which="minor", length=0)
    handles = [Patch(color=c, label=bilingual(i, e)) for c, i, e in style.values()]
    # as many legend columns as fit the figure's width (about 2.6 inches a label): never cut at either end
    ncols = max(1, min(len(handles), int(figsize[0] // 2.6)))
    fig.legend(handles=handles, loc="outside lower center", ncols=ncols, frameon=False, fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_step_matrix(matrix: pd.DataFrame, title: str | None = None) -> Figure:
    """Heat map of a case x step status matrix (see :func:`eventlog.step_matrix`)."""
    ids, ens = codebook.labels("step", "id"), codebook.labels("step", "en")
    n_rows, n_cols = matrix.shape
    # about 0.75 inch a step and 0.3 inch a case: readable, and a 25-case province draws in a fraction of
    # the time the former 1.1 x 0.45 inch cells took
    return _category_grid(matrix, STATUS_STYLE, (max(6.0, 2.5 + 0.75 * n_cols), 2.8 + 0.3 * n_rows),
                          [f"{ids[s]}\n{ens[s]}" for s in matrix.columns],
                          bilingual("Tahapan penanganan", "Handling step"), title,
                          rotation=40, ha="right", rotation_mode="anchor")


VERDICT_STYLE = {
    # verdict: (colour, Indonesian label, English label)
    "conformant": ("#1b7837", "sesuai", "conformant"),
    "indeterminate": ("#d9d9d9", "tidak dapat ditentukan", "indeterminate"),
    "non-conformant": ("#c51b7d", "tidak sesuai", "non-conformant"),
}


def plot_verdicts(matrix: pd.DataFrame, title: str | None = None) -> Figure:
    """Heat map of a case x procedure verdict matrix (see :func:`compliance.verdict_matrix`)."""
    n_rows, n_cols = matrix.shape
    return _category_grid(matrix, VERDICT_STYLE, (max(6.0, 2.8 + 1.6 * n_cols), 2.4 + 0.4 * n_rows),
                          list(matrix.columns), bilingual("Prosedur (norma)", "Procedure (norm)"), title,
                          rotation=15, ha="right")


def plot_deadlines(cases: pd.DataFrame, events: pd.DataFrame, procedure, title: str | None = None) -> Figure:
    """Each case's dated steps against the procedure's deadline windows, in days from its first dated step.

    A bar runs from the anchor step to the last allowed day; a step drawn past its bar missed
    the deadline. Steps without a date are listed under their row.
    """
    import matplotlib.pyplot as plt

    from netralitas_study.conformance.engine import deadline_windows

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


def plot_cases_by_province(cases: pd.DataFrame, title: str | None = None) -> Figure:
    """Horizontal bars: coded cases per province, stacked by election."""
    import matplotlib.pyplot as plt

    names = codebook.labels("province", "id")
    elections = cases["election_type"].str.capitalize() + " " + cases["election_year"].astype(str)
    table = pd.crosstab(cases["province"].map(names), elections)
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig, ax = plt.subplots(figsize=(8, 1.5 + 0.22 * len(table)), layout="constrained")
    left = pd.Series(0, index=table.index)
    colours = ["#4575b4", "#91bfdb", "#fc8d59", "#d73027", "#999999", "#666666"]
    for colour, election in zip(colours, sorted(table.columns)):
        ax.barh(table.index, table[election], left=left, color=colour, label=election)
        left += table[election]
    ax.set_xlabel(bilingual("Jumlah kasus berkode", "Coded cases"))
    ax.set_ylabel(bilingual("Provinsi", "Province"))
    ax.tick_params(axis="y", labelsize=7)
    ax.legend(title=bilingual("Pemilihan", "Election"), fontsize=7, title_fontsize=8, frameon=False)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_coverage(coverage: pd.DataFrame, by: str = "province", title: str | None = None) -> Figure:
    """Heat map: share of cases per group whose sources report each step (see :func:`compare.step_coverage`)."""
    import matplotlib.pyplot as plt

    wide = coverage.pivot(index=by, columns="step", values="proportion")
    order = [s for s in codebook.vocabulary("step")["value"] if s in wide.columns]
    wide = wide[order]
    n = coverage.drop_duplicates(by).set_index(by)["n"]
    names = codebook.labels("province", "id") if by == "province" else {}
    steps = codebook.labels("step", "id")
    fig, ax = plt.subplots(figsize=(2.5 + 0.45 * len(order), 1.8 + 0.24 * len(wide)), layout="constrained")
    im = ax.imshow(wide.to_numpy(), cmap="Greens", vmin=0, vmax=1, aspect="auto")
    ax.set_xticks(range(len(order)), [steps[s] for s in order], rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(wide)), [f"{names.get(i, i)} (n={n[i]})" for i in wide.index], fontsize=7)
    ax.set_xlabel(bilingual("Tahapan yang disebut sumber", "Step reported by the sources"))
    cbar = fig.colorbar(im, ax=ax, shrink=0.6)
    cbar.set_label(bilingual("Proporsi kasus", "Share of cases"), fontsize=8)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_funnel(funnel: pd.DataFrame, title: str | None = None) -> Figure:
    """Bars per stage of one or more funnels (rows of :func:`tallies.funnels`), one panel each, with exact intervals."""
    import matplotlib.pyplot as plt

    stage_labels = codebook.labels("tally_metric", "id")
    unit_labels = codebook.labels("tally_unit", "en")
    groups = list(funnel.groupby(["election_type", "election_year", "unit", "snapshot", "source_id"], sort=True))
    fig, axes = plt.subplots(1, len(groups), figsize=(3.2 * len(groups), 3.4), layout="constrained", squeeze=False)
    for ax, ((election, year, unit, snapshot, _), g) in zip(axes[0], groups):
        x = range(len(g))
        ax.bar(x, g["value"], color="#4575b4")
        ok = g["exact_low"].notna()
        lo = (g["proportion"] - g["exact_low"]) * g["base"]
        hi = (g["exact_high"] - g["proportion"]) * g["base"]
        ax.errorbar([i for i, k in zip(x, ok) if k], g.loc[ok, "value"], yerr=[lo[ok], hi[ok]], fmt="none",
                    ecolor="black", capsize=3, linewidth=1)
        ax.set_xticks(list(x), [stage_labels[s] for s in g["stage"]], rotation=30, ha="right", fontsize=7)
        ax.set_title(f"{election.capitalize()} {year} · {snapshot}\n{unit_labels[unit]}", fontsize=8)
        for i, v in zip(x, g["value"]):
            ax.annotate(f"{v:g}", (i, v), ha="center", va="bottom", fontsize=7)
    axes[0][0].set_ylabel(bilingual("Jumlah", "Count"))
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def plot_indicators(table: pd.DataFrame, title: str | None = None) -> Figure:
    """Proportions with exact 95% intervals per indicator and group (see :func:`compare.compare_groups`)."""
    import matplotlib.pyplot as plt

    from netralitas_study.analysis.compare import INDICATORS
    from netralitas_study.report.model import SMALL_N

    groups = list(dict.fromkeys(table["group"]))
    indicators = list(dict.fromkeys(table["indicator"]))
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.9 * len(indicators)), layout="constrained")
    markers = ["o", "s", "D", "^"]
    for k, group in enumerate(groups):
        g = table[table["group"].eq(group)].set_index("indicator").loc[indicators]
        y = [i + (k - (len(groups) - 1) / 2) * 0.22 for i in range(len(indicators))]
        n = int(g["n"].iloc[0])
        few = n < SMALL_N  # too few for an interval: the share alone, marked hollow
        xerr = None if few else [g["proportion"] - g["exact_low"], g["exact_high"] - g["proportion"]]
        ax.errorbar(g["proportion"], y, xerr=xerr, fmt=markers[k % len(markers)], capsize=3,
                    mfc="white" if few else None,
                    label=f"{group} (n={n}" + (", tanpa interval / no interval)" if few else ")"))
    ax.set_yticks(range(len(indicators)), [bilingual(*INDICATORS[i]) for i in indicators], fontsize=8)
    ax.set_ylim(len(indicators) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel("Proporsi kasus (interval eksak 95%)\nShare of cases (exact 95% interval)")
    fig.legend(fontsize=8, frameon=False, loc="outside lower center", ncols=min(len(groups), 2))
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def plot_person_funnel(funnel: pd.DataFrame, title: str | None = None, counts_only: bool = False) -> Figure:
    """Persons at each stage of the chain (rows of :func:`outcomes.person_funnel`), with exact 95% intervals.

    Each bar's label sits to the right of its interval's upper end, never under it; ``counts_only``
    (fewer than five persons) shows counts with no share and no interval."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, 3.0), layout="constrained")
    y = list(range(len(funnel)))[::-1]
    ax.barh(y, funnel["count"], color="#4575b4")
    n = funnel["n"].max()
    ends = funnel["count"]
    if not counts_only:
        lo = (funnel["proportion"] - funnel["exact_low"]) * funnel["n"]
        hi = (funnel["exact_high"] - funnel["proportion"]) * funnel["n"]
        ax.errorbar(funnel["count"], y, xerr=[lo, hi], fmt="none", ecolor="black", capsize=3, linewidth=1)
        ends = funnel["exact_high"] * funnel["n"]
    ax.set_yticks(y, [bilingual(i, e) for i, e in zip(funnel["label_id"], funnel["label_en"])], fontsize=8)
    for yy, end, c, p in zip(y, ends, funnel["count"], funnel["proportion"]):
        text = f"{c}" if counts_only else f"{c} ({p:.0%})"
        ax.annotate(text, (end, yy), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_xlabel(bilingual("Orang", "Persons") + f" (n = {int(n)})")
    ax.set_xlim(0, max(n, 1) * 1.3)
    if title:  # over the whole figure, not the axes: the long stage labels leave the axes little width
        fig.suptitle(title, fontsize=10)
    return fig


def plot_bounds(table: pd.DataFrame, label: str | list[str], title: str | None = None) -> Figure:
    """Per row of a bounds table (:mod:`netralitas_study.bounds`): the worst-to-best range over all cases
    as a bar (``lower_bound`` to ``upper_bound``), and the share over the determined cases as a point with
    its exact 95% interval. ``label`` names the column(s) that label the rows."""
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    cols = [label] if isinstance(label, str) else list(label)
    names = table[cols].astype(str).agg(" · ".join, axis=1).tolist()
    y = list(range(len(table)))
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.5 * len(table)), layout="constrained")
    lo, hi = table["lower_bound"].to_numpy(dtype=float), table["upper_bound"].to_numpy(dtype=float)
    ax.barh(y, hi - lo, left=lo, height=0.55, color="#d9d9d9", edgecolor="#969696")
    p = table["proportion_determined"].to_numpy(dtype=float)
    ok = ~pd.isna(p)
    ax.errorbar(p[ok], [yy for yy, k in zip(y, ok) if k],
                xerr=[(p - table["exact_low"].to_numpy(dtype=float))[ok],
                      (table["exact_high"].to_numpy(dtype=float) - p)[ok]],
                fmt="o", color="#2166ac", capsize=3)
    ax.set_yticks(y, [f"{nm}\n(n={n}, {bilingual('tentu', 'determined')} {d})"
                      for nm, n, d in zip(names, table["n"], table["n_determined"])], fontsize=8)
    ax.set_ylim(len(table) - 0.5, -0.5)
    ax.set_xlim(0, 1)
    ax.set_xlabel(bilingual("Proporsi kasus", "Share of cases"))
    handles = [Patch(facecolor="#d9d9d9", edgecolor="#969696",
                     label=bilingual("terburuk–terbaik (kasus tak tentu dihitung tidak/ya)",
                                     "worst–best (undetermined counted no/yes)")),
               Line2D([], [], marker="o", color="#2166ac",
                      label=bilingual("atas kasus tentu, interval eksak 95%", "over determined cases, exact 95%"))]
    fig.legend(handles=handles, fontsize=8, frameon=False, loc="outside lower center", ncols=1)
    if title:
        ax.set_title(title, fontsize=10)
    return fig
