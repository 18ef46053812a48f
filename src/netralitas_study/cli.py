"""The ``netralitas-study`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click


class _Group(click.Group):
    """Turns an unexpected error into one clear line instead of a traceback (NETRALITAS_DEBUG=1 shows it)."""

    def invoke(self, ctx: click.Context):
        import os

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("NETRALITAS_DEBUG"):
                raise
            raise click.ClickException(
                f"unexpected error ({type(exc).__name__}: {exc}); please report it with the command you ran "
                "(set NETRALITAS_DEBUG=1 to see the details)") from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="netralitas-study")
def main() -> None:
    """Study package for Bawaslu's handling of ASN-neutrality violations.

    Paket studi penanganan pelanggaran netralitas ASN oleh Bawaslu.
    """


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
    from .validation import validate_path

    if not path.exists():
        raise click.UsageError(f"{path}: no such file or folder")
    problems, summary = validate_path(path, lang=lang, progress=True)
    if problems.empty:
        click.echo(f"{path}: no problems / tidak ada masalah")
    elif fmt == "csv":
        click.echo(problems.to_csv(index=False), nl=False)
    else:
        with _wide_display():
            click.echo(_blank_missing(problems).to_string(index=False))
    head = {"id": "baris dibaca, diterima, ditolak", "en": "rows read, accepted, rejected"}[lang]
    for r in summary.itertuples():
        blank = f"; {r.blank_rows_ignored} blank" if r.blank_rows_ignored else ""
        click.echo(f"{r.file}: {head}: {r.rows_read}, {r.rows_accepted}, {r.rows_rejected}{blank}", err=True)
    if not problems.empty:
        click.echo(f"{len(problems)} problem(s) / masalah", err=True)
        sys.exit(1)


@main.command()
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="Workbook to write (.xlsx), or a folder with --format csv.")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default="xlsx", show_default=True)
def template(output: Path, fmt: str) -> None:
    """Write a coding template generated from the codebook (Excel workbook or CSV files)."""
    from .template import write_csv_templates, write_workbook_template

    if fmt == "csv":
        for path in write_csv_templates(output):
            click.echo(f"wrote {path}")
    else:
        if output.suffix.lower() != ".xlsx":
            raise click.BadParameter("the workbook must end in .xlsx (or use --format csv)", param_hint="-o")
        click.echo(f"wrote {write_workbook_template(output)}")


@main.command()
@click.argument("coder_a", type=click.Path(exists=True, path_type=Path))
@click.argument("coder_b", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def reliability(coder_a: Path, coder_b: Path, fmt: str) -> None:
    """Krippendorff's alpha per variable for two coders' workbooks of the same cases, and every disagreement.

    Alpha >= 0.800: reliable; 0.667-0.800: tentative conclusions only; below 0.667: unreliable.
    """
    from .reliability import compare_coders

    a, b = _load_valid(coder_a), _load_valid(coder_b)
    alphas, disagreements = compare_coders(a["cases"], b["cases"])
    _print_table(alphas.round(3), fmt)
    click.echo("")
    click.echo(f"{len(disagreements)} disagreement(s) / ketidaksepakatan:")
    if len(disagreements):
        _print_table(disagreements, fmt)


PROVINCE_NOTEBOOK = "04-province-report"
"""The parameterised notebook behind ``report`` (shipped with the package)."""


def _province_code(value: str | None) -> str | None:
    """A BPS province code from a code or a name in either language ('15', 'Jambi', 'west java')."""
    if value is None:
        return None
    from . import codebook

    wanted = " ".join(value.split()).casefold()
    for lang in ("id", "en"):
        for code, label in codebook.labels("province", lang).items():
            if wanted in (code.casefold(), label.casefold()) and code not in codebook.missing_codes():
                return code
    raise click.BadParameter(f"{value!r} is neither a BPS province code nor a province name of the codebook",
                             param_hint="--province")


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--procedure", "procedure_id", default=None,
              help="Procedure id or .json file; default: each election's own norm.")
@click.option("--province", default=None,
              help="BPS province code or name (e.g. 15 or Jambi); default: the most frequent in the data.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("laporan"),
              show_default=True, help="Folder for the report.")
def report(path: Path, procedure_id: str | None, province: str | None, output: Path) -> None:
    """Build a province report from a workbook, CSV file or data folder.

    Writes OUTPUT/laporan.html, figures as PNG and SVG under OUTPUT/figures and tables as CSV
    under OUTPUT/tables, comparing the province with Jambi and with the shipped data.
    """
    from .procedures import ProcedureError, load_procedure
    from .report import execute_notebook, render_html
    from .resources import ResourceNotFound, notebook

    province = _province_code(province)
    if procedure_id is not None:
        try:
            load_procedure(procedure_id)
        except ProcedureError as exc:
            raise click.BadParameter(str(exc), param_hint="--procedure") from None
    _load_valid(path)  # refuses invalid data (exit 1) before any analysis
    try:
        province_notebook = notebook(PROVINCE_NOTEBOOK)
    except ResourceNotFound as exc:
        raise click.ClickException(str(exc)) from None
    output.mkdir(parents=True, exist_ok=True)
    # paths as the user typed them: no absolute path ends up in the report
    params = {"data": str(path), "province": province, "procedure": procedure_id, "out_dir": str(output)}
    nb = execute_notebook(province_notebook, cwd=Path.cwd(), parameters=params, progress=True)
    html = render_html(nb, output, "laporan")
    click.echo(f"wrote {html}, {output / 'figures'}, {output / 'tables'}")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Checkout to rebuild: reads ROOT/data and ROOT/notebooks (the shipped copies where absent), "
                   "writes ROOT/reports and ROOT/docs/codebook.md.")
def reproduce(root: Path) -> None:
    """Do what `make reproduce` does, without make: validate the data, execute and render every notebook,
    write the codebook document and the offline site (reports/index.html).

    Lakukan yang dikerjakan `make reproduce`, tanpa make.
    """
    from .site import reproduce as run

    problems = run(root, progress=True)
    if problems is not None:
        with _wide_display():
            click.echo(_blank_missing(problems).to_string(index=False), err=True)
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
    from .codebook_doc import codebook_markdown, write_codebook_markdown

    if output is None:
        click.echo(codebook_markdown(), nl=False)
    else:
        click.echo(f"wrote {write_codebook_markdown(output)}")


def _print_table(df, fmt: str) -> None:
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    else:
        with _wide_display():
            click.echo(df.to_string(index=False, na_rep=""))


def _blank_missing(df):
    """Empty cells for missing values (no '<NA>' or 'None' in what users read)."""
    return df.astype(object).where(df.notna(), "")


def _wide_display():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_colwidth", 120)


def _load_valid(path: Path):
    """Read a workbook, CSV file or data folder, refusing (exit 1) when it does not validate."""
    from .validation import InvalidData, load_valid

    try:
        return load_valid(path)
    except InvalidData as exc:
        with _wide_display():
            click.echo(_blank_missing(exc.problems).to_string(index=False), err=True)
        click.echo(str(exc), err=True)
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def procedures(fmt: str) -> None:
    """List the normative procedures: id, version, election type, title and legal basis."""
    from .procedures import list_procedures

    _print_table(list_procedures()[["id", "version", "election_type", "title_en", "legal_basis"]], fmt)


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--procedure", "procedure_id", required=True,
              help="Procedure id (see 'netralitas-study procedures') or a procedure .json file.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def compliance(path: Path, procedure_id: str, fmt: str) -> None:
    """Judge every case of a data folder against a procedure: one row per case with its verdict and reasons."""
    from .compliance import compliance as judge
    from .procedures import ProcedureError, load_procedure

    try:
        procedure = load_procedure(procedure_id)
    except ProcedureError as exc:
        raise click.BadParameter(str(exc), param_hint="--procedure") from None
    tables = _load_valid(path)
    result = judge(tables["cases"], tables["events"], procedure, progress=True)
    _print_table(result[["case_id", "procedure", "verdict", "checks_passed", "checks_failed", "checks_unknown",
                         "outcome_known", "reasons"]], fmt)


@main.command("export-eventlog")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="CSV file to write.")
def export_eventlog(path: Path, output: Path) -> None:
    """Write the events as a process-mining event log (case:concept:name, concept:name, time:timestamp)."""
    from .eventlog import to_process_mining

    tables = _load_valid(path)
    log = to_process_mining(tables["events"])
    log.to_csv(output, index=False, date_format="%Y-%m-%dT%H:%M:%SZ")
    undated = int(log["time:timestamp"].isna().sum())
    click.echo(f"{output}: {len(log)} events of {log['case:concept:name'].nunique()} cases "
               f"({undated} without a date)")


if __name__ == "__main__":  # pragma: no cover
    main()
