"""The import's result, the review queue and a listing's history on a 360 px phone, in English
and in Arabic (right to left): readable, no sideways scrolling, accessible, usable by tapping."""

import json
import os
from pathlib import Path

import pytest
from django.utils import translation

from bridges.directory.importers import run
from bridges.directory.models import HeldListing, Service
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, visit

from .factories import make_service

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}
SHOTS = Path(os.environ.get("BRIDGES_SHOTS", "var/screenshots"))


def _shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _feed() -> list[dict]:
    base = {
        "status": "active",
        "organization": {"id": "org-1", "name": "Riverside Churches"},
        "regular_schedules": [
            {"weekday": "Monday", "opens_at": "09:00:00", "closes_at": "12:30:00"}
        ],
    }
    return [
        {
            **base,
            "id": "food-1",
            "name": "Riverside Food Bank",
            "description": "Food parcels for anyone in need.",
            "phones": [{"number": "01724 000111"}, {"number": "ring us"}],
            "url": "javascript:alert(1)",
            "service_taxonomys": [{"taxonomy": {"name": "astrology"}}],
        },
        {**base, "id": "eng-2", "name": "English Conversation Club", "email": "not-an-email"},
        {**base, "id": "bad-3", "name": ""},
    ]


@pytest.mark.parametrize("language", ["en", "ar"])
def test_import_result_and_review_queue_on_a_narrow_phone(
    phone_page, phone_context, programme, coordinator, language
):
    # The live listing the feed changes: imported once, published.
    first = run.directory_import_create(
        programme=programme,
        user=coordinator,
        source_name="riverside-feed.json",
        format="oruk_v1",
        payload=json.dumps([_feed()[0] | {"phones": [{"number": "01724 297000"}]}]).encode(),
    )
    run.directory_import_execute(import_id=first.pk)
    record = run.directory_import_create(
        programme=programme,
        user=coordinator,
        source_name="riverside-feed.json",
        format="oruk_v1",
        payload=json.dumps(_feed()).encode(),
        mode="review",
    )
    run.directory_import_execute(import_id=record.pk)
    record.refresh_from_db()
    assert record.held_count == 2, (record.failure, record.errors)

    page = phone_page
    page.set_viewport_size(NARROW)
    phone_context.set_default_timeout(30_000)  # a busy shared machine
    login_as(phone_context, coordinator)
    detail = f"/p/{programme.slug}/directory/imports/{record.pk}/"
    visit(page, f"/language/{language}/?next={detail}")
    assert page.locator("html").get_attribute("lang") == language
    if language == "ar":
        assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#dropped").is_visible()
    assert page.locator("#held a.button").is_visible()
    assert_no_horizontal_scroll(page)
    _shot(page, f"import-result-{language}")

    with page.expect_navigation():
        page.locator("#held a.button").tap()
    axe_check(page)
    assert page.locator("section.held-listing").count() == 2
    assert_no_horizontal_scroll(page)
    _shot(page, f"import-review-{language}")

    # Publish the changed food bank with a tap.
    food = HeldListing.objects.get(name="Riverside Food Bank")
    with page.expect_navigation():
        page.locator(f"#held-{food.pk} button[value=approve]").tap()
    axe_check(page)
    food.refresh_from_db()
    assert food.status == "approved"
    assert Service.objects.get(name="Riverside Food Bank").phones.get().number == "01724 000111"

    # Reject all asks first.
    with page.expect_navigation():
        page.locator("form.held-all button[value=reject]").tap()
    axe_check(page)
    with translation.override(language):
        assert page.locator("button.button-warning").is_visible()
    assert_no_horizontal_scroll(page)
    _shot(page, f"import-review-confirm-{language}")
    assert HeldListing.objects.filter(status="pending").count() == 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_history_on_a_narrow_phone(phone_page, phone_context, programme, coordinator, language):
    service = make_service(programme, name="Riverside Advice", description="Advice on Mondays.")
    service.description = "Advice on Mondays and Thursdays."
    service.updated_by = coordinator
    service.save()
    page = phone_page
    page.set_viewport_size(NARROW)
    phone_context.set_default_timeout(30_000)  # a busy shared machine
    login_as(phone_context, coordinator)
    path = f"/p/{programme.slug}/directory/services/{service.pk}/history/"
    visit(page, f"/language/{language}/?next={path}")
    assert page.locator("section.history-version").count() == 2
    assert_no_horizontal_scroll(page)
    _shot(page, f"history-{language}")
