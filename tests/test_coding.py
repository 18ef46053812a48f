"""The coded data are derived, reproducibly, from two independent hand codings of the extract."""

import filecmp
import shutil
from pathlib import Path

import pandas as pd
import pytest

from netralitas_study import codebook
from netralitas_study.maintainers import coding, datanote
from netralitas_study import load
from netralitas_study.analysis.outcomes import case_outcomes
from netralitas_study.codebook.package import DEFAULT_DATA

SHARED = DEFAULT_DATA.parents[1] / "shared" / "sources"


def test_rebuilding_from_the_codings_reproduces_the_committed_data():
    rebuilt = coding.build(DEFAULT_DATA)
    for table, df in rebuilt.items():
        path = DEFAULT_DATA / (f"{table}.csv" if table != "judgements" else "coding/judgements.csv")
        committed = coding.read_csv_text(path)
        pd.testing.assert_frame_equal(df.reset_index(drop=True).astype(str), committed, check_dtype=False, obj=table)


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/sources is not beside this checkout")
@pytest.mark.parametrize("name", ["cases.csv", "more_cases_3.csv", "aggregates.csv"])
def test_raw_copy_is_the_shared_extract(name):
    assert filecmp.cmp(SHARED / name, DEFAULT_DATA / coding.RAW / name, shallow=False)


def test_every_case_of_both_collections_and_the_thesis_is_coded_with_a_locator():
    t = load(DEFAULT_DATA)
    raw = coding.read_extract(DEFAULT_DATA)
    assert set(raw["case_ref"]) <= set(t["cases"]["case_id"])
    assert len(t["cases"]) >= 210 and t["cases"]["case_id"].is_unique
    assert t["cases"]["locator"].str.len().gt(0).all()
    assert set(t) == set(codebook.TABLES)


def test_every_coded_value_has_its_quote_or_is_a_missing_code():
    j = coding.read_csv_text(DEFAULT_DATA / "coding" / "judgements.csv")
    stated = ~j["value"].isin(codebook.missing_codes())
    # a value read where the page is not stored rests on the extract's summary, and says so (basis 'summary')
    quoted = j["quote"].str.len().gt(0) | j["basis"].eq("summary")
    assert quoted[stated].mean() > 0.97  # free-text roles may cite the collector's summary without a quote
    assert set(j["decided_by"]) <= {"both coders", "adjudicator", "coder A", "coder B", "reviewer",
                                     "both coders (round 2)", "adjudicator (round 2)"}


def test_every_row_resolves_to_a_citable_source():
    t = load(DEFAULT_DATA)
    sources = t["sources"].set_index("source_id")
    for table in ("cases", "persons", "events", "tallies"):
        ids = t[table]["source_id"].str.split("|").explode()
        cited = sources.loc[ids]
        has_url = cited["url"].str.startswith("http")
        assert (has_url | cited["type"].eq("tesis")).all(), table


def test_a_group_handled_together_is_one_case_with_one_person_row_each():
    t = load(DEFAULT_DATA)
    assert t["cases"].set_index("case_id").loc["JMB-PK24-01", "persons"] == 6  # six camat, one case
    persons = t["persons"][t["persons"]["case_id"].eq("JMB-PK24-01")]
    assert len(persons) == 6 and persons["unit"].eq("person").all()


def test_the_audits_example_errors_are_gone():
    t = load(DEFAULT_DATA)
    cases, events = t["cases"].set_index("case_id"), t["events"]
    done = events[events["status"].eq("occurred")]
    # 'tanpa klarifikasi' and scheduled steps are never clarifications done
    for cid in ("KTG-PK20-01", "STG-PK20-02", "STG-PK24-10", "BAL-PK24-10"):
        assert not ((done["case_id"] == cid) & done["step"].eq("klarifikasi")).any(), cid
    # a hand-over to the employer is not forwarding to KASN; a negated recipient is not coded
    assert "kasn" not in cases.loc["STG-PK20-05", "recipient"]
    # PTDH recommended by KASN, its execution not reported: recommended, never imposed
    slb = t["persons"][t["persons"]["case_id"].eq("SLB-PM24-06")]
    assert slb["status"].eq("recommended").all() and slb["recommendation"].eq("ptdh").all()
    assert case_outcomes(cases.reset_index().query("case_id == 'SLB-PM24-06'"), slb)["sanctioned"].item() == "unknown"
    tallies = t["tallies"].set_index("tally_id")
    assert tallies.loc["T0220", "metric"] == "court_ruling" and tallies.loc["T0332", "scope"] == "asn_plus"
    assert tallies.loc["T0435", "metric"] != "recommended"
    assert tallies.loc[["T0072", "T0075"], "conflict"].eq("ya").all()


def test_a_planned_step_is_never_coded_as_done():
    j = coding.read_csv_text(DEFAULT_DATA / "coding" / "judgements.csv")
    steps = j[j["item"].str.startswith("step:") & j["value"].eq("done")]
    deferred = steps["quote"].str.contains(r"\b(?:akan|dijadwalkan|rencananya)\b", case=False, regex=True)
    # a keyword only flags rows for review: each flagged one must carry a reason a person wrote
    assert steps.loc[deferred, "reason"].str.len().gt(0).all()


def test_conflicting_sources_stay_visible():
    t = load(DEFAULT_DATA)
    assert t["cases"].set_index("case_id").loc["JMB-PK24-04", "recipient"] == "unknown"  # KASN vs BKN outlets
    assert t["tallies"]["conflict"].eq("ya").sum() > 100


@pytest.fixture()
def coding_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA, dest)
    return dest


def test_a_resolution_decides_the_coded_value(coding_copy):
    resolutions = coding.read_csv_text(coding_copy / "coding" / "resolutions.csv")
    row = resolutions[resolutions["item"].eq("origin")].iloc[0]
    other = "laporan" if row["value"] != "laporan" else "temuan"
    resolutions.loc[row.name, "value"] = other
    resolutions.to_csv(coding_copy / "coding" / "resolutions.csv", index=False)
    cases = coding.build(coding_copy)["cases"].set_index("case_id")
    assert cases.loc[row["case_ref"], "origin"] == other


def test_a_disagreement_without_a_resolution_stops_the_build(coding_copy):
    resolutions = coding.read_csv_text(coding_copy / "coding" / "resolutions.csv")
    first = resolutions.iloc[0]
    resolutions.iloc[1:].to_csv(coding_copy / "coding" / "resolutions.csv", index=False)
    with pytest.raises(coding.CodingError, match=f"{first['case_ref']} {first['item']}: coders disagree"):
        coding.build(coding_copy)


def test_a_tally_without_a_row_judgement_is_named(coding_copy):
    judged = coding.read_csv_text(coding_copy / "coding" / "tally_judgements.csv")
    judged[judged["tally_id"].ne("T0007")].to_csv(coding_copy / "coding" / "tally_judgements.csv", index=False)
    with pytest.raises(coding.CodingError, match="T0007"):
        coding.build(coding_copy)




def test_the_data_note_is_up_to_date_and_reports_alpha_for_the_target_variables():
    note = (DEFAULT_DATA.parent / "docs" / "data.md").read_text(encoding="utf-8")
    assert note == datanote.data_note(DEFAULT_DATA), "docs/data.md is out of date: run 'make data'"
    alpha = datanote.reliability(DEFAULT_DATA, n_boot=50).set_index("variable")
    for variable in ("origin", "violation_forms", "determination", "recipients", "outcome_status"):
        assert alpha.loc[variable, "alpha"] >= 0.80, variable
        assert f"| {variable} |" in note
