"""Sensitivity machinery: each variant changes what it says it changes, and the table lines them up."""

import pandas as pd
import pytest

from netralitas_study import load
from netralitas_study.analysis import sensitivity


@pytest.fixture(scope="module")
def shipped():
    return load()


def _variant(name):
    return next(v for v in sensitivity.VARIANTS if v.name == name)


def test_variants_are_named_once_and_main_comes_first():
    names = [v.name for v in sensitivity.VARIANTS]
    assert names[0] == "main" and len(names) == len(set(names))
    assert all(v.label_id and v.label_en for v in sensitivity.VARIANTS)


def test_thesis_as_pilkada_changes_only_the_thesis_cases(shipped):
    cases, _, _ = _variant("thesis_as_pilkada_2024").prepare(shipped, {})
    changed = cases["election_type"].astype(str).ne(shipped["cases"]["election_type"].astype(str))
    assert sorted(cases.loc[changed, "case_id"]) == [f"JMB-PM24-T{i}" for i in range(1, 5)]


def test_without_thesis_and_out_of_scope_drops_exactly_those(shipped):
    cases, events, _ = _variant("without_thesis_out_of_scope").prepare(shipped, {})
    dropped = set(shipped["cases"]["case_id"]) - set(cases["case_id"])
    assert dropped == {f"JMB-PM24-T{i}" for i in range(1, 5)} | {"JMB-PM24-21"}
    assert set(events["case_id"]) <= set(cases["case_id"])


def test_run_lines_up_counts_n_and_changes(shipped):
    small = [_variant("main"), _variant("without_thesis_out_of_scope"), _variant("cutover_9_2024")]
    result = sensitivity.run(shipped, small)
    wide = sensitivity.side_by_side(result)
    assert list(wide.columns) == [v.name for v in small]
    assert wide.loc["n", "main"] == len(shipped["cases"])
    assert wide.loc["n", "without_thesis_out_of_scope"] == len(shipped["cases"]) - 5
    for name in wide.columns:  # every case has exactly one verdict
        assert wide.loc[[i for i in wide.index if i not in ("n", "changed")], name].sum() == wide.loc["n", name]
    assert wide.loc["changed", "main"] == 0


def test_a_forwarding_dated_in_the_gap_splits_the_two_cutoffs(shipped):
    t = dict(shipped)
    events = t["events"].copy()
    hit = events.index[events["step"].eq("penerusan") & events["status"].eq("occurred")
                       & events["case_id"].isin(t["cases"].loc[t["cases"]["recipient"].eq("kasn"), "case_id"])][0]
    events.loc[hit, "date"] = pd.Timestamp("2024-08-30")
    t["events"] = events
    before = sensitivity.recipient_cutoff(shipped).set_index("reading")
    after = sensitivity.recipient_cutoff(t).set_index("reading")
    aug, sep = list(sensitivity.CUTOFFS)
    assert after.loc[sep, "mismatch"] == before.loc[sep, "mismatch"]        # KASN on 30 Aug: right under 4 Sep
    assert after.loc[aug, "mismatch"] == before.loc[aug, "mismatch"] + 1    # wrong under 24 Aug
    shipped_reading = [r for r in after.index if r.startswith("shipped")][0]
    assert after.loc[shipped_reading, "in_gap"] == before.loc[shipped_reading, "in_gap"] + 1


def test_pending_as_not_done_changes_only_pending_rows(shipped):
    _, events, _ = _variant("pending_as_not_done").prepare(shipped, {})
    before = shipped["events"]["status"].astype(str)
    after = events["status"].astype(str)
    changed = before.ne(after)
    assert changed.sum() == before.eq("pending").sum() > 0
    assert after[changed].eq("not_occurred").all()


def test_presumption_adds_a_kajian_only_to_forwarded_violations_without_one(shipped):
    cases, events, _ = _variant("presumption_of_regularity").prepare(shipped, {})
    added = events[events["event_id"].str.endswith("-PRESUMED-KAJIAN")]
    assert len(added) > 0 and added["step"].eq("kajian").all() and added["status"].eq("occurred").all()
    had = set(shipped["events"].loc[shipped["events"]["step"].eq("kajian"), "case_id"])
    assert not set(added["case_id"]) & had
    det = dict(zip(cases["case_id"], cases["determination"].astype(str)))
    assert {det[c] for c in added["case_id"]} == {"pelanggaran"}


def test_working_days_variant_changes_only_the_day_type(shipped):
    import json

    cases, _, procedure = _variant("pilkada_working_days").prepare(shipped, {})
    assert procedure.notna().sum() == cases["election_type"].eq("pilkada").sum()
    spec = json.loads(open(procedure.dropna().iloc[0], encoding="utf-8").read())
    days = [s["deadline"]["day_type"] for s in spec["steps"] if s.get("deadline")]
    assert days and set(days) == {"working"}
