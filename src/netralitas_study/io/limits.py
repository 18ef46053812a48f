"""Limits on what the reader accepts, checked while streaming so that a hostile file is refused early.

A coding workbook of a province holds hundreds of rows; the limits leave room for national
logs while keeping the memory of any refused file small. A user raises them with the CLI
options (``netralitas-study --max-rows 2000000 validate ...``) or the environment variables
named in :data:`ENV`, which notebooks started by ``report`` inherit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Limits:
    """Largest input the reader accepts."""

    max_rows: int = 500_000            # a national log; a province codes hundreds
    max_columns: int = 200             # the widest table has 21 fields
    max_cell_chars: int = 32_767       # Excel's own maximum characters per cell
    max_mb: int = 256                  # decompressed workbook, or CSV file, in MiB


ENV = {f.name: f"NETRALITAS_{f.name.upper()}" for f in fields(Limits)}
"""Environment variable of each limit, e.g. NETRALITAS_MAX_ROWS."""

OPTION = {"max_rows": "--max-rows", "max_columns": "--max-columns", "max_cell_chars": "--max-cell-chars",
          "max_mb": "--max-mb"}


class LimitExceeded(Exception):
    """An input larger than a limit: ``limit`` names it, ``message`` says which and how to raise it."""

    def __init__(self, limit: str, en: str, id_: str):
        self.limit, self.en, self.id = limit, en, id_
        super().__init__(en)

    def message(self, lang: str = "en") -> str:
        raise_it = {"en": f"raise it with {OPTION[self.limit]} or {ENV[self.limit]} if the file is genuine",
                    "id": f"naikkan dengan {OPTION[self.limit]} atau {ENV[self.limit]} jika berkasnya memang benar"}
        return f"{self.id if lang == 'id' else self.en} ({raise_it[lang if lang == 'id' else 'en']})"


def current() -> Limits:
    """The limits in force: defaults, overridden by the environment."""
    values = {}
    for name, var in ENV.items():
        raw = os.environ.get(var, "").strip()
        if raw:
            try:
                values[name] = max(1, int(raw))
            except ValueError:
                pass  # a malformed setting keeps the safe default
    return Limits(**values)


def set_limits(**values: int | None) -> None:
    """Raise or lower limits for this process and the kernels it starts (None leaves a limit as it is)."""
    for name, value in values.items():
        if value is not None:
            os.environ[ENV[name]] = str(int(value))
