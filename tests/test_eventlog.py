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
