import json

import pandas as pd
import pytest

from netralitas_study import codebook
from builders import case, tables
from netralitas_study.norms.procedures import (ProcedureError, check_procedure, list_procedures, load_procedure,
                                        norm_in_force, recipient_on)

IDS = ["adjudication-route", "perbawaslu-7-2018-pemilu", "perbawaslu-7-2022-pemilu", "perbawaslu-8-2020-pilkada",
       "perbawaslu-9-2024-pilkada", "uu-10-2016-pilkada"]


def test_shipped_procedures_have_the_public_ids():
    assert list_procedures()["id"].tolist() == IDS


@pytest.mark.parametrize("pid", IDS)
def test_every_step_cites_its_basis_and_uses_codebook_steps(pid):
    p = load_procedure(pid)
    assert set(p.steps["step"]) <= set(codebook.vocabulary("step")["value"])
    assert p.steps["citation"].str.len().gt(0).all()
    assert p.legal_basis and all(b["sources"] for b in p.legal_basis)


def test_deadlines_follow_the_brief():
    def kajian(pid):
        return next(s["deadline"] for s in load_procedure(pid).raw["steps"] if s["step"] == "kajian")

    for pid in ("perbawaslu-7-2018-pemilu", "perbawaslu-7-2022-pemilu"):
        k = kajian(pid)  # 7 'hari' (day type unconfirmed); 14 working days only with additional information
        assert (k["days"], k["day_type"]) == (7, "unconfirmed")
        assert (k["extension"]["days"], k["extension"]["day_type"]) == (14, "working")
    for pid in ("perbawaslu-8-2020-pilkada", "perbawaslu-9-2024-pilkada", "uu-10-2016-pilkada"):
        k = kajian(pid)  # 3 + 2 calendar days counted from receipt, not from registration
        assert (k["days"], k["day_type"], k["extension"]["days"]) == (3, "calendar", 5)
        assert "registrasi" not in k["from"]
    for pid in IDS:  # no forwarding deadline exists in any source read
        assert all(s["deadline"] is None for s in load_procedure(pid).raw["steps"] if s["step"] == "penerusan")


def test_recipient_is_one_dated_parameter_with_the_handover_gap():
    got = recipient_on(pd.Series(pd.to_datetime(["2024-08-23", "2024-08-24", "2024-09-03", "2024-09-04", None])))
    assert got.iloc[0] == "kasn" and got.iloc[3] == "bkn"
    assert got.iloc[[1, 2, 4]].isna().all()
    assert {load_procedure(pid).recipient for pid in IDS} == {"recipient-asn-other-laws"}


def test_shipped_procedures_match_the_json_schema():
    import jsonschema

    from netralitas_study.io.specs import schema

    for pid in IDS:
        jsonschema.validate(load_procedure(pid).raw, schema("procedure"))


def test_schema_refuses_a_malformed_procedure_with_a_readable_message():
    spec = json.loads(json.dumps(load_procedure("perbawaslu-7-2022-pemilu").raw))
    spec["steps"][0]["deadline"] = {"days": "seven", "day_type": "weekly", "from": []}
    with pytest.raises(ProcedureError, match=r"steps/0/deadline"):
        check_procedure(spec, "bad.json")


@pytest.mark.parametrize("election, year, date, expected, note", [
    ("pemilu", 2019, "2019-03-01", "perbawaslu-7-2018-pemilu", ""),
    ("pemilu", 2024, "2023-11-01", "perbawaslu-7-2022-pemilu", ""),
    ("pilkada", 2020, "2020-10-01", "perbawaslu-8-2020-pilkada", ""),
    ("pilkada", 2024, "2024-08-21", "perbawaslu-8-2020-pilkada", ""),
    ("pilkada", 2024, "2024-10-03", "perbawaslu-9-2024-pilkada", "within 14 days"),
    ("pilkada", 2024, "2024-11-20", "perbawaslu-9-2024-pilkada", ""),
    ("pilkada", 2024, "not_reported", "perbawaslu-8-2020-pilkada", "undated"),
])
def test_norm_in_force_follows_election_and_earliest_dated_step(election, year, date, expected, note):
    cases, events = tables([{**case("X", election_type=election), "election_year": year}],
                           [("X", "penerusan", "occurred", "2025-01-01"), ("X", "kajian", "occurred", date)])
    if date == "not_reported":
        events["date"] = "not_reported"
    got = norm_in_force(cases, events).iloc[0]
    assert got["procedure"] == expected
    assert (note in got["norm_note"]) if note else got["norm_note"] == ""


def test_an_election_no_norm_governs_is_named_not_guessed():
    cases, events = tables([{**case("X"), "election_year": 2014}], [])
    got = norm_in_force(cases, events).iloc[0]
    assert pd.isna(got["procedure"]) and "no shipped procedure governs pemilu 2014" in got["norm_note"]


