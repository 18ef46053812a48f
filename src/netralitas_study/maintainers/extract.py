"""The source extract as read: its case rows, the ids of the pages it cites, its provinces and elections."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from netralitas_study import codebook
from netralitas_study.codebook.package import read_csv_text

RAW = "raw/shared-sources"
EXTRACTS = ("cases.csv", "more_cases_3.csv")


class CodingError(ValueError):
    """The coding files do not cover the extract, or hold a value the codebook does not know."""


def source_id(url: str) -> str:
    """A stable id for a cited page: its host's first label plus a short hash of the URL."""
    host = urlparse(url).netloc.lower().removeprefix("www.").split(".")[0] or "src"
    return f"WEB-{re.sub('[^A-Za-z0-9]', '', host)[:12].upper()}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def province_codes() -> dict[str, str]:
    """Province names as the extract writes them -> codebook codes."""
    out = {label: code for code, label in codebook.labels("province", "id").items()
           if code not in codebook.missing_codes()}
    out.update({"NTB": out["Nusa Tenggara Barat"], "NTT": out["Nusa Tenggara Timur"],
                "Kep. Bangka Belitung": out.get("Kepulauan Bangka Belitung", "19"), "DIY": out.get("DI Yogyakarta", "34")})
    return out


def election(label: str) -> tuple[str, int]:
    """'Pilkada 2020' -> ('pilkada', 2020)."""
    kind, year = label.split()
    return kind.lower(), int(year)


def read_extract(data_dir: Path) -> pd.DataFrame:
    """The case rows of every collection of the extract, in file order."""
    return pd.concat([read_csv_text(data_dir / RAW / name).assign(collection=name) for name in EXTRACTS],
                     ignore_index=True)
