"""The ``netralitas-study`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click


class _Group(click.Group):
    """Turns every failure into one clear line instead of a traceback (NETRALITAS_DEBUG=1 shows it).

    What a user can cause (a file that cannot be written, a refused output, Ctrl-C) gets its
    own message; only a genuine bug asks to be reported.
    """

    def invoke(self, ctx: click.Context):
        import os

        from netralitas_study.io.outputs import OutputError
        from netralitas_study.norms.procedures import ProcedureError

        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("interrupted / dibatalkan", err=True)
            ctx.exit(130)
        except (OutputError, ProcedureError) as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            if os.environ.get("NETRALITAS_DEBUG"):
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc} / tidak dapat membaca atau menulis") from None
        except Exception as exc:
            if os.environ.get("NETRALITAS_DEBUG"):
                raise
            raise click.ClickException(
                f"unexpected error ({type(exc).__name__}); please report it with the command you ran "
                "(set NETRALITAS_DEBUG=1 to see the details)") from None


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
    from netralitas_study.io.outputs import to_csv

    if not path.exists() and not path.is_symlink():
        raise click.UsageError(f"{path}: no such file or folder")
    from netralitas_study.io.inputs import read_path
    from netralitas_study.validate.rules import validate_read

    result = read_path(path, lang)
    for notice in result.notices:
        click.echo(f"note / catatan: {notice}", err=True)
    problems, summary = validate_read(result, path, lang=lang, progress=True)
    if problems.empty:
        click.echo(f"{path}: no problems / tidak ada masalah")
    elif fmt == "csv":
        click.echo(to_csv(problems), nl=False)
    else:
        _echo_table(problems)
    head = {"id": "baris dibaca, diterima, ditolak", "en": "rows read, accepted, rejected"}[lang]
    for r in summary.itertuples():
        blank_word = {"id": "baris kosong diabaikan", "en": "blank rows ignored"}[lang]
        blank = f"; {r.blank_rows_ignored} {blank_word}" if r.blank_rows_ignored else ""
        click.echo(f"{r.file}: {head}: {r.rows_read}, {r.rows_accepted}, {r.rows_rejected}{blank}", err=True)
    if not problems.empty:
        click.echo(f"{len(problems)} problem(s) / masalah", err=True)
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

    refuse_overwrite(output, force, folder=fmt == "csv")
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
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="New folder for the upgraded CSV files and their datapackage.json.")
def migrate(path: Path, output: Path) -> None:
    """Upgrade a codebook v1 workbook or folder to the current codebook, into a new folder.

    The input is never changed; a non-empty output folder is refused. Only data that validate
    after the upgrade are written.
    """
    from netralitas_study import codebook
    from netralitas_study.io.inputs import read_path
    from netralitas_study.io.outputs import refuse_overwrite, to_csv
    from netralitas_study.codebook.package import write_descriptor
    from netralitas_study.validate.rules import validate_read

    refuse_overwrite(output, False, folder=True)
    result = read_path(path)  # the text as coded: missing codes stay exactly as written
    problems, _ = validate_read(result, path)
    if not problems.empty:
        _echo_table(problems, err=True)
        click.echo(f"{path}: {len(problems)} validation problem(s) after the upgrade; nothing written", err=True)
        sys.exit(1)
    for notice in result.notices:
        click.echo(f"note / catatan: {notice}", err=True)
    output.mkdir(parents=True, exist_ok=True)
    for name, df in result.tables.items():
        to_csv(df[[c for c in codebook.field_names(name) if c in df.columns]], output / f"{name}.csv", index=False)
    write_descriptor(output, list(result.tables))
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


class _OneLine(click.ClickException):
    """A mistake in what the user typed: one line on stderr, exit status 2 (as click's usage errors)."""

    exit_code = 2


def _procedure(procedure_id: str | None):
    """The procedure a user named with --procedure (None: the norm in force), or a one-line error."""
    from netralitas_study.norms.procedures import ProcedureError, load_procedure

    if procedure_id is None:
        return None
    try:
        return load_procedure(procedure_id)
    except ProcedureError as exc:
        raise _OneLine(f"--procedure: {exc}") from None


def _provinces(specs: tuple[str, ...], cases) -> list[str] | None:
    """BPS codes for ``--province`` values: codes or names in any case, repeated or comma-separated, or 'all'."""
    from netralitas_study.analysis.province import ProvinceError, province_names, resolve_province

    if not specs:
        return None
    wanted = [part.strip() for spec in specs for part in str(spec).split(",")]
    present = sorted(set(cases["province"].astype(str)))
    names = province_names()
    valid = ", ".join(f"{c} {names.get(c, c)}" for c in present)
    if any(not w for w in wanted):
        raise _OneLine(f"--province: empty province; give a code or a name, or 'all' (provinces in these data: "
                       f"{valid}) / provinsi kosong")
    if any(w.casefold() in ("all", "semua") for w in wanted):
        return present
    codes = []
    for w in wanted:
        try:
            codes.append(resolve_province(w, cases))
        except ProvinceError as exc:
            raise _OneLine(f"--province: {exc}") from None
    return sorted(set(codes), key=int)  # in code order, however typed: the same provinces give the same report


@main.command()
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--procedure", "procedure_id", default=None,
              help="Procedure id or .json file; default: each election's own norm.")
