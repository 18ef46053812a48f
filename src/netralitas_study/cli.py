"""The ``netralitas-study`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from netralitas_study.report.terminal import Group as _Group, OneLine as _OneLine, echo_table as _echo_table
from netralitas_study.report.terminal import load_valid as _load_valid
from netralitas_study.report.terminal import print_table as _print_table, procedure_option as _procedure


def _limit_option(name: str, help_: str):
    from netralitas_study.io.limits import OPTION

    return click.option(OPTION[name], name, type=click.IntRange(min=1), default=None, help=help_)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="netralitas-study")
@_limit_option("max_rows", "Most rows read per table (default 500000; env NETRALITAS_MAX_ROWS).")
@_limit_option("max_columns", "Most columns read per table (default 200; env NETRALITAS_MAX_COLUMNS).")
@_limit_option("max_cell_chars", "Longest cell read (default 32767; env NETRALITAS_MAX_CELL_CHARS).")
@_limit_option("max_mb", "Largest CSV file or decompressed workbook in MiB (default 256; env NETRALITAS_MAX_MB).")
def main(max_rows: int | None, max_columns: int | None, max_cell_chars: int | None, max_mb: int | None) -> None:
    """Study package for Bawaslu's handling of ASN-neutrality violations.

    Paket studi penanganan pelanggaran netralitas ASN oleh Bawaslu.
    """
    from netralitas_study.io.limits import set_limits

    set_limits(max_rows=max_rows, max_columns=max_columns, max_cell_chars=max_cell_chars, max_mb=max_mb)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(["id", "en"]), default="id", show_default=True,
              help="Language of messages and hints (Indonesian or English).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
              help="How to print the problems.")
def validate(path: Path, lang: str, fmt: str) -> None:
    """Validate a workbook (.xlsx), a CSV file or a data folder against the codebook.

    Prints every problem with its file or sheet, the row number a spreadsheet shows, column,
    value, rule, message and hint; then how many rows were read, accepted and rejected. Exits
    with status 1 when there is any problem.
    """
    from netralitas_study.validate.loader import check

    if not path.exists() and not path.is_symlink():
        raise click.UsageError(f"{path}: no such file or folder")
    checked = check(path, lang, progress=True)
    for notice in checked.notices:
        click.echo(f"note / catatan: {notice}", err=True)
    if checked.problems.empty:
        click.echo(f"{path}: no problems / tidak ada masalah")
    else:
        _print_table(checked.problems, fmt)
    for line in checked.summary_lines(lang):
        click.echo(line, err=True)
    if not checked.problems.empty:
        click.echo(f"{len(checked.problems)} problem(s) / masalah", err=True)
        sys.exit(1)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Workbook to write (.xlsx), or a folder with --format csv.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
@click.option("--force", is_flag=True, help="Replace an existing workbook, or write into a non-empty folder.")
def template(output: Path, fmt: str, force: bool) -> None:
    """Write a coding template generated from the codebook (Excel workbook or CSV files).

    Never replaces an existing file or writes into a non-empty folder unless --force: a filled
    workbook is a coder's work.
    """
    from netralitas_study.io.outputs import refuse_overwrite
    from netralitas_study.codebook.template import write_csv_templates, write_workbook_template

    refuse_overwrite(output, force, folder=fmt == "csv", option="--force")
    if fmt == "csv" and not force and output.is_file():
        raise click.BadParameter(f"{output} is a file; with --format csv give a folder", param_hint="-o")
    if fmt == "csv":
        for path in write_csv_templates(output):
            click.echo(f"wrote {path}")
    else:
        if output.suffix.lower() != ".xlsx":
            raise click.BadParameter("the workbook must end in .xlsx (or use --format csv)", param_hint="-o")
        click.echo(f"wrote {write_workbook_template(output)}")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="New workbook (.xlsx) for the upgraded data, or a new folder with --format csv.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True,
              help="xlsx: a coding workbook as 'template' makes it (dropdowns, kolom and kode sheets); csv: a folder "
                   "of CSV files with their datapackage.json.")
def migrate(path: Path, output: Path, fmt: str) -> None:
    """Upgrade a codebook v1 workbook or folder to the current codebook, into a new workbook (or folder).

    The input is never changed, an existing output never replaced, and no value is changed: what the
    v1 case row cannot say per person becomes 'unknown' with a review note, and those rows are printed.
    Only data that validate after the upgrade are written.
    """
    from netralitas_study import codebook
    from netralitas_study.codebook.migrate import write_upgraded

    if fmt == "xlsx" and output.suffix.lower() != ".xlsx":
        raise click.BadParameter("the workbook must end in .xlsx (or use --format csv for a folder)", param_hint="-o")
    checked, review = write_upgraded(path, output, fmt)
    if not checked.problems.empty:
        _echo_table(checked.problems, err=True)
        click.echo(f"{path}: {len(checked.problems)} validation problem(s) after the upgrade; nothing written",
                   err=True)
        sys.exit(1)
    for notice in checked.notices:
        click.echo(f"note / catatan: {notice}", err=True)
    if len(review):
        click.echo(f"{len(review)} baris orang perlu diperiksa / person rows to review (status 'unknown': fill in "
                   "what the source says of each person):", err=True)
        _print_table(review, "table")
    click.echo(f"wrote {output} (codebook {codebook.version()})")


@main.command()
@click.argument("coder_a", type=click.Path(exists=True, path_type=Path))
@click.argument("coder_b", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def reliability(coder_a: Path, coder_b: Path, fmt: str) -> None:
    """Krippendorff's alpha per variable for two coders' workbooks of the same cases, and every disagreement.

    Alpha >= 0.800: reliable; 0.667-0.800: tentative conclusions only; below 0.667: unreliable.
    """
    from netralitas_study.analysis.reliability import compare_coders

    a, b = _load_valid(coder_a), _load_valid(coder_b)
    alphas, disagreements = compare_coders(a["cases"], b["cases"])
    _print_table(alphas.round(3), fmt)
    click.echo("")
    click.echo(f"{len(disagreements)} disagreement(s) / ketidaksepakatan:")
    if len(disagreements):
        _print_table(disagreements, fmt)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--procedure", "procedure_id", default=None,
              help="Procedure id or .json file; default: each election's own norm.")
@click.option("--province", "provinces", multiple=True,
              help="BPS province code or name in any case (36, Banten, banten); repeat it or separate with commas "
                   "for several, or 'all'; default: the most frequent in the data.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("laporan"),
              show_default=True, help="Folder for the report.")
@click.option("--force", is_flag=True, help="Replace OUTPUT even when it is not an unchanged earlier report "
                                            "(files edited or added since are lost).")
@click.option("--author", default="", help="Author on the title page and in the .docx properties; default: a line "
                                           "to fill in.")
@click.option("--university", default="", help="University on the title page; default: a line to fill in.")
@click.option("--supervisor", default="", help="Supervisor on the title page; default: a line to fill in.")
def report(path: Path, procedure_id: str | None, provinces: tuple[str, ...], output: Path, force: bool, author: str,
           university: str, supervisor: str) -> None:
    """Build a province report from a workbook, CSV file or data folder.

    Writes OUTPUT/laporan.html (one self-contained page) and OUTPUT/laporan.docx (editable in
    Word), bilingual, Indonesian first: a title page, written findings, a table of every case,
    the published figures, figures and a numbered list of sources. Figures are also kept as PNG
    and SVG under OUTPUT/figures, every table as CSV under OUTPUT/tables. The report is built in
    a temporary folder beside OUTPUT and moved into place only when complete; OUTPUT must be
    new, empty, or an earlier report that nobody changed since (else refused unless --force).
    """
    from netralitas_study.analysis.province import ProvinceError, resolve_province, resolve_provinces
    from netralitas_study.io.outputs import refuse_replacing
    from netralitas_study.report.document import write_province_report

    _procedure(procedure_id)  # a bad norm is refused before any work
    if not force:
        refuse_replacing(output)  # and a report folder the user changed, before any work
    tables = _load_valid(path)  # refuses invalid data (exit 1) before any analysis
    try:
        codes = resolve_provinces(provinces, tables["cases"]) or [resolve_province(None, tables["cases"])]
    except ProvinceError as exc:
        raise _OneLine(f"--province: {exc}" if provinces else str(exc)) from None
    write_province_report(path, tables, codes, procedure_id, output, force, author=author.strip(),
                          university=university.strip(), supervisor=supervisor.strip())
    click.echo(f"wrote {output / 'laporan.html'}, {output / 'laporan.docx'}, {output / 'figures'}, "
               f"{output / 'tables'}")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Checkout to rebuild: reads ROOT/data and ROOT/notebooks (the shipped copies where absent), "
                   "writes ROOT/reports and ROOT/docs/codebook.md.")
def reproduce(root: Path) -> None:
    """Do what `make reproduce` does, without make: validate the data, execute and render every notebook,
    write the codebook document and the offline site (reports/index.html).

    Lakukan yang dikerjakan `make reproduce`, tanpa make.
    """
    from netralitas_study.report.site import reproduce as run

    problems = run(root, progress=True)
    if problems is not None:
        _echo_table(problems, err=True)
        click.echo(f"{len(problems)} problem(s) / masalah: nothing rendered", err=True)
        sys.exit(1)
    click.echo(f"wrote {root / 'reports' / 'index.html'}")


@main.command("codebook")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Markdown file to write (e.g. docs/codebook.md); default: print it.")
def codebook_cmd(output: Path | None) -> None:
    """The codebook as a document (Markdown): every table, field, code, procedure and version.

    Buku kode sebagai dokumen.
    """
    from netralitas_study.codebook.document import codebook_markdown, write_codebook_markdown

    if output is None:
        click.echo(codebook_markdown(), nl=False)
    else:
        click.echo(f"wrote {write_codebook_markdown(output)}")


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def procedures(fmt: str) -> None:
    """List the normative procedures: id, version, election type, title and legal basis."""
    from netralitas_study.norms.procedures import list_procedures

    _print_table(list_procedures()[["id", "version", "election_type", "title_en", "legal_basis"]], fmt)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--procedure", "procedure_id", default=None,
              help="Procedure id (see 'netralitas-study procedures') or a procedure .json file; "
                   "default: each case under the norm in force for its election and date.")
@click.option("--evidence", type=click.Choice(["stated", "inferred"]), default="stated", show_default=True,
              help="stated: what the sources say only; inferred: with the inference rules applied "
                   "(rows name the rules that fired) / bukti tersurat saja, atau dengan aturan inferensi.")
@click.option("--rules", "rules_file", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="An inference rules .json file (default: the shipped rules); with --evidence inferred.")
@click.option("--summary", is_flag=True, help="Per verdict: the share over determined cases with its n and exact "
                                              "interval, and its lower_bound and upper_bound over all cases.")
@click.option("--by", "by", default=None,
              help="With --summary: group by a column of the cases or the result (e.g. province, election_type, "
                   "procedure).")
@click.option("--detail", is_flag=True, help="List every check of every case with its result, instead of one row "
                                             "per case.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def compliance(path: Path, procedure_id: str | None, evidence: str, rules_file: Path | None, summary: bool,
               by: str | None, detail: bool, fmt: str) -> None:
    """Judge every case of a data folder, workbook or CSV file against a procedure.

    One row per case: the norm used (procedure and version), its verdict, the reasons, the
    evidence level and the inference rules that fired. With --summary, the share of each
    verdict with its worst and best case (lower_bound, upper_bound).

    Menilai setiap kasus terhadap sebuah prosedur; dengan --summary, bagian setiap vonis beserta
    batas terburuk dan terbaiknya.
    """
    from netralitas_study.evidence.inference import RuleError, load_rules
    from netralitas_study.evidence.judged import SUMMARY_NOTE, verdict_table
    from netralitas_study.norms.workdays import CalendarRangeError

    procedure = _procedure(procedure_id)
    rules = None
    if rules_file is not None:
        if evidence != "inferred":
            raise click.UsageError("--rules needs --evidence inferred")
        try:
            rules = load_rules(rules_file)
        except RuleError as exc:
            raise click.BadParameter(str(exc), param_hint="--rules") from None
    tables = _load_valid(path)
    if by is not None and by not in tables["cases"].columns and by != "procedure":
        raise click.BadParameter(f"'{by}' is not a column of the cases (or 'procedure')", param_hint="--by")
    try:
        table, foreign = verdict_table(tables, procedure, evidence, rules, detail=detail, summary=summary, by=by)
    except CalendarRangeError as exc:
        raise click.ClickException(str(exc)) from None
    if foreign:
        click.echo(f"warning: {foreign} case(s) judged under a norm for another election "
                   "(see norm_note) / peringatan: kasus dinilai dengan norma pemilihan lain", err=True)
    if summary:
        click.echo(SUMMARY_NOTE, err=True)
    _print_table(table.round(3) if summary and fmt == "table" else table, fmt)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--province", default=None, help="BPS province code or name (e.g. 15 or Jambi); default: all provinces.")
@click.option("--procedure", "procedure_id", default=None,
              help="Procedure id or .json file; default: each case under the norm in force for it.")
@click.option("--evidence", type=click.Choice(["stated", "inferred"]), default="stated", show_default=True,
              help="Judge on stated evidence only, or with the inference rules applied.")
@click.option("--documents", "by_document", is_flag=True,
              help="Print, per province, the documents that would supply the items (instead of the items per case).")
@click.option("--letter", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Draft a request for public information (UU 14/2008) to the province's Bawaslu PPID, in "
                   "Indonesian: Word when the name ends in .docx, else Markdown; never replaces an existing file. "
                   "Needs one province.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def gaps(path: Path, province: str | None, procedure_id: str | None, evidence: str, by_document: bool,
         letter: Path | None, fmt: str) -> None:
    """Butir yang belum diketahui yang akan menentukan vonis setiap kasus, dan dokumen yang memuatnya.

    The unknown items (step, date, origin, recipient, outcome) that would decide each open case's
    verdict under its norm, and per province the documents that would supply them (the
    report/finding form, the kajian, the recommendation letter and its date, the KASN/BKN reply,
    the PPK's decision). With --letter, a draft request for those documents to the PPID.
    """
    from netralitas_study.evidence.gaps import province_documents
    from netralitas_study.io.outputs import refuse_overwrite
    from netralitas_study.analysis.province import ProvinceError, province_names, resolve_province
    from netralitas_study.report.letter import write_letter

    procedure = _procedure(procedure_id)
    if province is not None and "," in province:
        raise click.BadParameter(f"'{province}': gaps takes one province (a code or a name); run it once per "
                                 "province / gaps menerima satu provinsi; jalankan sekali untuk setiap provinsi",
                                 param_hint="--province")
    if letter is not None:
        if province is None:
            raise click.UsageError("--letter needs --province: one letter goes to one province's PPID")
        refuse_overwrite(letter, force=False)  # before any work: never replace a file
    from netralitas_study.evidence.gaps import province_items

    tables = _load_valid(path)
    try:
        cases, persons, items, (n_open, n_in, n_out) = province_items(tables, province, procedure, evidence)
    except ProvinceError as exc:
        raise click.BadParameter(str(exc), param_hint="--province") from None
    province = None if province is None else resolve_province(province, tables["cases"])
    click.echo(f"{n_open} dari {n_in} kasus belum dapat ditentukan vonisnya / "
               f"{n_open} of {n_in} cases have an undecided verdict"
               + (f" ({n_out} di luar kewenangan Bawaslu / outside Bawaslu's scope)" if n_out else ""), err=True)
    if letter is not None:
        write_letter(letter, cases, items, province, tables.get("sources"), persons)
        click.echo(f"wrote {letter} (draf permohonan informasi publik kepada PPID Bawaslu Provinsi "
                   f"{province_names()[province]}; isi data pemohon sendiri / fill in the requester's details)",
                   err=True)
    docs = province_documents(items)
    if by_document:
        _print_table(docs[["province", "document", "cases", "case_ids", "items", "sources", "name_id"]], fmt)
    else:
        _print_table(items[["case_id", "province", "procedure", "verdict", "decides", "kind", "item", "documents"]],
                     fmt)
        if fmt == "table":
            click.echo("")
            _print_table(docs[["province", "document", "cases", "name_id", "sources"]], fmt)


@main.command("export-eventlog")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write.")
@click.option("--force", is_flag=True, help="Replace an existing file.")
def export_eventlog(path: Path, output: Path, force: bool) -> None:
    """Write the events as a process-mining event log (case:concept:name, concept:name, time:timestamp)."""
    from netralitas_study.analysis.eventlog import to_process_mining
    from netralitas_study.io.outputs import refuse_overwrite, to_csv

    refuse_overwrite(output, force, option="--force")
    tables = _load_valid(path)
    log = to_process_mining(tables["events"])
    to_csv(log, output, date_format="%Y-%m-%dT%H:%M:%SZ")
    undated = int(log["time:timestamp"].isna().sum())
    click.echo(f"{output}: {len(log)} events of {log['case:concept:name'].nunique()} cases "
               f"({undated} without a date)")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--threshold", type=click.FloatRange(0, 1), default=None,
              help="Coverage below which a province x election is marked (default: the library's, 0.5).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def coverage(path: Path, threshold: float | None, fmt: str) -> None:
    """The coded cases against the published figures: per province (or the country) x election x unit, the
    published funnel beside the coded one, the coverage and a plain reading (Indonesian, then English)."""
    from netralitas_study.analysis.coverage import THRESHOLD, coverage_table

    table = coverage_table(_load_valid(path), THRESHOLD if threshold is None else threshold)
    _print_table(table[["area", "election", "unit", "published_funnel", "coded_funnel", "coverage",
                        "below_threshold", "reading_id", "reading_en"]], fmt)


if __name__ == "__main__":  # pragma: no cover
    main()
