"""Personal-data guard: zero misses on a seeded synthetic corpus, zero false alarms on the shipped data."""

from __future__ import annotations

import random

import pytest

from conftest import edit_csv
from netralitas_study import codebook
from netralitas_study import load
from netralitas_study.codebook.package import DEFAULT_DATA
from netralitas_study.validate.privacy import scan_table, scan_text
from netralitas_study.validate.rules import validate_package

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
    # the same NIP shown in scientific notation still carries its first 15 digits: refused too
    assert "id_number" in {k for k, _, _ in scan_text("1.98001012005011E+17")}
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


# Disguises a person types, written from how people write numbers and addresses, not from the
# guard's patterns: the identifiers are built from their definitions (NIK: province, regency,
# district, birth date (+40 for women), serial; NIP: birth date, appointment month, sex, serial).
def _nik_digits(rng: random.Random) -> str:
    return synthetic_nik(rng)


def _nip_digits(rng: random.Random) -> str:
    return (f"{rng.randint(1960, 2002)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
            f"{rng.randint(1985, 2024)}{rng.randint(1, 12):02d}{rng.randint(1, 2)}{rng.randint(1, 999):03d}")


def _mobile_digits(rng: random.Random) -> str:
    """Ten to thirteen digits starting 08 (Telkomsel, Indosat, XL, Tri, Smartfren prefixes)."""
    prefix = rng.choice(["0811", "0812", "0813", "0821", "0822", "0852", "0853", "0857", "0858", "0877", "0878",
                         "0881", "0895", "0896", "0838", "0831"])
    return prefix + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(6, 9)))


def _landline_digits(rng: random.Random) -> str:
    area = rng.choice(["021", "022", "024", "031", "0274", "0741", "0361", "0411", "061", "0711"])
    return area + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(6, 8 if len(area) == 3 else 7)))


def _groups(digits: str, sizes: list[int]) -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(digits[i:i + n])
        i += n
    if i < len(digits):
        out.append(digits[i:])
    return [g for g in out if g]


SEPARATORS = [" ", "  ", ".", "-", "/", "_", " - ", "\u00a0", "\u200b", "\u2009", "\u2013", " . "]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _script(rng: random.Random, text: str) -> str:
    return rng.choice([text, text, text, text.translate(FULL_WIDTH), text.translate(ARABIC_INDIC)])


def disguised_nik(rng: random.Random) -> str:
    digits = _nik_digits(rng)
    sizes = rng.choice([[4, 4, 4, 4], [6, 6, 4], [2, 2, 2, 6, 4], [16]])
    return _script(rng, rng.choice(SEPARATORS).join(_groups(digits, sizes)))


def disguised_nip(rng: random.Random) -> str:
    digits = _nip_digits(rng)
    sizes = rng.choice([[8, 6, 1, 3], [8, 6, 4], [4, 4, 6, 1, 3], [18]])
    return _script(rng, rng.choice(SEPARATORS).join(_groups(digits, sizes)))


def disguised_phone(rng: random.Random) -> str:
    if rng.random() < 0.3:
        digits = _landline_digits(rng)
        area = 3 if digits[1] in "26" and digits[:3] in ("021", "022", "024", "061") else 4
        area = 3 if digits.startswith(("021", "022", "024", "031", "061")) else 4
        sep = rng.choice([" ", "-", " - ", "."])
        return rng.choice([f"({digits[:area]}) {digits[area:]}", f"{digits[:area]}{sep}{digits[area:]}",
                           f"+62 {digits[1:area]} {digits[area:]}", digits])
    digits = _mobile_digits(rng)
    sep = rng.choice([" ", "-", " - ", ".", "\u00a0"])
    body = sep.join(_groups(digits[4:], [4, 4]))
    return _script(rng, rng.choice([
        f"{digits[:4]}{sep}{body}", f"({digits[:4]}) {body}", f"+62 {digits[1:4]}{sep}{body}",
        f"+62{digits[1:]}", f"62{digits[1:]}", f"+62 {digits[1:3]} {digits[3:]}", digits[1:],  # zero dropped
        f"wa.me/62{digits[1:]}", f"https://wa.me/62{digits[1:]}", f"WA {digits}"]))


