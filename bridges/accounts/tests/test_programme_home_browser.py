from datetime import timedelta

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, shot, visit

pytestmark = pytest.mark.browser


def test_the_coordinator_home_on_a_phone_in_arabic(phone_context, phone_page):
    from bridges.networkers.models import Networker
    from bridges.networkers.tests.factories import NetworkerFactory, dbs

    programme = ProgrammeFactory(slug="riverton-home", name="Riverton Bridges")
    coordinator = member(programme, Role.COORDINATOR, display_name="Sara Coordinator")
    waiting = NetworkerFactory(programme=programme, display_name="محمد علي")
    Networker.objects.filter(pk=waiting.pk).update(
        stage_changed_at=timezone.now() - timedelta(days=30)
    )
    active = NetworkerFactory(programme=programme, stage=Networker.Stage.ACTIVE)
    today = timezone.localdate()
    dbs(active, checked_on=today - timedelta(days=1200), renewal_due=today - timedelta(days=3))
    login_as(phone_context, coordinator)

    path = f"/p/{programme.slug}/"
    visit(phone_page, path)
    assert phone_page.locator("[data-attention='networkers.applications_overdue'] a").is_visible()
    shot(phone_page, "programme-home-phone")

    visit(phone_page, f"/language/ar/?next={path}")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(phone_page)
    items = phone_page.locator(".attention-list [data-attention]")
    assert items.count() == 2  # the overdue application and the lapsed check; the rest clear
    shot(phone_page, "programme-home-phone-ar")

    # The overdue item leads to the Applied stage, the longest waiting first, flagged.
    phone_page.locator("[data-attention='networkers.applications_overdue'] a").click()
    phone_page.wait_for_load_state("load")
    from tests.browser.conftest import axe_check

    axe_check(phone_page)
    assert "stage=applied" in phone_page.url
    assert phone_page.locator(".tag-red").first.is_visible()
    shot(phone_page, "pipeline-applied-phone-ar")
