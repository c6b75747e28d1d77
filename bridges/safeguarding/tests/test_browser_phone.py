"""At 360 px, in English and in Arabic: a networker raises a concern from one of their contact
records (the emergency guidance first), and the lead works through the inbox, a concern's page
(actions with dates) and the close page (which asks first). Screenshots in var/screenshots/."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.contacts.tests.factories import record
from bridges.networkers.tests.factories import language
from bridges.safeguarding import services
from bridges.safeguarding.models import Concern, SafeguardingSettings
from bridges.training.tests.factories import networker_for
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

from .factories import make_concern

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}


def _in(page, lang: str, url: str):
    visit(page, f"/language/{lang}/?next={url}")
    assert page.locator("html").get_attribute("lang") == lang
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_raise_from_a_contact_then_the_leads_pages_at_360px(phone_context, phone_page, lang):
    page = phone_page
    page.set_viewport_size(NARROW)
    language("en", "English")
    programme = ProgrammeFactory(slug=f"riverton-{lang}", name="Riverton")
    SafeguardingSettings.objects.create(
        programme=programme,
        contact_text="Riverton safeguarding lead, Civic Hall",
        contact_phone="0113 496 0999",
        contact_email="safeguarding@riverton.example",
        hours="Monday to Friday, 9am to 5pm",
    )
    networker = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    lead = member(programme, Role.SAFEGUARDING, display_name="Sami Haddad")
    contact = record(programme, networker_for(networker, programme))
    now = timezone.now()
    for hours in (2, 30, 50):
        make_concern(programme, raised_by=networker, raised_at=now - timedelta(hours=hours))
    handled = make_concern(programme, raised_by=networker, raised_at=now - timedelta(hours=80))
    services.concern_action_record(
        concern=handled, by=lead, referral=Concern.Referral.POLICE, note="Called 101."
    )

    # The networker, from their contact record.
    login_as(phone_context, networker)
    _in(page, lang, reverse("contacts:detail", args=[programme.slug, contact.pk]))
    shot(page, f"safeguarding-contact-link-{lang}-360")
    page.locator(f"main a[href$='/safeguarding/raise/?contact={contact.pk}']").click()
    page.wait_for_url("**/safeguarding/raise/?contact=*")
    axe_check(page)
    emergency = page.locator(".sg-emergency").bounding_box()
    assert emergency["y"] < page.locator("h1").bounding_box()["y"]
    assert page.locator(".sg-emergency a[href='tel:999']").is_visible()
    assert page.locator(".sg-from-contact").is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, f"safeguarding-raise-from-contact-{lang}-360")
    page.check("input[name=about][value=adult]")
    page.check("input[name=immediate_risk][value=no]")
    page.fill("textarea[name=what_happened]", "A generic worry written for a test.")
    page.fill("input[name=happened_on]", timezone.localdate().isoformat())
    page.locator("form.sg-steps button[type=submit]").click()
    page.wait_for_url("**/safeguarding/mine/*/")
    axe_check(page)
    raised = Concern.objects.get(contact=contact)
    assert_no_horizontal_scroll(page)
    shot(page, f"safeguarding-receipt-{lang}-360")

    # The lead: inbox, the concern, an action with its date, then closing (asked first).
    phone_context.clear_cookies()
    login_as(phone_context, lead)
    _in(page, lang, reverse("safeguarding:inbox", args=[programme.slug]))
    assert page.locator("tr.sg-overdue").count() == 2
    shot(page, f"safeguarding-inbox-{lang}-360")
    page.locator(f"a:has-text('{raised.reference}')").click()
    page.wait_for_url(f"**/concerns/{raised.pk}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    page.locator(f"a[href$='/concerns/{raised.pk}/action/']").click()
    page.wait_for_url("**/action/")
    axe_check(page)
    page.check("input[name=referral][value=adults_social_care]")
    page.fill("textarea[name=note]", "Duty team, reference 42. They will call back.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/concerns/{raised.pk}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    shot(page, f"safeguarding-detail-{lang}-360")
    page.locator(f"a[href$='/concerns/{raised.pk}/close/']").click()
    page.wait_for_url("**/close/")
    axe_check(page)
    page.fill("textarea[name=outcome]", "Support in place.")
    page.locator("main form button[type=submit]").click()  # without the tick: asked first
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".error-summary").is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, f"safeguarding-close-asks-{lang}-360")
    raised.refresh_from_db()
    assert raised.state == Concern.State.ACTION_TAKEN
    page.check("input[name=confirm]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/concerns/{raised.pk}/")
    axe_check(page)
    raised.refresh_from_db()
    assert raised.state == Concern.State.CLOSED
    shot(page, f"safeguarding-closed-{lang}-360")