def disguised_email(rng: random.Random) -> str:
    user = rng.choice(["budi.s", "sri_wahyuni", "admin.bkpsdm", "pegawai01", "rina"])
    host, tld = rng.choice([("gmail", "com"), ("yahoo", "co.id"), ("jambiprov", "go.id")])
    return rng.choice([f"{user}@{host}.{tld}", f"{user}[at]{host}.{tld}", f"{user} (at) {host} (dot) {tld}",
                       f"{user}(at){host}(dot){tld}", f"{user} @ {host}.{tld}", f"{user}＠{host}.{tld}",
                       f"{user} [at] {host} [dot] {tld}", f"{user.upper()}@{host.upper()}.{tld.upper()}"])


def disguised_name(rng: random.Random) -> str:
    first = rng.choice(["Budi", "Sri", "Ahmad", "Rina", "Agus", "Dewi", "Hendra", "Yusuf", "Siti", "Joko"])
    last = rng.choice(["Santoso", "Wahyuni", "Saputra", "Hidayat", "Lestari", "Nasution", "Siregar", "Pratama"])
    role = rng.choice(["Camat", "camat", "Kepala Dinas Pendidikan", "Sekda", "Lurah", "Kepala sekolah", "Guru"])
    return rng.choice([f"{role} {first} {last}", f"{role} {first}", f"{role}, {first} {last}",
                       f"{role} (Bapak {first})", f"Ibu {first} ({role})", f"{first} {last}, {role}"])


DISGUISES = {"nik": disguised_nik, "nip": disguised_nip, "phone": disguised_phone, "email": disguised_email,
             "name": disguised_name}
SENTENCES = ["{}", "hubungi {} untuk konfirmasi", "Terlapor: {}", "kontak: {}.", "({})", "{}; lihat berkas",
             "no. {} di dokumen", "dilaporkan oleh warga, {}"]


@pytest.mark.parametrize("kind", sorted(DISGUISES))
def test_every_disguise_a_person_types_is_caught(kind):
    rng = random.Random(f"{SEED}-disguise-{kind}")
    misses = []
    for _ in range(500):
        text = rng.choice(SENTENCES).format(DISGUISES[kind](rng))
        found = {k for k, _, _ in scan_text(text, "notes")}
        # an identifier seen as another identifier kind is still refused
        if not found - {"name"} if kind != "name" else "name" not in found:
            misses.append(text)
    assert misses == []


def test_a_nik_shaped_case_id_is_refused(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.assign(case_id=df["case_id"].where(df.index != 0, "1571015503850001")))
    problems = validate_package(data_copy)
    assert (problems["rule"].eq("personal_data") & problems["column"].eq("case_id")).any()
    assert not problems.astype(str).apply(lambda s: s.str.contains("1571015503850001")).any().any()


def test_a_false_alarm_is_marked_in_the_allow_list(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.assign(role=df["role"].where(df.index != 0, "Camat Sukajadi")))
    assert validate_package(data_copy)["rule"].eq("personal_data").any()
    (data_copy / "privacy-allow.txt").write_text("# kecamatan names\nSukajadi\n", encoding="utf-8")
    assert validate_package(data_copy).empty


def _cells():
    from hypothesis import strategies as st

    disguise = st.builds(lambda k, seed: DISGUISES[k](random.Random(seed)), st.sampled_from(sorted(DISGUISES)),
                         st.integers(0, 10**6))
    noise = st.text(alphabet=st.sampled_from(list("0123456789 .-/_()@[]atdoAZCamt+\u00a0\u200b０８")),
                    max_size=30)
    return st.one_of(disguise, noise, st.text(max_size=20),
                     st.builds(lambda a, b: f"{a} {b}", disguise, st.text(max_size=8)))


def test_scan_table_flags_exactly_what_scan_text_flags():
    import pandas as pd
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.tuples(_cells(), _cells(), _cells()), min_size=1, max_size=8))
    def check(rows):
        df = pd.DataFrame(rows, columns=["notes", "locator", "role"])
        table = {(r.index, r.column, r.kind) for r in scan_table(df).itertuples()}
        cells = {(i, c, k) for c in df.columns for i, v in df[c].items() for k, _, _ in scan_text(v, c)}
        assert table == cells

    check()


# --- the third red team's attack classes, each planted in a copy of a valid example -----------------
# Every case: the planted value is refused with rule personal_data at its file, row and column, and
# neither it nor its digits appear in any message (stdout, stderr, the CSV of problems).

from pathlib import Path  # noqa: E402
import re as _re  # noqa: E402
import shutil  # noqa: E402

from click.testing import CliRunner  # noqa: E402

from netralitas_study.cli import main  # noqa: E402
from netralitas_study.validate.rules import validate_path  # noqa: E402

