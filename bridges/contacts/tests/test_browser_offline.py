"""The contact log offline, in a real browser with the real service worker: the count of
records not sent on every page, signing out with records waiting (kept for the same person
only), the review page of records the server refused, and a connection that says it is online
but does not reach the server."""

import uuid

import pytest

from bridges.contacts.models import ContactRecord
from bridges.contacts.tests.factories import record
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, speaks
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

API = "**/contacts/api/records/"
NARROW = {"width": 360, "height": 800}

# The phone's queue as the page sees it; `changes` are [index, item fields, payload fields].
QUEUE = """async (changes) => {
  const db = await new Promise((ok) => {
    const open = indexedDB.open('bridges-contacts', 1);
    open.onsuccess = () => ok(open.result);
  });
  const all = await new Promise((ok) => {
    const read = db.transaction('queue').objectStore('queue').getAll();
    read.onsuccess = () => ok(read.result);
  });
  all.sort((a, b) => a.queued_at - b.queued_at);
  if (changes.length) {
    const queue = db.transaction('queue', 'readwrite').objectStore('queue');
    for (const [i, fields, payload] of changes) {
      queue.put({...all[i], ...fields, payload: {...all[i].payload, ...payload}});
    }
    await new Promise((ok) => (queue.transaction.oncomplete = ok));
  }
  db.close();
  return all;
}"""

KEPT_PAGES = """async () => {
  const kept = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      kept.push([new URL(request.url).pathname, response.headers.get('Content-Type')]);
    }
  }
  return kept;
}"""


def queue(page, slug: str, n: int, *, wait=True) -> None:
    """Open the form online (the service worker keeps it), go offline and save `n` records."""
    visit(page, f"/p/{slug}/contacts/new/")
    page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller")
    page.context.set_offline(True)
    for logged in range(1, n + 1):
        page.get_by_label("In person").check()
        page.get_by_label("Arabic").check()
        page.get_by_role("button", name="Save the contact").click()
        page.wait_for_function(
            "n => document.getElementById('ct-offline-count').textContent.endsWith(': ' + n)",
            arg=logged,
        )


def sent_or_refused(page) -> None:
    """Wait until the page has tried every waiting record (one request at a time: the test
    server's SQLite refuses a write while another request writes)."""
    for _ in range(300):
        if not [item for item in page.evaluate(QUEUE, []) if item["status"] == "waiting"]:
            return
        page.wait_for_timeout(100)
    pytest.fail("records still waiting after 30 s")


def in_language(page, language: str, path: str) -> None:
    visit(page, f"/language/{language}/?next={path}")
    assert page.locator("html").get_attribute("lang") == language


def badge_count(page) -> str:
    page.wait_for_selector("#unsent-badge[data-count]", state="attached")
    return page.locator("#unsent-badge").get_attribute("data-count")


@pytest.fixture
def city(transactional_db, programme):
    from .conftest import city as make_city

    return make_city.__wrapped__(programme)


@pytest.fixture
def slow(phone_context):
    # A service worker's install and IndexedDB take longer than 10 s on a busy machine.
    phone_context.set_default_timeout(30_000)
    return phone_context


