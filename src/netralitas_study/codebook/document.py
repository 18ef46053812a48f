"""The codebook as a document: ``docs/codebook.md``, generated from ``codebook.json``.

Everything is read from whatever ``codebook.json`` and ``procedures/*.json`` hold (tables,
fields, vocabularies, missing codes, changelog, procedures, and any ``*rules*.json``
inference-rules file beside the module), so the document follows the codebook when tables or
fields change. A field attribute the generator does not know is still printed (column
"other"), never dropped. Output is deterministic: same codebook, same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netralitas_study import codebook
from netralitas_study.io.specs import package_dir

# Field attributes shown in their own column; any other attribute goes to "other".
_SHOWN = {"name", "type", "title", "title_id", "title_en", "description", "description_id", "description_en",
          "constraints", "vocabulary", "example", "optional", "format", "delimiter", "ordinal", "added_in"}


def _cell(value: Any) -> str:
    """Text safe inside a Markdown table cell."""
    if value is None:
        return ""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=False)
    return " ".join(value.split()).replace("|", "\\|")


def _code(value: Any) -> str:
    text = _cell(value)
    return f"`{text}`" if text else ""


def _vocab_anchor(name: str) -> str:
    return f"vocab-{name}".replace("_", "-")


def _missing_rule(field: dict[str, Any], missing: list[str]) -> str:
    """Which missing codes a field accepts, as validation applies them."""
    if field.get("constraints", {}).get("required"):
        return "tidak: wajib diisi nilai / no: a value is required"
    codes = ", ".join(f"`{m}`" for m in missing)
    if field.get("optional"):
        return f"boleh kosong, atau / blank allowed, or {codes}"
    return codes


def _example(field: dict[str, Any], vocabularies: dict[str, list[dict[str, Any]]]) -> str:
    """The codebook's example, else the first code of the field's vocabulary."""
    if "example" in field:
        return _code(field["example"])
    entries = vocabularies.get(field.get("vocabulary", ""), [])
    return _code(entries[0]["value"]) if entries else ""


def _constraints(field: dict[str, Any]) -> str:
    parts = [f"{k}: {_code(v)}" for k, v in sorted(field.get("constraints", {}).items()) if k != "required"]
    for key in ("format", "delimiter"):
        if key in field:
            parts.append(f"{key}: {_code(field[key])}")
    if field.get("ordinal"):
        parts.append("ordinal")
    return "; ".join(parts)


def _table_section(name: str, spec: dict[str, Any], raw: dict[str, Any]) -> list[str]:
    missing = [m["value"] for m in raw.get("missingValues", [])]
    vocabularies = raw.get("vocabularies", {})
    out = [f"### Tabel / Table `{name}`", "", _cell(spec.get("description", "")), ""]
    if spec.get("primaryKey"):
        out.append(f"Kunci utama / primary key: {', '.join(_code(k) for k in spec['primaryKey'])}  ")
    for fk in spec.get("foreignKeys", []):
        ref = fk.get("reference", {})
        out.append(f"Kunci asing / foreign key: {', '.join(_code(f) for f in fk.get('fields', []))} → "
                   f"`{ref.get('resource', '')}`.{', '.join(_code(f) for f in ref.get('fields', []))}  ")
    out += ["", "| kolom / field | makna (ID) | meaning (EN) | jenis / type | wajib / required | kode / codes "
            "| kode hilang / missing codes | contoh / example | batasan / constraints | lain / other |",
            "|---|---|---|---|---|---|---|---|---|---|"]
    for f in spec.get("fields", []):
        meaning_id = " — ".join(x for x in (f.get("title_id", ""), f.get("description_id", "")) if x)
        meaning_en = " — ".join(x for x in (f.get("title", f.get("title_en", "")),
                                            f.get("description_en", f.get("description", ""))) if x)
        vocab = f.get("vocabulary")
        codes = f"[{vocab}](#{_vocab_anchor(vocab)})" if vocab else ""
        if vocab and "delimiter" in f:
            codes += f" (satu atau lebih, dipisah / one or more, separated by {_code(f['delimiter'])})"
        other = "; ".join(f"{k}: {_code(v)}" for k, v in sorted(f.items()) if k not in _SHOWN)
        required = "ya / yes" if f.get("constraints", {}).get("required") else "tidak / no"
        out.append("| " + " | ".join([
            _code(f.get("name")), _cell(meaning_id), _cell(meaning_en), _code(f.get("type")), required, codes,
            _missing_rule(f, missing), _example(f, vocabularies), _constraints(f), other]) + " |")
    out.append("")
    return out


def _vocabulary_section(name: str, entries: list[dict[str, Any]], used_by: list[str]) -> list[str]:
    extra = sorted({k for e in entries for k in e} - {"value", "label_id", "label_en"})
    out = [f'<a id="{_vocab_anchor(name)}"></a>', "", f"### Kosakata / Vocabulary `{name}`", ""]
    if used_by:
        out += [f"Dipakai oleh / used by: {', '.join(used_by)}", ""]
    out += ["| kode / code | label (ID) | label (EN) |" + "".join(f" {k} |" for k in extra),
            "|---|---|---|" + "---|" * len(extra)]
    for e in entries:
        out.append("| " + " | ".join([_code(e.get("value")), _cell(e.get("label_id")), _cell(e.get("label_en"))]
                                     + [_cell(e.get(k, "")) for k in extra]) + " |")
    out.append("")
    return out


def _basis(basis: dict[str, Any]) -> str:
    text = _cell(basis.get("citation", ""))
    if basis.get("confirmed") is False:
        text += " *(belum dikonfirmasi / unconfirmed: secondary sources only)*"
    keys = [s.get("key") or s.get("url") for s in basis.get("sources", []) if s.get("key") or s.get("url")]
    if keys:
        text += f" [{', '.join(_cell(k) for k in keys)}]"
    return text


def _deadline(deadline: dict[str, Any] | None) -> str:
    if not deadline:
        return ""
    day_type = {"working": "hari kerja / working days", "calendar": "hari kalender / calendar days"}.get(
        deadline.get("day_type"), _cell(deadline.get("day_type")))
    anchors = ", ".join(_code(a) for a in deadline.get("from", []))
    return f"{_cell(deadline.get('days'))} {day_type} sejak / from {anchors}"


def _procedure_section(spec: dict[str, Any]) -> list[str]:
    out = [f"### `{spec.get('id')}` {_cell(spec.get('version', ''))}", "",
           f"**ID.** {_cell(spec.get('title_id', ''))}  ", f"**EN.** {_cell(spec.get('title_en', ''))}", ""]
    facts = [("jenis pemilihan / election type", _code(spec.get("election_type")) or "semua / any"),
             ("hari / days", _cell(spec.get("day_type"))),
             ("berlaku sejak / effective from", _cell(spec.get("effective_from"))),
             ("catatan / note", _cell(spec.get("effective_note")))]
    out += [f"- {label}: {value}" for label, value in facts if value]
    out += ["", "Dasar hukum / legal basis:", ""]
    out += [f"- {_basis(b)}" for b in spec.get("legal_basis", [])]
    out += ["", "| tahapan / step | wajib / required | asal perkara / origin | setelah / after | tenggat / deadline "
            "| dasar hukum / legal basis |", "|---|---|---|---|---|---|"]
    for s in spec.get("steps", []):
        out.append("| " + " | ".join([
            _code(s.get("step")), "ya / yes" if s.get("required") else "tidak / no",
            _code(s.get("applies_to_origin")) or "semua / any", ", ".join(_code(a) for a in s.get("after", [])),
            _deadline(s.get("deadline")), _basis(s.get("basis", {}))]) + " |")
    if spec.get("recipient_rule"):
        out += ["", "Penerima rekomendasi menurut tanggal / recipient in force on a date:", ""]
        for r in spec["recipient_rule"]:
            period = f"{r.get('from') or '…'} – {r.get('to') or '…'}"
            basis = f": {_basis(r['basis'])}" if isinstance(r.get("basis"), dict) else ""
            out.append(f"- {period}: {_code(r.get('value'))}{basis}")
    out.append("")
    return out


def _rules_section(path_name: str, spec: Any) -> list[str]:
    """An inference-rules file, summarised generically (its structure is its owner's to change)."""
    out = [f"### `{path_name}`", ""]
    if isinstance(spec, dict):
        for key in ("title_id", "title_en", "title", "description"):
            if spec.get(key):
                out.append(f"{_cell(spec[key])}  ")
        rules = spec.get("rules", [])
    else:
        rules = spec if isinstance(spec, list) else []
    out.append("")
    for rule in rules:
        if not isinstance(rule, dict):
            continue
        name = rule.get("id") or rule.get("name") or ""
        text = rule.get("description_en") or rule.get("description") or rule.get("title_en") or rule.get("title") or ""
        basis = rule.get("basis") or rule.get("legal_basis")
        bases = basis if isinstance(basis, list) else [basis] if isinstance(basis, dict) else []
        line = f"- {_code(name)} {_cell(text)}".rstrip()
        if bases:
            line += " — " + "; ".join(_basis(b) for b in bases)
        out.append(line)
    out.append("")
    return out


def _package_json(folder: str, pattern: str) -> list[tuple[str, Any]]:
    base = package_dir(folder)
    if not base.is_dir():
        return []
    import fnmatch

    found = sorted((p.name, p) for p in base.iterdir() if p.is_file() and fnmatch.fnmatch(p.name, pattern))
    return [(name, json.loads(p.read_text(encoding="utf-8"))) for name, p in found]


def codebook_markdown() -> str:
    """The whole codebook document as Markdown."""
    raw = codebook.codebook()
    vocabularies: dict[str, list[dict[str, Any]]] = raw.get("vocabularies", {})
    tables: dict[str, dict[str, Any]] = raw.get("tables", {})
    out = [
        "# Buku kode / Codebook",
        "",
        "<!-- Generated from src/netralitas_study/codebook/codebook.json and norms/procedures/*.json by "
        "`make codebook` (netralitas-study codebook -o docs/codebook.md): do not edit by hand. -->",
        "",
        f"**{_cell(raw.get('title', raw.get('name', '')))}**  ",
        f"Versi / version **{_cell(raw.get('version', ''))}**",
        "",
        _cell(raw.get("description", "")),
        "",
        "Isi / contents: [kode hilang / missing codes](#missing-codes) · [tabel / tables](#tables) · "
        "[kosakata / vocabularies](#vocabularies) · [prosedur / procedures](#procedures) · "
        "[riwayat / changelog](#changelog)",
        "",
        '<a id="missing-codes"></a>',
        "",
        "## Kode hilang / Missing codes",
        "",
        "Tiga kode dibedakan di mana-mana; sel kosong tidak sama dengan kode hilang. Three codes are kept apart "
        "everywhere; a blank cell is not a missing code.",
        "",
        "| kode / code | label (ID) | label (EN) | arti / meaning |",
        "|---|---|---|---|",
    ]
    for m in raw.get("missingValues", []):
        out.append(f"| {_code(m.get('value'))} | {_cell(m.get('label_id'))} | {_cell(m.get('label_en'))} "
                   f"| {_cell(m.get('description'))} |")
    out += ["", '<a id="tables"></a>', "", "## Tabel dan kolom / Tables and fields", ""]
    for name, spec in tables.items():
        out += _table_section(name, spec, raw)
    out += ['<a id="vocabularies"></a>', "", "## Kosakata terkendali / Controlled vocabularies", ""]
    for name in sorted(vocabularies):
        used_by = [f"`{t}.{f['name']}`" for t, spec in tables.items() for f in spec.get("fields", [])
                   if f.get("vocabulary") == name]
        out += _vocabulary_section(name, vocabularies[name], used_by)
    out += ['<a id="procedures"></a>', "", "## Prosedur dan dasar hukumnya / Procedures and their legal basis", "",
            "Norma yang dipakai `netralitas-study compliance` (`procedures/*.json`). The norms "
            "`netralitas-study compliance` judges cases against.", ""]
    for _, spec in _package_json("norms/procedures", "*.json"):
        out += _procedure_section(spec)
    rules = _package_json("evidence", "rules.json")
    if rules:
        out += ["## Aturan inferensi / Inference rules", ""]
        for name, spec in rules:
            out += _rules_section(name, spec)
    out += ['<a id="changelog"></a>', "", "## Riwayat versi / Changelog", ""]
    changelog = raw.get("changelog", [])
    if not changelog:
        out += ["(belum ada catatan / no entries)", ""]
    for entry in changelog:
        when = f" ({_cell(entry['date'])})" if entry.get("date") else ""
        out += [f"### {_cell(entry.get('version', ''))}{when}", ""]
        for key, label in (("changes_id", "ID"), ("changes_en", "EN")):
            for change in entry.get(key, []):
                out.append(f"- **{label}.** {_cell(change)}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write_codebook_markdown(path: str | Path) -> Path:
    """Write the document to ``path`` (only when its bytes change) and return the path."""
    path = Path(path)
    text = codebook_markdown().encode("utf-8")
    if not (path.is_file() and path.read_bytes() == text):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
    return path