ACCEPTED = Path(__file__).parent / "corpus" / "accepted"
NIK = "1571015503850001"
PHONE = "081234567890"


def _copy(tmp_path: Path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(ACCEPTED, dest)
    return dest


def _set(folder: Path, table: str, column: str, value: str, row: int = 0) -> None:
    path = folder / f"{table}.csv"
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False, sep=None, engine="python", encoding="utf-8-sig")
    df.loc[row, column] = value
    df.to_csv(path, index=False)


def _secrets(planted: str) -> list[str]:
    """What must never be shown: the value, its digits when it has many, its unknown name words."""
    out = [planted]
    digits = _re.sub(r"\D", "", planted)
    if len(digits) >= 8:
        out += [digits, digits[:8], digits[-8:]]
    out += [w for w in ("Budi", "Santoso", "Joko", "budi", "santoso", "BUDI", "SANTOSO") if w in planted]
    return out


def _assert_refused_without_echo(path: Path, planted: str, table: str, column: str | None, row: int | None,
                                 file: str | None = None) -> None:
    problems, _ = validate_path(path, lang="en")
    hit = problems[problems["rule"].eq("personal_data")]
    where = hit["table"].eq(table)
    if column is not None:
        where &= hit["column"].eq(column)
    if row is not None:
        where &= hit["row"].eq(row)
    if file is not None:
        where &= hit["file"].eq(file)
    assert where.any(), problems[["file", "table", "row", "column", "rule", "message"]].to_string()
    shown = problems.astype(str).to_string()
    for lang, fmt in (("en", "table"), ("id", "csv")):
        result = CliRunner().invoke(main, ["validate", str(path), "--lang", lang, "--format", fmt])
        assert result.exit_code == 1, result.output
        shown += result.output + (result.stderr if hasattr(result, "stderr") else "")
    for secret in _secrets(planted):
        assert secret not in shown, secret


DIGIT_ATTACKS = {
    "url_query_nik": ("sources", "url", f"https://example.org/berita?nik={NIK}"),
    "url_query_phone_fragment": ("sources", "url", f"https://example.org/berita?p=42#hp-{PHONE}"),
    "url_percent_encoded": ("sources", "url", "https://example.org/b?q=" + "".join(f"%{ord(c):02X}" for c in PHONE)),
    "url_path_nik": ("sources", "url", f"https://example.org/warga/{NIK}/profil"),
    "url_path_split_phone": ("sources", "url", "https://example.org/hp/0812/3456/7890"),
    "url_in_notes": ("cases", "notes", f"lihat https://example.org/x?telp={PHONE}&a=1"),
    "comma": ("cases", "notes", "no 1571,0155,0385,0001"),
    "colon": ("cases", "notes", "hp 0812:3456:7890"),
    "pipe": ("events", "notes", "0812|3456|7890"),
    "tab": ("cases", "locator", "1571\t0155\t0385\t0001"),
    "many_spaces": ("cases", "notes", "0812      3456      7890"),
    "dots_and_dashes": ("sources", "notes", "1571.-.0155..0385--0001"),
    "letter_o_and_l": ("cases", "notes", "hp O8l2 3456 789O"),
    "capital_i_and_o": ("cases", "notes", "NIK I57IOI55O385OOOI"),
    "split_over_lines": ("cases", "notes", "NIK 1571 0155\n0385 0001"),
    "number_words_id": ("cases", "notes", "hp nol delapan satu dua tiga empat lima enam tujuh delapan sembilan"),
    "number_words_en": ("events", "notes", "zero eight one two three four five six seven eight nine"),
    "number_words_mixed": ("cases", "notes", "0812 tiga empat lima enam 7890"),
    "html_entities": ("cases", "notes", "&#48;&#56;&#49;&#50;-3456-7890"),
    "in_role": ("cases", "role", f"camat {PHONE}"),
    "in_title": ("sources", "title", f"Wawancara, kontak {PHONE}"),
    "in_regency": ("cases", "regency", NIK),
}


@pytest.mark.parametrize("attack", sorted(DIGIT_ATTACKS))
def test_identifier_disguises_are_refused_where_they_stand(tmp_path, attack):
    table, column, planted = DIGIT_ATTACKS[attack]
    folder = _copy(tmp_path)
    _set(folder, table, column, planted)
    _assert_refused_without_echo(folder, planted, table, column, 2, f"{table}.csv")


