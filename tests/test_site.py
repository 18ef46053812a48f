"""The offline site (reports/index.html and its pages), the resources lookup, and `reproduce`."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import nbformat
import pytest
from click.testing import CliRunner

from netralitas_study import resources
from netralitas_study.cli import main
from netralitas_study.analysis.province import ProvinceError, resolve_province
from netralitas_study.codebook.document import codebook_markdown
from netralitas_study.codebook.package import DEFAULT_DATA
from netralitas_study.report.site import external_loads, write_site

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"
HREF = re.compile(r"""<(?:a|link|img|script)\b[^>]*?\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)
IDS = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def broken_links(folder: Path) -> list[str]:
    """Links and sources in the HTML under ``folder`` whose local file or #fragment does not exist."""
    broken = []
    for page in sorted(folder.rglob("*.html")):
        for a, b in HREF.findall(page.read_text(encoding="utf-8")):
            link = html.unescape(a or b)
            if urlparse(link).scheme or link.startswith("//"):
                continue  # other sites (links to click) and data: URIs; loads are external_loads' concern
            path, fragment = urldefrag(link)
            target = (page.parent / unquote(path)).resolve() if path else page
            if not target.is_file():
                broken.append(f"{page.name} -> {link}")
            elif fragment and target.suffix == ".html":
                ids = {html.unescape(x or y) for x, y in IDS.findall(target.read_text(encoding="utf-8"))}
                if fragment not in ids and unquote(fragment) not in ids:
                    broken.append(f"{page.name} -> {link}")
    return broken


def test_index_links_reports_codebook_data_benchmarks_and_citation():
    index = (REPORTS / "index.html").read_text(encoding="utf-8")
    hrefs = set(re.findall(r'<a href="([^"]+)"', index))
    reports = {p.name for p in REPORTS.glob("[0-9][0-9]-*.html")}
    assert len(reports) >= 4 and reports <= hrefs
    assert {"codebook.html", "benchmarks.html", "CITATION.cff", "data/datapackage.json", "data/cases.csv",
            "data/events.csv", "data/sources.csv"} <= hrefs


def test_every_link_in_the_site_resolves():
    assert broken_links(REPORTS) == []


@pytest.mark.parametrize("page", sorted(REPORTS.rglob("*.html")), ids=lambda p: p.name)
def test_no_page_loads_anything_from_the_internet(page):
    assert external_loads(page.read_text(encoding="utf-8")) == []


