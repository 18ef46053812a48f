import json

import pytest

from netralitas_study import codebook
from netralitas_study.codebook.package import DEFAULT_DATA


def test_datapackage_is_derived_from_the_codebook():
    """data/datapackage.json must not drift from the codebook (run `make datapackage`)."""
    shipped = json.loads((DEFAULT_DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in shipped["resources"]:
        assert resource["schema"] == codebook.table_schema(resource["name"]), resource["name"]
    assert [r["name"] for r in shipped["resources"]] == list(codebook.TABLES)


def test_all_38_provinces_with_distinct_bps_codes():
    provinces = codebook.vocabulary("province")
    assert len(provinces) == 38
    assert provinces["value"].is_unique and provinces["label_id"].is_unique
    assert provinces["value"].str.fullmatch(r"\d{2}").all()
    assert codebook.labels("province")["15"] == "Jambi"


@pytest.mark.parametrize("name", codebook.vocabulary_names())
def test_every_code_has_both_labels(name):
    vocab = codebook.vocabulary(name)
    assert vocab["value"].is_unique
    assert vocab["label_id"].str.len().gt(0).all() and vocab["label_en"].str.len().gt(0).all()


def test_missing_codes_are_distinct_from_every_vocabulary_code():
    missing = set(codebook.missing_codes())
    assert missing == {"unknown", "not_reported", "not_applicable"}
    for name in codebook.vocabulary_names():
        assert not missing & set(codebook.vocabulary(name)["value"]), name


def test_vocabularies_cover_the_issue_list():
    steps = set(codebook.vocabulary("step")["value"])
    assert {"kajian_awal", "registrasi", "klarifikasi", "kajian", "penerusan", "sidang_ajudikasi"} <= steps
    # only kasn and bkn are the art. 455(1)(c) route: other hand-overs are kept apart
    assert set(codebook.vocabulary("recipient")["value"]) == {"kasn", "bkn", "employer", "police_gakkumdu", "kpu",
                                                              "lainnya"}
    assert set(codebook.vocabulary("sanction_tier")["value"]) == {"moral", "ringan", "sedang", "berat", "ptdh",
                                                                  "tier_not_stated", "none"}
    assert set(codebook.vocabulary("sanction_status")["value"]) == {"recommended", "imposed", "pending",
                                                                    "not_sanctioned", "annulled"}
    assert "planned" in set(codebook.vocabulary("step_status")["value"])


def test_codebook_v2_keeps_the_chain_apart_in_a_persons_table():
    assert codebook.version().startswith("2.")
    persons = codebook.field_names("persons")
    assert {"determination", "recommendation", "recommended_by", "status", "sanction_imposed", "imposed_by"} <= set(
        persons)
    assert not {"name", "nama", "nip", "nik"} & set(persons)
    assert not {"sanctioned", "sanction", "sanction_by"} & set(codebook.field_names("cases"))
    assert codebook.codebook()["changelog"][0]["version"] == codebook.version()
    forms = codebook.vocabulary("violation_form")
    assert forms["list"].value_counts().to_dict() == {"SKB 2022": 14, "thesis": 3}


def test_vocabulary_fields_become_enums_and_labelled_categories():
    schema = codebook.table_schema("cases")
    origin = next(f for f in schema["fields"] if f["name"] == "origin")
    assert origin["constraints"]["enum"] == ["temuan", "laporan"]
    assert origin["categories"][0] == {"value": "temuan", "label": "Temuan / Finding (by the supervisor itself)"}
    assert [m["value"] for m in schema["missingValues"]] == codebook.missing_codes()


def test_unknown_vocabulary_and_table_name_the_known_ones():
    with pytest.raises(KeyError, match="province"):
        codebook.vocabulary("provinces")
    with pytest.raises(KeyError, match="cases"):
        codebook.fields("case")
