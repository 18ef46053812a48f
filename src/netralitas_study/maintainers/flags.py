"""Review flags: queries that find rows of an error class an audit found, for a person to re-read.

A flag never decides a value (the study codes by reading): it lists rows where the coded value
and the words beside it disagree in a way an audit found wrong before. Every flag must be either
corrected by documented review (``data/coding/reviews.csv``) or cleared with a reason
(``data/coding/flags_cleared.csv``); a test keeps it so, so the classes cannot come back unseen.
"""

from __future__ import annotations

import pandas as pd

FLAG_COLUMNS = ["flag", "ref", "why"]
CLASSES = {
    "actor_panwascam": "the locator or notes name a Panwascam but the step's actor is another office",
    "actor_gakkumdu": "a Gakkumdu step without the Gakkumdu as actor",
    "roles_unallocated": "the case lists several positions but no person row carries one",
    "imposer_missing": "a person coded as sanctioned without who imposed it",
    "origin_terlapor": "origin 'laporan' resting on 'terlapor' with no reporter or report named",
    "form_spouse": "skb_13 (a candidate spouse's campaign) without a spouse in the quote",
    "tally_handled_forwarded": "a figure coded 'handled' whose quote says forwarded or recommended",
    "tally_provincial_quote": "a regency-level figure whose quote speaks of provincial civil servants",
}
"""Each error class of the audits, with what its query looks for."""


def _flags(name: str, refs: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"flag": name, "ref": refs.astype(str).to_numpy(), "why": CLASSES[name]})


def review_flags(tables: dict[str, pd.DataFrame], judgements: pd.DataFrame) -> pd.DataFrame:
    """Every row of every audited error class in the coded tables, as ``flag, ref, why``."""
    events, cases, persons = tables["events"], tables["cases"], tables["persons"]
    tallies = tables.get("tallies")
    text = events["locator"].astype(str) + " " + events["notes"].astype(str)
    out = [
        _flags("actor_panwascam", events.loc[text.str.contains(r"panwascam|panwaslu kecamatan|pengawas kecamatan",
                                                                 case=False) & events["actor"].ne("panwaslu_kecamatan"),
                                             "event_id"]),
        _flags("actor_gakkumdu", events.loc[events["step"].eq("gakkumdu") & events["actor"].ne("gakkumdu"),
                                            "event_id"]),
    ]
    several = cases.loc[cases["role"].astype(str).str.contains("; "), "case_id"]
    coded = persons[persons["case_id"].isin(several)].groupby("case_id")["role"].agg(
        lambda s: s.isin(["unknown", "not_reported"]).all())
    out.append(_flags("roles_unallocated", pd.Series(coded[coded].index)))
    out.append(_flags("imposer_missing", persons.loc[persons["status"].eq("imposed")
                                                     & persons["imposed_by"].isin(["not_reported", "unknown"]),
                                                     "person_id"]))
    j = judgements
    origin = j[j["item"].eq("origin") & j["value"].eq("laporan")]
    out.append(_flags("origin_terlapor", origin.loc[origin["quote"].str.contains("terlapor", case=False)
                                                    & ~origin["quote"].str.contains(r"pelapor|melapor|dilaporkan|laporan",
                                                                                    case=False), "case_ref"]))
    forms = j[j["item"].eq("violation_forms") & j["value"].str.contains("skb_13")]
    out.append(_flags("form_spouse", forms.loc[~forms["quote"].str.contains(r"suami|istri|isteri|pasangan hidup",
                                                                             case=False), "case_ref"]))
    if tallies is not None:
        quote = tallies["locator"].astype(str)
        out.append(_flags("tally_handled_forwarded", tallies.loc[
            tallies["metric"].eq("handled") & quote.str.contains(r"diteruskan|direkomendasikan", case=False),
            "tally_id"]))
        out.append(_flags("tally_provincial_quote", tallies.loc[
            tallies["level"].eq("kabkota") & quote.str.contains(r"provinsi|pemprov", case=False), "tally_id"]))
    return pd.concat(out, ignore_index=True)[FLAG_COLUMNS]


def uncleared(flags: pd.DataFrame, cleared: pd.DataFrame) -> pd.DataFrame:
    """Flags that no reviewer has cleared (``flags_cleared.csv``: flag, ref, reason)."""
    done = set(zip(cleared["flag"], cleared["ref"]))
    return flags[[(f, r) not in done for f, r in zip(flags["flag"], flags["ref"])]].reset_index(drop=True)
