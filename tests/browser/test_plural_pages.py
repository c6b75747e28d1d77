"""Counted sentences on real pages, on a 360 px phone in Arabic (right to left) and Polish:
the overview tiles keep the number above its caption, and no English count is left."""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.browser.conftest import assert_no_horizontal_scroll, login_as, shot, visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["ar", "pl"])
def test_overview_tiles_and_search_counts_on_a_phone(phone_page, programme, coordinator, language):
    from bridges.directory.tests.factories import ensure_needs_vocabulary, make_service
    from bridges.networkers.models import Networker
    from bridges.networkers.tests.factories import NetworkerFactory

    ensure_needs_vocabulary()
    for _ in range(21):
        NetworkerFactory(programme=programme, stage=Networker.Stage.ACTIVE)
    for i in range(2):
        make_service(programme, name=f"Service {i}", need="gp")
    phone_page.set_viewport_size({"width": 360, "height": 780})
    context = phone_page.context
    login_as(context, coordinator)
    context.add_cookies(
        [
            {
                "name": settings.LANGUAGE_COOKIE_NAME,
                "value": language,
                "url": context.bridges_base_url,
            }
        ]
    )

    visit(phone_page, reverse("networkers:overview", args=[programme.slug]))
    assert_no_horizontal_scroll(phone_page)
    tile = phone_page.locator(".stat").first
    assert tile.locator("strong").inner_text() == "21"
    text = phone_page.locator("main").inner_text()
    assert not re.search(r"\b21 active\b|languages spoken", text)
    shot(phone_page, f"plurals-overview-{language}-360")

    with translation.override(language):
        url = reverse("directory_public:search")
    visit(phone_page, f"{url}?programme={programme.slug}")
    assert_no_horizontal_scroll(phone_page)
    status = phone_page.get_by_role("status").first.inner_text()
    assert "2" in status or language == "ar"
    assert "found" not in status
    shot(phone_page, f"plurals-search-{language}-360")
