"""The HTML report: escaping and links statically, then in a real headless Chromium.

The browser is driven over the Chrome DevTools Protocol on a pipe (``--remote-debugging-pipe``:
commands on fd 3, replies on fd 4, NUL-separated JSON), so no Python package is needed.  The
browser tests skip when no Chromium is installed (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from dedup import Article, scan
from dedup.clusters import build_clusters
from dedup.html import to_html

HOSTILE = "<script>alert('x')</script> & \"quoted\" 'single'"
WIRE = [
    "The Marlow council voted on Tuesday to close the Eastgate library for eighteen months.",
    "Engineers found cracked beams in the reading room roof during a survey in January.",
    '"We cannot put readers under a roof that may fall," council leader Priya Nandan said.',
    "Books will move to a temporary site in the old fire station on Dock Street & Quay Lane.",
]
PITCH = "Sign up for the Marlow Mercury newsletter to get the top stories every single morning."
OWN = [
    "Residents queued for hours at the new bakery on Hollin Lane on its opening day.",
    "A second market could open near the railway station before the end of the summer.",
    "The town band will play in the park every Sunday afternoon until late September.",
]


def _articles() -> list[Article]:
    mercury = [
        Article(id=f"mercury/{n}", text=f"{s}\n\n{PITCH}", outlet="Mercury", date="2026-03-01")
        for n, s in enumerate(OWN)
    ]
    return [
        *mercury,
        Article(id="wire/1", text=" ".join(WIRE), outlet="Wire", date="2026-03-02"),
        Article(
            id="herald/<b>&1",
            text=f"{HOSTILE}\n\n" + "\n\n".join(WIRE[:3]) + f"\n\n{PITCH}",
            outlet='Herald "&" Co',
            date="2026-03-03",
        ),
        Article(id="undated", text=f"{OWN[2]} {WIRE[3]} {HOSTILE}"),
    ]


def _page() -> str:
    articles = _articles()
    texts = {a.id: a.text for a in articles}
    report = scan(articles)
    clusters = build_clusters(report, texts=texts)
    boilerplate = frozenset(c.id for c in clusters if PITCH in c.witnesses[0].text)
    assert len(boilerplate) == 1
    return to_html(report, clusters=clusters, boilerplate=boilerplate, texts=texts)


class _Anchors(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(str(found["id"]))
        if tag == "a" and str(found.get("href", "")).startswith("#"):
            self.hrefs.append(str(found["href"])[1:])
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_text_is_escaped_and_every_link_has_a_target() -> None:
    page = _page()
    parsed = _Anchors()
    parsed.feed(page)
    assert parsed.scripts == 1
    assert "<script>alert" not in page
    assert HOSTILE in "".join(parsed.text)
    assert len(parsed.ids) == len(set(parsed.ids))
    assert set(parsed.hrefs) <= set(parsed.ids)
    assert 'class="hl prose' in page
    assert 'class="hl quoted' in page
    assert "boiler" in page
    assert "http" not in page.replace("http-equiv", "")


def test_a_quotation_inside_copied_prose_is_named_in_its_highlight() -> None:
    page = _page()
    quoted = [tag for tag in page.split("<a ")[1:] if tag.startswith('class="hl quoted')]
    assert quoted
    assert all("quotation, similarity" in tag.split(">", 1)[0] for tag in quoted)
    assert "quotation, similarity" not in "".join(
        tag.split(">", 1)[0] for tag in page.split("<a ")[1:] if 'class="hl prose' in tag[:20]
    )


# --- a real browser -----------------------------------------------------------------------------

CHROMIUM = os.environ.get("DEDUP_CHROMIUM") or shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
]
# Starts the browser with the given pipe ends as its fds 3 and 4 (moved out of the way first).
_LAUNCH = (
    "import fcntl, os, sys; "
    "ends = [fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3]]; "
    "os.dup2(ends[0], 3); os.dup2(ends[1], 4); os.execv(sys.argv[3], sys.argv[3:])"
)
if CHROMIUM is None and os.environ.get("DEDUP_REQUIRE_BROWSER"):
    raise RuntimeError("DEDUP_REQUIRE_BROWSER is set but chromium is not installed")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (Debian: apt-get install chromium)"
)


class Browser:
    """A headless Chromium driven over the DevTools protocol on a pair of pipes."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_child, self._out = os.pipe()
        self._in, from_child = os.pipe()
        self.process = subprocess.Popen(
            [
                *(sys.executable, "-c", _LAUNCH, str(to_child), str(from_child), executable),
                *FLAGS,
                f"--user-data-dir={profile}",
            ],
            pass_fds=(to_child, from_child),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_child)
        os.close(from_child)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command (to the page session once attached) and return its result."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._receive()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            self.events.append(reply)

    def wait_for(self, method: str) -> dict[str, Any]:
        """Wait for the next event named ``method``."""
        for event in self.events:
            if event.get("method") == method:
                self.events.remove(event)
                return event
        while True:
            event = self._receive()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def evaluate(self, expression: str) -> Any:
        """Evaluate JavaScript in the page and return its value."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"])
        return result["result"].get("value")

    def _receive(self, timeout: float = 20.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._in], [], [], max(0.0, deadline - time.monotonic()))
            chunk = os.read(self._in, 1 << 20) if ready else b""
            if not chunk:
                raise TimeoutError("no answer from chromium")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def close(self) -> None:
        """Ask the browser to quit, then make sure it did."""
        self.session = ""
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._in)
        os.close(self._out)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMIUM is not None
    folder = tmp_path_factory.mktemp("html")
    report = folder / "report.html"
    report.write_text(_page(), encoding="utf-8")
    browser = Browser(CHROMIUM, folder / "profile")
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})
        browser.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            browser.send(f"{domain}.enable")
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False},
        )
        browser.send("Page.navigate", {"url": report.as_uri()})
        browser.wait_for("Page.loadEventFired")
        yield browser
    finally:
        browser.close()


def _problems(browser: Browser) -> list[dict[str, Any]]:
    """Exceptions, console errors or warnings, dialogs (an injected ``alert``) seen so far."""
    levels = ("error", "warning")
    return [
        event
        for event in browser.events
        if event.get("method") in ("Runtime.exceptionThrown", "Page.javascriptDialogOpening")
        or (event.get("method") == "Runtime.consoleAPICalled" and event["params"]["type"] in levels)
        or (event.get("method") == "Log.entryAdded" and event["params"]["entry"]["level"] in levels)
    ]


def _click(browser: Browser, selector: str) -> None:
    """Scroll the element into view and click its middle with the mouse."""
    box = browser.evaluate(
        f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
        " e.scrollIntoView({block: 'center'}); const r = e.getClientRects()[0];"
        " return [r.left + Math.min(r.width / 2, 20), r.top + r.height / 2]; })()"
    )
    for kind in ("mousePressed", "mouseReleased"):
        browser.send(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
        )


VISIBLE = """(() => {
  const e = document.getElementById(%s), r = e.getBoundingClientRect();
  const c = e.closest('.col'), b = c ? c.getBoundingClientRect() : {top: 0, bottom: innerHeight};
  return {flash: e.classList.contains('flash'), inView: r.top >= Math.max(0, b.top) - 1
          && r.bottom <= Math.min(innerHeight, b.bottom) + 1, hash: location.hash};
})()"""


@needs_chromium
def test_page_loads_without_console_errors(page: Browser) -> None:
    assert page.evaluate("document.readyState") == "complete"
    assert page.evaluate("document.querySelectorAll('section.article').length") >= 3
    assert _problems(page) == []


@needs_chromium
def test_every_highlight_links_to_an_existing_counterpart(page: Browser) -> None:
    result = page.evaluate(
        "(() => { const links = [...document.querySelectorAll('a.hl')];"
        " const lost = links.filter(a => !document.getElementById(a.hash.slice(1)));"
        " return [links.length, lost.map(a => a.outerHTML)]; })()"
    )
    assert result[0] > 10
    assert result[1] == []


@needs_chromium
def test_clicking_a_highlight_scrolls_to_and_flashes_its_counterpart(page: Browser) -> None:
    first = page.evaluate("document.querySelector('a.hl.prose[id$=\"a\"]').id")
    partner = first[:-1] + "b"
    _click(page, f"#{first}")
    state = page.evaluate(VISIBLE % json.dumps(partner))
    assert state == {"flash": True, "inView": True, "hash": f"#{partner}"}
    _click(page, f"#{partner}")
    assert page.evaluate(VISIBLE % json.dumps(first))["flash"]
    assert _problems(page) == []


@needs_chromium
def test_hostile_text_is_shown_not_run(page: Browser) -> None:
    assert page.evaluate("document.scripts.length") == 1
    shown = page.evaluate("document.body.innerText")
    assert "<script>alert('x')</script> & \"quoted\"" in shown
    assert _problems(page) == []


@needs_chromium
def test_screenshot_is_a_png(page: Browser, tmp_path: Path) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    shot = page.send("Page.captureScreenshot", {"format": "png"})
    image = tmp_path / "report.png"
    image.write_bytes(base64.b64decode(shot["data"]))
    data = image.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 5000
