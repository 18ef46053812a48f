import pandas as pd

from builders import case, tables
from netralitas_study.analysis.eventlog import to_process_mining


def test_process_mining_export_orders_by_time_and_drops_steps_not_done():
    _, events = tables([case("A")], [
        ("A", "penerusan", "occurred", "2024-03-04"),
        ("A", "kajian", "occurred", "2024-03-01"),
        ("A", "sidang_ajudikasi", "not_occurred", "not_reported"),
        ("A", "tindak_lanjut", "occurred", "not_reported"),
    ])
    events["actor"] = "bawaslu_provinsi"
    log = to_process_mining(events)
    assert log["concept:name"].tolist() == ["kajian", "penerusan", "tindak_lanjut"]
    assert log["time:timestamp"].iloc[0] == pd.Timestamp("2024-03-01", tz="UTC")
    assert pd.isna(log["time:timestamp"].iloc[2])


def test_steps_order_puts_an_undated_step_where_the_procedure_has_it():
    _, events = tables([case("A"), case("B"), case("C")], [
        ("A", "penerusan", "occurred", "2024-03-04"),
        ("A", "kajian", "occurred", "not_reported"),  # undated, but before penerusan in the step order
        ("A", "penetapan_temuan", "occurred", "2024-03-01"),
        ("B", "kajian", "occurred", "2024-03-02"),
        ("B", "penetapan_temuan", "occurred", "not_reported"),  # nothing dated before it: first
        ("C", "sidang_ajudikasi", "not_occurred", "not_reported"),  # no step done: no trace
    ])
    events["actor"] = "bawaslu_provinsi"
    by_date = to_process_mining(events)
    by_steps = to_process_mining(events, order="steps")
    assert by_date.loc[by_date["case:concept:name"].eq("A"), "concept:name"].tolist() == [
        "penetapan_temuan", "penerusan", "kajian"]
    assert by_steps.loc[by_steps["case:concept:name"].eq("A"), "concept:name"].tolist() == [
        "penetapan_temuan", "kajian", "penerusan"]
    assert by_steps.loc[by_steps["case:concept:name"].eq("B"), "concept:name"].tolist() == [
        "penetapan_temuan", "kajian"]
    assert set(by_steps["case:concept:name"]) == {"A", "B"}
    assert sorted(map(tuple, by_steps.astype(str).values)) == sorted(map(tuple, by_date.astype(str).values))
