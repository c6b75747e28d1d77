"""The page a person sees when a public form has been sent too often from their connection."""

import pytest
from django.core.cache import cache

from bridges.core.ratelimit import rate_limit_consume
from bridges.directory.tests.factories import make_service
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, shot

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("ar", 375), ("en", 320)])
def test_the_too_many_forms_page(page, settings, programme, language, width):
    settings.PUBLIC_FORM_RATE_LIMIT = 1
    cache.clear()
    service = make_service(programme, name="Canal Street Surgery")
    # Someone on this connection already sent one.
    rate_limit_consume(scope="listing-report", address="127.0.0.1")
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"/{language}/services/{service.pk}/report/")
    page.locator("input[name=problem]").first.check()
    page.locator("textarea[name=details]").fill("Closed on Tuesdays now")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").is_visible()
    assert page.title()
    shot(page, f"public-form-rate-limited-{language}-{width}")
    assert_no_horizontal_scroll(page)
    axe_check(page)
    cache.clear()