def test_site_pages_are_current():
    """The committed site matches the codebook and data: `make reproduce` was run after they changed."""
    for src in [DEFAULT_DATA / "datapackage.json", *sorted(DEFAULT_DATA.glob("*.csv"))]:
        assert (REPORTS / "data" / src.name).read_bytes() == src.read_bytes(), f"reports/data/{src.name} is stale"


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A fresh site written around a copy of the rendered reports."""
    out = tmp_path / "reports"
    shutil.copytree(REPORTS, out, ignore=shutil.ignore_patterns("index.html", "codebook.html", "data", "CITATION.cff"))
    write_site(out, DEFAULT_DATA, ROOT / "CITATION.cff")
    return out


def test_write_site_is_byte_identical_on_a_rerun_and_matches_the_committed_site(site):
    first = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    write_site(site, DEFAULT_DATA, ROOT / "CITATION.cff")
    assert {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()} == first
    for name in ("index.html", "codebook.html", "benchmarks.html"):
        assert (site / name).read_bytes() == (REPORTS / name).read_bytes(), f"reports/{name} is stale: make reproduce"


def test_checks_catch_planted_faults(site):
    assert broken_links(site) == [] and all(external_loads(p.read_text()) == [] for p in site.rglob("*.html"))
    (site / "data" / "events.csv").unlink()
    index = site / "index.html"
    index.write_text(index.read_text().replace(
        "</head>", '<script src="https://cdn.example.org/x.js"></script>'
                   '<style>@import "//fonts.example.org/f.css";</style></head>').replace(
        "</main>", '<a href="codebook.html#no-such-anchor">x</a></main>'))
    assert external_loads(index.read_text()) == ["https://cdn.example.org/x.js", "//fonts.example.org/f.css"]
    assert sorted(broken_links(site)) == ["index.html -> codebook.html#no-such-anchor", "index.html -> data/events.csv"]
    # a table the descriptor no longer lists is removed from the site, not published as if current
    (site / "data" / "old.csv").write_text("x\n")
    write_site(site, DEFAULT_DATA)
    assert not (site / "data" / "old.csv").exists() and (site / "data" / "events.csv").is_file()


def test_resources_prefer_the_wheel_copy_then_the_checkout(monkeypatch, tmp_path):
    assert resources.data_dir() == ROOT / "data" and DEFAULT_DATA == ROOT / "data"
    assert [p.name for p in resources.notebooks()] == sorted(p.name for p in (ROOT / "notebooks").glob("[0-9]*.ipynb"))
    wheel = tmp_path / "site-packages" / "netralitas_study"
    (wheel / "shipped" / "notebooks").mkdir(parents=True)
    (wheel / "shipped" / "notebooks" / "04-province-report.ipynb").write_text("{}")
    monkeypatch.setattr(resources, "_package_dir", lambda: wheel)
    assert resources.notebook("04-province-report") == wheel / "shipped" / "notebooks" / "04-province-report.ipynb"
    with pytest.raises(resources.ResourceNotFound):
        resources.data_dir()  # neither in this "wheel" nor in a checkout
    with pytest.raises(resources.ResourceNotFound):
        resources.notebook("99-nothing")


def test_province_accepts_a_code_or_a_name_in_either_language():
    import pandas as pd

    cases = pd.DataFrame({"province": ["15", "32"]})
    assert resolve_province("15", cases) == resolve_province("Jambi", cases) == resolve_province(" jambi ", cases) == "15"
    assert resolve_province("West Java", cases) == resolve_province("Jawa Barat", cases) == "32"
    assert resolve_province(None, pd.DataFrame({"province": ["32", "32", "15"]})) == "32"
    for bad in ("Atlantis", "unknown", "36"):  # 36 (Banten) is a province, but has no case here
        with pytest.raises(ProvinceError):
            resolve_province(bad, cases)


def _mini_checkout(tmp_path: Path) -> Path:
    root = tmp_path / "checkout"
    shutil.copytree(DEFAULT_DATA, root / "data", ignore=shutil.ignore_patterns("raw", "coding", "thesis"))
    (root / "notebooks").mkdir(parents=True)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · Uji / Test"),
                                         nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(nb, root / "notebooks" / "01-mini.ipynb")
    shutil.copy(ROOT / "CITATION.cff", root / "CITATION.cff")
    return root


def test_reproduce_builds_the_site_of_a_checkout(tmp_path):
    root = _mini_checkout(tmp_path)
    result = CliRunner().invoke(main, ["reproduce", "--root", str(root)])
    assert result.exit_code == 0, result.output
    reports = root / "reports"
    assert '<a href="01-mini.html">01 · Uji / Test</a>' in (reports / "index.html").read_text(encoding="utf-8")
    assert "42" in (reports / "01-mini.html").read_text(encoding="utf-8")
    assert (root / "docs" / "codebook.md").read_text(encoding="utf-8") == codebook_markdown()
    assert broken_links(reports) == []


def test_reproduce_refuses_invalid_data_and_renders_nothing(tmp_path):
    root = _mini_checkout(tmp_path)
    cases = root / "data" / "cases.csv"
    cases.write_text(cases.read_text(encoding="utf-8").replace(",pemilu,", ",pemiluu,", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["reproduce", "--root", str(root)])
    assert result.exit_code == 1 and "pemiluu" in result.output
    assert not (root / "reports").exists()


def test_injected_parameters_cell_has_a_fixed_id():
    """A random cell id would make two `report` runs on the same data differ."""
    from netralitas_study.report.notebooks import _inject_parameters

    ids = []
    for _ in range(2):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]})])
        _inject_parameters(nb, {"x": 2})
        ids.append(nb.cells[1].id)
    assert ids == ["injected-parameters", "injected-parameters"]


def test_rendered_pages_fold_code_away_and_show_no_prompts(tmp_path):
    """A reader meets findings, figures and tables; the code is behind a closed <details> (no script)."""
    from netralitas_study.report.notebooks import render_html

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\n**ID.** Temuan. **EN.** Findings."),
        nbformat.v4.new_code_cell("secret_name = 41 + 1\nprint(secret_name)", execution_count=4,
                                  outputs=[nbformat.v4.new_output("stream", name="stdout", text="42\n")]),
    ])
    nb.cells[0].id, nb.cells[1].id = "a", "b"
    page = render_html(nb, tmp_path, "nb").read_text(encoding="utf-8")
    body = page[page.index("<body"):]
    details = re.findall(r"<details class=\"nb-code\">(.*?)</details>", body, re.S)
    assert len(details) == 1 and "secret_name" in details[0] and "<details open" not in body
    assert "secret_name" not in re.sub(r"<details class=\"nb-code\">.*?</details>", "", body, flags=re.S)
    assert "42" in body and "In&nbsp;[" not in body and "Out[" not in body
