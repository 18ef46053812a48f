"""Build the corpus of malformed and unusual inputs (deterministic; run from anywhere).

    python tests/corpus/build.py

Each malformed file is named after the table it claims to be (``cases-…csv``) or is a
workbook (``workbook-…xlsx``); ``expected.csv`` lists the rule each must trigger. The
``accepted/`` folder holds inputs that are merely unusual (BOM, semicolons, Indonesian dates,
CRLF, trailing blank rows, Excel serial dates) and must validate cleanly. All data are
synthetic: no real case, no real person.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
MALFORMED = HERE / "malformed"
ACCEPTED = HERE / "accepted"

CASE_FIELDS = ["case_id", "election_type", "election_year", "province", "regency", "handled_by", "origin",
               "violation_forms", "violation_form_candidates", "role", "agency_type", "employment", "persons",
               "determination", "recipient", "recommendation", "source_id", "locator", "notes"]
PERSON_FIELDS = ["person_id", "case_id", "unit", "role", "agency_type", "employment", "determination", "recommendation",
                 "recommended_by", "status", "sanction_imposed", "imposed_by", "imposed_date", "source_id", "locator",
                 "notes"]
EVENT_FIELDS = ["event_id", "case_id", "step", "status", "date", "actor", "source_id", "locator", "notes"]
SOURCE_FIELDS = ["source_id", "type", "title", "url", "reference", "published", "notes"]


def case(i: int, **change) -> dict:
    row = {"case_id": f"SYN-{i}", "election_type": "pilkada", "election_year": "2024", "province": "15",
           "regency": "Kabupaten Sintetis", "handled_by": "bawaslu_kabkota", "origin": "temuan",
           "violation_forms": "skb_12_ikut_kampanye", "violation_form_candidates": "not_applicable", "role": "camat",
           "agency_type": "pemerintah_kabkota", "employment": "pns", "persons": "1", "determination": "pelanggaran",
           "recipient": "bkn", "recommendation": "not_reported", "source_id": "SYN-SRC", "locator": "synthetic",
           "notes": "synthetic row"}
    row.update(change)
    return row


def person(i: int, **change) -> dict:
    row = {"person_id": f"SYN-{i}-P1", "case_id": f"SYN-{i}", "unit": "person", "role": "camat",
           "agency_type": "pemerintah_kabkota", "employment": "pns", "determination": "pelanggaran",
           "recommendation": "sedang", "recommended_by": "bkn", "status": "recommended",
           "sanction_imposed": "not_applicable", "imposed_by": "not_applicable", "imposed_date": "not_applicable",
           "source_id": "SYN-SRC", "locator": "synthetic", "notes": ""}
    row.update(change)
    return row


def event(i: int, k: int, step: str, date: str = "not_reported", **change) -> dict:
    row = {"event_id": f"SYN-{i}-E{k}", "case_id": f"SYN-{i}", "step": step, "status": "occurred", "date": date,
           "actor": "bawaslu_kabkota", "source_id": "SYN-SRC", "locator": "synthetic", "notes": ""}
    row.update(change)
    return row


SOURCE = {"source_id": "SYN-SRC", "type": "lainnya", "title": "Synthetic source for tests",
          "url": "https://example.org/synthetic", "reference": "", "published": "2024-10-20", "notes": "synthetic"}


def csv_text(fields, rows, delimiter=",", newline="\n") -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, delimiter=delimiter, lineterminator=newline, extrasaction="ignore")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def cases_csv(name: str, rows: list[dict], fields=CASE_FIELDS) -> tuple[str, bytes]:
    return f"cases-{name}.csv", csv_text(fields, rows).encode()


def events_csv(name: str, rows: list[dict], fields=EVENT_FIELDS) -> tuple[str, bytes]:
    return f"events-{name}.csv", csv_text(fields, rows).encode()


def sources_csv(name: str, rows: list[dict]) -> tuple[str, bytes]:
    return f"sources-{name}.csv", csv_text(SOURCE_FIELDS, rows).encode()


def workbook(name: str, cases, events, sources, tweak=None) -> tuple[str, bytes]:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, fields, rows in (("cases", CASE_FIELDS, cases), ("events", EVENT_FIELDS, events),
                                ("sources", SOURCE_FIELDS, sources)):
        if rows is None:
            continue
        ws = wb.create_sheet(title)
        ws.append(fields)
        for r in rows:
            ws.append([r.get(f, "") for f in fields])
    if tweak:
        tweak(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return f"workbook-{name}.xlsx", buf.getvalue()


def _merge(wb):
    wb["cases"].merge_cells("E2:E3")


def _formula(wb):
    wb["cases"]["M2"] = "=1+1"


# (file content builder, expected rule) — each must make validate exit non-zero
def malformed() -> list[tuple[tuple[str, bytes], str]]:
    good = [case(1), case(2)]
    evs = [event(1, 1, "informasi_awal", "2024-10-01"), event(1, 2, "penerusan", "2024-10-05")]
    return [
        (cases_csv("wrong-type-year", [case(1, election_year="dua ribu")]), "type"),
        (cases_csv("unknown-code", [case(1, origin="temuan?")]), "vocabulary"),
        (cases_csv("unknown-province", [case(1, province="99")]), "vocabulary"),
        (cases_csv("duplicate-id", [case(1), case(1)]), "unique"),
        (cases_csv("missing-column", good, [f for f in CASE_FIELDS if f != "origin"]), "missing_column"),
        (cases_csv("extra-column", [dict(case(1), kolom_tambahan="x")], CASE_FIELDS + ["kolom_tambahan"]),
         "unknown_column"),
        (("cases-empty.csv", b""), "empty"),
        (cases_csv("header-only", []), "no_rows"),
        (("cases-binary.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))), "unreadable"),
        (("cases-latin1.csv", csv_text(CASE_FIELDS, [case(1, regency="Tanjung Jabung Tímur")]).encode("cp1252")),
         "encoding"),
        (cases_csv("blank-required", [case(1, province="")]), "required"),
        (cases_csv("blank-cell", [case(1, regency="")]), "blank"),
        (cases_csv("negative-persons", [case(1, persons="-3")]), "minimum"),
        (cases_csv("decimal-persons", [case(1, persons="2.5")]), "type"),
        (cases_csv("bad-id", [case(1, case_id="kasus 1")]), "pattern"),
        (cases_csv("very-long-cell", [case(1, notes="panjang " * 700)]), "too_long"),
        (cases_csv("nip", [case(1, role="camat, NIP 19800101 200501 1 001")]), "personal_data"),
        (cases_csv("nik", [case(1, notes="NIK 1571010101900001")]), "personal_data"),
        (cases_csv("phone", [case(1, notes="hubungi 0812-3456-7890")]), "personal_data"),
        (cases_csv("email", [case(1, notes="surel: pegawai@contoh.go.id")]), "personal_data"),
        (cases_csv("name-column", [dict(case(1), nama="X")], CASE_FIELDS + ["nama"]), "personal_data"),
        (("persons-sanction-contradiction.csv", csv_text(PERSON_FIELDS, [person(1, status="recommended",
                                                                                 sanction_imposed="sedang")]).encode()),
         "consistency"),
        (cases_csv("bad-candidates", [case(1, violation_forms="unknown",
                                           violation_form_candidates="tesis_ikut_kampanye|bukan_kode")]),
         "vocabulary"),
        (cases_csv("example-row-left", [case(1, case_id="CONTOH-1")]), "example_row"),
        (("cases-stray-separator.csv", (csv_text(CASE_FIELDS, [case(1)]).rstrip("\n") + ",x,y\n").encode()),
         "row_width"),
        (("cases-unclosed-quote.csv", (csv_text(CASE_FIELDS, [case(1)]) + 'SYN-2,"pilkada\n').encode()),
         "unreadable"),
        (cases_csv("semicolon-bad-year", [case(1, election_year="1999")]).__class__(
            ("cases-semicolon-bad-year.csv", csv_text(CASE_FIELDS, [case(1, election_year="1999")], ";").encode())),
         "minimum"),
        (events_csv("impossible-date", [event(1, 1, "kajian", "2024-02-30")]), "type"),
        (events_csv("year-only-date", [event(1, 1, "kajian", "2024")]), "type"),
        (events_csv("unknown-step", [event(1, 1, "sidang_rahasia")]), "vocabulary"),
        (events_csv("unknown-status", [event(1, 1, "kajian", status="mungkin")]), "vocabulary"),
        (sources_csv("bad-url", [dict(SOURCE, url="www.example.org")]), "type"),
        (sources_csv("blank-title", [dict(SOURCE, title="")]), "required"),
        (workbook("reversed-dates", good, [event(1, 1, "informasi_awal", "2024-10-05"),
                                          event(1, 2, "penerusan", "2024-10-01")], [SOURCE]), "date_order"),
        (workbook("events-for-unknown-case", good, evs + [event(9, 1, "kajian")], [SOURCE]), "foreign_key"),
        (workbook("unknown-source", [case(1, source_id="NOPE")], evs, [SOURCE]), "foreign_key"),
        (workbook("missing-sheet", good, None, [SOURCE]), "missing_table"),
        (workbook("merged-cells", good, evs, [SOURCE], _merge), "merged_cells"),
        (workbook("formula", good, evs, [SOURCE], _formula), "formula"),
        (("workbook-not-a-workbook.xlsx", b"this is plain text, saved with the wrong extension\n"), "unreadable"),
        (("data.csv", csv_text(CASE_FIELDS, good).encode()), "unknown_table"),
    ]


def accepted() -> dict[str, bytes]:
    """A data folder whose files are unusual in every accepted way at once."""
    cases = [case(1), case(2, origin="laporan")]
    events = [event(1, 1, "informasi_awal", "1 Oktober 2024"), event(1, 2, "penetapan_temuan", "02/10/2024"),
              event(1, 3, "penerusan", "45575"),  # an Excel serial number: 2024-10-10 (45292 is 2024-01-01)
              event(2, 1, "penerimaan_laporan", "2024-10-03"), event(2, 2, "kajian", " 7 Okt 2024 ")]
    cases_text = "\ufeff" + csv_text(CASE_FIELDS, cases, ";", "\r\n") + ";" * (len(CASE_FIELDS) - 1) + "\r\n"
    return {
        "cases.csv": cases_text.encode("utf-8"),  # BOM, semicolons, CRLF, a trailing blank row
        "events.csv": csv_text(EVENT_FIELDS, events).encode("utf-8"),  # mixed date formats
        "sources.csv": ("\ufeff" + csv_text(SOURCE_FIELDS, [dict(SOURCE, published="20 Oktober 2024")], ";")
                        ).encode("utf-8"),
    }


def build() -> None:
    for folder in (MALFORMED, ACCEPTED):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    rows = []
    for (name, content), rule in malformed():
        (MALFORMED / name).write_bytes(content)
        rows.append((name, rule))
    with (HERE / "expected.csv").open("w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["file", "rule"])
        w.writerows(rows)
    for name, content in accepted().items():
        (ACCEPTED / name).write_bytes(content)


if __name__ == "__main__":
    build()
