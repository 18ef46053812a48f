"""The province report's document model: what a renderer (HTML, Word) shows, nothing about how.

A :class:`Document` is a title page (:class:`TitlePage`) and sections of blocks. Every text block
carries Indonesian first, then English. No block holds code, a dataframe index or a command line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

SMALL_N = 5
"""Below this many cases a share is a count only: no percentage, no interval, too few to compare."""


@dataclass
class Paragraph:
    """One paragraph in both languages."""

    id: str
    en: str = ""


@dataclass
class Note:
    """One plain note (e.g. the small-n sentence): shown once, not as a warning box per finding."""

    id: str
    en: str = ""


@dataclass
class Warning:
    """A warning the reader must not miss (kept for what is truly a caution, e.g. v1 data)."""

    id: str
    en: str = ""


@dataclass
class Table:
    """A table to show: ``columns`` maps a column of ``data`` to its bilingual header.

    ``widths`` (optional, relative) lets the Word renderer give the wide columns more room.
    """

    data: pd.DataFrame
    columns: dict[str, str]
    caption: str = ""
    small: bool = False
    widths: dict[str, float] | None = None


@dataclass
class Entries:
    """A list of entries, each a heading line and lines of detail (the case-by-case detail)."""

    items: list[tuple[str, list[tuple[str, str]]]]


@dataclass
class Figure:
    name: str
    caption: str
    png: bytes


@dataclass
class Sources:
    """Numbered sources: (number, title, url or None, rest)."""

    items: list[tuple[int, str, str | None, str]]


@dataclass
class Section:
    """A heading and its blocks; ``level`` 1 is a chapter section, 2 a subsection, 3 below it."""

    heading: str
    blocks: list = field(default_factory=list)
    level: int = 1


@dataclass
class TitlePage:
    """The title page: the report's title in both languages, the facts, and the thesis fields.

    ``author``, ``university`` and ``supervisor`` are empty when not given: the renderers then leave a
    line to fill in by hand.
    """

    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    author: str = ""
    university: str = ""
    supervisor: str = ""


@dataclass
class Document:
    title: str
    subtitle: str
    facts: list[tuple[str, str]]
    sections: list[Section]
    author: str = ""
    university: str = ""
    supervisor: str = ""
    date: str = ""
    """The latest date in the data (shown on the title page; never the file's creation time)."""

    @property
    def title_page(self) -> TitlePage:
        return TitlePage(self.title, self.subtitle, self.facts, self.author, self.university, self.supervisor)


TITLE_FIELDS = (("author", "Penulis / Author"), ("university", "Universitas / University"),
                ("supervisor", "Pembimbing / Supervisor"))
"""The thesis fields of the title page, in order, with their bilingual labels."""
