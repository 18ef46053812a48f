"""The coded data are derived, reproducibly, from the raw extract and the mapping files."""

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from netralitas_study import codebook, coding
from netralitas_study import load
from netralitas_study.package import DEFAULT_DATA

SHARED = DEFAULT_DATA.parents[1] / "shared" / "sources"


def test_rebuilding_from_extract_and_mappings_reproduces_the_committed_data():
    rebuilt = coding.build(DEFAULT_DATA)
    for table, df in rebuilt.items():
        committed = coding.read_csv_text(DEFAULT_DATA / f"{table}.csv")
        pd.testing.assert_frame_equal(df.reset_index(drop=True).astype(str), committed, check_dtype=False, obj=table)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/sources is not beside this checkout")
@pytest.mark.parametrize("name", ["cases.csv", "aggregates.csv"])
def test_raw_copy_is_the_shared_extract(name):
    assert filecmp.cmp(SHARED / name, DEFAULT_DATA / coding.RAW / name, shallow=False)


def test_coverage_of_the_issue(tmp_path):
    t = load(DEFAULT_DATA)
    assert t["cases"]["province"].nunique() >= 35
    assert len(t["tallies"]) >= 550
    assert set(t) == set(codebook.TABLES)


def test_every_row_resolves_to_a_citable_source():
    t = load(DEFAULT_DATA)
    sources = t["sources"].set_index("source_id")
    for table in ("cases", "events", "tallies"):
        cited = sources.loc[t[table]["source_id"]]
        has_url = cited["url"].str.startswith("http")
        # only the thesis has no URL: it is cited by a bibliographic reference instead
        assert (has_url | cited["reference"].str.len().gt(0)).all(), table
        assert (has_url | cited["type"].eq("tesis")).all(), table


def test_a_group_handled_together_stays_one_case_with_a_person_count():
    cases = load(DEFAULT_DATA)["cases"].set_index("case_id")
    assert cases.loc["JMB-PK24-01", "persons"] == 6   # six camat, one case
    assert cases.loc["JMB-PK24-04", "persons"] == 4


def test_conflicting_sources_stay_visible():
    cases = load(DEFAULT_DATA)["cases"].set_index("case_id")
    assert cases.loc["JMB-PK24-04", "recipient"] == "unknown"  # KASN in two outlets, BKN in a third
    tallies = load(DEFAULT_DATA)["tallies"]
    assert tallies["conflict"].eq("ya").sum() > 0
    c1 = tallies[tallies["value"].eq(914)]
    assert len(c1) >= 2 and c1["election_type"].nunique() == 2  # C1: one figure, two election readings


def test_a_segment_no_rule_covers_stops_the_build():
    rules = pd.DataFrame({"rule": ["kajian"], "priority": ["1"], "pattern": ["kajian"], "step": ["kajian"],
                          "status": ["occurred"], "stop": ["no"], "reason": ["x"]})
    with pytest.raises(coding.CodingError, match="sidang rahasia"):
        coding.code_segments(pd.Series(["kajian", "sidang rahasia"]), rules)


def test_deferred_and_negated_segments():
    rules = coding._rules(DEFAULT_DATA / "coding", "step_rules.csv")
    got = coding.code_segments(pd.Series([
        "akan direkomendasikan ke BKN", "tidak diteruskan ke BKPPD", "rekomendasi ke BKN (tanpa klarifikasi terhadap terlapor)",
        "laporan hasil pengawasan Panwascam", "KASN merekomendasikan PTDH untuk 6 ASN"]), rules)
    pairs = set(zip(got["segment"], got["step"], got["status"]))
    assert not any(seg == 0 for seg, _, _ in pairs)                   # planned: no event
    assert (1, "penerusan", "not_occurred") in pairs
    assert {(2, "penerusan", "occurred"), (2, "klarifikasi", "not_occurred")} <= pairs
    assert (3, "informasi_awal", "occurred") in pairs and (3, "penerimaan_laporan", "occurred") not in pairs
    assert {p[1] for p in pairs if p[0] == 4} == {"rekomendasi_kasn_bkn"}


@pytest.mark.parametrize("note, expected", [
    ("Bawaslu rekap as of 1 Mar 2019 (press conf. Fri 8 Mar 2019)", "2019-03-01"),
    ("Per 21/10/2023; KONFLIK", "2023-10-21"),
    ("tanggal tidak tertulis", "not_reported"),
    ("Per 31/2/2024", "unknown"),
])
def test_snapshot_dates(note, expected):
    assert coding.snapshot_date(note) == expected


def test_unmapped_tally_metric_is_named(tmp_path):
    raw = coding.read_csv_text(DEFAULT_DATA / coding.RAW / "aggregates.csv").head(2).copy()
    raw.loc[0, "metric"] = "metrik_baru"
    with pytest.raises(coding.CodingError, match="metrik_baru"):
        coding.code_tallies(raw, DEFAULT_DATA / "coding")


def test_raw_extract_is_not_edited_by_the_build(tmp_path):
    before = (DEFAULT_DATA / coding.RAW / "cases.csv").read_bytes()
    coding.build(DEFAULT_DATA)
    assert (DEFAULT_DATA / coding.RAW / "cases.csv").read_bytes() == before
    assert Path(DEFAULT_DATA / "coding" / "step_rules.csv").is_file()
