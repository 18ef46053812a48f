"""Open a folder of HTML pages in headless Chromium and report what a reader's browser would hit.

The folder is served on 127.0.0.1 (``http.server`` on a free port); Chromium is driven over
the DevTools protocol (``--remote-debugging-port`` plus ``websocket-client``). Every wait is on
page state, not on a clock (see :data:`STALL_SECONDS`). For every page
reachable from the index, and every ``*.html`` file besides, it records console errors,
uncaught exceptions, failed or 4xx/5xx requests, requests to any host but the local server,
and links (``a href``) whose target file or ``#fragment`` does not exist.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-default-apps", "--hide-scrollbars", "--mute-audio"]
LOCAL_SCHEMES = {"data", "blob", "about", "chrome-error"}


def find_chromium() -> str | None:
    """Path of a Chromium (Debian's ``chromium`` first), or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@dataclass
class SiteReport:
    """What opening a site showed: one list per kind of problem, and the pages opened."""

    pages: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    broken_links: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return ([f"console error: {x}" for x in self.console_errors]
                + [f"failed request: {x}" for x in self.failed_requests]
                + [f"external request: {x}" for x in self.external_requests]
                + [f"broken link: {x}" for x in self.broken_links])


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - http.server's signature
        pass


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        pass  # the browser closing a connection early (a navigation) is not a site problem


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


STALL_SECONDS = float(os.environ.get("NETRALITAS_BROWSER_STALL", "300"))
"""How long the browser may show no sign of progress (no DevTools message at all) before a wait fails.

Waits end on page state (the load event and Chromium's own 'networkIdle' for the navigation,
then ``document.readyState == 'complete'``), never after a fixed time: a slow, loaded machine
only makes them longer. This bound is reached only when the browser has stopped answering."""


OVERALL_FACTOR = 6
"""A page that keeps the browser busy (messages, but never idle) fails after this many stall bounds."""


class Stalled(RuntimeError):
    """The browser gave no sign of progress for :data:`STALL_SECONDS`, or exited."""


class _DevTools:
    """A minimal DevTools protocol client on one page target."""

    def __init__(self, ws_url: str, alive=lambda: True) -> None:
        import websocket

        # suppress_origin: Chromium refuses DevTools websockets that send an Origin header
        self.ws = websocket.create_connection(ws_url, timeout=STALL_SECONDS, suppress_origin=True)
        self.alive = alive
        self.next_id = 0
        self.events: list[dict] = []

    def _receive(self, last: list[float]) -> dict | None:
        """One message, or None after a short poll; raises :class:`Stalled` when nothing came for too long."""
        import websocket

        if not self.alive():
            raise Stalled("the browser exited")
        if time.monotonic() - last[0] > STALL_SECONDS:
            raise Stalled(f"no message from the browser for {STALL_SECONDS:.0f} s")
        self.ws.settimeout(1.0)
        try:
            msg = json.loads(self.ws.recv())
        except websocket.WebSocketTimeoutException:
            return None
        last[0] = time.monotonic()
        return msg

    def send(self, method: str, **params) -> dict:
        self.next_id += 1
        msg_id = self.next_id
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        last = [time.monotonic()]
        while True:
            msg = self._receive(last)
            if msg is None:
                continue
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            self.events.append(msg)

    def wait_until(self, done) -> None:
        """Collect events until ``done(events)`` holds; only a browser that stops answering fails it."""
        last = [time.monotonic()]
        start = last[0]
        while not done(self.events):
            if time.monotonic() - start > OVERALL_FACTOR * STALL_SECONDS:  # busy but never done (a polling page)
                raise Stalled(f"the page kept the browser busy for {OVERALL_FACTOR * STALL_SECONDS:.0f} s")
            msg = self._receive(last)
            if msg is not None:
                self.events.append(msg)

    def navigate(self, url: str) -> None:
        """Open ``url`` and return once it has loaded: its load event, network idle, readyState 'complete'."""
        loader = self.send("Page.navigate", url=url).get("loaderId")

        def loaded(events: list[dict]) -> bool:
            names = {e["params"].get("name") for e in events if e.get("method") == "Page.lifecycleEvent"
                     and e["params"].get("loaderId") == loader}
            return "networkIdle" in names and ("load" in names or any(
                e.get("method") == "Page.loadEventFired" for e in events))

        self.wait_until(loaded)
        last = [time.monotonic()]
        while self.send("Runtime.evaluate", expression="document.readyState",
                        returnByValue=True)["result"].get("value") != "complete":
            self._receive(last)  # a pause that still notices a browser that has gone

    def close(self) -> None:
        self.ws.close()


@contextmanager
def chromium(binary: str):
    """Start headless Chromium with a throw-away profile; yield a DevTools client on a blank page."""
    profile = Path(tempfile.mkdtemp(prefix="netralitas-chromium-"))
    proc = subprocess.Popen(
        [binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
         "--window-size=1280,900", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = None
    try:
        port_file = profile / "DevToolsActivePort"  # Chromium writes the port it chose here, once it is ready
        started = time.monotonic()
        while not (port_file.is_file() and port_file.read_text().strip()):
            if proc.poll() is not None:
                raise RuntimeError(f"{binary} did not start (exit code {proc.poll()})")
            if time.monotonic() - started > STALL_SECONDS:
                raise Stalled(f"{binary} wrote no DevTools port in {STALL_SECONDS:.0f} s")
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        page = None
        while page is None:
            if proc.poll() is not None or time.monotonic() - started > STALL_SECONDS:
                raise RuntimeError("Chromium opened no page")
            targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list",
                                                        timeout=STALL_SECONDS).read())
            page = next((t for t in targets if t.get("type") == "page"), None)
            time.sleep(0 if page else 0.1)
        client = _DevTools(page["webSocketDebuggerUrl"], alive=lambda: proc.poll() is None)
        for domain in ("Page", "Runtime", "Network", "Log"):
            client.send(f"{domain}.enable")
        client.send("Page.setLifecycleEventsEnabled", enabled=True)
        yield client
    finally:
        if client is not None:
            client.close()
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)