@click.option("--province", "provinces", multiple=True,
              help="BPS province code or name in any case (36, Banten, banten); repeat it or separate with commas "
                   "for several, or 'all'; default: the most frequent in the data.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=Path), default=Path("laporan"),
              show_default=True, help="Folder for the report.")
def report(path: Path, procedure_id: str | None, provinces: tuple[str, ...], output: Path) -> None:
    """Build a province report from a workbook, CSV file or data folder.

    Writes OUTPUT/laporan.html (one self-contained page) and OUTPUT/laporan.docx (editable in
    Word), bilingual, Indonesian first: a title page, written findings, a table of every case,
    the published figures, figures and a numbered list of sources. Figures are also kept as PNG
    and SVG under OUTPUT/figures, every table as CSV under OUTPUT/tables. The report is built in
    a temporary folder beside OUTPUT and moved into place only when complete; OUTPUT must be
    new, empty, or an earlier report.
    """
    from netralitas_study.report.document import _progress_bar, build_document, write_report
    from netralitas_study.validate.loader import load
    from netralitas_study.io.outputs import report_folder
    from netralitas_study.codebook.package import DEFAULT_DATA
    from netralitas_study.analysis.province import ProvinceError, resolve_province

    _procedure(procedure_id)  # a bad norm is refused before any work
    tables = _load_valid(path)  # refuses invalid data (exit 1) before any analysis
    codes = _provinces(provinces, tables["cases"])
    if codes is None:
        try:
            codes = [resolve_province(None, tables["cases"])]
        except ProvinceError as exc:
            raise _OneLine(str(exc)) from None
    is_shipped = path.resolve() == Path(DEFAULT_DATA).resolve()
    shipped = tables if is_shipped else load()
    # the file's name only: no absolute path, nor how the user spelled the path, ends up in the report
    label = "data bawaan netralitas-study / shipped data" if is_shipped else (path.resolve().name or str(path))
    bar = _progress_bar(len(codes) + 2)
    try:
        built = build_document(tables, shipped, codes, procedure_id, label, is_shipped, progress=lambda: bar.update(1))
        with report_folder(output) as tmp:
            write_report(tmp, built)
            bar.update(1)
    finally:
        bar.close()
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


def _print_table(df, fmt: str) -> None:
    from netralitas_study.io.outputs import to_csv

    if fmt == "csv":
        click.echo(to_csv(df), nl=False)
    else:
        _echo_table(df)


def _echo_table(df, err: bool = False) -> None:
    """A table as text, fitted to the terminal's width when printed on one (piped output stays unwrapped)."""
    stream = sys.stderr if err else sys.stdout
    width = _terminal_width(stream)
    if width is None:
        with _wide_display():
            click.echo(_blank_missing(df).to_string(index=False), err=err)
    else:
        click.echo(fit_table(df, width), err=err)


