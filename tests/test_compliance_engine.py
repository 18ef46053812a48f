"""The integer-coded compliance engine against the engine it replaced (tests/reference_compliance.py).

Same verdicts, counts, check rows (in the same order) and reason texts, byte for byte: on the
shipped data as the loader types it, on the same data as text, and on synthetic national logs
under every procedure and under the norm in force. The per-case loop in benchmarks/baseline.py
stays the verdict oracle (tests/test_benchmark_baseline.py).
"""

from __future__ import annotations

import pandas as pd
import pytest

import reference_compliance as reference
from builders import case, tables
from netralitas_study import codebook
from netralitas_study.conformance import engine as compliance
from netralitas_study.validate import loader
from netralitas_study.maintainers import synthetic
from netralitas_study.norms.procedures import procedure_ids

NORMS = [*procedure_ids(), None]


def same(new: pd.DataFrame, old: pd.DataFrame) -> None:
    """Equal on every column both engines produce (``outcome_known`` is leaving compliance results)."""
    shared = [c for c in old.columns if c in new.columns]
    assert shared == list(old.columns) and [c for c in new.columns if c in shared] == shared
    pd.testing.assert_frame_equal(new[shared], old[shared])


def agree(cases: pd.DataFrame, events: pd.DataFrame, procedure) -> None:
    same(compliance.compliance(cases, events, procedure), reference.compliance(cases, events, procedure))
    same(compliance.compliance_checks(cases, events, procedure), reference.compliance_checks(cases, events, procedure))


@pytest.fixture(scope="module")
def synthetic_log() -> dict[str, pd.DataFrame]:
    data = synthetic.generate(2000, seed=5)
    # the log's rarer turns, planted: planned steps, a forwarding in the KASN-to-BKN handover,
    # two recipients, an unknown recipient code, and deadlines missed by far
    ev = data["events"].copy()
    ev.loc[ev.index[::97], "status"] = "planned"
    fwd = ev.index[ev["step"].eq("penerusan") & ev["status"].eq("occurred")]
    ev.loc[fwd[:40], "date"] = "2024-08-26"
    ev.loc[fwd[40:80], "date"] = "2030-01-02"
    cases = data["cases"].copy()
    cases.loc[cases.index[::31], "recipient"] = "kasn|bkn"
    cases.loc[cases.index[5::37], "recipient"] = "lainnya"
    return {**data, "cases": cases, "events": ev}


@pytest.mark.parametrize("procedure", NORMS)
def test_same_reasons_on_the_shipped_data_typed_and_as_text(shipped, procedure):
    agree(shipped["cases"], shipped["events"], procedure)
    text = {t: df.astype(str) for t, df in shipped.items() if t in ("cases", "events")}
    agree(text["cases"], text["events"].replace("NaT", "not_reported"), procedure)


@pytest.mark.parametrize("procedure", NORMS)
def test_same_reasons_on_a_synthetic_log_as_text(synthetic_log, procedure):
    agree(synthetic_log["cases"], synthetic_log["events"], procedure)


@pytest.mark.parametrize("procedure", ["perbawaslu-7-2022-pemilu", "uu-10-2016-pilkada", None])
def test_same_reasons_on_a_synthetic_log_typed_by_the_loader(synthetic_log, procedure):
    # the codebook types recipient as one code: a '|'-list is for text tables only
    cases = synthetic_log["cases"].replace({"recipient": {"kasn|bkn": "bkn"}})
    events = synthetic_log["events"]
    if "planned" not in set(codebook.vocabulary("step_status")["value"]):  # before codebook v2
        events = events.replace({"status": {"planned": "not_occurred"}})
    typed = loader.typed({**synthetic_log, "cases": cases, "events": events})
    assert isinstance(typed["events"]["step"].dtype, pd.CategoricalDtype)
    agree(typed["cases"], typed["events"], procedure)


def test_same_results_on_edge_cases():
    cases, events = tables([case("A"), case("B", origin="laporan", recipient="kasn| bkn"), case("C", origin="nope")], [
        ("A", "penetapan_temuan", "occurred", "2024-02-09"), ("A", "penetapan_temuan", "planned", "not_reported"),
        ("A", "kajian", "occurred", "2024-02-01"), ("A", "penerusan", "occurred", "not_reported"),
        ("B", "penerimaan_laporan", "occurred", "2024-08-20"), ("B", "penerusan", "occurred", "2024-09-04"),
        ("B", "kajian", "occurred", "2024-08-30"), ("C", "kajian", "not_occurred", "not_reported"),
        ("ZZ", "kajian", "occurred", "2024-01-01"),  # an event of a case not judged
    ])
    cases["election_year"] = "2024"
    for procedure in NORMS:
        agree(cases, events, procedure)
    # no cases at all (the replaced engine failed here): an empty result with the same columns
    empty = compliance.compliance(cases.iloc[:0], events, "perbawaslu-7-2022-pemilu")
    assert empty.empty and list(empty.columns) == compliance.RESULT_COLUMNS
    agree(cases, events.iloc[:0], "adjudication-route")