@pytest.mark.parametrize("language", ["en", "ar"])
def test_unsent_records_show_on_every_page_and_stay_for_the_same_person_only(
    phone_page, slow, city, language
):
    from .conftest import networker_of

    amina, yonas = networker_of(city), networker_of(city)
    phone_page.set_viewport_size(NARROW)
    login_as(slow, amina.user)
    queue(phone_page, city.slug, 2)

    # Back online, but the server cannot be reached: the records stay on the phone.
    slow.route(API, lambda route: route.abort())
    slow.set_offline(False)
    today = f"/p/{city.slug}/"
    in_language(phone_page, language, today)
    assert badge_count(phone_page) == "2"
    badge = phone_page.locator("#unsent-badge")
    assert badge.is_visible()
    slot = phone_page.locator("[data-today='contacts.record'] #unsent-count")
    assert slot.is_visible() and slot.inner_text().endswith("2")
    assert not ContactRecord.objects.exists()
    if language == "en":
        assert badge.inner_text() == "Not sent yet: 2"
        assert badge.get_attribute("href") == f"/p/{city.slug}/contacts/unsent/"

    # One has waited two days: flagged.
    two_days_ago = phone_page.evaluate("Date.now() - 2 * 864e5")
    phone_page.evaluate(QUEUE, [[0, {"queued_at": two_days_ago}, {}]])
    phone_page.reload()
    axe_check(phone_page)
    assert badge_count(phone_page) == "2"
    assert "unsent-badge-flagged" in badge.get_attribute("class")
    if language == "en":
        assert badge.inner_text() == "Not sent yet: 2 (waiting more than a day)"
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"contacts-unsent-badge-today-{language}-360")

    # Signing out warns first, with the count.
    kept = phone_page.evaluate(KEPT_PAGES)
    assert any(path.endswith("/contacts/new/") for path, _ in kept), kept
    phone_page.locator("header form[data-signout] button").click()
    phone_page.wait_for_url("**/logout/?unsent=2")
    axe_check(phone_page)
    warning = phone_page.locator("#signout-unsent")
    if language == "en":
        assert warning.inner_text().startswith(
            "You have 2 records not sent yet. They stay on this phone and are sent next time "
            "you sign in."
        )
    assert phone_page.locator("a[data-unsent-review]").get_attribute("href").endswith("/unsent/")
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"contacts-sign-out-warning-{language}-360")
    phone_page.locator("main form[data-signout] button").click()
    phone_page.wait_for_selector("header a[href*='login']")
    axe_check(phone_page)

    # The kept pages went (the form showed the person's data); scripts and stylesheets stay.
    kept = phone_page.evaluate(KEPT_PAGES)
    assert kept and not [path for path, kind in kept if kind.startswith("text/html")], kept
    assert len(phone_page.evaluate(QUEUE, [])) == 2  # the records stay on the phone

    # Another networker signs in on this phone, with the server reachable: nothing of Amina's
    # is shown or sent.
    slow.unroute(API)
    login_as(slow, yonas.user)
    visit(phone_page, today)
    assert badge_count(phone_page) == "0"
    assert not phone_page.locator("#unsent-badge").is_visible()
    visit(phone_page, f"/p/{city.slug}/contacts/new/")
    assert badge_count(phone_page) == "0"
    assert not phone_page.locator("#ct-offline-count").is_visible()
    phone_page.wait_for_timeout(1000)
    assert not ContactRecord.objects.exists()
    assert len(phone_page.evaluate(QUEUE, [])) == 2
    # Yonas signs out: nothing of his waits, so no warning.
    phone_page.locator("header form[data-signout] button").click()
    phone_page.wait_for_selector("header a[href*='login']")
    axe_check(phone_page)
    assert "unsent" not in phone_page.url

    # Amina signs in again: her records go from the first page she opens.
    login_as(slow, amina.user)
    visit(phone_page, today)
    phone_page.wait_for_function(
        "() => document.getElementById('unsent-badge').dataset.count === '0'"
    )
    assert ContactRecord.objects.filter(networker=amina).count() == 2
    assert not phone_page.evaluate(QUEUE, [])


def test_a_record_sent_as_the_server_drops_out_is_kept_and_sent_later(phone_page, slow, city):
    """navigator.onLine says online, but the server does not answer: nothing is lost."""
    from .conftest import networker_of

    amina = networker_of(city)
    login_as(slow, amina.user)
    form = f"/p/{city.slug}/contacts/new/"
    visit(phone_page, form)
    phone_page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller"
    )

    # The form is sent, and the server cannot be reached: neither the page nor the endpoint.
    slow.route(
        f"**{form}",
        lambda route: route.abort() if route.request.method == "POST" else route.continue_(),
    )
    slow.route(API, lambda route: route.abort())
    phone_page.get_by_label("In person").check()
    phone_page.get_by_label("Arabic").check()
    phone_page.get_by_role("button", name="Save the contact").click()
    phone_page.wait_for_function(
        "() => document.getElementById('ct-offline-count').textContent.endsWith(': 1')"
    )
    axe_check(phone_page)
    # The page came as /new/?unsent=1 and tidied its address to /new/: the same page, checked.
    phone_page.bridges_checked.update(phone_page.bridges_visited)
    assert phone_page.evaluate("navigator.onLine")
    assert not ContactRecord.objects.exists()
    phone_page.wait_for_timeout(2000)  # a first try fails: still kept
    assert not ContactRecord.objects.exists()
    [kept] = phone_page.evaluate(QUEUE, [])
    assert kept["status"] == "waiting"

    # The server is back: the record goes by itself, once.
    slow.unroute(f"**{form}")
    slow.unroute(API)
    phone_page.locator("#ct-offline-count").wait_for(state="hidden", timeout=60_000)
    assert ContactRecord.objects.filter(networker=amina).count() == 1


