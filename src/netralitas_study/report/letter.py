"""The request for public information (UU 14/2008) to a provincial Bawaslu's PPID: Markdown or Word.

:func:`letter_parts` decides what the letter says, from codes: per open case a one-line
description (election, place, origin, roles, recipient, what followed), the documents that would
decide it (:func:`evidence.gaps.case_items`), and for a person whose sanction is pending or only
recommended, the decision on it. Two renderers write the same parts: :func:`to_markdown` and
:func:`to_docx`. Everything taken from the data is quoted as text: in Markdown it is escaped, so a
newline, ``#``, ``![..](..)`` or ``<script>`` in a coded value can never add a heading, an image or a
script. The requester's details are blanks, never filled in; no personal data are asked for.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from netralitas_study import codebook

BLANK = "...................................................."
REQUESTER = ("Nama", "Alamat", "Nomor telepon / surel", "Pekerjaan / lembaga", "Nomor identitas (sesuai ketentuan PPID)")


@dataclass
class CaseRequest:
    """One open case in the letter: its id, one line describing it, what we read, what we ask for."""

    case_id: str
    description: str
    sources: list[str] = field(default_factory=list)
    wanted: list[str] = field(default_factory=list)


@dataclass
class Letter:
    province: str
    cases: list[CaseRequest]


def _plain(value) -> str:
    """A value from the data as one line of plain text (newlines and runs of spaces become one space)."""
    return " ".join(str(value).split())


def md_escape(value) -> str:
    """``value`` as literal Markdown text: one line (never at a line's start, so list markers need nothing),
    every character that could open emphasis, a link, an image, a heading, a table cell or HTML escaped."""
    text = _plain(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]#!|~])", r"\\\1", text)


def _lab(vocab: str, value) -> str:
    return codebook.labels(vocab, "id").get(str(value), str(value))


def describe_case(case: pd.Series, persons: pd.DataFrame | None) -> str:
    """One line in Indonesian: 'Pilkada 2024, Serang; temuan; 2 orang (camat); diteruskan ke BKN; ...'."""
    missing = codebook.missing_codes()
    parts = [f"{str(case['election_type']).capitalize()} {case['election_year']}"
             + ("" if str(case.get("regency", "not_reported")) in missing else f", {_plain(case['regency'])}")]
    parts.append(_lab("origin", case["origin"]).split(" (")[0].lower() if str(case["origin"]) not in missing
                 else "asal tidak disebut")
    ps = persons[persons["case_id"].astype(str).eq(str(case["case_id"]))] if persons is not None else None
    roles = [] if ps is None else [str(r) for r in ps["role"].astype(str) if r not in missing]
    count = len(ps) if ps is not None and len(ps) else None
    who = f"{count} orang" if count else "jumlah ASN tidak disebut"
    if roles:
        who += " (" + ", ".join(dict.fromkeys(_plain(r) for r in roles)) + ")"
    parts.append(who)
    recipients = [r for r in str(case.get("recipient", "")).split("|") if r and r not in missing]
    parts.append("diteruskan ke " + ", ".join(_lab("recipient", r).split(" (")[0] for r in recipients)
                 if recipients else "penerusan tidak disebut")
    if ps is not None and len(ps):
        counts = ps["status"].astype(str).map(lambda s: _lab("sanction_status", s).lower()).value_counts(sort=False)
        parts.append("; ".join(f"{n} {label}" for label, n in counts.items()))
    return "; ".join(parts)


def _decisions(case_id: str, persons: pd.DataFrame | None) -> list[str]:
    """A request for the decision on every person whose sanction is pending or only recommended."""
    if persons is None:
        return []
    out = []
    for p in persons[persons["case_id"].astype(str).eq(case_id)].itertuples():
        if str(p.status) in ("pending", "recommended"):
            role = "ASN" if str(p.role) in codebook.missing_codes() else _plain(p.role)
            tier = "" if str(p.recommendation) in codebook.missing_codes() else \
                f" (rekomendasi: {_lab('sanction_tier', p.recommendation).lower()})"
            out.append(f"Keputusan pejabat pembina kepegawaian (PPK) atas rekomendasi sanksi bagi {role}{tier}, "
                       "atau keterangan bahwa keputusan itu belum ada")
    return list(dict.fromkeys(out))


def letter_parts(cases: pd.DataFrame, items: pd.DataFrame, province: str, sources: pd.DataFrame | None = None,
                 persons: pd.DataFrame | None = None) -> Letter:
    """What the letter to Bawaslu Provinsi ``province`` (a BPS code) asks for, per open case."""
    from netralitas_study.analysis.province import province_names
    from netralitas_study.evidence.gaps import documents

    mine = items[items["province"].astype(str).eq(province)]
    by_case = cases.set_index(cases["case_id"].astype(str))
    docs = documents().set_index("document")
    src = sources.set_index(sources["source_id"].astype(str)) if sources is not None else None
    out = []
    for cid in dict.fromkeys(mine["case_id"].astype(str)):
        c = by_case.loc[cid]
        read = []
        if src is not None:
            for sid in str(c["source_id"]).split("|"):
                if sid in src.index:
                    s = src.loc[sid]
                    url = str(s.get("url", ""))
                    read.append(_plain(s.get("title", sid)) + (f" ({_plain(url)})" if url.startswith("http") else ""))
        wanted = [docs.loc[d, "name_id"] for x in mine.loc[mine["case_id"].astype(str).eq(cid), "documents"]
                  for d in str(x).split("; ") if d]
        out.append(CaseRequest(cid, describe_case(c, persons), read,
                               list(dict.fromkeys([*wanted, *_decisions(cid, persons)]))))
    return Letter(province_names()[province], out)


OPENING = ("dengan ini, berdasarkan Undang-Undang Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik, "
           "mengajukan permohonan salinan informasi publik yang dikuasai Bawaslu Provinsi {name} dan jajarannya "
           "mengenai penanganan dugaan pelanggaran netralitas aparatur sipil negara (ASN) berikut.")
PURPOSE = ("Penelitian akademik tentang penanganan pelanggaran netralitas ASN oleh Bawaslu. Kami tidak memerlukan "
           "data pribadi: nama, NIP, NIK dan data pribadi lain boleh dihitamkan sebelum salinan diberikan.")
MANNER = ("Salinan elektronik (softcopy) melalui surel di atas; bila tidak tersedia, salinan tercetak. Apabila "
          "sebagian informasi tidak dikuasai Bawaslu (misalnya balasan KASN/BKN atau keputusan PPK), mohon "
          "diberitahukan badan publik yang menguasainya.")
FOOTNOTE = ("Draf dibuat oleh netralitas-study dari data berkode; periksa kembali sebelum dikirim. Daftar dokumen "
            "diturunkan dari butir yang belum diketahui untuk setiap kasus.")


def to_markdown(letter: Letter) -> str:
    """The letter in Markdown; every value from the data escaped."""
    name = md_escape(letter.province)
    lines = ["# Permohonan Informasi Publik", "",
             f"Kepada Yth.  \nPejabat Pengelola Informasi dan Dokumentasi (PPID)  \nBadan Pengawas Pemilihan Umum "
             f"Provinsi {name}  \ndi tempat", "", "Yang bertanda tangan di bawah ini:", "",
             "| | |\n|---|---|\n" + "\n".join(f"| {k} | {BLANK} |" for k in REQUESTER), "",
             OPENING.format(name=name), "", "## Rincian informasi yang dimohon", ""]
    for k, c in enumerate(letter.cases, 1):
        lines.append(f"{k}. **Kasus {md_escape(c.case_id)}** (kode dalam studi ini): {md_escape(c.description)}")
        lines += [f"   - Sumber yang kami baca: {md_escape(s)}" for s in c.sources]
        lines += [f"   - {md_escape(w)}" for w in c.wanted]
        lines.append("")
    lines += ["## Tujuan penggunaan informasi", "", PURPOSE, "", "## Cara memperoleh informasi", "", MANNER, "",
              f"{BLANK}, tanggal {BLANK}", "", "Pemohon,", "", "", f"({BLANK})", "", "---", f"*{FOOTNOTE}*", ""]
    return "\n".join(lines)


def to_docx(letter: Letter) -> bytes:
    """The letter as an editable Word file (the same bytes for the same letter)."""
    import io

    from docx import Document as Docx

    from netralitas_study.report.word import fixed_time, same_bytes

    d = Docx()
    props = d.core_properties
    props.title, props.author, props.last_modified_by = "Permohonan Informasi Publik", "", ""
    props.language = "id-ID"
    props.created = props.modified = props.last_printed = fixed_time()
    props.revision = 1
    d.add_heading("Permohonan Informasi Publik", level=1)
    for line in ("Kepada Yth.", "Pejabat Pengelola Informasi dan Dokumentasi (PPID)",
                 f"Badan Pengawas Pemilihan Umum Provinsi {letter.province}", "di tempat"):
        d.add_paragraph(line)
    d.add_paragraph("Yang bertanda tangan di bawah ini:")
    t = d.add_table(rows=0, cols=2)
    t.style = "Table Grid"
    for k in REQUESTER:
        row = t.add_row().cells
        row[0].text, row[1].text = k, BLANK
    d.add_paragraph(OPENING.format(name=letter.province))
    d.add_heading("Rincian informasi yang dimohon", level=2)
    for c in letter.cases:
        p = d.add_paragraph(style="List Number")
        p.add_run(f"Kasus {_plain(c.case_id)}").bold = True
        p.add_run(f" (kode dalam studi ini): {_plain(c.description)}")
        for s in c.sources:
            d.add_paragraph(f"Sumber yang kami baca: {_plain(s)}", style="List Bullet 2")
        for w in c.wanted:
            d.add_paragraph(_plain(w), style="List Bullet 2")
    d.add_heading("Tujuan penggunaan informasi", level=2)
    d.add_paragraph(PURPOSE)
    d.add_heading("Cara memperoleh informasi", level=2)
    d.add_paragraph(MANNER)
    for line in (f"{BLANK}, tanggal {BLANK}", "Pemohon,", "", f"({BLANK})"):
        d.add_paragraph(line)
    d.add_paragraph().add_run(FOOTNOTE).italic = True
    raw = io.BytesIO()
    d.save(raw)
    return same_bytes(raw.getvalue())


def write_new_file(path: Path, data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically, never replacing an existing file (even one created meanwhile)."""
    from netralitas_study.io.outputs import OutputError, refuse_overwrite

    path = Path(path)
    refuse_overwrite(path, force=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".{path.name}.{os.getpid()}.partial"
    try:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        try:
            os.link(tmp, path)  # atomic, and fails if the name exists
        except FileExistsError:
            raise OutputError(f"{path}: already exists; choose another name / sudah ada; pilih nama lain") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_letter(path: Path, cases: pd.DataFrame, items: pd.DataFrame, province: str,
                 sources: pd.DataFrame | None = None, persons: pd.DataFrame | None = None) -> Path:
    """Write the letter to ``path``: Word when it ends in .docx, else Markdown; never replaces a file."""
    letter = letter_parts(cases, items, province, sources, persons)
    data = to_docx(letter) if Path(path).suffix.lower() == ".docx" else to_markdown(letter)
    return write_new_file(path, data)
