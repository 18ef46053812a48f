"""Every shipped JSON spec is checked against its schema here, so that commands need not check it at run time."""

import json
import subprocess
import sys

import jsonschema
import pytest

from netralitas_study.io.specs import is_shipped, package_dir, schema
from netralitas_study.norms.procedures import ProcedureError, load_procedure

SHIPPED = [(p, "procedure") for p in sorted(package_dir("norms/procedures").glob("*.json"))] + [
    (package_dir("evidence") / "rules.json", "inference-rules")]


@pytest.mark.parametrize("path, name", SHIPPED, ids=[p.name for p, _ in SHIPPED])
def test_every_shipped_spec_matches_its_schema(path, name):
    spec = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema(name))
    validator = jsonschema.Draft202012Validator(schema(name), format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(spec)] == []
    assert is_shipped(path)


def test_a_users_copy_of_a_shipped_procedure_is_still_checked(tmp_path):
    spec = json.loads((package_dir("norms/procedures") / "perbawaslu-7-2022-pemilu.json").read_text(encoding="utf-8"))
    good = tmp_path / "mine.json"
    good.write_text(json.dumps(spec), encoding="utf-8")
    assert not is_shipped(good)
    assert load_procedure(str(good)).id == spec["id"]
    spec["steps"][0]["deadline"] = {"days": "seven", "day_type": "weekly", "from": []}
    good.write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ProcedureError, match=r"mine.json: steps/0/deadline"):
        load_procedure(str(good))


def test_shipped_procedures_and_rules_load_without_jsonschema():
    code = ("import sys\n"
            "from netralitas_study.norms.procedures import list_procedures\n"
            "from netralitas_study.evidence.inference import load_rules\n"
            "list_procedures(); load_rules()\n"
            "print(sorted(m for m in ('jsonschema', 'rfc3987_syntax', 'lark') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_user_file_is_checked_without_compiling_iri_grammars(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text((package_dir("norms/procedures") / "adjudication-route.json").read_text(encoding="utf-8"))
    code = ("import sys\n"
            "from netralitas_study.norms.procedures import load_procedure\n"
            f"load_procedure({str(path)!r})\n"
            "print('jsonschema' in sys.modules, 'rfc3987_syntax' in sys.modules, 'lark' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False", "False"]
