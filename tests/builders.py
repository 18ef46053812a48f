"""Hand-built cases and events for tests: only the columns the code under test reads."""

from __future__ import annotations

import pandas as pd


def case(case_id: str = "C1", origin: str = "temuan", recipient: str = "kasn", sanctioned: str = "not_reported",
         election_type: str = "pemilu", province: str = "15") -> dict:
    return {"case_id": case_id, "origin": origin, "recipient": recipient, "sanctioned": sanctioned,
            "election_type": election_type, "province": province}


def tables(cases: list[dict], steps: list[tuple]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``steps`` holds (case_id, step, status, date) tuples; date 'not_reported' when unknown."""
    events = pd.DataFrame(steps, columns=["case_id", "step", "status", "date"])
    events.insert(0, "event_id", [f"E{i}" for i in range(len(events))])
    return pd.DataFrame(cases), events


def temuan_pemilu(case_id: str = "C1", kajian: str = "2024-02-15", penerusan: str = "2024-02-16",
                  recipient: str = "kasn", temuan: str = "2024-02-09") -> tuple[pd.DataFrame, pd.DataFrame]:
    """A finding handled fully and on time under perbawaslu-7-2022-pemilu (unless dates say otherwise).

    Informasi awal Mon 5 Feb 2024; temuan Fri 9 Feb; kajian Thu 15 Feb (6 calendar days,
    3 working days: 14 Feb was election day); forwarded Fri 16 Feb.
    """
    return tables([case(case_id, recipient=recipient)], [
        (case_id, "informasi_awal", "occurred", "2024-02-05"),
        (case_id, "penetapan_temuan", "occurred", temuan),
        (case_id, "kajian", "occurred", kajian),
        (case_id, "penerusan", "occurred", penerusan),
    ])
