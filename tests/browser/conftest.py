"""Browser tests: Playwright driving Debian's Chromium against the live server."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import caches
from django.db import connection
from playwright.sync_api import Browser, Page, sync_playwright

from .snapshot import DatabaseSnapshot, flush_by_delete

# Playwright's sync API keeps an event loop in this thread; the ORM calls made by the
# fixtures are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DEMO_PASSWORD = "Savoie-demo-2026"


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} est absent : `make test` l'installe (paquet Debian chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, request) -> Iterator[Page]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]", "_", request.node.nodeid)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
    context.close()


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker) -> Iterator[DatabaseSnapshot]:
    """The demo, loaded once per session (per xdist worker) and kept as a snapshot.

    Browser tests run after every other database test of their worker (pytest-django
    orders transactional tests last), so the demo committed here meets no other test.
    """
    from maillage.demo.load import load_demo

    with django_db_blocker.unblock():
        logins = load_demo()
        snapshot = DatabaseSnapshot.take(connection, logins)
    with flush_by_delete(connection):
        yield snapshot
    with django_db_blocker.unblock():
        snapshot.drop()


@pytest.fixture
def demo(transactional_db, demo_snapshot: DatabaseSnapshot):
    """Each journey starts from the demo as loaded: the snapshot is restored before it.

    The live server sees it since the restore is committed (``transactional_db``); the
    caches are emptied too, so that nothing a previous journey cached survives it.
    """
    demo_snapshot.restore()
    for cache in caches.all():
        cache.clear()
    return demo_snapshot.logins


PHONE_WIDTH = 390
# The outermost elements that stick out of a phone's width, to say which ones do.
WIDEST_ELEMENTS = """(limit) => {
  const out = [];
  for (const e of document.querySelectorAll("body *")) {
    if (e.getBoundingClientRect().right <= limit + 1) continue;
    if (out.some((o) => o.contains(e))) continue;
    out.push(e);
  }
  return out.slice(0, 4).map((e) =>
    e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") +
    " (" + Math.round(e.getBoundingClientRect().right) + " px)");
}"""


class Accessibility:
    """Runs axe-core on a page: no serious or critical violation allowed."""

    def __init__(self) -> None:
        self.axe = Axe()
        self.checked: list[str] = []

    def check(self, page: Page) -> None:
        # A click that navigates returns before the new document exists: let it load.
        page.wait_for_load_state("load")
        results = self.axe.run(page)
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(n["target"][0] for n in v["nodes"][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert not violations, f"axe sur {page.url} :\n" + "\n".join(violations)
        self.check_phone_width(page)
        self.checked.append(page.url)

    def check_phone_width(self, page: Page) -> None:
        """The page does not scroll sideways on a 390 px phone (wide tables scroll inside
        their own box)."""
        viewport = page.viewport_size
        page.set_viewport_size({"width": PHONE_WIDTH, "height": 844})
        try:
            width = page.evaluate("document.documentElement.scrollWidth")
            widest = page.evaluate(WIDEST_ELEMENTS, PHONE_WIDTH)
        finally:
            if viewport is not None:
                page.set_viewport_size(viewport)
        assert width <= PHONE_WIDTH, (
            f"{page.url} défile de côté sur un téléphone : {width} px pour {PHONE_WIDTH} ; "
            + "; ".join(widest)
        )


@pytest.fixture
def a11y() -> Accessibility:
    return Accessibility()
