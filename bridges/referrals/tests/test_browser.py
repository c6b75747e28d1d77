"""At 360 px, in Farsi and in Arabic (right to left): a networker refers a Farsi speaker to a
service from one of their contact records, showing the consent wording in Farsi, then the
service's provider staff accept it. Screenshots in var/screenshots/."""

import pytest
from django.urls import reverse

from bridges.accounts.models import Organisation
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.contacts.tests.factories import record
from bridges.directory.models import Organization, Service
from bridges.networkers.tests.factories import language
from bridges.referrals.models import Referral, State
from bridges.training.tests.factories import networker_for
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}


def _in(page, lang: str, url: str):
    visit(page, f"/language/{lang}/?next={url}")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("lang", ["fa", "ar"])
def test_a_networker_refers_in_farsi_on_a_phone_and_the_provider_accepts(
    phone_context, phone_page, lang
):
    page = phone_page
    page.set_viewport_size(NARROW)
    language("en", "English")
    language("fa", "Persian", native="فارسی", rtl=True)
    programme = ProgrammeFactory(slug=f"riverton-{lang}", name="Riverton")
    partner = Organisation.objects.create(name="Riverton Law Centre", kind="charity")
    partner.programmes.add(programme)
    organization = Organization.objects.create(
        programme=programme, name="Riverton Law Centre", partner=partner
    )
    service = Service.objects.create(
        programme=programme, organization=organization, name="Housing advice"
    )
    networker = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    provider = member(programme, Role.PROVIDER, display_name="Sami Haddad")
    membership = provider.memberships.get()
    membership.organisation = partner
    membership.save()
    contact = record(programme, networker_for(networker, programme))

    # The networker, from their contact record.
    login_as(phone_context, networker)
    _in(page, lang, reverse("contacts:detail", args=[programme.slug, contact.pk]))
    page.locator(f"main a[href$='referrals/new/?contact={contact.pk}']").click()
    page.wait_for_url("**/referrals/new/?contact=*")
    axe_check(page)
    # Show the consent wording in Farsi (the person's language).
    page.select_option("select[name=wording]", "fa")
    page.locator("form.rf-filters button[type=submit]").click()
    page.wait_for_url("**/referrals/new/?*wording=fa*")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    shot(page, f"referrals-create-{lang}-360")
    # Sent empty first: the errors, then filled in.
    page.locator("form.rf-steps button[type=submit]").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator(".error-summary, [role=alert]").first.is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, f"referrals-create-errors-{lang}-360")
    page.check("input[name=consent_given_by][value=person]")
    page.check("input[name=consent_method][value=interpreted]")
    page.check("input[name=consent_confirmed]")
    page.select_option("select[name=service]", str(service.pk))
    page.fill("input[name=person_name]", "Maryam Ahmadi")
    page.select_option("select[name=language]", "fa")
    page.check("input[name=interpreter_needed][value=yes]")
    page.check("input[name=contact_method][value=phone]")
    page.fill("input[name=contact_detail]", "07700 900321")
    page.fill("textarea[name=note]", "Needs help with a tenancy deposit.")
    page.locator("form.rf-steps button[type=submit]").click()
    page.wait_for_url("**/referrals/*/")
    axe_check(page)
    referral = Referral.objects.get(contact=contact)
    assert referral.language_id == "fa" and referral.consent_method == "interpreted"
    assert referral.interpreter_needed and referral.state == State.SENT
    assert_no_horizontal_scroll(page)
    shot(page, f"referrals-sent-{lang}-360")

    # The service's staff: their list, the referral, accept it.
    phone_context.clear_cookies()
    login_as(phone_context, provider)
    _in(page, lang, reverse("referrals:list", args=[programme.slug]))
    shot(page, f"referrals-provider-list-{lang}-360")
    page.locator(f"a:has-text('{referral.reference}')").click()
    page.wait_for_url(f"**/referrals/{referral.pk}/")
    axe_check(page)
    assert page.locator("bdi:has-text('Maryam Ahmadi')").is_visible()
    page.locator(f"a[href$='/referrals/{referral.pk}/update/']").click()
    page.wait_for_url(f"**/referrals/{referral.pk}/update/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    shot(page, f"referrals-provider-update-{lang}-360")
    page.check("input[name=state][value=accepted]")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/referrals/{referral.pk}/")
    axe_check(page)
    assert_no_horizontal_scroll(page)
    shot(page, f"referrals-provider-accepted-{lang}-360")
    referral.refresh_from_db()
    assert referral.state == State.ACCEPTED