_IDS = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _anchors(url: str, cache: dict[str, set[str] | None]) -> set[str] | None:
    """The ids and names in the page at ``url`` (None when it cannot be fetched)."""
    if url not in cache:
        try:
            body = urllib.request.urlopen(url, timeout=STALL_SECONDS).read().decode("utf-8", "replace")
            cache[url] = {html.unescape(a or b) for a, b in _IDS.findall(body)}
        except (urllib.error.URLError, OSError):
            cache[url] = None
    return cache[url]


def _link_ok(link: str, cache: dict[str, set[str] | None]) -> bool:
    target, fragment = urldefrag(link)
    try:
        with urllib.request.urlopen(target, timeout=STALL_SECONDS) as response:
            ok = response.status == 200
    except (urllib.error.URLError, OSError):
        return False
    if ok and fragment and target.endswith(".html"):
        ids = _anchors(target, cache)
        # as browsers do: the fragment as written, else percent-decoded
        return ids is not None and (fragment in ids or unquote(fragment) in ids)
    return ok


def check_site(folder: Path, binary: str, screenshot: Path | None = None, index: str = "index.html") -> SiteReport:
    """Open every page of ``folder`` in headless Chromium; save a screenshot of the index if asked."""
    report = SiteReport()
    anchor_cache: dict[str, set[str] | None] = {}
    with serve(folder) as base, chromium(binary) as cdp:
        host = urlparse(base).netloc
        queue = [base + index] + [base + p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*.html"))]
        seen: set[str] = set()
        checked_links: set[str] = set()
        while queue:
            url = queue.pop(0)
            if url in seen:
                continue
            seen.add(url)
            report.pages.append(url[len(base):])
            cdp.events.clear()
            try:
                cdp.navigate(url)
            except Stalled as exc:
                report.failed_requests.append(f"{url}: page did not finish loading ({exc})")
            _record(cdp.events, url, host, report)
            if screenshot is not None and url == base + index:
                cdp.send("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
                shot = cdp.send("Page.captureScreenshot", format="png")
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            links = cdp.send("Runtime.evaluate", returnByValue=True, expression=(
                "Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"))["result"].get("value", [])
            for link in links:
                parsed = urlparse(link)
                if parsed.scheme not in ("http", "https") or parsed.netloc != host:
                    continue  # a link to another site is not loaded by opening the page; mailto: etc. alike
                if link not in checked_links:
                    checked_links.add(link)
                    if not _link_ok(link, anchor_cache):
                        report.broken_links.append(f"{url[len(base):]} -> {link[len(base):]}")
                target = urldefrag(link)[0]
                if target.endswith(".html") and target not in seen:
                    queue.append(target)
    return report


def _record(events: list[dict], page: str, host: str, report: SiteReport) -> None:
    where = page.rsplit("/", 1)[-1]
    for e in events:
        method, p = e.get("method"), e.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = p.get("exceptionDetails", {})
            report.console_errors.append(f"{where}: {details.get('exception', {}).get('description') or details.get('text')}")
        elif method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
            report.console_errors.append(f"{where}: console.{p['type']}: {text}")
        elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
            entry = p["entry"]
            report.console_errors.append(f"{where}: {entry.get('text')} {entry.get('url', '')}".strip())
        elif method == "Network.requestWillBeSent":
            url = p.get("request", {}).get("url", "")
            parsed = urlparse(url)
            if parsed.scheme not in LOCAL_SCHEMES and parsed.netloc != host:
                report.external_requests.append(f"{where}: {url}")
        elif method == "Network.loadingFailed" and not p.get("canceled"):
            report.failed_requests.append(f"{where}: {p.get('errorText')} ({p.get('type')})")
        elif method == "Network.responseReceived" and p.get("response", {}).get("status", 200) >= 400:
            report.failed_requests.append(f"{where}: HTTP {p['response']['status']} {p['response'].get('url')}")


def require_browser() -> bool:
    """True where the browser test must run rather than skip (CI sets NETRALITAS_REQUIRE_BROWSER=1)."""
    return os.environ.get("NETRALITAS_REQUIRE_BROWSER", "") not in ("", "0")
