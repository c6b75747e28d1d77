from datetime import timedelta

import pytest
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from tests.browser.conftest import assert_no_horizontal_scroll, login_as, shot, visit

pytestmark = pytest.mark.browser


def test_the_networker_today_on_a_phone_in_arabic(phone_context, phone_page):
    from bridges.contacts.tests.factories import record
    from bridges.networkers.tests.factories import dbs, language
    from bridges.safeguarding.tests.factories import make_concern
    from bridges.training.models import SessionBooking
    from bridges.training.tests.factories import SessionFactory, networker_for

    language("ar", "Arabic", "العربية", rtl=True)
    programme = ProgrammeFactory(slug="riverton-today", name="Riverton Bridges")
    user = member(programme, Role.NETWORKER, display_name="محمد علي")
    me = networker_for(user, programme)
    today = timezone.localdate()
    dbs(me, checked_on=today - timedelta(days=1000), renewal_due=today + timedelta(days=30))
    session = SessionFactory(programme=programme, title="الترحيب بالمتطوعين")
    SessionBooking.objects.create(session=session, networker=me)
    record(programme, me, day=today, duration_minutes=45, languages=["ar"])
    make_concern(programme, raised_by=user)
    login_as(phone_context, user)

    path = f"/p/{programme.slug}/"
    visit(phone_page, f"/language/ar/?next={path}")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(phone_page)

    # Four big buttons first (record, find a service, raise a concern, plan a pathway), each at
    # least 44px high and the width of the screen.
    buttons = phone_page.locator(".today-actions a")
    assert buttons.count() == 4
    for i in range(4):
        box = buttons.nth(i).bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, box
    assert phone_page.locator("[data-today='contacts.record'] #unsent-count").count() == 1
    assert not phone_page.locator("#unsent-count").is_visible()
    facts = phone_page.locator(".today-facts [data-today]")
    # session, DBS, this month, concerns, next drop-in shift (no refresher due)
    assert facts.count() == 5
    next_session = phone_page.locator("[data-today='training.next_session']").inner_text()
    assert "الترحيب بالمتطوعين" in next_session
    shot(phone_page, "networker-today-phone-ar")
