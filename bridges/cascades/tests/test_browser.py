"""Key-message cascades in a real browser: a networker on a phone reports sharing a message
while offline and the report arrives once, even when the first answer is lost on the way; the
sharing page, the cascade view and the public page at 360 px, in English and Arabic."""

import pytest
from django.utils import translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.cascades.models import ReachReport, ReachSummary
from bridges.cascades.tests.factories import key_message, report
from bridges.translations.services import publish_translation
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

API = "**/cascades/*/api/reports/"
NARROW = {"width": 360, "height": 800}

QUEUE = """async () => {
  const db = await new Promise((ok) => {
    const open = indexedDB.open('bridges-cascades', 1);
    open.onupgradeneeded = () => open.result.createObjectStore('queue', {keyPath: 'client_id'});
    open.onsuccess = () => ok(open.result);
  });
  const all = await new Promise((ok) => {
    const read = db.transaction('queue').objectStore('queue').getAll();
    read.onsuccess = () => ok(read.result);
  });
  db.close();
  return all;
}"""


@pytest.fixture
def city(transactional_db, programme):
    from .conftest import city as make_city

    return make_city.__wrapped__(programme)


@pytest.fixture
def slow(phone_context):
    phone_context.set_default_timeout(30_000)
    return phone_context


def _message(city):
    message = key_message(city, languages=["ar", "ti"])
    publish_translation(
        message,
        "ar",
        {
            "title": "لقاحات الشتاء",
            "text": "لقاحات الإنفلونزا مجانية هذا الشتاء لمن هم أكثر عرضة للخطر.",
            "short_text": "اسأل طبيبك العام أو الصيدلية عن لقاح الإنفلونزا المجاني.",
        },
        note="test",
    )
    return message


def test_a_report_made_offline_on_a_phone_arrives_once(phone_page, slow, city):
    from .conftest import networker_of

    amina = networker_of(city, "ar")
    message = _message(city)
    phone_page.set_viewport_size(NARROW)
    login_as(slow, amina.user)
    visit(phone_page, f"/p/{city.slug}/cascades/{message.pk}/report/?language=ar")
    assert_no_horizontal_scroll(phone_page)

    # No connection: the report is kept on the phone.
    slow.set_offline(True)
    phone_page.get_by_label("Messaging group (WhatsApp, Telegram…)").check()
    phone_page.get_by_label("About how many people did it reach?").fill("48")
    phone_page.get_by_label("Questions or reactions that came back").fill(
        "Is the vaccine free for adults?"
    )
    phone_page.get_by_role("button", name="Send the report").click()
    phone_page.wait_for_function(
        "() => document.getElementById('kc-offline-said').textContent.length > 0"
    )
    [kept] = phone_page.evaluate(QUEUE)
    assert kept["status"] == "waiting" and kept["payload"]["people_reached"] == "48"
    assert not ReachReport.objects.exists()
    # The form is ready for another report, with a new id.
    assert phone_page.locator("[name=client_id]").input_value() != kept["client_id"]
    shot(phone_page, "cascades-report-saved-offline-en-360")

    # Back online, but the server's first answer is lost on the way: the report is stored,
    # the phone does not know, keeps it and sends it again; the server stores it once.
    lost = []

    def lose_first_answer(route):
        if not lost:
            route.fetch()  # reaches the server, which stores the report
            lost.append(True)
            route.abort()  # …but the answer never arrives
        else:
            route.continue_()

    slow.route(API, lose_first_answer)
    slow.set_offline(False)
    phone_page.evaluate("() => window.dispatchEvent(new Event('online'))")
    phone_page.wait_for_function("() => true")
    for _ in range(300):
        if not phone_page.evaluate(QUEUE):
            break
        phone_page.wait_for_timeout(100)
    assert not phone_page.evaluate(QUEUE), "the report is still waiting on the phone"
    assert lost, "the first answer was not lost: the test did not test a retry"
    assert ReachReport.objects.count() == 1
    stored = ReachReport.objects.get()
    assert (stored.people_reached, stored.language_id) == (48, "ar")
    assert stored.question == "Is the vaccine free for adults?"
    assert set(ReachSummary.objects.values_list("people", flat=True)) == {48}
    slow.unroute(API)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_sharing_page_the_cascade_view_and_the_public_page_on_a_phone(
    phone_page, slow, city, language
):
    from .conftest import networker_of

    amina = networker_of(city, "ar", "ti")
    message = _message(city)
    for people in (40, 3, 120):
        report(message, amina, people_reached=people, question="Is it free for adults?")
    phone_page.set_viewport_size(NARROW)
    login_as(slow, amina.user)
    visit(phone_page, f"/language/{language}/?next=/p/{city.slug}/cascades/mine/")
    assert phone_page.locator("html").get_attribute("lang") == language
    assert phone_page.locator(f"h2#message-{message.pk}").inner_text() == "لقاحات الشتاء"
    # The copy button appears with JavaScript; the share link is a plain wa.me address.
    assert phone_page.locator("button[data-copy]").first.is_visible()
    assert phone_page.locator("a[href^='https://wa.me/?text=']").count() == 2
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"cascades-mine-{language}-360")

    # The public page a networker shares, in Arabic.
    with translation.override("ar"):
        public = f"/ar/messages/{message.pk}/"
    visit(phone_page, public)
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert phone_page.locator("h1").inner_text() == "لقاحات الشتاء"
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"cascades-public-ar-360-from-{language}")

    coordinator = member(city, Role.COORDINATOR)
    login_as(slow, coordinator)
    visit(phone_page, f"/language/{language}/?next=/p/{city.slug}/cascades/reach/")
    assert phone_page.locator("table.kc-table").count() >= 4
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"cascades-reach-{language}-360")
    visit(phone_page, f"/p/{city.slug}/cascades/questions/")
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"cascades-questions-{language}-360")
    phone_page.locator(".kc-questions a.button").first.click()
    phone_page.wait_for_load_state("load")
    axe_check(phone_page)
    phone_page.locator("main form button[type=submit]").click()  # sent empty: the errors
    phone_page.wait_for_load_state("load")
    axe_check(phone_page)
    assert phone_page.locator(".error-summary").is_visible()
    shot(phone_page, f"cascades-answer-empty-{language}-360")
    visit(phone_page, f"/p/{city.slug}/cascades/new/")
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"cascades-new-{language}-360")
