"""The site under reports/ in a real browser: headless Chromium opens every page.

Fails on any console error, failed request, request to a host other than the local server,
or broken link, and saves a screenshot of the index as build/test-artifacts/index.png. Skips
when no Chromium is installed, except where NETRALITAS_REQUIRE_BROWSER is set (CI: .ci/run
installs Debian's chromium and sets it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from headless import check_site, find_chromium, require_browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "build" / "test-artifacts"


@pytest.fixture(scope="module")
def chromium() -> str:
    binary = find_chromium()
    if binary is None:
        if require_browser():
            pytest.fail("NETRALITAS_REQUIRE_BROWSER is set but no Chromium is installed (apt-get install chromium)")
        pytest.skip("no Chromium installed: the browser test needs Debian's chromium (apt-get install chromium); "
                    ".ci/run installs it in CI")
    return binary


def test_every_page_opens_cleanly_offline(chromium):
    shot = ARTIFACTS / "index.png"
    shot.unlink(missing_ok=True)
    report = check_site(ROOT / "reports", chromium, screenshot=shot)
    assert report.problems() == []
    pages = set(report.pages)
    assert {"index.html", "codebook.html"} <= pages
    assert {p.name for p in (ROOT / "reports").glob("[0-9][0-9]-*.html")} <= pages
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_browser_check_catches_each_kind_of_problem(chromium, tmp_path):
    """A valid little site passes; each planted fault is reported as its own kind."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "ok.html").write_text('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>ok</title><link rel="icon" href="data:,">'
                                  '</head><body><p id="here">ok</p><a href="index.html#top">home</a></body></html>')
    index = ('<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>t</title><link rel="icon" href="data:,">{head}</head>'
             '<body id="top"><a href="ok.html">ok</a> <a href="ok.html#here">here</a> '
             '<a href="https://example.org/">a link, not a load</a>{body}</body></html>')
    (site / "index.html").write_text(index.format(head="", body=""))
    clean = check_site(site, chromium)
    assert clean.problems() == [] and set(clean.pages) == {"index.html", "ok.html"}

    (site / "index.html").write_text(index.format(
        head='<script src="https://cdn.example.invalid/lib.js"></script>',
        body='<a href="missing.html">gone</a> <a href="ok.html#nowhere">no anchor</a>'
             '<img src="nope.png" alt=""><script>console.error("planted")</script>'))
    faulty = check_site(site, chromium)
    assert any("cdn.example.invalid" in x for x in faulty.external_requests)
    assert any("planted" in x for x in faulty.console_errors)
    assert any("nope.png" in x for x in faulty.failed_requests)
    assert {x.split(" -> ")[1] for x in faulty.broken_links} == {"missing.html", "ok.html#nowhere"}
