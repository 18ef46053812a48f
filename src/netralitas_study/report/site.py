"""The study as an offline site under ``reports/``, and ``reproduce`` without make.

``reports/index.html`` links every rendered notebook, the codebook page, the data package
(copied under ``reports/data/`` so the folder stands alone: it can be zipped, served or
opened from disk), the benchmark page and the citation. No page loads anything from the
internet, and every file is written only when its bytes change, so a rerun is byte-identical.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import pandas as pd

from netralitas_study import codebook
from netralitas_study import resources
from netralitas_study.codebook.document import codebook_markdown, write_codebook_markdown
from netralitas_study.report.notebooks import _write_if_changed, render_all

STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       max-width: 72rem; margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; vertical-align: top; text-align: left; }
th { background: #f2f2f2; }
code, pre { font-family: ui-monospace, "Cascadia Mono", Consolas, monospace; font-size: 0.9em; }
pre { background: #f6f6f6; padding: 0.75rem; overflow-x: auto; }
img { max-width: 100%; }
nav { margin-bottom: 1.5rem; }
"""

# Markers of something a page would fetch from another host: a script, style, font, image or
# frame source, a stylesheet link, a CSS url() or @import, or a JavaScript import().
_LOADS = re.compile(
    r"""<(?:script|img|iframe|source|audio|video|embed)\b[^>]*?\bsrc\s*=\s*["']?\s*(?P<src>(?:https?:)?//[^"'\s>]+)"""
    r"""|<link\b[^>]*?\bhref\s*=\s*["']?\s*(?P<link>(?:https?:)?//[^"'\s>]+)"""
    r"""|url\(\s*["']?(?P<url>(?:https?:)?//[^"')\s]+)"""
    r"""|@import\s+["'](?P<imp>(?:https?:)?//[^"']+)"""
    r"""|import\(\s*["'](?P<dyn>(?:https?:)?//[^"']+)""",
    re.IGNORECASE)


def external_loads(page: str) -> list[str]:
    """Addresses on other hosts that an HTML page would load by itself (links to click are fine)."""
    return [next(g for g in m.groups() if g) for m in _LOADS.finditer(page)]


def markdown_to_html(text: str) -> str:
    """Markdown (with tables and inline HTML anchors) to an HTML fragment."""
    import mistune

    return mistune.create_markdown(escape=False, plugins=["table"])(text)


def page(title: str, body: str, back: bool = True) -> str:
    """A whole standalone HTML page: inline style, no script, nothing fetched."""
    nav = '<nav><a href="index.html">← Beranda / Home</a></nav>\n' if back else ""
    return (f'<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{html.escape(title)}</title>\n<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n</head>\n<body>\n{nav}"
            f"<main>\n{body}</main>\n</body>\n</html>\n")


def _copy_if_changed(src: Path, dst: Path) -> None:
    _write_if_changed(dst, src.read_bytes())