def _spec(**change):
    spec = json.loads(json.dumps(load_procedure("perbawaslu-7-2022-pemilu").raw))
    for i, step in enumerate(spec["steps"]):
        if step["step"] in change:
            spec["steps"][i] = {**step, **change[step["step"]]}
    return spec


def test_optional_step_may_not_anchor_a_deadline_or_order():
    with pytest.raises(ProcedureError, match="anchor 'klarifikasi' is an optional step"):
        check_procedure(_spec(kajian={"deadline": {"days": 7, "from": ["klarifikasi"], "day_type": "working"}}))
    with pytest.raises(ProcedureError, match="optional step 'pleno'"):
        check_procedure(_spec(penerusan={"after": ["pleno"]}))


def test_bad_procedures_name_every_problem():
    with pytest.raises(ProcedureError) as err:
        check_procedure(_spec(kajian={"basis": {}}))
    assert "steps/5/basis" in str(err.value) and "'citation' is a required property" in str(err.value)
    with pytest.raises(ProcedureError) as err:
        check_procedure(_spec(kajian={"step": "kajian_x"}, penerusan={"after": ["nowhere"]}))
    assert "'kajian_x' is not a step code" in str(err.value) and "'nowhere'" in str(err.value)


def test_a_procedure_id_is_a_plain_id_never_a_path():
    for bad in ("../../tmp/x", "=cmd()", "PERBAWASLU"):
        with pytest.raises(ProcedureError, match="no procedure"):
            load_procedure(bad)


def test_custom_procedure_file_loads_by_path(tmp_path):
    spec = _spec(kajian={"deadline": {"days": 3, "from": ["registrasi", "penetapan_temuan"], "day_type": "working"}})
    spec["version"] = "1.0.0"
    spec["id"] = "strict-variant"
    path = tmp_path / "strict-variant.json"
    path.write_text(json.dumps(spec))
    assert load_procedure(path).id == "strict-variant"


def test_unknown_id_lists_the_known_ones():
    with pytest.raises(ProcedureError, match="perbawaslu-7-2022-pemilu"):
        load_procedure("perbawaslu")


def test_parameter_at_reads_start_dated_values_with_an_explicit_gap():
    from netralitas_study.norms.dated import UNDEFINED, ParameterError, gap_periods, parameter_at

    p = "recipient-asn-other-laws"
    assert [parameter_at(p, d) for d in ("2019-04-01", "2024-08-23", "2024-08-24", "2024-09-03", "2024-09-04")] == [
        "kasn", "kasn", None, None, "bkn"]
    assert parameter_at(p, None) is UNDEFINED
    assert [(str(a), str(b)) for a, b in gap_periods(p)] == [("2024-08-24", "2024-09-03")]
    # perturb: an end date, or values out of order, are refused (start dates only)
    with pytest.raises(ParameterError):
        parameter_at([{"from": None, "value": "a", "to": "2020-01-01"}], "2019-01-01")
    with pytest.raises(ParameterError):
        parameter_at([{"from": "2021-01-01", "value": "a"}, {"from": "2020-01-01", "value": "b"}], "2022-01-01")
    assert parameter_at([{"from": "2021-01-01", "value": "a"}], "2020-12-31") is UNDEFINED


def test_a_variant_norm_is_a_patch_over_a_shipped_one(tmp_path):
    import json

    variant = {"extends": "perbawaslu-7-2022-pemilu",
               "patch": {"id": "my-variant", "version": "0.1.0", "title_id": "Varian", "title_en": "Variant",
                         "steps": {"kajian": {"deadline": {"days": 3, "day_type": "calendar",
                                                           "from": ["registrasi", "penetapan_temuan"]}},
                                   "kajian_awal": None, "registrasi": {"after": ["penerimaan_laporan"]}}}}
    path = tmp_path / "variant.json"
    path.write_text(json.dumps(variant), encoding="utf-8")
    proc = load_procedure(str(path))
    base = load_procedure("perbawaslu-7-2022-pemilu")
    assert proc.id == "my-variant" and "kajian_awal" not in proc.steps["step"].tolist()
    kajian = proc.steps.set_index("step").loc["kajian", "deadline"]
    assert kajian["days"] == 3 and kajian["day_type"] == "calendar"
    assert proc.steps.set_index("step").loc["kajian", "citation"] == base.steps.set_index("step").loc["kajian", "citation"]
    assert proc.recipient == base.recipient and len(proc.steps) == len(base.steps) - 1
    # perturb: a patch without its own id is refused (a variant is a new norm)
    del variant["patch"]["id"]
    path.write_text(json.dumps(variant), encoding="utf-8")
    with pytest.raises(ProcedureError, match="must give id"):
        load_procedure(str(path))