def _terminal_width(stream) -> int | None:
    """Columns of the terminal ``stream`` writes to (or $COLUMNS); None when it is not a terminal."""
    import os
    import shutil

    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty and not os.environ.get("COLUMNS"):
        return None
    return max(40, shutil.get_terminal_size((100, 24)).columns)


MAX_CELL_LINES = 6
"""Lines a wrapped cell may take in the terminal; longer text ends in '…' (CSV output keeps it whole)."""
SHORT = 24
"""Cells up to this wide are never wrapped in a terminal table (ids, codes, counts)."""


def fit_table(df, width: int) -> str:
    """``df`` as text no wider than ``width``, without index, missing values blank.

    Short columns keep their width; long text columns share the rest and wrap (at most
    :data:`MAX_CELL_LINES` lines a cell, then '…'). When even that does not fit, each row is
    printed as a block of 'column: value' lines, values wrapped to the width.
    """
    import textwrap

    import pandas as pd

    headers = [str(c) for c in df.columns]
    if not headers:
        return ""
    numeric = [pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c]) for c in df.columns]
    cells = [["" if pd.isna(v) else str(v) for v in df[c].tolist()] for c in df.columns]
    content = [max((len(x) for v in col for x in v.split("\n")), default=0) for col in cells]
    natural = [max(len(h), c) for h, c in zip(headers, content)]
    least = [min(n, max(6, min(c, SHORT), min(len(h), 12))) for n, c, h in zip(natural, content, headers)]
    sep = "  "
    room = width - len(sep) * (len(headers) - 1)

    def wrap(text: str, w: int, cap: int | None = MAX_CELL_LINES) -> list[str]:
        lines = [piece for part in text.split("\n")
                 for piece in (textwrap.wrap(part, w, break_long_words=True, break_on_hyphens=False) or [""])]
        if cap and len(lines) > cap:
            lines = lines[:cap]
            lines[-1] = lines[-1][: w - 1] + "…"
        return lines

    if sum(least) > room:  # too many columns for this terminal: one block per row
        key = max(len(h) for h in headers)
        blocks = []
        for i in range(len(df)):
            lines = []
            for h, col in zip(headers, cells):
                value = wrap(col[i], max(20, width - key - 2), cap=None)
                lines.append(f"{h.rjust(key)}: {value[0]}")
                lines += [" " * (key + 2) + v for v in value[1:]]
            blocks.append("\n".join(lines))
        return "\n\n".join(blocks)

    widths = list(least)
    extra = room - sum(widths)
    while extra > 0:  # share what is left among the columns still narrower than their text
        want = [n - w for n, w in zip(natural, widths)]
        k = max(range(len(widths)), key=lambda j: want[j])
        if want[k] <= 0:
            break
        widths[k] += 1
        extra -= 1

    def row(values: list[str]) -> list[str]:
        wrapped = [wrap(v, w) for v, w in zip(values, widths)]
        out = []
        for i in range(max(len(x) for x in wrapped)):
            parts = [(lines[i] if i < len(lines) else "") for lines in wrapped]
            out.append(sep.join(p.rjust(w) if num else p.ljust(w)
                                for p, w, num in zip(parts, widths, numeric)).rstrip())
        return out

    lines = row(headers)
    lines.append(sep.join("-" * w for w in widths))
    for i in range(len(df)):
        lines += row([col[i] for col in cells])
    return "\n".join(lines)


def _blank_missing(df):
    """Empty cells for missing values (no '<NA>' or 'None' in what users read)."""
    return df.astype(object).where(df.notna(), "")


def _wide_display():
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_colwidth", 120)


