"""Coding templates generated from the codebook: an Excel workbook or CSV files.

The workbook has an instructions sheet (Indonesian first, then English), one sheet per table
(cases, persons, events, sources and the published figures, tallies) with its header, a dropdown for every controlled vocabulary (codes and missing codes), date
cells formatted as dates, and one example row whose id starts with ``CONTOH-`` (validation
reports it until it is deleted).
"""

from __future__ import annotations

import csv
from pathlib import Path

from netralitas_study import codebook
from netralitas_study.validate.rules import EXAMPLE_PREFIX

TEMPLATE_TABLES = ("cases", "persons", "events", "sources", "tallies")
TEMPLATE_ROWS = 500  # rows that carry dropdowns and date formats

EXAMPLE = {
    "cases": {
        "case_id": f"{EXAMPLE_PREFIX}1", "election_type": "pilkada", "election_year": "2024", "province": "15 – Jambi",
        "regency": "Sungai Penuh", "handled_by": "bawaslu_kabkota", "origin": "laporan",
        "violation_forms": "skb_12_ikut_kampanye", "violation_form_candidates": "not_applicable", "role": "camat",
        "agency_type": "pemerintah_kabkota", "employment": "pns", "persons": "1", "determination": "pelanggaran",
        "recipient": "bkn", "recommendation": "sedang",
        "source_id": f"{EXAMPLE_PREFIX}SUMBER", "locator": "paragraf 3", "notes": "baris contoh: hapus / example row: delete",
    },
    "persons": {
        "person_id": f"{EXAMPLE_PREFIX}1-P1", "case_id": f"{EXAMPLE_PREFIX}1", "unit": "person", "role": "camat",
        "agency_type": "pemerintah_kabkota", "employment": "pns", "determination": "pelanggaran",
        "recommendation": "sedang", "recommended_by": "bkn", "status": "recommended",
        "sanction_imposed": "not_applicable", "imposed_by": "not_applicable", "imposed_date": "not_applicable",
        "source_id": f"{EXAMPLE_PREFIX}SUMBER", "locator": "paragraf 4",
        "notes": "direkomendasikan, belum dijatuhkan / recommended, not yet imposed",
    },
    "events": {
        "event_id": f"{EXAMPLE_PREFIX}1-E1", "case_id": f"{EXAMPLE_PREFIX}1", "step": "penerimaan_laporan",
        "status": "occurred", "date": "2024-10-10", "actor": "bawaslu_kabkota", "source_id": f"{EXAMPLE_PREFIX}SUMBER",
        "locator": "paragraf 2", "notes": "",
    },
    "sources": {
        "source_id": f"{EXAMPLE_PREFIX}SUMBER", "type": "berita", "title": "Judul berita / news headline",
        "url": "https://example.org/berita", "reference": "", "published": "2024-10-15", "notes": "",
    },
    "tallies": {
        "tally_id": f"{EXAMPLE_PREFIX}T1", "election_type": "pilkada", "election_year": "2024", "level": "provinsi",
        "province": "15 – Jambi", "regency": "not_applicable", "metric": "reported",
        "source_metric": "dugaan pelanggaran netralitas ASN", "scope": "asn", "body": "bawaslu_provinsi",
        "value": "12", "value_qualifier": "exact", "unit": "cases", "source_unit": "kasus",
        "snapshot": "2024-10-15", "conflict": "tidak", "source_id": f"{EXAMPLE_PREFIX}SUMBER",
        "locator": "kutipan: '... menangani 12 dugaan pelanggaran netralitas ASN ...'",
        "notes": "angka contoh: hapus / example figure: delete",
    },
}

