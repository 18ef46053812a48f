"""What a person at a terminal sees of a command: tables fitted to its width, failures as one line.

Every command prints its tables through :func:`print_table` (CSV or a table) or
:func:`echo_table`; piped output stays unwrapped so that tools reading it see whole cells.
:class:`Group` turns every failure into one line instead of a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


def print_table(df, fmt: str = "table") -> None:
    """``df`` on stdout: CSV when ``fmt`` is 'csv', else a table fitted to the terminal."""
    from netralitas_study.io.outputs import to_csv

    if fmt == "csv":
        click.echo(to_csv(df), nl=False)
    else:
        echo_table(df)


def echo_table(df, err: bool = False) -> None:
    """A table as text, fitted to the terminal's width when printed on one (piped output stays unwrapped)."""
    stream = sys.stderr if err else sys.stdout
    width = terminal_width(stream)
    if width is None:
        with wide_display():
            click.echo(blank_missing(df).to_string(index=False), err=err)
    else:
        click.echo(fit_table(df, width), err=err)


def terminal_width(stream) -> int | None:
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


def blank_missing(df):
    """Empty cells for missing values (no '<NA>' or 'None' in what users read)."""
    return df.astype(object).where(df.notna(), "")


def wide_display():
    """Pandas display options for piped (untruncated) tables."""
    import pandas as pd

    return pd.option_context("display.width", 200, "display.max_colwidth", 120)


class Group(click.Group):
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


class OneLine(click.ClickException):
    """A mistake in what the user typed: one line on stderr, exit status 2 (as click's usage errors)."""

    exit_code = 2


def load_valid(path: Path):
    """Read, validate and type a workbook, CSV file or data folder, refusing (exit 1) when it does not validate."""
    from netralitas_study.validate.loader import InvalidData, load

    if path.is_symlink():
        raise click.BadParameter(f"{path}: a symbolic link; give the file itself / tautan simbolik", param_hint="PATH")
    try:
        return load(path)
    except InvalidData as exc:
        echo_table(exc.problems, err=True)
        click.echo(str(exc), err=True)
        sys.exit(1)


def procedure_option(procedure_id: str | None):
    """The procedure a user named with --procedure (None: the norm in force), or a one-line error."""
    from netralitas_study.norms.procedures import ProcedureError, load_procedure

    if procedure_id is None:
        return None
    try:
        return load_procedure(procedure_id)
    except ProcedureError as exc:
        raise OneLine(f"--procedure: {exc}") from None
