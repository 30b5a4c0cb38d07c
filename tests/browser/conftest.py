"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, and the graphs the viewer is tried on.

No browser is downloaded: Playwright is pointed at the system Chromium. When it is missing the
tests fail (never skip) and say what to install.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
READY_TIMEOUT_MS = 60_000
SCREENSHOTS = Path(os.environ.get("KG_SCREENSHOTS",
                                  Path(__file__).resolve().parents[2] / ".pytest_cache" / "screenshots"))


@pytest.fixture(scope="session")
def playwright_session() -> Iterator[object]:
    """Playwright, started once per session, for the browser contexts below."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(f"browser tests need Chromium at {CHROMIUM}: run `apt-get install -y chromium` "
                    "(or set KG_CHROMIUM to a Chromium binary)", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


def _context(p, profile: Path, offline: bool):
    return p.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True,
                                                viewport={"width": 1500, "height": 900}, offline=offline)


@pytest.fixture(scope="session")
def browser_context(playwright_session, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One offline Chromium for the session (the viewer's pages are files), with an empty profile directory."""
    context = _context(playwright_session, tmp_path_factory.mktemp("chromium-profile"), offline=True)
    yield context
    context.close()


@pytest.fixture(scope="session")
def local_context(playwright_session, tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """A Chromium that reaches servers on 127.0.0.1 (the explorer), with its own empty profile directory."""
    context = _context(playwright_session, tmp_path_factory.mktemp("chromium-local-profile"), offline=False)
    yield context
    context.close()


class Viewer:
    """One opened viewer page with what happened on it: dialogs, console errors, page errors."""

    def __init__(self, page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []       # anything but the page itself: would need the network
        page.on("dialog", self._dialog)
        page.on("request", self._request)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)

    def _request(self, request) -> None:
        if not request.url.startswith(("file:", "data:", "about:")):
            self.requests.append(request.url)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, timeout_ms: int = READY_TIMEOUT_MS) -> Viewer:
        """Load the page from disk and wait until the graph is drawn (and laid out, for small graphs)."""
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.kgViewer && window.kgViewer.ready", timeout=timeout_ms)
        return self

    def node_screen_position(self, node_id: str) -> tuple[float, float]:
        """Where ``node_id`` is drawn, in page coordinates (for a real mouse click)."""
        box = self.page.locator("#kg-network").bounding_box()
        at = self.page.evaluate(
            "id => { const n = kgViewer.network; return n.canvasToDOM(n.getPosition(id)); }", node_id)
        return box["x"] + at["x"], box["y"] + at["y"]

    def search(self, text: str) -> None:
        """Type ``text`` into the search box as a user does and wait for the result list."""
        box = self.page.locator("#kg-search")
        box.fill("")
        box.press_sequentially(text)
        self.page.wait_for_function("q => document.getElementById('kg-results').dataset.query === q", arg=text)
        self.page.locator("#kg-results li").first.wait_for(state="visible")


@pytest.fixture
def viewer(browser_context) -> Iterator[Callable[[Path], Viewer]]:
    """Open a viewer page in a fresh tab: ``viewer(path)``."""
    pages = []

    def open_page(path: Path, timeout_ms: int = READY_TIMEOUT_MS) -> Viewer:
        page = browser_context.new_page()
        pages.append(page)
        return Viewer(page).open(path, timeout_ms)

    yield open_page
    for page in pages:
        page.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where the tests leave their screenshots, to be looked at (``.pytest_cache/screenshots``)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
