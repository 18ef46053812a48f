"""Hostile and careless inputs: each perturbation of a valid example has its specific, clean effect."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import edit_csv
from netralitas_study.cli import main
from netralitas_study.io.outputs import MANIFEST, OutputError, report_folder, safe_text
from netralitas_study.validate.rules import validate_path

CORPUS = Path(__file__).parent / "corpus"
NIK = "1571015503850001"


@pytest.fixture(autouse=True)
def _limits_restored(monkeypatch):
    """The CLI's limit options set the environment of this process: undone after each test."""
    from netralitas_study.io.limits import ENV

    for var in ENV.values():
        monkeypatch.setenv(var, "1")
        monkeypatch.delenv(var)


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _clean_failure(result, code: int = 1) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and "please report" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _workbook(tmp_path: Path, edit=None, name: str = "kasus.xlsx") -> Path:
    """The accepted corpus folder as a workbook, edited by ``edit(wb)``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for table in ("cases", "events", "sources"):
        ws = wb.create_sheet(table)
        frame = pd.read_csv(CORPUS / "accepted" / f"{table}.csv", dtype=str, keep_default_na=False,
                            sep=None, engine="python", encoding="utf-8-sig")
        ws.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            ws.append(list(row))
    if edit:
        edit(wb)
    path = tmp_path / name
    wb.save(path)
    return path


def test_the_example_workbook_is_valid(tmp_path):
    problems, _ = validate_path(_workbook(tmp_path))
    assert problems.empty, problems.to_string()


# --- one guard, every path ------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["formula", "right_of_header", "header", "sheet_name"])
def test_personal_data_outside_ordinary_cells_is_refused_and_never_shown(tmp_path, where):
    def plant(wb):
        ws = wb["cases"]
        if where == "formula":
            ws["U2"] = f'="NIK {NIK}"'
        elif where == "right_of_header":
            ws.cell(row=2, column=ws.max_column + 3, value=f"NIK {NIK}")
        elif where == "header":
            ws.cell(row=1, column=ws.max_column + 1, value=NIK)
        else:
            wb.create_sheet(f"NIK {NIK}")

    result = _run("validate", str(_workbook(tmp_path, plant)), "--format", "csv", "--lang", "en")
    _clean_failure(result)
    assert "personal_data" in result.output
    assert NIK not in result.output and NIK[:8] not in result.output


def test_a_refusal_names_file_sheet_row_column_and_kind(tmp_path):
    path = _workbook(tmp_path, lambda wb: wb["cases"].__setitem__("J2", "Camat Budi Santoso"))
    problems, _ = validate_path(path, lang="en")
    hit = problems[problems["rule"].eq("personal_data")].iloc[0]
    assert hit["file"] == "kasus.xlsx [cases]" and hit["row"] == 2 and hit["column"] == "role"
    assert "name" in hit["message"] and "Budi" not in problems.to_string()


def test_a_flagged_cell_is_hidden_in_every_other_message(data_copy):
    # a phone number typed into a coded column also fails the vocabulary: neither message shows it
    edit_csv(data_copy, "cases", lambda df: df.assign(origin=df["origin"].where(df.index != 0, "0812 3456 7890")))
    problems = validate_path(data_copy)[0]
    assert {"personal_data", "vocabulary"} <= set(problems.loc[problems["row"].eq(2), "rule"])
    assert not problems.astype(str).apply(lambda s: s.str.contains("3456")).any().any()


@pytest.mark.parametrize("disguise", ["1571 0155 0385 0001", "19800101  200501  1  001", "(0812) 3456 7890",
                                      "wa.me/6281234567890", "pegawai (at) contoh (dot) go (dot) id",
                                      "Kepala Dinas Pendidikan Ahmad Yani"])
def test_disguises_planted_in_a_copy_of_data_are_refused_without_echo(data_copy, disguise):
    edit_csv(data_copy, "cases", lambda df: df.assign(notes=df["notes"].where(df.index != 3, f"lihat {disguise}")))
    result = _run("validate", str(data_copy), "--format", "csv")
    _clean_failure(result)
    assert "personal_data" in result.output and disguise not in result.output


# --- bounded reading ------------------------------------------------------------------------------


@pytest.mark.parametrize("option,env,edit", [
    ("--max-rows", "NETRALITAS_MAX_ROWS", lambda df: pd.concat([df] * 3, ignore_index=True)),
    ("--max-cell-chars", "NETRALITAS_MAX_CELL_CHARS", lambda df: df.assign(notes="x" * 5000)),
])
def test_a_limit_refuses_with_its_name_and_can_be_raised(data_copy, monkeypatch, option, env, edit):
    edit_csv(data_copy, "cases", edit)
    small = "200" if option == "--max-rows" else "4000"
    for var in ("NETRALITAS_MAX_ROWS", "NETRALITAS_MAX_CELL_CHARS"):
        monkeypatch.delenv(var, raising=False)
    result = _run(option, small, "validate", str(data_copy), "--lang", "en")
    _clean_failure(result)
    assert "limit" in result.output and option in result.output
    monkeypatch.delenv(env, raising=False)
    raised = _run(option, "100000", "validate", str(data_copy))
    assert "limit" not in raised.output  # other problems (duplicates, long cells) may remain


def test_a_workbook_beyond_the_decompressed_size_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setenv("NETRALITAS_MAX_MB", "1")
    def fill(wb):
        for r in range(2, 80):  # 78 cells of 30,000 characters: 2.3 MiB once decompressed, a few KB zipped
            wb["cases"][f"U{r}"] = "x" * 30000

    path = _workbook(tmp_path, fill)
    problems, _ = validate_path(path)
    assert problems["rule"].tolist() == ["limit"]


def test_hostile_generators_write_small_files_that_are_refused(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("hostile", Path(__file__).parents[1] / "benchmarks" / "hostile.py")
    hostile = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hostile)
    monkeypatch.setenv("NETRALITAS_MAX_ROWS", "1000")
    rows = hostile.many_rows(tmp_path / "rows.xlsx", n=5000)
    cell = hostile.big_cell(tmp_path / "cell.xlsx", chars=3_000_000)
    monkeypatch.setenv("NETRALITAS_MAX_MB", "2")
    for path in (rows, cell):
        problems, _ = validate_path(path)
        assert "limit" in set(problems["rule"]), path.name


# --- never lose work --------------------------------------------------------------------------------


def test_template_never_overwrites_a_workbook_or_a_folder(tmp_path):
    book = tmp_path / "coded.xlsx"
    book.write_bytes(b"filled by a coder")
    _clean_failure(_run("template", "-o", str(book)))
    assert book.read_bytes() == b"filled by a coder"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "cases.csv").write_text("146 rows of work\n")
    _clean_failure(_run("template", "-o", str(folder), "--format", "csv"))
    assert (folder / "cases.csv").read_text() == "146 rows of work\n"
    assert _run("template", "-o", str(book), "--force").exit_code == 0
    assert book.read_bytes()[:2] == b"PK"


def test_an_interrupted_report_leaves_the_previous_one_intact(tmp_path):
    out = tmp_path / "laporan"
    with report_folder(out) as tmp:
        (tmp / "laporan.html").write_text("first")
    with pytest.raises(KeyboardInterrupt), report_folder(out) as tmp:
        (tmp / "laporan.html").write_text("second, half")
        raise KeyboardInterrupt
    assert (out / "laporan.html").read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["laporan"]  # no temporary folder or lock left


def test_a_report_replaces_only_its_own_earlier_report_entirely(tmp_path):
    out = tmp_path / "laporan"
    with report_folder(out) as tmp:
        (tmp / "stale.csv").write_text("old")
    with report_folder(out) as tmp:
        (tmp / "laporan.html").write_text("new")
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "laporan.html"]
    other = tmp_path / "skripsi"
    other.mkdir()
    (other / "bab4.docx").write_text("thesis")
    with pytest.raises(OutputError), report_folder(other):
        pass
    assert (other / "bab4.docx").read_text() == "thesis"


def test_a_concurrent_report_is_refused(tmp_path):
    out = tmp_path / "laporan"
    with report_folder(out) as tmp:
        with pytest.raises(OutputError, match="another report"), report_folder(out):
            pass
        (tmp / "laporan.html").write_text("first")
    assert (out / "laporan.html").read_text() == "first"


def test_a_near_duplicate_sheet_name_is_an_error(tmp_path):
    def copy(wb):
        wb.copy_worksheet(wb["cases"]).title = "cases "

    problems, _ = validate_path(_workbook(tmp_path, copy))
    assert "sheet_name" in set(problems["rule"])


# --- clean errors -----------------------------------------------------------------------------------


def test_a_duplicate_column_is_a_clear_error(data_copy):
    text = (data_copy / "cases.csv").read_text(encoding="utf-8").splitlines()
    text = [line + ",x" for line in text]
    text[0] = text[0].rsplit(",", 1)[0] + ",notes"
    (data_copy / "cases.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    result = _run("validate", str(data_copy), "--lang", "en")
    _clean_failure(result)
    assert "duplicate_column" in result.output


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root writes anywhere")
def test_a_read_only_output_folder_is_one_line(tmp_path):
    locked = tmp_path / "ro"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = _run("template", "-o", str(locked / "kasus.xlsx"))
    finally:
        locked.chmod(0o700)
    _clean_failure(result)
    assert len(result.output.strip().splitlines()) == 1


def test_an_output_under_a_file_is_one_line(tmp_path):
    (tmp_path / "file").write_text("x")
    result = _run("template", "-o", str(tmp_path / "file" / "kasus.xlsx"))
    _clean_failure(result)
    assert len(result.output.strip().splitlines()) == 1


def test_ctrl_c_exits_130_with_one_line(monkeypatch):
    import netralitas_study.validate.rules as validation

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt

    monkeypatch.setattr(validation, "validate_read", interrupted)
    result = _run("validate", str(CORPUS / "accepted"))
    assert result.exit_code == 130 and result.output.strip() == "interrupted / dibatalkan"


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"id": "x", "steps": "kajian"}',
                                     '{"id": "=HYPERLINK()", "version": "1", "title_id": "t", "title_en": "t", '
                                     '"steps": [], "legal_basis": []}'])
def test_a_bad_procedure_file_is_one_line(tmp_path, content):
    path = tmp_path / "mine.json"
    path.write_text(content)
    result = _run("compliance", str(CORPUS / "accepted"), "--procedure", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "mine.json" in result.output


def test_a_procedure_id_is_never_a_path():
    result = _run("compliance", str(CORPUS / "accepted"), "--procedure", "../../tmp/x")
    assert result.exit_code == 2 and "no procedure" in result.output


def test_a_province_without_cases_is_one_line(tmp_path):
    result = _run("report", str(CORPUS / "accepted"), "--province", "32", "-o", str(tmp_path / "r"))
    assert result.exit_code == 2 and "no cases for 32 Jawa Barat" in result.output
    assert not (tmp_path / "r").exists()


# --- safe outputs -----------------------------------------------------------------------------------


def test_validate_csv_writes_no_live_formula(tmp_path):
    path = _workbook(tmp_path, lambda wb: wb["cases"].__setitem__("C2", "=HYPERLINK(\"http://x\")"))
    result = _run("validate", str(path), "--format", "csv")
    _clean_failure(result)
    table = pd.read_csv(io.StringIO(result.output), dtype=str, keep_default_na=False)
    for col in table.columns:
        assert not table[col].str.match(r"[=+@\t\r]|-(?!\d+(\.\d+)?$)").any(), col


def test_the_csv_rule_keeps_numbers_and_dates():
    assert [safe_text(v) for v in ["-3", "-1.5", "2024-10-12", "=1+1", "+62812", "@SUM(A1)", "-x", "\tcmd"]] == [
        "-3", "-1.5", "2024-10-12", "'=1+1", "'+62812", "'@SUM(A1)", "'-x", "'\tcmd"]


def test_symlinks_are_refused(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(CORPUS / "accepted", folder)
    (folder / "cases.csv").unlink()
    (folder / "cases.csv").symlink_to("/etc/passwd")
    problems, _ = validate_path(folder)
    assert "symlink" in set(problems["rule"]) and "root" not in problems.to_string()


def test_a_nul_byte_anywhere_is_refused(tmp_path):
    path = tmp_path / "cases.csv"
    text = (CORPUS / "accepted" / "cases.csv").read_bytes()
    path.write_bytes(text + b"x" * 5000 + b"\x00\n")
    problems, _ = validate_path(path)
    assert "unreadable" in set(problems["rule"])


def test_a_plus_sign_in_a_whole_number_is_not_kept(data_copy):
    edit_csv(data_copy, "cases", lambda df: df.assign(election_year=df["election_year"].where(df.index != 0, "+2024")))
    problems = validate_path(data_copy)[0]
    assert ((problems["rule"] == "type") & (problems["column"] == "election_year")).sum() == 1


# --- a report folder the user changed is never replaced silently ---------------------------------------


def _earlier_report(tmp_path: Path) -> Path:
    out = tmp_path / "laporan"
    with report_folder(out) as tmp:
        (tmp / "laporan.html").write_text("first")
        (tmp / "tables").mkdir()
        (tmp / "tables" / "cases.csv").write_text("a,b\n")
    return out


@pytest.mark.parametrize("change", ["edit", "add", "edit_nested"])
def test_a_report_folder_edited_or_added_to_is_never_replaced(tmp_path, change):
    out = _earlier_report(tmp_path)
    target = {"edit": out / "laporan.html", "add": out / "catatan saya.txt",
              "edit_nested": out / "tables" / "cases.csv"}[change]
    target.write_text("the user's own work")
    with pytest.raises(OutputError, match="changed since it was written"), report_folder(out) as tmp:
        (tmp / "laporan.html").write_text("second")
    assert target.read_text() == "the user's own work"
    # the command refuses before any work, exit status non-zero, the message bilingual and naming --force
    result = _run("report", str(CORPUS / "accepted"), "-o", str(out))
    _clean_failure(result)
    assert "--force" in result.output and "laporan sudah diubah" in result.output and target.name in result.output
    assert target.read_text() == "the user's own work"


def test_force_replaces_a_changed_report_and_an_unchanged_one_is_replaced_without_it(tmp_path):
    out = _earlier_report(tmp_path)
    with report_folder(out) as tmp:  # unchanged since written: replaced
        (tmp / "laporan.html").write_text("second")
    assert (out / "laporan.html").read_text() == "second"
    (out / "laporan.html").write_text("edited")
    with report_folder(out, force=True) as tmp:
        (tmp / "laporan.html").write_text("third")
    assert (out / "laporan.html").read_text() == "third"


def test_a_manifest_without_hashes_is_not_taken_as_an_unchanged_report(tmp_path):
    out = tmp_path / "laporan"
    out.mkdir()
    (out / "laporan.docx").write_text("edited in Word")
    (out / MANIFEST).write_text('{"tool": "netralitas-study report", "files": ["laporan.docx"]}')
    with pytest.raises(OutputError, match="--force"), report_folder(out):
        pass
    assert (out / "laporan.docx").read_text() == "edited in Word"


def test_refusal_hints_name_only_options_the_command_has(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "x.csv").write_text("work")
    migrate = _run("migrate", str(CORPUS / "accepted"), "-o", str(folder), "--format", "csv")
    _clean_failure(migrate)
    assert "--force" not in migrate.output and "already" not in migrate.output
    letter = tmp_path / "surat.md"
    letter.write_text("draft")
    gaps = _run("gaps", str(CORPUS / "accepted"), "--province", "15", "--letter", str(letter))
    _clean_failure(gaps)
    assert "--force" not in gaps.output and letter.read_text() == "draft"
    book = tmp_path / "kasus.xlsx"
    book.write_text("work")
    template = _run("template", "-o", str(book))
    _clean_failure(template)
    assert "--force" in template.output


def test_a_file_browser_s_metadata_is_not_taken_for_the_user_s_work(tmp_path):
    out = _earlier_report(tmp_path)
    (out / ".DS_Store").write_bytes(b"\x00")
    with report_folder(out) as tmp:
        (tmp / "laporan.html").write_text("second")
    assert (out / "laporan.html").read_text() == "second"
