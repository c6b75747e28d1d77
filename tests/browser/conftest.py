"""Shared fixtures and helpers for the browser tests (Playwright driving Debian's Chromium).

Any app can reuse them: put a `test_*.py` under `bridges/<app>/tests/` or `tests/browser/`, mark
it `@pytest.mark.browser`, and ask for `page` or `phone_page` (both already pointed at the live
test server), then call `axe_check(page)`, `shot(page, "name")` and `login_as(context, user)`.
Tests in this folder get the fixtures automatically. A browser test module elsewhere (for
example `bridges/<app>/tests/test_browser.py`) loads them with

    pytest_plugins = ["tests.browser.conftest"]
    from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot

Browser pages talk to pytest-django's `live_server`, which runs in another thread against the
same database; so these tests use `transactional_db` (each test starts from an empty database,
reference data aside) rather than the usual per-test transaction.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django's ORM would otherwise refuse
# to run here ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("BRIDGES_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
# axe-core impact levels that fail a test. "moderate" and "minor" are reported but tolerated.
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session")
def browser(playwright):
    """One headless Chromium for the whole run (launching takes about a second)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


def _new_context(browser, live_server, *, viewport: dict, **options):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="en-GB", **options
    )
    context.bridges_base_url = live_server.url  # for login_as
    context.set_default_timeout(10_000)  # a local server answers fast; fail early, not at 30 s
    return context


@pytest.fixture
def context(browser, live_server, transactional_db) -> Iterator:
    """A fresh desktop browser context (its own cookies) pointed at the live server."""
    context = _new_context(browser, live_server, viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A desktop-sized page (1280×800)."""
    return context.new_page()


@pytest.fixture
def phone_context(browser, live_server, transactional_db) -> Iterator:
    """A phone-sized context (375×812, touch), like a cheap Android phone. (Not `is_mobile`:
    that lets Chromium zoom out to fit a page too wide, which would hide the very overflow
    the tests look for.)"""
    context = _new_context(browser, live_server, viewport=PHONE, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def phone_page(phone_context):
    return phone_context.new_page()


@pytest.fixture
def no_js_page(browser, live_server, transactional_db) -> Iterator:
    """A desktop page with JavaScript switched off: every page must still work."""
    context = _new_context(browser, live_server, viewport=DESKTOP, java_script_enabled=False)
    yield context.new_page()
    context.close()


def axe_check(page, *, allow: frozenset[str] = frozenset()) -> list[dict]:
    """Run axe-core (WCAG 2.x A/AA rules) on the page as it is now; fail on any serious or
    critical violation not listed in `allow` (rule ids). Returns every violation found."""
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "resultTypes": ["violations"],
        "runOnly": {
            "type": "tag",
            "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
        },
    }
    results = Axe().run(page, options=options)
    violations = results.response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS and v["id"] not in allow]
    if blocking:
        lines = [f"axe found {len(blocking)} serious/critical problem(s) on {page.url}:"]
        for violation in blocking:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {node['target']}: {node.get('failureSummary', '')[:300]}")
        pytest.fail("\n".join(lines))
    return violations


def login_as(context, user) -> None:
    """Sign `user` in inside a browser context, by copying a Django test-client session cookie.
    Staff pass the second-factor check when they have a TOTP authenticator (factories add one)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie.value,
                "url": context.bridges_base_url,
                "httpOnly": True,
                "sameSite": "Lax",
            }
        ]
    )


def shot(page, name: str, *, full_page: bool = True) -> Path:
    """Save a screenshot to var/screenshots/<name>.png (look at them: they are the review)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def assert_no_horizontal_scroll(page) -> None:
    """The page fits its window: nothing sticks out sideways (WCAG 1.4.10 Reflow)."""
    scroll_width, inner_width = page.evaluate(
        "[document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, (
        f"{page.url} scrolls sideways at {inner_width}px wide (content is {scroll_width}px)"
    )