# What each column means, in Indonesian (the codebook's descriptions are in English): the 'kolom' sheet.
MEANING_ID = {
    ("cases", "in_scope"): "Apakah sumber menunjukkan perkara ditangani Bawaslu (atau Panwaslu)? 'tidak' (mis. pemeriksaan "
                           "pencalonan oleh KPU) mengeluarkan perkara dari setiap vonis dan hitungan.",
    ("cases", "after_stage"): "Tahapan pemilihan yang pasti mendahului tindakan dalam perkara (mis. tindakan untuk 'paslon' "
                              "terjadi sesudah penetapan pasangan calon); not_reported bila sumber tidak menunjukkannya.",
    ("persons", "role_other"): "Jabatan dengan kata-kata bila role bernilai 'other' (jabatan, bukan nama).",
    ("sources", "published_latest"): "Bila hanya bulan terbit yang diketahui: hari terakhir bulan itu (batas atas); "
                                     "published tetap not_reported.",
    ("sources", "published_locator"): "Bagian URL atau baris tanggal laman yang memberi tanggal terbit.",
    ("cases", "case_id"): "ID tetap kasus: PROVINSI-PEMILIHAN-NN, mis. BTN-PK24-01.",
    ("cases", "election_type"): "Pemilu atau Pilkada.",
    ("cases", "election_year"): "Tahun pemilihan.",
    ("cases", "province"): "Provinsi: pilih '36 – Banten' dari daftar, atau tulis kodenya (36) atau namanya (Banten).",
    ("cases", "regency"): "Kabupaten/kota, seperti ditulis sumber.",
    ("cases", "handled_by"): "Lembaga pengawas yang menangani kasus.",
    ("cases", "origin"): "Asal perkara: temuan (ditemukan pengawas) atau laporan (dilaporkan masyarakat).",
    ("cases", "violation_forms"): "Setiap bentuk pelanggaran (daftar SKB 2022) yang diuraikan sumber, dipisah '|'; "
                                  "not_reported bila perbuatannya tidak diuraikan.",
    ("cases", "violation_form_candidates"): "Bila bentuknya unknown tetapi sumber menyebut kemungkinannya (mis. 'salah "
                                            "satu dari tiga bentuk'): bentuk-bentuk itu, dipisah '|'. Selain itu "
                                            "not_applicable.",
    ("cases", "role"): "Jabatan ASN (mis. 'camat'), tidak pernah nama.",
    ("cases", "agency_type"): "Jenis instansi tempat ASN bekerja, dipisah '|' bila berbeda.",
    ("cases", "employment"): "PNS atau PPPK.",
    ("cases", "persons"): "Jumlah ASN dalam kasus (angka); bila sumber tidak menyebut: not_reported.",
    ("cases", "determination"): "Penetapan Bawaslu sendiri (bukan rekomendasi KASN/BKN, bukan keputusan PPK).",
    ("cases", "recipient"): "Lembaga tujuan penerusan, dipisah '|'. Hanya kasn dan bkn yang merupakan jalur pasal "
                            "455(1)(c); not_applicable bila sumber menyatakan tidak diteruskan. Rencana penerusan "
                            "bukan penerima.",
    ("cases", "recommendation"): "Tingkat sanksi yang direkomendasikan KASN/BKN, dipisah '|'; none bila tidak ada "
                                 "sanksi yang direkomendasikan. Rekomendasi bukan sanksi yang dijatuhkan (lihat "
                                 "sheet persons).",
    ("cases", "in_scope"): "ya bila sumber menunjukkan kasus ditangani Bawaslu (atau Panwaslu) sebagai perkara pengawasan "
                           "pemilihan; tidak (mis. pemeriksaan pencalonan oleh KPU) mengeluarkan kasus dari setiap "
                           "penilaian, penyebut dan surat permohonan.",
    ("cases", "source_id"): "ID sumber baris ini (dari sheet sources), dipisah '|'.",
    ("cases", "locator"): "Letak di sumber: bab/bagian/paragraf atau kutipan singkat.",
    ("cases", "notes"): "Catatan pengode (tanpa data pribadi).",
    ("persons", "person_id"): "ID kasus diikuti -P dan nomor, mis. BTN-PK24-01-P1.",
    ("persons", "case_id"): "Kasus tempat orang ini (dari sheet cases).",
    ("persons", "unit"): "person: baris ini satu orang; group_size_unknown: baris ini sekelompok orang yang jumlahnya "
                         "tidak disebut.",
    ("persons", "role"): "Jabatan orang itu (mis. camat), tidak pernah nama.",
    ("persons", "role_other"): "Jabatan dengan kata-kata sendiri bila role = other (jabatan, tidak pernah nama).",
    ("persons", "agency_type"): "Jenis instansi tempat orang itu bekerja.",
    ("persons", "employment"): "PNS, PPPK atau bukan ASN.",
    ("persons", "determination"): "Penetapan Bawaslu tentang orang ini.",
    ("persons", "recommendation"): "Tingkat sanksi yang direkomendasikan KASN/BKN untuk orang ini (none: tidak ada).",
    ("persons", "recommended_by"): "KASN atau BKN.",
    ("persons", "status"): "Apa yang terjadi: recommended (direkomendasikan, penjatuhan tidak dilaporkan), imposed "
                           "(dijatuhkan), pending, not_sanctioned, annulled.",
    ("persons", "sanction_imposed"): "Tingkat sanksi yang benar-benar dijatuhkan; not_applicable kecuali status "
                                     "imposed atau annulled.",
    ("persons", "imposed_by"): "Siapa yang menjatuhkan, hanya bila sumber menyebutnya (mis. PPK); bila tidak: "
                               "not_reported.",
    ("persons", "imposed_date"): "Tanggal sanksi dijatuhkan.",
    ("persons", "source_id"): "ID sumber baris ini, dipisah '|'.",
    ("persons", "locator"): "Letak di sumber: kutipan singkat atau bagian.",
    ("persons", "notes"): "Teks bebas: jabatan dan lembaga saja, tidak pernah nama orang.",
    ("events", "event_id"): "ID tetap tahapan, mis. BTN-PK24-01-E1.",
    ("events", "case_id"): "Kasus tempat tahapan ini (dari sheet cases).",
    ("events", "step"): "Tahapan penanganan (tahapan Perbawaslu 7/2022 dan tahapan ajudikasi).",
    ("events", "status"): "occurred (sumber menyatakan dilakukan), not_occurred (sumber menyatakan TIDAK dilakukan), "
                          "planned (baru diumumkan/dijadwalkan: tidak pernah dihitung dilakukan).",
    ("events", "date"): "Tanggal tahapan.",
    ("events", "actor"): "Lembaga yang melakukan tahapan (untuk sanksi: siapa yang menjatuhkan, hanya bila sumber "
                         "menyebutnya).",
    ("events", "source_id"): "ID sumber baris ini, dipisah '|'.",
    ("events", "locator"): "Letak di sumber.",
    ("events", "notes"): "Catatan pengode (tanpa data pribadi).",
    ("sources", "source_id"): "ID tetap sumber.",
    ("sources", "type"): "Jenis dokumen.",
    ("sources", "title"): "Judul atau uraian dokumen.",
    ("sources", "url"): "Alamat web, bila ada.",
    ("sources", "reference"): "Rujukan pustaka bila tidak ada URL, atau keterangan tambahan.",
    ("sources", "published"): "Tanggal terbit.",
    ("sources", "published_latest"): "Bila hanya bulan terbit yang diketahui: hari terakhir bulan itu, batas atas "
                                     "(published tetap kosong). Dipakai untuk membatasi tanggal tahapan.",
    ("sources", "published_locator"): "Bagian URL atau baris tanggal halaman yang memuat tanggal terbit.",
    ("sources", "notes"): "Catatan tentang keandalan atau pertentangan antarsumber.",
    ("tallies", "tally_id"): "ID tetap angka terbitan, mis. BTN-T1.",
    ("tallies", "election_type"): "Pemilu atau Pilkada.",
    ("tallies", "election_year"): "Tahun pemilihan.",
    ("tallies", "level"): "Tingkat wilayah angka itu: nasional, provinsi atau kabupaten/kota.",
    ("tallies", "province"): "Provinsi (untuk angka nasional: not_applicable).",
    ("tallies", "regency"): "Kabupaten/kota seperti ditulis sumber; di atas tingkat kabupaten/kota: not_applicable.",
    ("tallies", "metric"): "Apa yang dihitung (mis. reported: dugaan yang dilaporkan; sanctioned: yang disanksi).",
    ("tallies", "source_metric"): "Ukuran dengan kata-kata sumber sendiri, untuk diperiksa.",
    ("tallies", "scope"): "Pelanggaran siapa yang dihitung (ASN saja, ASN dan lainnya, ...).",
    ("tallies", "body"): "Lembaga yang angkanya dikutip (Bawaslu RI, Bawaslu provinsi, KASN, BKN, ...).",
    ("tallies", "value"): "Angka yang disebut sumber.",
    ("tallies", "value_qualifier"): "exact (tepat), approximate (sekitar) atau more_than (lebih dari).",
    ("tallies", "unit"): "Satuan angka (kasus, orang, laporan, ...): satuan berbeda tidak pernah dijumlahkan.",
    ("tallies", "source_unit"): "Satuan dengan kata-kata sumber sendiri.",
    ("tallies", "snapshot"): "Tanggal keadaan angka itu, bila disebut.",
    ("tallies", "conflict"): "ya bila sumber lain menyebut angka yang bertentangan (kedua angka tetap dicatat).",
    ("tallies", "source_id"): "ID sumber angka ini (dari sheet sources).",
    ("tallies", "locator"): "Kutipan kalimat sumber yang memuat angka itu.",
    ("tallies", "notes"): "Catatan: tanggal data, keandalan, pertentangan.",
}
KOLOM_HEADER = ["sheet", "kolom / column", "judul / title", "arti (ID)", "meaning (EN)", "wajib / required",
                "kode yang boleh / allowed codes", "contoh / example"]


