"""What followed a case, derived from its persons: the chain kept apart.

Bawaslu's determination, the KASN/BKN recommendation and the PPK's decision are separate
columns of the ``persons`` table. A case's outcome is derived from them, never coded twice:

* ``sanctioned``: ``all`` (every person's sanction was imposed), ``some`` (at least one imposed,
  not all), ``none`` (every person stated not sanctioned, or the sanction annulled), ``unknown``
  (otherwise: a sanction only recommended, pending or not reported is not an imposed one);
* counts of persons by status, and whether any person's sanction was recommended.
"""

from __future__ import annotations

import pandas as pd

STATUSES = ("imposed", "recommended", "pending", "not_sanctioned", "annulled")
OUTCOME_COLUMNS = ["case_id", "persons_rows", *[f"n_{s}" for s in STATUSES], "n_status_unknown", "sanctioned",
                   "recommended", "outcome_known"]


def case_outcomes(cases: pd.DataFrame, persons: pd.DataFrame | None) -> pd.DataFrame:
    """One row per case of ``cases``: its persons' statuses counted and the derived outcome."""
    ids = cases["case_id"].astype(str)
    if persons is None or persons.empty:
        counts = pd.DataFrame(0, index=ids, columns=list(STATUSES))
        rows = pd.Series(0, index=ids)
    else:
        p = persons.assign(case_id=persons["case_id"].astype(str), status=persons["status"].astype(str))
        counts = pd.crosstab(p["case_id"], p["status"]).reindex(index=ids, columns=list(STATUSES), fill_value=0)
        rows = p.groupby("case_id").size().reindex(ids, fill_value=0)
    n = rows.to_numpy()
    imposed, none = counts["imposed"].to_numpy(), (counts["not_sanctioned"] + counts["annulled"]).to_numpy()
    sanctioned = pd.Series("unknown", index=ids)
    sanctioned[(n > 0) & (imposed == n)] = "all"
    sanctioned[(imposed > 0) & (imposed < n)] = "some"
    sanctioned[(n > 0) & (none == n)] = "none"
    out = pd.DataFrame({"case_id": ids.to_numpy(), "persons_rows": n,
                        **{f"n_{s}": counts[s].to_numpy() for s in STATUSES},
                        "n_status_unknown": n - counts.sum(axis=1).to_numpy(),
                        "sanctioned": sanctioned.to_numpy(),
                        "recommended": (counts["recommended"] + counts["imposed"] + counts["pending"]).to_numpy() > 0})
    out["outcome_known"] = out["sanctioned"].ne("unknown")
    return out[OUTCOME_COLUMNS]


FUNNEL_STAGES = {
    # stage: (Indonesian label, English label)
    "persons": ("orang dalam kasus", "persons in the cases"),
    "violation": ("dinyatakan melanggar oleh Bawaslu", "found in violation by Bawaslu"),
    "recommended": ("direkomendasikan sanksi oleh KASN/BKN", "a sanction recommended by KASN/BKN"),
    "imposed": ("sanksi dijatuhkan", "a sanction imposed"),
}


def person_funnel(persons: pd.DataFrame, by: str | None = None, recommended_from: str = "status") -> pd.DataFrame:
    """The coded persons through the chain, each stage a share of the persons with exact 95% intervals.

    Counts rows of unit 'person' only (a group of unstated size cannot be counted in persons).
    A person is 'recommended' when KASN/BKN's recommendation is a sanction tier, or (with
    ``recommended_from="status"``) when the status is recommended, pending or imposed; with
    ``recommended_from="coded"`` only a coded recommendation counts (the province report: an
    imposed sanction whose recommendation is ``not_reported`` is no recommendation the data show).
    'imposed' only when the status says so.
    """
    from netralitas_study.analysis.stats import proportion

    p = persons[persons["unit"].astype(str).eq("person")]
    stages = _stages(p, recommended_from)
    groups = [(None, p.index)] if by is None else list(p.groupby(p[by].astype(str)).groups.items())
    rows = []
    for key, idx in groups:
        n = len(idx)
        for stage, hit in stages.items():
            row = {} if by is None else {by: key}
            row.update({"stage": stage, "label_id": FUNNEL_STAGES[stage][0], "label_en": FUNNEL_STAGES[stage][1],
                        **proportion(int(hit.loc[idx].sum()), n)})
            rows.append(row)
    return pd.DataFrame(rows)


def _stages(p: pd.DataFrame, recommended_from: str = "status") -> dict[str, pd.Series]:
    """Per stage of :data:`FUNNEL_STAGES`, which persons reached it (``recommended_from``: see :func:`person_funnel`)."""
    tier = p["recommendation"].astype(str)
    status = p["status"].astype(str)
    return {
        "persons": pd.Series(True, index=p.index),
        "violation": p["determination"].astype(str).eq("pelanggaran"),
        "recommended": (~tier.isin(["none", "unknown", "not_reported", "not_applicable"])
                        | (status.isin(["recommended", "pending", "imposed"]) & (recommended_from == "status"))),
        "imposed": status.eq("imposed"),
    }


def person_funnel_clustered(persons: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """:func:`person_funnel` with cluster-bootstrap intervals: persons are nested in cases (groups up to a
    dozen handled together), so cases, not persons, are resampled (:func:`.stats.cluster_share`)."""
    from netralitas_study.analysis.stats import cluster_share

    p = persons[persons["unit"].astype(str).eq("person")]
    stages = _stages(p)
    groups = [(None, p.index)] if by is None else list(p.groupby(p[by].astype(str)).groups.items())
    rows = []
    for key, idx in groups:
        for stage, hit in stages.items():
            row = {} if by is None else {by: key}
            row.update({"stage": stage, "label_id": FUNNEL_STAGES[stage][0], "label_en": FUNNEL_STAGES[stage][1],
                        **cluster_share(hit.loc[idx], p.loc[idx, "case_id"])})
            rows.append(row)
    return pd.DataFrame(rows)


def status_table(persons: pd.DataFrame, by: str) -> pd.DataFrame:
    """Persons by sanction status (recommended and imposed kept apart) per value of ``by``, missing codes shown."""
    p = persons.assign(status=persons["status"].astype(str), _by=persons[by].astype(str))
    return pd.crosstab(p["_by"], p["status"], margins=True, margins_name="total").rename_axis(index=by, columns=None)
