"""How many examples a property test draws: fewer in every ordinary run (CI's included), many
more under ``pytest -m slow``, where the property tests run again, thoroughly.

``conftest.py`` sets :data:`THOROUGH` from the marker expression before the test modules are
imported, so ``settings(max_examples=examples(30))`` reads the right budget.
"""

THOROUGH = False
QUICK_SHARE, THOROUGH_FACTOR = 3, 4


def examples(n: int) -> int:
    """``n`` is the budget a property was written with: a third of it in ordinary runs, four times it under -m slow."""
    return n * THOROUGH_FACTOR if THOROUGH else max(5, n // QUICK_SHARE)
