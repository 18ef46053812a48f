"""The audits' error classes stay gone: every review flag on the shipped data is corrected or cleared."""

from __future__ import annotations

import pandas as pd
import pytest

from netralitas_study.maintainers.flags import CLASSES, review_flags, uncleared
from netralitas_study.resources import checkout_root

ROOT = checkout_root()
pytestmark = pytest.mark.skipif(ROOT is None, reason="the coding files live in the repository, not the wheel")


def _read(name: str) -> pd.DataFrame:
    return pd.read_csv(ROOT / "data" / name, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def shipped():
    tables = {t: _read(f"{t}.csv") for t in ("events", "cases", "persons", "tallies")}
    return tables, _read("coding/judgements.csv"), _read("coding/flags_cleared.csv")


def test_every_flag_on_the_shipped_data_is_cleared_and_every_clearance_names_a_live_flag(shipped):
    tables, judgements, cleared = shipped
    flags = review_flags(tables, judgements)
    assert uncleared(flags, cleared).empty
    live = set(zip(flags["flag"], flags["ref"]))
    assert [k for k in zip(cleared["flag"], cleared["ref"]) if k not in live] == []
    assert cleared["reason"].str.len().gt(20).all()


def _perturbed(shipped, name):
    tables, judgements, _ = shipped
    t = {k: v.copy() for k, v in tables.items()}
    j = judgements.copy()
    if name == "actor_panwascam":
        i = t["events"].index[t["events"]["actor"].eq("bawaslu_kabkota")][0]
        t["events"].loc[i, "notes"] = "the Panwascam did this step"
        return t, j, t["events"].loc[i, "event_id"]
    if name == "actor_gakkumdu":
        i = t["events"].index[t["events"]["step"].eq("gakkumdu")][0]
        t["events"].loc[i, "actor"] = "bawaslu_kabkota"
        return t, j, t["events"].loc[i, "event_id"]
    if name == "roles_unallocated":
        case = t["persons"].loc[t["persons"]["role"].eq("camat"), "case_id"].iloc[0]
        t["cases"].loc[t["cases"]["case_id"].eq(case), "role"] = "camat; lurah"
        t["persons"].loc[t["persons"]["case_id"].eq(case), "role"] = "unknown"
        return t, j, case
    if name == "imposer_missing":
        i = t["persons"].index[t["persons"]["status"].eq("imposed") & t["persons"]["imposed_by"].eq("ppk")][0]
        t["persons"].loc[i, "imposed_by"] = "not_reported"
        return t, j, t["persons"].loc[i, "person_id"]
    if name == "origin_terlapor":
        i = j.index[j["item"].eq("origin") & j["value"].eq("temuan")][0]
        j.loc[i, ["value", "quote"]] = ["laporan", "ASN itu menjadi terlapor"]
        return t, j, j.loc[i, "case_ref"]
    if name == "form_spouse":
        i = j.index[j["item"].eq("violation_forms")][0]
        j.loc[i, ["value", "quote"]] = ["skb_13_kampanye_pasangan", "hadir dalam kampanye paslon"]
        return t, j, j.loc[i, "case_ref"]
    if name == "tally_handled_forwarded":
        i = t["tallies"].index[t["tallies"]["metric"].eq("recommended")
                               & t["tallies"]["locator"].str.contains("direkomendasikan")][0]
        t["tallies"].loc[i, "metric"] = "handled"
        return t, j, t["tallies"].loc[i, "tally_id"]
    if name == "tally_provincial_quote":
        i = t["tallies"].index[t["tallies"]["level"].eq("provinsi")
                               & t["tallies"]["locator"].str.contains("Provinsi")][0]
        t["tallies"].loc[i, "level"] = "kabkota"
        return t, j, t["tallies"].loc[i, "tally_id"]
    raise AssertionError(name)


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_a_planted_error_of_each_class_is_flagged_as_that_class(shipped, name):
    tables, judgements, ref = _perturbed(shipped, name)
    flags = uncleared(review_flags(tables, judgements), shipped[2])
    assert list(flags["ref"]) == [ref] and list(flags["flag"]) == [name]
