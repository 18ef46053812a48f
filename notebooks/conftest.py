"""nbval settings: compare text outputs strictly, skip pandas' HTML rendering.

The plain-text repr of every table is still compared, so numbers cannot drift unnoticed;
the HTML repr only adds styling that changes between pandas releases.
"""


def pytest_collectstart(collector):
    if getattr(collector, "path", None) is not None and collector.path.suffix == ".ipynb":
        collector.skip_compare += ("text/html",)
