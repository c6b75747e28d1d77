"""In a real browser, on a phone: a networker logs a contact in a few taps."""

import pytest

from bridges.contacts.models import ContactRecord
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

from .factories import record

pytestmark = pytest.mark.browser


@pytest.fixture
def city(transactional_db, programme):
    from .conftest import city as make_city

    return make_city.__wrapped__(programme)


def test_a_networker_logs_a_contact_on_a_phone_in_a_few_taps(phone_page, phone_context, city):
    from .conftest import networker_of

    amina = networker_of(city)
    # Yesterday's contact: the form offers its channel, languages and area again.
    record(city, amina, channel="drop_in", languages=["ar"], area="E05011400")
    login_as(phone_context, amina.user)
    visit(phone_page, f"/p/{city.slug}/contacts/new/")
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "contacts-record-phone")

    taps = 0
    phone_page.get_by_label("Housing").check()
    taps += 1
    phone_page.get_by_role("button", name="Save the contact").click()
    taps += 1
    phone_page.wait_for_url(f"**/p/{city.slug}/contacts/mine/*/")
    axe_check(phone_page)
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "contacts-recorded-phone")
    assert taps <= 3

    stored = ContactRecord.objects.exclude(needs=[]).filter(needs__icontains='"housing"').get()
    assert stored.networker == amina
    assert stored.channel == "drop_in" and stored.area_id == "E05011400"
    assert list(stored.languages.values_list("pk", flat=True)) == ["ar"]
    assert stored.people_helped == 1


def test_an_empty_form_explains_what_is_missing_on_a_phone(phone_page, phone_context, city):
    from .conftest import networker_of

    amina = networker_of(city)
    login_as(phone_context, amina.user)
    visit(phone_page, f"/p/{city.slug}/contacts/new/")
    phone_page.get_by_label("Arabic").uncheck()
    phone_page.get_by_role("button", name="Save the contact").click()
    summary = phone_page.locator(".error-summary")
    summary.wait_for(state="visible")
    axe_check(phone_page)
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "contacts-record-errors-phone")
    assert "Choose at least one language" in summary.inner_text()
    assert not ContactRecord.objects.exists()
    visit(phone_page, f"/p/{city.slug}/contacts/mine/")
    assert_no_horizontal_scroll(phone_page)


def test_a_networker_logs_twenty_contacts_offline_and_each_is_stored_once(page, context, city):
    from .conftest import networker_of

    amina = networker_of(city)
    login_as(context, amina.user)
    # Installing the service worker and twenty saves through IndexedDB take longer than the
    # shared 10 s when the machine is busy (one run in several failed so under parallel tests).
    context.set_default_timeout(30_000)
    form_url = f"/p/{city.slug}/contacts/new/"
    visit(page, form_url)
    # Online: the service worker installs, keeps the form, and takes charge of the page.
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller")

    context.set_offline(True)
    count = page.locator("#ct-offline-count")
    for logged in range(1, 21):
        page.get_by_label("In person").check()
        page.get_by_label("Arabic").check()
        page.get_by_role("button", name="Save the contact").click()
        page.wait_for_function(
            "n => document.getElementById('ct-offline-count').textContent.endsWith(': ' + n)",
            arg=logged,
        )
    said = page.locator("#ct-offline-said")
    assert said.inner_text() == "Saved on this phone; it will be sent when you are online."
    axe_check(page)
    shot(page, "contacts-offline-queued")
    assert not ContactRecord.objects.exists()

    # Still offline, the form opens again from the phone, with the twenty waiting.
    page.reload()
    page.wait_for_function(
        "document.getElementById('ct-offline-count').textContent.endsWith(': 20')"
    )
    axe_check(page)
    assert page.get_by_role("button", name="Save the contact").is_visible()
    assert count.is_visible()

    context.set_offline(False)
    count.wait_for(state="hidden")
    assert ContactRecord.objects.filter(networker=amina).count() == 20
    assert ContactRecord.objects.values("client_id").distinct().count() == 20
    shot(page, "contacts-offline-sent")


def test_the_coordinators_log_past_the_count_cap_on_a_phone_in_arabic(
    phone_page, phone_context, city, monkeypatch
):
    from bridges.accounts.roles import Role
    from bridges.accounts.tests.factories import member
    from bridges.contacts import selectors

    from .conftest import networker_of

    monkeypatch.setattr(selectors, "LOG_COUNT_CAP", 3)  # the live server shares this process
    amina = networker_of(city)
    for _ in range(5):
        record(city, amina, languages=["ar"], needs=["housing"], area="E05011400")
    login_as(phone_context, member(city, Role.COORDINATOR))
    phone_page.set_viewport_size({"width": 360, "height": 780})
    path = f"/p/{city.slug}/contacts/"
    visit(phone_page, path)
    assert "More than 3 contacts." in phone_page.locator(".ct-totals").inner_text()
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "contacts-log-capped-phone")
    visit(phone_page, f"/language/ar/?next={path}")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "contacts-log-capped-phone-ar")