def column_guide() -> list[list[str]]:
    """One row per column of every sheet of the template: what the 'kolom' sheet shows."""
    missing = ", ".join(codebook.missing_codes())
    rows = []
    for table in TEMPLATE_TABLES:
        for f in codebook.fields(table):
            required = bool(f.get("constraints", {}).get("required"))
            vocab = f.get("vocabulary")
            if vocab == "province":
                allowed = "kode BPS atau nama, mis. '36 – Banten', 36 atau Banten / a BPS code or name"
            elif vocab:
                codes = list(codebook.vocabulary(vocab)["value"])
                allowed = ", ".join(codes) if len(codes) <= 12 else f"{', '.join(codes[:6])}, … (sheet 'kode': {vocab})"
                if "delimiter" in f:
                    allowed += " — beberapa dipisah '|' / several separated by '|'"
            elif f["type"] == "date":
                allowed = "tanggal / date: 2024-10-12, 12/10/2024, 12 Oktober 2024"
            elif f["type"] == "integer":
                limits = f.get("constraints", {})
                allowed = "angka bulat / whole number" + (
                    f" {limits['minimum']}–{limits['maximum']}" if {"minimum", "maximum"} <= set(limits) else "")
            else:
                allowed = "teks bebas / free text"
            if not required and not f.get("optional"):
                allowed += f"; bila tidak ada / when absent: {missing}"
            elif f.get("optional"):
                allowed += "; boleh kosong / may be left empty"
            rows.append([table, f["name"], f"{f['title_id']} / {f['title']}", MEANING_ID.get((table, f["name"]), ""),
                         f["description"], "ya / yes" if required else "tidak / no", allowed,
                         str(EXAMPLE[table].get(f["name"], ""))])
    return rows