def _load_valid(path: Path):
    """Read, validate and type a workbook, CSV file or data folder, refusing (exit 1) when it does not validate."""
    from netralitas_study.validate.loader import InvalidData, load

    if path.is_symlink():
        raise click.BadParameter(f"{path}: a symbolic link; give the file itself / tautan simbolik", param_hint="PATH")
    try:
        return load(path)
    except InvalidData as exc:
        _echo_table(exc.problems, err=True)
        click.echo(str(exc), err=True)
        sys.exit(1)


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
    from netralitas_study.evidence.bounds import verdict_bounds
    from netralitas_study.conformance.engine import compliance_checks
    from netralitas_study.evidence.inference import RuleError, apply_rules, judge, load_rules
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
    cases, events = tables["cases"], tables["events"]
    if by is not None and by not in cases.columns and by != "procedure":
        raise click.BadParameter(f"'{by}' is not a column of the cases (or 'procedure')", param_hint="--by")
    try:
        if detail:
            if evidence == "inferred":
                events = apply_rules(cases, events, tables.get("persons"), rules)
            _print_table(compliance_checks(cases, events, procedure), fmt)
            return
        result = judge(cases, events, tables.get("persons"), procedure, evidence, rules, progress=True)
    except CalendarRangeError as exc:
        raise click.ClickException(str(exc)) from None
    foreign = result["norm_note"].str.contains("is a norm for", regex=False)
    if foreign.any():
        click.echo(f"warning: {int(foreign.sum())} case(s) judged under a norm for another election "
                   "(see norm_note) / peringatan: kasus dinilai dengan norma pemilihan lain", err=True)
    if summary:
        table = verdict_bounds(result, cases, by)
        table.insert(0, "evidence", evidence)
        click.echo("lower_bound / upper_bound: semua kasus tak tentu dihitung tidak / ya memiliki vonis itu; "
                   "exact_low-exact_high: interval eksak 95% atas kasus yang tertentu saja / every indeterminate "
                   "case counted as not / as having the verdict; exact 95% interval over the determined cases",
                   err=True)
        _print_table(table.round(3) if fmt == "table" else table, fmt)
        return
    _print_table(result[["case_id", "procedure", "procedure_version", "evidence", "verdict", "checks_passed",
                         "checks_failed", "checks_unknown", "days_to_forwarding", "rules_fired", "norm_note",
                         "reasons"]], fmt)


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
                   "Indonesian (Markdown); never replaces an existing file. Needs one province.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True)
def gaps(path: Path, province: str | None, procedure_id: str | None, evidence: str, by_document: bool,
         letter: Path | None, fmt: str) -> None:
    """Butir yang belum diketahui yang akan menentukan vonis setiap kasus, dan dokumen yang memuatnya.

    The unknown items (step, date, origin, recipient, outcome) that would decide each open case's
    verdict under its norm, and per province the documents that would supply them (the
    report/finding form, the kajian, the recommendation letter and its date, the KASN/BKN reply,
    the PPK's decision). With --letter, a draft request for those documents to the PPID.
    """
    from netralitas_study.evidence.gaps import case_items, province_documents, request_letter, write_new_file
    from netralitas_study.io.outputs import refuse_overwrite
    from netralitas_study.analysis.province import ProvinceError, province_names, resolve_province

    procedure = _procedure(procedure_id)
    if letter is not None:
        if province is None:
            raise click.UsageError("--letter needs --province: one letter goes to one province's PPID")
        refuse_overwrite(letter, force=False)  # before any work: never replace a file
    tables = _load_valid(path)
    cases, events, persons = tables["cases"], tables["events"], tables.get("persons")
    if province is not None:
        try:
            province = resolve_province(province, cases)
        except ProvinceError as exc:
            raise click.BadParameter(str(exc), param_hint="--province") from None
        keep = cases["province"].astype(str).eq(province).to_numpy()
        cases = cases[keep].reset_index(drop=True)
        events = events[events["case_id"].isin(cases["case_id"])].reset_index(drop=True)
        if persons is not None:
            persons = persons[persons["case_id"].isin(cases["case_id"])].reset_index(drop=True)
    items = case_items(cases, events, persons, procedure, evidence)
    open_ids = items.loc[items["decides"].eq("verdict"), "case_id"].unique()
    click.echo(f"{len(open_ids)} dari {len(cases)} kasus belum dapat ditentukan vonisnya / "
               f"{len(open_ids)} of {len(cases)} cases have an undecided verdict", err=True)
    if letter is not None:
        text = request_letter(cases, items, province, tables.get("sources"))
        write_new_file(letter, text)
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

    refuse_overwrite(output, force)
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
