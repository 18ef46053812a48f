"""docs/codebook.md is generated from codebook.json, complete, and never out of date."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from netralitas_study import codebook
from netralitas_study.codebook.document import codebook_markdown, write_codebook_markdown
from netralitas_study.norms.procedures import procedure_ids

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "codebook.md"


def test_docs_codebook_md_is_up_to_date():
    assert DOC.read_text(encoding="utf-8") == codebook_markdown(), \
        "docs/codebook.md is out of date: run `make codebook` (or netralitas-study codebook -o docs/codebook.md)"


def _section(doc: str, table: str) -> str:
    start = doc.index(f"### Tabel / Table `{table}`")
    end = doc.find("### ", start + 4)
    return doc[start:end]


def test_every_table_field_and_code_of_codebook_json_is_named():
    doc = DOC.read_text(encoding="utf-8")
    raw = json.loads((ROOT / "src" / "netralitas_study" / "codebook" / "codebook.json").read_text(encoding="utf-8"))
    for table, spec in raw["tables"].items():
        section = _section(doc, table)
        for field in spec["fields"]:
            assert f"| `{field['name']}` |" in section, f"{table}.{field['name']} missing from docs/codebook.md"
            assert field["title_id"] in section and field["title"] in section
    for name, entries in raw["vocabularies"].items():
        assert f"### Kosakata / Vocabulary `{name}`" in doc
        for e in entries:
            assert f"| `{e['value']}` | {e['label_id']} | {e['label_en']} |" in doc
    for m in raw["missingValues"]:
        assert f"| `{m['value']}` | {m['label_id']} | {m['label_en']} |" in doc
    for entry in raw.get("changelog", []):
        assert f"### {entry['version']}" in doc


def test_procedures_appear_with_their_legal_basis():
    doc = DOC.read_text(encoding="utf-8")
    for pid in procedure_ids():
        spec = json.loads((ROOT / "src" / "netralitas_study" / "norms" / "procedures" / f"{pid}.json").read_text(encoding="utf-8"))
        assert f"### `{pid}`" in doc
        for basis in spec["legal_basis"]:
            assert " ".join(basis["citation"].split()) in doc


def test_current_codebook_version_has_a_changelog_entry():
    versions = [e["version"] for e in codebook.codebook().get("changelog", [])]
    assert codebook.version() in versions, "add a 'changelog' entry to codebook.json for this version"


@pytest.fixture()
def changed_codebook(monkeypatch):
    """The codebook with a new table (as a v2 might add) whose fields carry an attribute the generator does not know."""
    raw = copy.deepcopy(codebook._raw())
    raw["version"] = "9.0.0"
    raw["tables"]["persons"] = {
        "description": "One row per person in a case.", "primaryKey": ["person_id"],
        "fields": [
            {"name": "person_id", "type": "string", "title": "Person id", "title_id": "ID orang",
             "description": "Stable identifier.", "constraints": {"required": True, "unique": True}},
            {"name": "rank_group", "type": "string", "title": "Rank group", "title_id": "Golongan",
             "description": "Civil-service rank group.", "vocabulary": "yes_no", "x-review": "pending"},
        ]}
    raw["changelog"] = raw.get("changelog", []) + [
        {"version": "9.0.0", "changes_id": ["Tabel persons."], "changes_en": ["Table persons."]}]
    monkeypatch.setattr(codebook, "_raw", lambda: raw)
    return raw


def test_document_follows_the_codebook_and_the_guard_notices(changed_codebook, tmp_path):
    text = codebook_markdown()
    persons = _section(text, "persons")
    assert "| `person_id` | ID orang |" in persons and "| `rank_group` | Golongan |" in persons
    assert "x-review: `pending`" in persons  # an unknown attribute is shown, not dropped
    assert "[yes_no](#vocab-yes-no)" in persons and "`persons.rank_group`" in text
    assert "### 9.0.0" in text and "Versi / version **9.0.0**" in text
    assert text != DOC.read_text(encoding="utf-8")  # so test_docs_codebook_md_is_up_to_date would fail
    out = write_codebook_markdown(tmp_path / "docs" / "codebook.md")
    assert out.read_text(encoding="utf-8") == text