INSTRUCTIONS_ID = [
    "PETUNJUK PENGODEAN",
    "1. Satu baris di sheet 'cases' untuk satu kasus. Sekelompok ASN yang ditangani bersama adalah satu kasus; "
    "tulis jumlahnya di 'persons'.",
    "2. Satu baris di sheet 'persons' untuk satu orang dalam kasus (jabatan saja): penetapan Bawaslu, rekomendasi "
    "KASN/BKN dan keputusan PPK dipisahkan. Rekomendasi bukan sanksi yang dijatuhkan (status 'recommended').",
    "2b. Satu baris di sheet 'events' untuk satu tahapan penanganan. Tahapan yang tidak disebut sumber tidak ditulis; "
    "tahapan yang menurut sumber TIDAK dilakukan ditulis dengan status 'not_occurred'; yang baru dijadwalkan "
    "('akan', 'dijadwalkan') ditulis 'planned'.",
    "2c. Satu baris di sheet 'tallies' untuk satu angka yang diterbitkan sumber (mis. 'Bawaslu menangani 12 dugaan "
    "pelanggaran'): apa yang dihitung, satuannya, tanggalnya, dan kutipannya. Angka yang bertentangan dicatat "
    "masing-masing dengan conflict = ya. Boleh dikosongkan bila tidak ada angka terbitan.",
    "3. Setiap baris menyebut sumbernya (source_id, dari sheet 'sources') dan letaknya di sumber (locator).",
    "4. Jangan menebak. Jika sumber tidak menyebut: not_reported. Jika disebut tetapi tidak dapat ditentukan: "
    "unknown. Jika tidak berlaku: not_applicable.",
    "5. Jangan menulis nama, NIP, NIK, nomor telepon, e-mail atau alamat orang. Tulis jabatan (mis. 'camat').",
    "6. Tanggal boleh ditulis 2024-10-12, 12/10/2024 atau 12 Oktober 2024.",
    "7. Pilih kode dari daftar (dropdown). Arti setiap kolom ada di sheet 'kolom', arti setiap kode di sheet 'kode'.",
    "7b. Provinsi: pilih '36 – Banten' dari daftar, atau tulis 36 atau Banten; semuanya dibaca sebagai 36.",
    "8. Hapus baris contoh (ID diawali CONTOH-) sebelum validasi.",
    "9. Periksa: netralitas-study validate BERKAS.xlsx",
]
INSTRUCTIONS_EN = [
    "CODING INSTRUCTIONS",
    "1. One row in 'cases' per case. A group of civil servants handled together is one case; write their number in "
    "'persons'.",
    "2. One row in 'persons' per person of a case (position only): Bawaslu's determination, the KASN/BKN "
    "recommendation and the PPK's decision kept apart. A recommendation is not an imposed sanction (status "
    "'recommended').",
    "2b. One row in 'events' per handling step. A step the source does not mention is not written; a step the source "
    "says was NOT done gets status 'not_occurred'; one only announced ('akan', 'dijadwalkan') gets 'planned'.",
    "2c. One row in 'tallies' per figure a source publishes (e.g. 'Bawaslu handled 12 suspected violations'): what "
    "is counted, its unit, its date and the quote. Conflicting figures are each recorded with conflict = ya. Leave "
    "it empty when there is no published figure.",
    "3. Every row names its source (source_id, from the 'sources' sheet) and where in it (locator).",
    "4. Never guess. Source silent: not_reported. Mentioned but undeterminable: unknown. Does not apply: not_applicable.",
    "5. Never write names, NIP, NIK, phone numbers, e-mail or street addresses of persons. Write the role "
    "(e.g. 'camat').",
    "6. Dates may be written 2024-10-12, 12/10/2024 or 12 Oktober 2024.",
    "7. Choose codes from the dropdowns. The meaning of every column is on the 'kolom' sheet, of every code on 'kode'.",
    "7b. Province: choose '36 – Banten' from the list, or type 36 or Banten; each is read as 36.",
    "8. Delete the example rows (ids starting CONTOH-) before validating.",
    "9. Check: netralitas-study validate FILE.xlsx",
]


