"""Shared fixtures and helpers for the browser tests (Playwright driving Debian's Chromium).

Any app can reuse them: put a `test_*.py` under `bridges/<app>/tests/` or `tests/browser/`, mark
it `@pytest.mark.browser`, and ask for `page` or `phone_page` (both already pointed at the live
test server). Open pages with `visit(page, url)`, which also checks them with axe; after a
click that leads to a new page, call `axe_check(page)`. A page the browser lands on without a
check fails the test. `shot(page, "name")` saves a screenshot, `login_as(context, user)` signs
someone in. The root conftest.py makes these fixtures available to every test of the project
(for example `bridges/<app>/tests/test_browser.py`), which imports the helpers it uses:

    from tests.browser.conftest import axe_check, login_as, shot, visit

The browser is Chromium at `BRIDGES_CHROMIUM` (default /usr/bin/chromium); without one, every
browser test is skipped with the reason.

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

CHROMIUM = "/usr/bin/chromium"  # the default; BRIDGES_CHROMIUM overrides it
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


def chromium_path() -> str | None:
    """The one setting for the browser: `BRIDGES_CHROMIUM` (default Debian's /usr/bin/chromium).
    None when there is no such file, so the browser tests skip instead of failing."""
    path = os.environ.get("BRIDGES_CHROMIUM", CHROMIUM)
    return path if Path(path).is_file() else None


@pytest.fixture(scope="session")
def browser(request):
    """One headless Chromium for the whole run (launching takes about a second)."""
    path = chromium_path()
    if path is None:
        pytest.skip(
            f"no Chromium at {os.environ.get('BRIDGES_CHROMIUM', CHROMIUM)}: "
            "apt-get install chromium, or set BRIDGES_CHROMIUM to a Chromium binary"
        )
    pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    playwright = request.getfixturevalue("playwright")  # pytest-playwright's, session-wide
    browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _new_context(browser, live_server, *, viewport: dict, **options):
    context = browser.new_context(
        base_url=live_server.url, viewport=viewport, locale="en-GB", **options
    )
    context.bridges_base_url = live_server.url  # for login_as
    context.set_default_timeout(10_000)  # a local server answers fast; fail early, not at 30 s
    return context


def _watched(page, request):
    """Note every page the browser lands on (not same-page #fragment moves), so that the test
    fails if one of them was not checked with axe."""
    page.bridges_visited = []
    page.bridges_checked = set()

    def landed(frame):
        if frame == page.main_frame and frame.url.startswith("http"):
            page.bridges_visited.append(_without_fragment(frame.url))

    page.on("framenavigated", landed)
    failed_before = request.session.testsfailed
    request.addfinalizer(lambda: _every_page_checked(page, request, failed_before))
    return page


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _every_page_checked(page, request, failed_before: int) -> None:
    if request.session.testsfailed > failed_before:
        return  # the test failed already: its own message says more
    unchecked = [url for url in page.bridges_visited if url not in page.bridges_checked]
    if unchecked:
        pytest.fail(
            "pages visited without an accessibility check (use visit(page, url), or call "
            f"axe_check(page) after a click that leads to a new page): {sorted(set(unchecked))}"
        )


@pytest.fixture
def context(browser, live_server, transactional_db) -> Iterator:
    """A fresh desktop browser context (its own cookies) pointed at the live server."""
    context = _new_context(browser, live_server, viewport=DESKTOP)
    yield context
    context.close()


@pytest.fixture
def page(context, request):
    """A desktop-sized page (1280×800). Every page it lands on must be checked with axe."""
    return _watched(context.new_page(), request)


@pytest.fixture
def phone_context(browser, live_server, transactional_db) -> Iterator:
    """A phone-sized context (375×812, touch), like a cheap Android phone. (Not `is_mobile`:
    that lets Chromium zoom out to fit a page too wide, which would hide the very overflow
    the tests look for.)"""
    context = _new_context(browser, live_server, viewport=PHONE, has_touch=True)
    yield context
    context.close()


@pytest.fixture
def phone_page(phone_context, request):
    """A phone-sized page (375×812). Every page it lands on must be checked with axe."""
    return _watched(phone_context.new_page(), request)


@pytest.fixture
def no_js_page(browser, live_server, transactional_db, request) -> Iterator:
    """A desktop page with JavaScript switched off: every page must still work."""
    context = _new_context(browser, live_server, viewport=DESKTOP, java_script_enabled=False)
    page = _watched(context.new_page(), request)
    # axe is JavaScript: it cannot run in this page (evaluating would wait forever), so
    # axe_check opens the same address, with the same cookies, in a page where it can.
    page.bridges_axe_twin = lambda: _new_context(
        browser, live_server, viewport=DESKTOP, storage_state=context.storage_state()
    )
    yield page
    context.close()


def visit(page, url: str, *, allow: frozenset[str] = frozenset()):
    """Open `url` (relative to the live server), wait for it to load, and check it with axe.
    Returns the response (for its status)."""
    response = page.goto(url)
    page.wait_for_load_state("load")
    axe_check(page, allow=allow)
    return response


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
    if hasattr(page, "bridges_checked"):
        page.bridges_checked.add(_without_fragment(page.url))
    if hasattr(page, "bridges_axe_twin"):  # JavaScript is off in this page
        twin_context = page.bridges_axe_twin()
        try:
            twin = twin_context.new_page()
            twin.goto(page.url)
            return axe_check(twin, allow=allow)
        finally:
            twin_context.close()
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