EMAIL_ATTACKS = ["budi at gmail dot com", "budi(a)gmail.com", "budi [at] bkd [dot] go [dot] id",
                 "budi%40contoh.go.id", "budi＠contoh.go.id", "budi.s at bkd.jambiprov.go.id", "budi {at} yahoo",
                 "budi &#64; contoh.go.id"]


@pytest.mark.parametrize("planted", EMAIL_ATTACKS)
def test_email_in_any_spelling_is_refused(tmp_path, planted):
    folder = _copy(tmp_path)
    _set(folder, "cases", "notes", f"kontak {planted}", row=1)
    _assert_refused_without_echo(folder, planted, "cases", "notes", 3, "cases.csv")


def test_email_in_a_mailto_url_is_refused(tmp_path):
    folder = _copy(tmp_path)
    _set(folder, "sources", "url", "mailto:budi.santoso@contoh.go.id")
    _assert_refused_without_echo(folder, "budi.santoso@contoh.go.id", "sources", "url", 2)


NAME_ATTACKS = {
    "after_colon": ("cases", "notes", "Terlapor: Budi Santoso"),
    "position_colon": ("cases", "role", "Camat: Budi"),
    "lower_case": ("cases", "role", "camat budi santoso"),
    "capitals": ("cases", "locator", "CAMAT BUDI SANTOSO"),
    "after_place": ("cases", "notes", "Kecamatan Sukajadi Budi Santoso hadir"),
    "title_of_source": ("sources", "title", "Wawancara dengan Bapak Budi Santoso"),
    "locator": ("events", "locator", "hal. 3, keterangan Sdr. Joko"),
    "introducer": ("events", "notes", "laporan atas nama budi"),
    "url_query": ("sources", "url", "https://example.org/cari?nama=Budi+Santoso"),
}


@pytest.mark.parametrize("attack", sorted(NAME_ATTACKS))
def test_names_are_found_in_every_field_and_any_case(tmp_path, attack):
    table, column, planted = NAME_ATTACKS[attack]
    folder = _copy(tmp_path)
    _set(folder, table, column, planted)
    _assert_refused_without_echo(folder, planted, table, column, 2, f"{table}.csv")


def test_a_name_refusal_names_the_announcing_word_and_masks_the_flagged_one(tmp_path):
    folder = _copy(tmp_path)
    _set(folder, "cases", "role", "Camat Palmerah")
    problems, _ = validate_path(folder, lang="en")
    message = problems.loc[problems["rule"].eq("personal_data"), "message"].iloc[0]
    assert "'camat'" in message and "P…8" in message and "Palmerah" not in message
    (folder / "privacy-allow.txt").write_text("Palmerah\n", encoding="utf-8")
    assert validate_path(folder)[0].empty


def test_a_name_in_a_csv_header_is_refused_and_never_echoed(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    text = [text[0] + ",Budi Santoso"] + [line + "," for line in text[1:]]
    (folder / "events.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    _assert_refused_without_echo(folder, "Budi Santoso", "events", None, 1, "events.csv")


def _descriptor(folder: Path, resources: list[dict]) -> None:
    import json

    (folder / "datapackage.json").write_text(json.dumps({"name": "x", "resources": resources}), encoding="utf-8")


def test_a_name_or_phone_in_a_resource_name_or_path_is_never_echoed(tmp_path):
    folder = _copy(tmp_path)
    (folder / f"sources {PHONE}.csv").write_bytes((folder / "sources.csv").read_bytes())
    _descriptor(folder, [{"name": "cases", "path": "cases.csv"}, {"name": "events", "path": "events.csv"},
                         {"name": "sources", "path": f"sources {PHONE}.csv"},
                         {"name": "Budi Santoso", "path": "x.csv"}])
    result = CliRunner().invoke(main, ["validate", str(folder), "--format", "csv"])
    assert result.exit_code == 1 and "personal_data" in result.output
    for secret in _secrets(PHONE) + ["Budi", "Santoso"]:
        assert secret not in result.output


def test_a_duplicate_cases_resource_is_refused_and_its_file_never_echoed(tmp_path):
    folder = _copy(tmp_path)
    other = folder / "cases-lain.csv"
    other.write_text((folder / "cases.csv").read_text(encoding="utf-8").replace("synthetic row", f"hp {PHONE}"),
                     encoding="utf-8")
    _descriptor(folder, [{"name": "cases", "path": "cases.csv"}, {"name": "events", "path": "events.csv"},
                         {"name": "sources", "path": "sources.csv"}, {"name": "cases", "path": "cases-lain.csv"}])
    problems, _ = validate_path(folder, lang="en")
    hit = problems[problems["rule"].eq("descriptor")]
    assert hit["message"].str.contains("more than one resource").any(), problems.to_string()
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 1 and PHONE not in result.output


def test_a_deeply_nested_descriptor_is_a_clear_error(tmp_path):
    folder = _copy(tmp_path)
    (folder / "datapackage.json").write_text('{"resources": ' + "[" * 100000 + "]" * 100000 + "}", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder), "--lang", "en"])
    assert result.exit_code == 1
    assert "descriptor" in result.output and "nested" in result.output
    assert "unexpected" not in result.output and "RecursionError" not in result.output