@pytest.mark.parametrize("language", ["en", "ar"])
def test_records_the_server_refused_are_reviewed_changed_and_sent_or_discarded(
    phone_page, slow, city, language
):
    from .conftest import networker_of

    amina = networker_of(city)
    phone_page.set_viewport_size(NARROW)
    login_as(slow, amina.user)
    queue(phone_page, city.slug, 3)
    first, second, third = phone_page.evaluate(QUEUE, [])
    # The first record's id was used meanwhile by a different record (409); the second lost its
    # languages (400); the third is fine.
    ContactRecord.objects.filter(pk=record(city, amina, people_helped=4).pk).update(
        client_id=uuid.UUID(first["client_id"])
    )
    phone_page.evaluate(QUEUE, [[1, {}, {"languages": []}]])
    slow.set_offline(False)
    sent_or_refused(phone_page)
    review = f"/p/{city.slug}/contacts/unsent/"
    in_language(phone_page, language, review)
    phone_page.wait_for_function(
        "() => document.querySelectorAll('#ct-review .ct-review-item').length === 2"
        " && !document.querySelector('#ct-review [data-status=waiting]')"
    )
    axe_check(phone_page)
    assert ContactRecord.objects.filter(client_id=third["client_id"]).exists()
    conflict = phone_page.locator(f"[data-client-id='{first['client_id']}']")
    invalid = phone_page.locator(f"[data-client-id='{second['client_id']}']")
    assert conflict.get_attribute("data-status") == "conflict"
    assert invalid.get_attribute("data-status") == "invalid"
    if language == "en":
        assert "a different record was already sent" in conflict.inner_text()
        assert "Choose at least one language" in invalid.inner_text()
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"contacts-review-unsent-{language}-360")
    # The badge on the page says some were refused.
    assert "unsent-badge-flagged" in phone_page.locator("#unsent-badge").get_attribute("class")
    if language == "ar":
        return  # the rest is the same in every language

    # Change the one with no language and send it again: a new id, stored; the old one goes.
    invalid.get_by_role("link", name="Change and send again").click()
    phone_page.wait_for_url("**/contacts/new/?edit=*")
    axe_check(phone_page)
    assert phone_page.get_by_label("In person").is_checked()
    assert not phone_page.get_by_label("Arabic").is_checked()
    new_id = phone_page.locator("[name=client_id]").input_value()
    assert new_id != second["client_id"]
    phone_page.get_by_label("Arabic").check()
    phone_page.get_by_role("button", name="Save the contact").click()
    phone_page.wait_for_url(f"**{review}")
    axe_check(phone_page)
    phone_page.wait_for_function(
        "() => document.querySelectorAll('#ct-review .ct-review-item').length === 1"
    )
    resent = ContactRecord.objects.get(client_id=new_id)
    assert list(resent.languages.values_list("pk", flat=True)) == ["ar"]
    assert not ContactRecord.objects.filter(client_id=second["client_id"]).exists()

    # Discard the other: only after saying yes.
    phone_page.once("dialog", lambda dialog: dialog.dismiss())
    conflict.get_by_role("button", name="Discard").click()
    phone_page.wait_for_timeout(300)
    assert conflict.count() == 1
    phone_page.once("dialog", lambda dialog: dialog.accept())
    conflict.get_by_role("button", name="Discard").click()
    phone_page.locator("#ct-review-none").wait_for(state="visible")
    assert not phone_page.evaluate(QUEUE, [])
    assert badge_count(phone_page) == "0"
    assert ContactRecord.objects.filter(networker=amina).count() == 3  # 4-people one, 3rd, resent


def test_records_refused_as_no_longer_a_networker_wait_for_review_not_for_ever(
    phone_page, slow, city
):
    from .conftest import networker_of

    amina = networker_of(city)
    login_as(slow, amina.user)
    queue(phone_page, city.slug, 1)
    Networker.objects.filter(pk=amina.pk).delete()  # the coordinator removed her profile
    slow.set_offline(False)
    sent_or_refused(phone_page)
    review = f"/p/{city.slug}/contacts/unsent/"
    visit(phone_page, review)
    card = phone_page.locator("#ct-review .ct-review-item")
    phone_page.wait_for_function("() => document.querySelector('#ct-review [data-status=refused]')")
    assert "no longer a networker in this programme" in card.inner_text()
    # Not tried again by itself.
    requests = []
    phone_page.on("request", lambda r: requests.append(r) if "api/records" in r.url else None)
    phone_page.reload()
    axe_check(phone_page)
    card.wait_for()
    phone_page.wait_for_timeout(1000)
    assert not requests
    # Put right by the coordinator: "Try again" sends it.
    profile = NetworkerFactory(programme=city, user=amina.user, stage=Networker.Stage.ACTIVE)
    speaks(profile, "ar")
    card.get_by_role("button", name="Try again").click()
    phone_page.locator("#ct-review-none").wait_for(state="visible")
    assert ContactRecord.objects.filter(networker=profile).count() == 1


def test_records_kept_past_the_limits_are_removed_from_the_phone(phone_page, slow, city):
    """docs/privacy/phone-queue.md: shown after 30 days, then removed; removed after 60."""
    from .conftest import networker_of

    amina = networker_of(city)
    login_as(slow, amina.user)
    queue(phone_page, city.slug, 2)
    _, second = phone_page.evaluate(QUEUE, [])
    now = phone_page.evaluate("() => Date.now()")
    day = 24 * 60 * 60 * 1000
    phone_page.evaluate(
        QUEUE, [[0, {"queued_at": now - 61 * day}, {}], [1, {"queued_at": now - 31 * day}, {}]]
    )
    slow.route(API, lambda route: route.abort())  # neither can be sent meanwhile
    slow.set_offline(False)
    visit(phone_page, f"/p/{city.slug}/contacts/unsent/")
    card = phone_page.locator("#ct-review .ct-review-item")
    card.wait_for()
    assert card.count() == 1 and card.get_attribute("data-client-id") == second["client_id"]
    assert "it will be removed from this phone" in card.inner_text()
    phone_page.wait_for_timeout(300)  # the page notes that it was shown
    phone_page.reload()
    axe_check(phone_page)
    phone_page.wait_for_selector("#ct-review[data-shown='0']", state="attached")
    assert phone_page.locator("#ct-review-none").is_visible()
    assert not phone_page.evaluate(QUEUE, [])
    assert not ContactRecord.objects.exists()