def write_csv_templates(folder: str | Path) -> list[Path]:
    """Write ``cases.csv``, ``persons.csv``, ``events.csv``, ``sources.csv`` and ``tallies.csv`` with header and
    example row."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TEMPLATE_TABLES:
        path = folder / f"{table}.csv"
        names = codebook.field_names(table)
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(names)
            writer.writerow([EXAMPLE[table].get(n, "") for n in names])
        written.append(path)
    return written


def write_workbook_template(path: str | Path) -> Path:
    """Write the coding workbook: every sheet with one example row."""
    return write_workbook(path, None)


def write_workbook(path: str | Path, tables: dict | None) -> Path:
    """Write the coding workbook; with ``tables`` (text DataFrames by table name), those rows instead of the
    examples (as text cells, exactly as given: a value starting with = + - @ stays text, never a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = Workbook()
    guide = wb.active
    guide.title = "petunjuk"
    for i, line in enumerate([*INSTRUCTIONS_ID, "", *INSTRUCTIONS_EN], start=1):
        guide.cell(row=i, column=1, value=line).font = Font(bold=i in (1, len(INSTRUCTIONS_ID) + 2))
    guide.column_dimensions["A"].width = 130

    guide_sheet = wb.create_sheet("kolom")
    for c, head in enumerate(KOLOM_HEADER, start=1):
        cell = guide_sheet.cell(row=1, column=c, value=head)
        cell.font = Font(bold=True)
    for r, row in enumerate(column_guide(), start=2):
        for c, value in enumerate(row, start=1):
            guide_sheet.cell(row=r, column=c, value=value).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEFGH", (10, 24, 28, 50, 50, 10, 40, 22)):
        guide_sheet.column_dimensions[letter].width = width
    guide_sheet.freeze_panes = "C2"

    codes = wb.create_sheet("kode")
    missing = codebook.missing_codes()
    ranges = {}
    for col, name in enumerate(codebook.vocabulary_names(), start=1):
        vocab = codebook.vocabulary(name)
        letter = get_column_letter(col)
        codes.cell(row=1, column=col, value=name).font = Font(bold=True)
        values = list(vocab["value"]) + missing
        if name == "province":  # the dropdown shows '36 – Banten'; reading accepts either part
            from netralitas_study.io.inputs import province_choice

            values = [province_choice(v) for v in vocab["value"]] + missing
        for r, v in enumerate(values, start=2):
            codes.cell(row=r, column=col, value=v)
        ranges[name] = f"kode!${letter}$2:${letter}${len(values) + 1}"
        codes.column_dimensions[letter].width = 24
    # a readable key: code, Indonesian label, English label
    key_col = len(ranges) + 2
    codes.cell(row=1, column=key_col, value="daftar / vocabulary").font = Font(bold=True)
    codes.cell(row=1, column=key_col + 1, value="kode / code").font = Font(bold=True)
    codes.cell(row=1, column=key_col + 2, value="arti / meaning (ID)").font = Font(bold=True)
    codes.cell(row=1, column=key_col + 3, value="meaning (EN)").font = Font(bold=True)
    r = 2
    for name in codebook.vocabulary_names():
        for e in codebook.vocabulary(name).itertuples():
            for c, v in enumerate((name, e.value, e.label_id, e.label_en)):
                codes.cell(row=r, column=key_col + c, value=v)
            r += 1

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for table in TEMPLATE_TABLES:
        ws = wb.create_sheet(table)
        data = [EXAMPLE[table]] if tables is None else (
            tables[table].astype(str).to_dict("records") if table in tables else [])
        n_rows = max(TEMPLATE_ROWS, len(data) + 100)
        for col, f in enumerate(codebook.fields(table), start=1):
            letter = get_column_letter(col)
            cell = ws.cell(row=1, column=col, value=f["name"])
            cell.font, cell.fill = Font(bold=True), header_fill
            cell.alignment = Alignment(wrap_text=True)
            ws.column_dimensions[letter].width = max(14, min(40, len(f["name"]) + 4))
            for r, row in enumerate(data, start=2):
                value = row.get(f["name"], "")
                if value not in ("", None):
                    cell = ws.cell(row=r, column=col, value=str(value))
                    cell.data_type = "s"  # text as written: a value starting with = + - @ is never a formula
            cells = f"{letter}2:{letter}{n_rows + 1}"
            vocab = f.get("vocabulary")
            if vocab and "delimiter" not in f:
                # a province may also be typed as its code or name (36, Banten): Excel lets it through,
                # the reader turns it into the code and validation names anything else
                dv = DataValidation(type="list", formula1=f"={ranges[vocab]}", allow_blank=True,
                                    showErrorMessage=vocab != "province", errorTitle="Kode tidak dikenal / unknown code",
                                    error=f"Pilih dari daftar '{vocab}' / choose from '{vocab}'")
                ws.add_data_validation(dv)
                dv.add(cells)
            if f["type"] == "date":
                for row in range(2, n_rows + 2):
                    ws.cell(row=row, column=col).number_format = "yyyy-mm-dd"
            ws.cell(row=1, column=col).comment = None
        ws.freeze_panes = "A2"
    wb.save(path)
    return path
