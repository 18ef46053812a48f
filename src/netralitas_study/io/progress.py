"""Progress bars for long work, shown only for large inputs and only on a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
LARGE = 50_000
"""Rows from which work may take more than a few seconds: below it no bar is drawn."""


def track(items: Iterable[T], rows: int, desc: str, enabled: bool = True, total: int | None = None) -> Iterator[T]:
    """Iterate ``items``, with a bar on stderr when ``enabled`` and ``rows`` >= :data:`LARGE`.

    tqdm draws nothing when stderr is not a terminal (CI, pipes), so logs stay clean.
    """
    if not enabled or rows < LARGE:
        yield from items
        return
    from tqdm import tqdm

    yield from tqdm(items, desc=desc, total=total, unit="step", leave=False, disable=None)
