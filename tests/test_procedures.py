import json

import pandas as pd
import pytest

from netralitas_study import codebook
from netralitas_study.procedures import ProcedureError, check_procedure, list_procedures, load_procedure

IDS = ["adjudication-route", "perbawaslu-7-2022-pemilu", "uu-10-2016-pilkada"]


def test_shipped_procedures_have_the_public_ids():
    assert list_procedures()["id"].tolist() == IDS


@pytest.mark.parametrize("pid", IDS)
def test_every_step_cites_its_basis_and_uses_codebook_steps(pid):
    p = load_procedure(pid)
    assert set(p.steps["step"]) <= set(codebook.vocabulary("step")["value"])
    assert p.steps["citation"].str.len().gt(0).all()
    assert p.legal_basis and all(b["sources"] for b in p.legal_basis)


def test_day_types_follow_the_law():
    pemilu = load_procedure("perbawaslu-7-2022-pemilu").raw
    pilkada = load_procedure("uu-10-2016-pilkada").raw
    dl = lambda spec: [s["deadline"] for s in spec["steps"] if s["deadline"]]  # noqa: E731
    assert {d["day_type"] for d in dl(pemilu)} == {"working"}
    assert {d["day_type"] for d in dl(pilkada)} == {"calendar"}
    kajian = lambda spec: next(s["deadline"]["days"] for s in spec["steps"] if s["step"] == "kajian")  # noqa: E731
    assert kajian(pilkada) < kajian(pemilu)


def test_recipient_by_date():
    p = load_procedure("perbawaslu-7-2022-pemilu")
    got = p.recipient_on(pd.Series(pd.to_datetime(["2024-08-23", "2024-08-24", None])))
    assert got.tolist()[:2] == ["kasn", "bkn"] and pd.isna(got.iloc[2])


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
        check_procedure(_spec(kajian={"step": "kajian_x", "basis": {}}))
    assert "kajian_x" in str(err.value) and "no legal basis" in str(err.value)


def test_custom_procedure_file_loads_by_path(tmp_path):
    spec = _spec(kajian={"deadline": {"days": 3, "from": ["registrasi", "penetapan_temuan"], "day_type": "working"}})
    spec["id"] = "strict-variant"
    path = tmp_path / "strict-variant.json"
    path.write_text(json.dumps(spec))
    assert load_procedure(path).id == "strict-variant"


def test_unknown_id_lists_the_known_ones():
    with pytest.raises(ProcedureError, match="perbawaslu-7-2022-pemilu"):
        load_procedure("perbawaslu")