def test_a_folder_name_with_a_phone_is_refused_and_never_shown(tmp_path):
    folder = tmp_path / f"data {PHONE}"
    shutil.copytree(ACCEPTED, folder)
    problems, _ = validate_path(folder, lang="en")
    assert problems["rule"].eq("personal_data").any()
    for args in (["validate", str(folder)], ["report", str(folder), "-o", str(tmp_path / "r")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code != 0
        # the user typed the path: only the messages the tool makes are checked, not click's echo of argv
        assert PHONE not in result.output.replace(str(folder), "<path>"), result.output
    assert not (tmp_path / "r").exists()


def test_a_path_is_shown_with_its_personal_parts_hidden():
    from netralitas_study.io.inputs import shown_name, shown_path

    assert shown_name(f"data {PHONE}") == "[hidden / disembunyikan]"
    assert shown_name("data-jambi-2024") == "data-jambi-2024"
    assert PHONE not in shown_path(f"/tmp/{PHONE}/data") and shown_path("/tmp/x/data") == "/tmp/x/data"


def test_a_nik_typed_in_a_date_cell_is_refused_and_openpyxl_never_prints_it(tmp_path):
    from openpyxl import Workbook
    import pandas as pd

    wb = Workbook()
    wb.remove(wb.active)
    for table in ("cases", "events", "sources"):
        ws = wb.create_sheet(table)
        frame = pd.read_csv(ACCEPTED / f"{table}.csv", dtype=str, keep_default_na=False, sep=None, engine="python",
                            encoding="utf-8-sig")
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append(list(row))
    ws = wb["events"]
    ws["E2"] = int(NIK)
    ws["E2"].number_format = "yyyy-mm-dd"
    path = tmp_path / "kasus.xlsx"
    wb.save(path)
    _assert_refused_without_echo(path, NIK, "events", "date", 2, "kasus.xlsx [events]")


def test_the_shipped_article_urls_are_not_identifiers(shipped):
    urls = shipped["sources"]["url"].astype(str)
    assert urls.str.contains(r"\?p=\d{4,}").any()  # query strings with article ids are there, and pass
    assert all(scan_text(u) == [] for u in urls)


# --- classes, not examples: each disguise class varied over its members ------------------------------

SEPARATOR_CLASS = [" ", "  ", "    ", "\t", "\n", ",", ", ", ":", "|", " | ", ".", "-", ".-.", "/", "\\", "_", "~",
                   "*", "#", "()", " - ", "\u00a0", "\u2009", "\u2013", "\u2014", "\u200b", "；", "．"]


@pytest.mark.parametrize("sep", SEPARATOR_CLASS)
def test_any_separator_run_inside_an_identifier_is_read_through(sep):
    assert "nik" in {k for k, _, _ in scan_text("NIK " + sep.join(["1571", "0155", "0385", "0001"]))}
    assert "phone" in {k for k, _, _ in scan_text("hp " + sep.join(["0812", "3456", "7890"]))}


@pytest.mark.parametrize("text", [
    "O8l2 3456 789O", "o8I2-3456-7890", "08l2 345G 7B90", "l57l Ol55 O385 OOOl", "０８１２３４５６７８９０",
    "𝟎𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎", "⁰⁸¹²³⁴⁵⁶⁷⁸⁹⁰", "০৮১২৩৪৫৬৭৮৯০", "0812 3456 7890".replace("0", "О"),  # Cyrillic O
    "nol delapan satu dua tiga empat lima enam tujuh delapan", "NOL DELAPAN SATU DUA TIGA EMPAT LIMA ENAM TUJUH DELAPAN",
    "kosong delapan satu dua 3456 7890", "zero eight one two three four five six seven eight nine",
    "noldelapansatudua tiga empat lima enam tujuh delapan", "&#48;&#56;&#49;&#50;3456 7890", "0812%203456%207890",
    "+62 812 3456 7890", "(+62) 812-3456-7890", "62 812 3456 7890", "812 3456 7890", "(021) 555 1234",
    "+1 415 555 0100", "+44 20 7946 0958", "1234|5678|9012|3456", "1234,5678,9012,3456", "no rek 1234567890123",
])
def test_look_alikes_scripts_words_and_escapes_are_read_as_digits(text):
    assert {k for k, _, _ in scan_text(text)} & {"phone", "nik", "id_number"}, text


@pytest.mark.parametrize("url", [
    f"https://example.org/?nik={NIK}", f"https://example.org/?a=1&nik=1571%200155%200385%200001",
    f"https://example.org/#{NIK}", f"https://example.org/p/{PHONE}", "https://example.org/hp/0812/3456/7890",
    f"https://example.org/a;nik={NIK}", f"https://example.org/%3Fhp%3D{PHONE}", "https://wa.me/6281234567890",
    "https://api.whatsapp.com/send?phone=6281234567890", f"tel:+62{PHONE[1:]}", f"https://t.me/+62{PHONE[1:]}",
    "mailto:budi@contoh.go.id", f"https://user:{NIK}@example.org/",
])
def test_every_part_of_a_web_address_is_scanned(url):
    assert scan_text(url), url


@pytest.mark.parametrize("text", [
    "budi@gmail.com", "budi AT gmail DOT com", "budi (at) gmail (dot) com", "budi at gmail", "budi<at>gmail.com",
    "budi(et)gmail.com", "budi [@] gmail.com", "b u d i @ g m a i l . c o m", "budi.santoso[at]gmail[dot]com",
    "budi (a) yahoo (dot) co (dot) id", "budi #at# gmail", "budi di gmail titik com", "budi AT jambiprov.go.id",
    "budi%40gmail.com", "budi&#64;gmail.com", "budi%2540gmail.com",
])
def test_email_is_found_however_at_is_spelled(text):
    assert "email" in {k for k, _, _ in scan_text(text)}, text


@pytest.mark.parametrize("text", [
    "Camat Budi", "camat budi", "CAMAT BUDI", "Camat: Budi", "Camat/Budi", "Camat_Budi", "CamatBudi", "camat 'Budi'",
    "Lurah Sri Wahyuni", "Kades Joko", "Bpk. Budi", "Bapak Budi Santoso", "ibu sri", "Sdr. Joko", "terlapor: budi",
    "a.n. Budi Santoso", "atas nama Budi", "bernama Joko", "Name: Budi Santoso", "Budi Santoso", "BUDI SANTOSO",
    "B. Santoso", "Budi S.", "Dr. Budi Santoso, M.Si", "Ir. Joko Widodo", "Camat Kecamatan Sukajadi Budi Santoso",
    "kepala desa budi santoso", "Jambi: Budi Santoso", "di Palmerah, Budi Santoso", "Sekda Provinsi Jambi, Sudirman",
    "I Wayan Budiarta", "Putu Budi", "Kepala Dinas Pendidikan Ahmad Yani",
])
def test_a_name_is_found_in_any_case_and_position(text):
    assert "name" in {k for k, _, _ in scan_text(text)}, text


@pytest.mark.parametrize("text", [
    "Rp1.250.000.000.000", "anggaran Rp 12.500.000.000", "tahun 2019, 2020, 2021, 2022 dan 2023", "2019 2020 2021 2022",
    "Jumlah 43, 26, 19, 17, 16, 12", "08:00-12:00 13:00-16:00", "Web page at joglojateng.com", "rapat di kantor.go.id", "pasal 280 ayat (3) huruf (a)",
    "Kepala BKPSDM", "pelapor yakni Putu A", "BAB IV Penutup: A. Kesimpulan, B. Saran", "Kepala Dinas, Kepala Bidang",
    "https://news.example.com/read/2024/08/12/345678/berita?page=all", "https://example.id/2024-1725606582/x",
    "https://example.org/?p=423628", "T0001", "JMB-PM24-T1-E1", "WEB-NEWS-76bb3b56",
])
def test_ordinary_amounts_lists_codes_and_places_are_not_flagged(text):
    assert scan_text(text) == [], (text, scan_text(text))


def test_a_name_header_written_twice_is_never_echoed(tmp_path):
    folder = _copy(tmp_path)
    text = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    text = [text[0] + ",Budi Santoso,Budi Santoso"] + [line + ",," for line in text[1:]]
    (folder / "events.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    _assert_refused_without_echo(folder, "Budi Santoso", "events", None, 1, "events.csv")
