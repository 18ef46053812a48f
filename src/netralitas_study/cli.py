"""The ``netralitas-study`` command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="netralitas-study")
def main() -> None:
    """Study package for Bawaslu's handling of ASN-neutrality violations.

    Paket studi penanganan pelanggaran netralitas ASN oleh Bawaslu.
    """


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["table", "csv"]), default="table", show_default=True,
              help="How to print the problems.")
def validate(path: Path, fmt: str) -> None:
    """Validate a data folder (with datapackage.json) against the codebook.

    Prints every problem with its file, table, row (as a spreadsheet shows it), column,
    value, rule and message, and exits with status 1 when there is any problem.
    """
    from .validation import validate_package

    if not path.exists():
        raise click.UsageError(f"{path}: no such file or folder")
    problems = validate_package(path)
    if problems.empty:
        click.echo(f"{path}: no problems / tidak ada masalah")
        return
    if fmt == "csv":
        click.echo(problems.to_csv(index=False), nl=False)
    else:
        click.echo(problems.to_string(index=False, na_rep=""))
        click.echo(f"\n{len(problems)} problem(s) / masalah", err=True)
    sys.exit(1)


if __name__ == "__main__":  # pragma: no cover
    main()
