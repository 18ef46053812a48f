"""Execute the study's notebooks and render them to HTML with their figures as files.

Rendering is deterministic: no execution timestamps are recorded, figures are extracted
under fixed names, and files are written only when their bytes change.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

KERNEL_TIMEOUT = 600


def execute_notebook(path: Path, cwd: Path | None = None, parameters: dict | None = None,
                     progress: bool = False):
    """Execute a notebook in the current environment's kernel and return it (not saved).

    With ``progress`` a bar on stderr advances per code cell.
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    if parameters:
        _inject_parameters(nb, parameters)
    client = NotebookClient(nb, timeout=KERNEL_TIMEOUT, kernel_name="python3", record_timing=False,
                            kernel_manager_class=_kernel_manager_class(), resources={"metadata": {"path": str(cwd or path.parent)}})
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=sum(c.cell_type == "code" for c in nb.cells), desc=path.stem, unit="cell", file=sys.stderr,
                   leave=False, disable=None)
        client.on_cell_executed = lambda **_: bar.update(1)
        try:
            client.execute()
        finally:
            bar.close()
    else:
        client.execute()
    coalesce_streams(nb)
    return nb


def _kernel_manager_class():
    """A kernel manager whose kernel listens on local IPC sockets (in Jupyter's runtime folder), not TCP.

    Over TCP, ipykernel warns on every start that the channel is not encrypted; a socket file
    readable only by the user needs no encryption, and the user sees no warning. Windows has no
    IPC transport: there the kernel stays on TCP. The client owns the manager, so the kernel is
    shut down and its socket files removed after each notebook.
    """
    import os
    import tempfile

    from jupyter_client.manager import KernelManager
    from traitlets import default

    if os.name == "nt":
        return KernelManager

    class IpcKernelManager(KernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            from jupyter_core.paths import jupyter_runtime_dir

            folder = Path(jupyter_runtime_dir())
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError:
                folder = Path(tempfile.gettempdir())
            # a prefix for the socket files ("<prefix>-<port>"), unique per kernel
            return str(folder / f"netralitas-kernel-{os.getpid()}-{id(self):x}")

    return IpcKernelManager


def coalesce_streams(nb) -> None:
    """Merge consecutive stdout (or stderr) outputs of a cell.

    How a kernel chunks printed text depends on timing; merged, the same cell always stores
    and renders the same bytes.
    """
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.get("outputs", []):
            prev = merged[-1] if merged else None
            if (out.get("output_type") == "stream" and prev is not None and prev.get("output_type") == "stream"
                    and prev.get("name") == out.get("name")):
                prev["text"] = prev["text"] + out["text"]
            else:
                merged.append(out)
        cell["outputs"] = merged


def _inject_parameters(nb, parameters: dict) -> None:
    """Insert a cell after the one tagged 'parameters' (papermill's convention)."""
    import nbformat

    source = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell.id = "injected-parameters"  # nbformat's default id is random: the rendered report would differ every run
    index = next((i + 1 for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), 0)
    nb.cells.insert(index, cell)


def save_figure(fig, out_dir: str | Path | None, name: str, formats: tuple[str, ...] = ("png", "svg")) -> None:
    """Write ``name.png`` and ``name.svg`` into ``out_dir`` (nothing when it is None), without dates in metadata."""
    if out_dir is None:
        return
    import matplotlib

    out = Path(out_dir) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"svg.hashsalt": "netralitas-study"}):
        if "png" in formats:
            fig.savefig(out / f"{name}.png", dpi=150, metadata={"Software": None})
        if "svg" in formats:
            fig.savefig(out / f"{name}.svg", metadata={"Date": None, "Creator": None})


def save_table(df, out_dir: str | Path | None, name: str) -> None:
    """Write ``name.csv`` into ``out_dir/tables`` (nothing when it is None)."""
    if out_dir is None:
        return
    from netralitas_study.io.outputs import to_csv

    out = Path(out_dir) / "tables"
    out.mkdir(parents=True, exist_ok=True)
    to_csv(df, out / f"{name}.csv", lineterminator="\n")  # no cell a spreadsheet would run as a formula


def _write_if_changed(path: Path, data: bytes) -> None:
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


