"""The validator's messages and hints, in English and Indonesian, one entry per rule."""

from __future__ import annotations

# rule: (English message, Indonesian message, English hint, Indonesian hint)
MESSAGES = {
    "missing_table": ("table '{table}' is missing", "tabel '{table}' tidak ada",
                      "Add the sheet or file named '{table}'.", "Tambahkan sheet atau berkas bernama '{table}'."),
    "missing_column": ("column '{column}' is missing", "kolom '{column}' tidak ada",
                       "Copy the header row from the template.", "Salin baris judul dari templat."),
    "unknown_column": ("column '{column}' is not in the codebook for '{table}'",
                       "kolom '{column}' tidak ada dalam buku kode untuk '{table}'",
                       "Remove it, or put the information in 'notes'.",
                       "Hapus kolom itu, atau tulis isinya di kolom 'notes'."),
    "required": ("a value is required here", "kolom ini wajib diisi",
                 "Missing codes are not allowed in this column.", "Kode kosong tidak boleh dipakai di kolom ini."),
    "blank": ("empty cell", "sel kosong",
              "Write a value or a missing code: {missing}.", "Isi nilai atau kode kosong: {missing}."),
    "type": ("'{value}' is not a valid {type}", "'{value}' bukan {type_id} yang sah", "{hint}", "{hint_id}"),
    "vocabulary": ("'{value}' is not a code of vocabulary '{vocabulary}'",
                   "'{value}' bukan kode dalam daftar '{vocabulary}'",
                   "Allowed: {codes}.", "Kode yang boleh: {codes}."),
    "pattern": ("'{value}' is not a valid identifier", "'{value}' bukan ID yang sah",
                "Use letters, digits, '-', '_' or '.', starting with a capital letter or digit.",
                "Pakai huruf, angka, '-', '_' atau '.', diawali huruf besar atau angka."),
    "minimum": ("{value} is below the minimum {limit}", "{value} di bawah batas minimum {limit}", "", ""),
    "maximum": ("{value} is above the maximum {limit}", "{value} di atas batas maksimum {limit}", "", ""),
    "unique": ("'{value}' appears more than once in '{column}'", "'{value}' muncul lebih dari sekali di '{column}'",
               "Each id must be unique.", "Setiap ID harus unik."),
    "foreign_key": ("'{value}' is not a {ref_column} in table '{ref_table}'",
                    "'{value}' tidak ada sebagai {ref_column} di tabel '{ref_table}'",
                    "Add the row to '{ref_table}' or correct the id.",
                    "Tambahkan barisnya di '{ref_table}' atau perbaiki ID-nya."),
    "consistency": ("{detail}", "{detail_id}", "", ""),
    "personal_data": ("personal data: {reason}", "data pribadi: {reason_id}",
                      "The study codes roles, never persons: remove it.",
                      "Studi ini mengodekan jabatan, bukan orang: hapus data itu."),
    "too_long": ("cell of {length} characters (more than {limit})", "sel berisi {length} karakter (lebih dari {limit})",
                 "Shorten it; long text belongs in the source, not the data.",
                 "Persingkat; teks panjang tempatnya di sumber, bukan di data."),
    "no_rows": ("table '{table}' has a header but no data rows", "tabel '{table}' hanya berisi judul, tanpa baris data",
                "Add at least one row, or remove the table.", "Tambahkan sedikitnya satu baris, atau hapus tabelnya."),
    "date_order": ("'{value}' is before the case's intake ({intake})",
                   "'{value}' lebih awal dari awal perkara ({intake})",
                   "Check the dates: no step can precede the initial information or the report.",
                   "Periksa tanggal: tidak ada tahapan yang mendahului informasi awal atau laporan."),
    "example_row": ("the template's example row is still here", "baris contoh dari templat masih ada",
                    "Delete the example row before analysis.", "Hapus baris contoh sebelum analisis."),
}
TYPE_ID = {"whole number": "bilangan bulat", "number": "angka", "date": "tanggal", "web address": "alamat web"}


def msg(rule: str, lang: str = "en", **kw: object) -> str:
    """The message of ``rule`` in ``lang``."""
    en, id_, _, _ = MESSAGES[rule]
    return (id_ if lang == "id" else en).format(**kw)


def hint(rule: str, lang: str = "en", **kw: object) -> str:
    """The hint of ``rule`` in ``lang``."""
    _, _, en, id_ = MESSAGES[rule]
    return (id_ if lang == "id" else en).format(**kw)
