"""Personal-data guard: zero misses on a seeded synthetic corpus, zero false alarms on the shipped data."""

from __future__ import annotations

import random

import pytest

from conftest import edit_csv
from netralitas_study import codebook
from netralitas_study import load
from netralitas_study.package import DEFAULT_DATA
from netralitas_study.privacy import scan_table, scan_text
from netralitas_study.validation import validate_package

SEED = 2024


def synthetic_nip(rng: random.Random) -> str:
    """A synthetic NIP: birth date, appointment month, gender digit, serial; in a random common layout."""
    birth = f"{rng.randint(1955, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    appointed = f"{rng.randint(1980, 2025)}{rng.randint(1, 12):02d}"
    gender, serial = str(rng.randint(1, 2)), f"{rng.randint(1, 999):03d}"
    sep = rng.choice(["", " ", ".", "-"])
    return sep.join([birth, appointed, gender, serial]) if sep else birth + appointed + gender + serial


def synthetic_nik(rng: random.Random) -> str:
    province = rng.choice(codebook.vocabulary("province")["value"].tolist())
    day = rng.randint(1, 28) + rng.choice([0, 40])  # women's NIK add 40 to the day
    return f"{province}{rng.randint(1, 99):02d}{rng.randint(1, 40):02d}{day:02d}{rng.randint(1, 12):02d}" \
           f"{rng.randint(0, 99):02d}{rng.randint(1, 9999):04d}"


def synthetic_phone(rng: random.Random) -> str:
    prefix = rng.choice(["08", "+628", "628", "+62 8"])
    body = f"{rng.randint(11, 99)}{rng.randint(0, 9)}"
    sep = rng.choice(["", "-", " ", "."])
    return f"{prefix}{body}{sep}{rng.randint(1000, 9999)}{sep}{rng.randint(100, 99999)}"


def synthetic_email(rng: random.Random) -> str:
    user = "".join(rng.choice("abcdefghij.") for _ in range(rng.randint(3, 10))).strip(".") or "x"
    return f"{user}@{rng.choice(['contoh.go.id', 'mail.example', 'bkd.example.id'])}"


GENERATORS = {"nip": synthetic_nip, "nik": synthetic_nik, "phone": synthetic_phone, "email": synthetic_email}
CONTEXTS = ["{}", "camat {}", "Terlapor ({}) hadir", "kontak: {}.", "{}; lihat berkas", "no {} di dokumen"]


@pytest.mark.parametrize("kind", sorted(GENERATORS))
def test_zero_misses_on_a_seeded_corpus(kind):
    rng = random.Random(f"{SEED}-{kind}")
    misses = []
    for _ in range(400):
        value = GENERATORS[kind](rng)
        text = rng.choice(CONTEXTS).format(value)
        if kind not in {k for k, _, _ in scan_text(text)}:
            misses.append(text)
    assert misses == []


def test_excel_rounded_id_numbers_are_caught():
    # an 18-digit NIP typed into a number cell comes back rounded to 15 significant digits
    assert {k for k, _, _ in scan_text("198001012005011000")} & {"nip", "id_number"}
    assert {k for k, _, _ in scan_text("1.98001012005011E+17")} == set()  # scientific notation: no digits run
    assert "id_number" in {k for k, _, _ in scan_text("no 123456789012345")}


def test_zero_false_alarms_on_the_shipped_data():
    tables = load(DEFAULT_DATA)
    for table, df in tables.items():
        assert scan_table(df).empty, table


def test_ordinary_numbers_dates_and_urls_are_not_personal_data():
    for text in ["2024-10-12", "12/10/2024", "Rp12.000.000", "No. 005/Reg/LP/PW/Kota/22.02/XI/2024",
                 "https://news.example.com/read/2024/12/03/337/3091806/berita", "1.645 ASN", "pasal 280 ayat (3)",
                 "Perpres 92/2024", "6 camat dan 1 lurah"]:
        assert scan_text(text) == [], text


def _text_columns(table: str) -> list[str]:
    return [f["name"] for f in codebook.fields(table) if f["type"] == "string" and not f.get("vocabulary")]


@pytest.mark.parametrize("table,column", [(t, c) for t in ("cases", "events", "sources") for c in _text_columns(t)])
@pytest.mark.parametrize("planted", ["19800101 200501 1 001", "1571010101900001"])
def test_planted_nip_or_nik_in_any_text_column_is_refused(data_copy, table, column, planted):
    def plant(df):
        df.loc[0, column] = f"{df.loc[0, column]} {planted}".strip()
        return df

    edit_csv(data_copy, table, plant)
    problems = validate_package(data_copy)
    hit = problems[problems["rule"].eq("personal_data")]
    assert (hit["table"].eq(table) & hit["column"].eq(column) & hit["row"].eq(2)).any(), problems.to_string()
    assert not problems["value"].astype(str).str.contains(planted.replace(" ", "")).any()
    assert not problems["value"].astype(str).str.contains(planted).any()


def test_name_columns_are_refused(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.assign(nama_asn="x"))
    problems = validate_package(data_copy)
    assert ((problems["column"] == "nama_asn") & (problems["rule"] == "personal_data")).any()