def _title(report: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", report.read_text(encoding="utf-8"), re.S)
    return html.unescape(found.group(1)).strip() if found else report.stem


def _data_files(data: Path, out: Path) -> list[tuple[str, str]]:
    """Copy the data package under ``out/data``; return (relative path, description) of each file."""
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    listed = [("data/datapackage.json",
               "deskriptor Frictionless Data Package (skema dari buku kode) / Frictionless Data Package "
               "descriptor (schemas from the codebook)")]
    _copy_if_changed(data / "datapackage.json", out / "data" / "datapackage.json")
    for res in descriptor.get("resources", []):
        _copy_if_changed(data / res["path"], out / "data" / res["path"])
        listed.append((f"data/{res['path']}", f"tabel / table `{res['name']}`: {res.get('description', '')}"))
    # a stale copy of a table the descriptor no longer lists would be published as if current
    keep = {Path(p).name for p, _ in listed}
    for old in sorted((out / "data").glob("*")):
        if old.is_file() and old.name not in keep:
            old.unlink()
    return listed


def _inline_code(text: str) -> str:
    """Escape ``text`` and show its `backticked` parts as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def _index(reports: list[Path], data_files: list[tuple[str, str]], benchmarks: bool, citation: str | None) -> str:
    esc = html.escape
    parts = ["<h1>Penanganan pelanggaran netralitas ASN oleh Bawaslu: studi yang dapat direproduksi<br>"
             "<small>How Bawaslu handles ASN-neutrality violations: a reproducible study</small></h1>",
             "<p>Laporan, buku kode dan data studi ini; semua berkas ada di folder ini dan tidak ada yang dimuat dari "
             "internet. The study's reports, codebook and data; every file is in this folder and nothing is "
             "loaded from the internet.</p>",
             "<h2>Laporan / Reports</h2>", "<ul>"]
    parts += [f'<li><a href="{esc(r.name)}">{esc(_title(r))}</a></li>' for r in reports]
    parts += ["</ul>", "<h2>Buku kode / Codebook</h2>",
              f'<p><a href="codebook.html">Buku kode, versi {esc(codebook.version())} / Codebook, version '
              f"{esc(codebook.version())}</a>: setiap tabel, kolom dan kode, prosedur dengan dasar hukumnya, riwayat "
              "versi / every table, field and code, the procedures with their legal basis, the changelog.</p>",
              "<h2>Data</h2>",
              "<p>Lisensi data / data licence: CC BY 4.0. Sebutkan sumber asli setiap baris (<code>sources.csv</code>). "
              "Cite the original source of each row (<code>sources.csv</code>).</p>", "<ul>"]
    parts += [f'<li><a href="{esc(path)}">{esc(Path(path).name)}</a>: {_inline_code(desc)}</li>'
              for path, desc in data_files]
    parts.append("</ul>")
    if benchmarks:
        parts += ["<h2>Tolok ukur / Benchmarks</h2>",
                  '<p><a href="benchmarks.html">Waktu dan memori pada log nasional sintetis / time and memory on '
                  "synthetic national logs</a></p>"]
    if citation is not None:
        parts += ["<h2>Sitasi / How to cite</h2>",
                  '<p><a href="CITATION.cff">CITATION.cff</a> (Citation File Format)</p>',
                  f"<pre>{esc(citation)}</pre>"]
    return page("Netralitas ASN: laporan studi / ASN neutrality: study reports", "\n".join(parts) + "\n", back=False)


def write_site(out: str | Path, data: str | Path | None = None, citation: str | Path | None = None) -> Path:
    """Write the site pages around the reports already rendered in ``out``; return ``out/index.html``.

    ``data`` defaults to the shipped data package; ``citation`` (a CITATION.cff) is published
    when given and present. A Markdown benchmark report ``out/benchmarks.md`` becomes a page.
    """
    out = Path(out)
    data = Path(data) if data is not None else resources.data_dir()
    out.mkdir(parents=True, exist_ok=True)
    reports = sorted(out.glob("[0-9][0-9]-*.html"))
    data_files = _data_files(data, out)
    _write_if_changed(out / "codebook.html", page(
        f"Buku kode / Codebook {codebook.version()}", markdown_to_html(codebook_markdown())).encode("utf-8"))
    bench = out / "benchmarks.md"
    if bench.is_file():
        _write_if_changed(out / "benchmarks.html", page(
            "Tolok ukur / Benchmarks", markdown_to_html(bench.read_text(encoding="utf-8"))).encode("utf-8"))
    cff = Path(citation) if citation is not None else None
    cff_text = None
    if cff is not None and cff.is_file():
        _copy_if_changed(cff, out / "CITATION.cff")
        cff_text = cff.read_text(encoding="utf-8")
    index = out / "index.html"
    _write_if_changed(index, _index(reports, data_files, bench.is_file(), cff_text).encode("utf-8"))
    return index


def reproduce(root: str | Path = ".", progress: bool = True) -> pd.DataFrame | None:
    """What ``make reproduce`` does: validate the data, render every notebook, write the codebook and the site.

    Reads ``root/data`` and ``root/notebooks`` (the shipped copies where ``root`` has none) and
    writes ``root/reports`` and ``root/docs/codebook.md``. Returns the validation problems, and
    renders nothing, when the data do not validate; None on success.
    """
    from netralitas_study.validate.rules import validate_path

    root = Path(root)
    data = root / "data" if (root / "data" / "datapackage.json").is_file() else resources.data_dir()
    notebook_dir = root / "notebooks"
    notebooks = sorted(notebook_dir.glob("[0-9][0-9]-*.ipynb")) if notebook_dir.is_dir() else resources.notebooks()
    problems, _ = validate_path(data, progress=progress)
    if not problems.empty:
        return problems
    if progress:
        print(f"{data}: no problems / tidak ada masalah", file=sys.stderr, flush=True)
    write_codebook_markdown(root / "docs" / "codebook.md")
    out = root / "reports"
    render_all(notebooks, out)
    write_site(out, data, root / "CITATION.cff")
    return None


def main(argv: list[str] | None = None) -> None:
    """``python -m netralitas_study.site OUT_DIR [DATA_DIR [CITATION.cff]]``: write the site pages only."""
    argv = sys.argv[1:] if argv is None else argv
    if not 1 <= len(argv) <= 3:
        sys.exit("usage: python -m netralitas_study.site OUT_DIR [DATA_DIR [CITATION.cff]]")
    print(write_site(*argv))


if __name__ == "__main__":
    main()