# JupyterLab's page template without what it loads from a CDN: require.js, MathJax, mermaid and
# the widget manager. The study's notebooks use none of them (no math, diagrams or widgets), and
# a report must display offline without telling a third party who reads it. Styles are inlined
# by the lab template itself. An empty inline icon spares the browser a /favicon.ico request.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block extra_css -%}<link rel="icon" href="data:,">{%- endblock extra_css -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block input_group -%}
<details class="nb-code"><summary>Kode / Code</summary>
{{ super() }}
</details>
{%- endblock input_group -%}
"""
"""Code is folded away in a no-JS ``<details>`` toggle: the page reads as a paper, the code is one click away."""


def notebook_title(nb, default: str) -> str:
    """The text of the notebook's first Markdown heading (the page title), else ``default``."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return default


def offline_exporter():
    """An nbconvert HTML exporter whose pages load nothing from the internet.

    Figures are extracted to files beside the page (relative links); images in Markdown
    cells are embedded. Code cells are folded in a ``<details>`` toggle (closed by default, no
    script needed) and carry no execution prompts.
    """
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    config.ExtractOutputPreprocessor.enabled = True
    config.HTMLExporter.embed_images = True
    config.HTMLExporter.exclude_input_prompt = True   # no "In [4]:" before a reader's eyes
    config.HTMLExporter.exclude_output_prompt = True
    exporter = HTMLExporter(config=config, extra_loaders=[DictLoader({"offline.html.j2": OFFLINE_TEMPLATE})])
    exporter.template_file = "offline.html.j2"
    return exporter


def render_html(nb, out_dir: Path, stem: str) -> Path:
    """Write ``stem.html`` and its figures under ``out_dir/stem_files/``."""
    body, resources = offline_exporter().from_notebook_node(
        nb, resources={"output_files_dir": f"{stem}_files", "unique_key": stem,
                       "metadata": {"name": notebook_title(nb, stem)}})
    for name, data in sorted(resources.get("outputs", {}).items()):
        _write_if_changed(out_dir / name, data if isinstance(data, bytes) else data.encode())
    html = out_dir / f"{stem}.html"
    _write_if_changed(html, body.encode("utf-8"))
    return html


def _executed(notebooks: Iterable[Path]):
    """Yield (path, executed notebook) in name order, printing progress to stderr."""
    notebooks = sorted(notebooks)
    for i, nb_path in enumerate(notebooks, 1):
        print(f"[{i}/{len(notebooks)}] {nb_path.name}: executing ...", file=sys.stderr, flush=True)
        yield nb_path, execute_notebook(nb_path)


def render_all(notebooks: Iterable[Path], out_dir: Path) -> list[Path]:
    """Execute and render each notebook, printing progress; return the HTML paths."""
    written = []
    for nb_path, nb in _executed(notebooks):
        written.append(render_html(nb, out_dir, nb_path.stem))
        print(f"{nb_path.name}: wrote {written[-1].name}", file=sys.stderr, flush=True)
    return written


def refresh_in_place(notebooks: Iterable[Path]) -> None:
    """Re-execute notebooks and store their outputs (nbval's oracle), without execution timestamps."""
    import nbformat

    for nb_path, nb in _executed(notebooks):
        for cell in nb.cells:
            cell.metadata.pop("execution", None)
        _write_if_changed(nb_path, (nbformat.writes(nb) + "\n").encode("utf-8"))


def _numbered(folder: Path) -> list[Path]:
    return sorted(folder.glob("[0-9][0-9]-*.ipynb"))


def main(argv: list[str] | None = None) -> None:
    """``python -m netralitas_study.report render NOTEBOOK_DIR OUT_DIR`` or ``... refresh NOTEBOOK_DIR``."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["render"] and len(argv) == 3:
        render_all(_numbered(Path(argv[1])), Path(argv[2]))
    elif argv[:1] == ["refresh"] and len(argv) == 2:
        refresh_in_place(_numbered(Path(argv[1])))
    else:
        sys.exit("usage: python -m netralitas_study.report render NOTEBOOK_DIR OUT_DIR | refresh NOTEBOOK_DIR")


if __name__ == "__main__":
    main()
