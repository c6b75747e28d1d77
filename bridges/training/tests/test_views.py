from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.training import services
from bridges.training.curriculum import NATIONAL_CURRICULUM
from bridges.training.models import Module, ModuleCompletion, SessionBooking, TrainingSession
from bridges.training.tests.factories import (
    ModuleFactory,
    NetworkerFactory,
    SessionFactory,
    networker_for,
    past_session,
)

pytestmark = pytest.mark.django_db


def url(name, programme, **kwargs):
    return reverse(f"training:{name}", kwargs={"programme": programme.slug, **kwargs})


def test_curriculum_pages_show_outcomes_materials_and_last_checked(client, programme, networker):
    services.curriculum_load(modules=NATIONAL_CURRICULUM)
    client.force_login(networker)
    page = client.get(url("module_list", programme)).content.decode()
    assert "Safeguarding adults and children" in page
    assert "Last checked: 22 November 2026" in page
    detail = client.get(url("module_detail", programme, slug="health-and-gp-registration"))
    html = detail.content.decode()
    assert "Learning outcomes" in html
    assert "<h2>Registering with a GP</h2>" in html
    assert "Last checked: 22 November 2026" in html


def test_materials_are_escaped(client, programme, networker):
    ModuleFactory(slug="sneaky", materials="<script>alert(1)</script>\n\n- <b>item</b>")
    client.force_login(networker)
    html = client.get(url("module_detail", programme, slug="sneaky")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html
    assert "<li>&lt;b&gt;item&lt;/b&gt;</li>" in html


def test_coordinator_creates_and_edits_a_session(client, programme, coordinator):
    module = ModuleFactory()
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=10)
    data = {
        "kind": "session",
        "modules": [module.pk],
        "starts_at": start.strftime("%Y-%m-%dT18:00"),
        "ends_at": start.strftime("%Y-%m-%dT20:30"),
        "venue": "Civic Hall",
        "trainer": "Safeguarding Partnership",
        "capacity": 12,
    }
    response = client.post(url("session_create", programme), data)
    assert response.status_code == 302
    session = TrainingSession.objects.get(programme=programme)
    assert list(session.modules.all()) == [module]
    assert timezone.localtime(session.starts_at).hour == 18

    response = client.post(
        url("session_edit", programme, session_id=session.pk), {**data, "capacity": 20}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.capacity == 20


def test_session_form_shows_errors(client, programme, coordinator):
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=10)
    response = client.post(
        url("session_create", programme),
        {
            "kind": "session",
            "starts_at": start.strftime("%Y-%m-%dT18:00"),
            "ends_at": start.strftime("%Y-%m-%dT17:00"),
            "venue": "Hall",
            "trainer": "T",
            "capacity": 5,
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "A session must end after it starts." in html
    assert not TrainingSession.objects.exists()


def test_networker_books_and_gives_up_a_place(client, programme, networker):
    me = networker_for(networker, programme)
    session = SessionFactory(programme=programme, capacity=1)
    client.force_login(networker)
    response = client.post(url("session_book", programme, session_id=session.pk), follow=True)
    assert "You are booked on this session." in response.content.decode()
    assert SessionBooking.objects.filter(session=session, networker=me).exists()

    # Booking again (a double tap) keeps one booking.
    client.post(url("session_book", programme, session_id=session.pk))
    assert SessionBooking.objects.filter(session=session).count() == 1

    response = client.post(
        url("session_booking_cancel", programme, session_id=session.pk), follow=True
    )
    assert "Your place has been given up." in response.content.decode()
    assert not SessionBooking.objects.exists()


def test_full_session_says_so(client, programme, networker):
    networker_for(networker, programme)
    session = SessionFactory(programme=programme, capacity=1)
    SessionBooking.objects.create(session=session, networker=NetworkerFactory(programme=programme))
    client.force_login(networker)
    page = client.get(url("session_detail", programme, session_id=session.pk)).content.decode()
    assert "This session is full" in page
    response = client.post(url("session_book", programme, session_id=session.pk), follow=True)
    assert "Sorry, this session is full." in response.content.decode()
    assert SessionBooking.objects.count() == 1


def test_booking_with_htmx_returns_the_booking_fragment(client, programme, networker):
    networker_for(networker, programme)
    session = SessionFactory(programme=programme)
    client.force_login(networker)
    response = client.post(
        url("session_book", programme, session_id=session.pk), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith('<div id="booking"')
    assert "Give up my place" in html
    assert "<html" not in html


def test_attendance_register_records_completions(client, programme, coordinator):
    module = ModuleFactory(required=True, refresher_months=12)
    session = past_session(programme, modules=[module])
    came, missed, walk_in = NetworkerFactory.create_batch(3, programme=programme)
    for person in (came, missed):
        SessionBooking.objects.create(session=session, networker=person)
    client.force_login(coordinator)
    page = client.get(url("session_attendance", programme, session_id=session.pk))
    assert came.display_name in page.content.decode()
    response = client.post(
        url("session_attendance", programme, session_id=session.pk),
        {"register": [came.pk, missed.pk], "attended": [came.pk], "walk_in": walk_in.pk},
        follow=True,
    )
    assert "Register saved: 2 people present, 1 person absent." in response.content.decode()
    assert set(ModuleCompletion.objects.values_list("networker_id", flat=True)) == {
        came.pk,
        walk_in.pk,
    }


def test_attendance_register_refuses_people_not_on_it_and_saves_nothing(
    client, programme, coordinator
):
    session = past_session(programme, modules=[ModuleFactory()])
    came = NetworkerFactory(programme=programme, display_name="Came Along")
    SessionBooking.objects.create(session=session, networker=came)
    client.force_login(coordinator)
    page = client.get(url("session_attendance", programme, session_id=session.pk))
    html = page.content.decode()
    assert 'name="attended"' in html and "Came Along" in html
    assert '<label for="id_walk_in">' in html
    response = client.post(
        url("session_attendance", programme, session_id=session.pk),
        {"register": [came.pk], "attended": [came.pk], "walk_in": "someone"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_walk_in"' in html
    assert "Choose someone from the list, or nobody else." in html
    assert not ModuleCompletion.objects.exists()


def test_booking_someone_who_is_not_on_the_list_shows_the_error_by_the_field(
    client, programme, coordinator
):
    session = SessionFactory(programme=programme)
    NetworkerFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(
        url("session_book_someone", programme, session_id=session.pk), {"networker": "999999"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#book-networker"' in html
    assert 'id="book-networker_error"' in html
    assert "Choose a networker to book." in html
    assert not SessionBooking.objects.exists()


def test_session_list_filters_and_pages_in_fixed_queries(
    client, programme, coordinator, django_assert_num_queries
):
    modules = ModuleFactory.create_batch(3)
    for days in range(1, 26):
        start = timezone.now() + timedelta(days=days)
        SessionFactory(
            programme=programme,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            modules=modules[: days % 3 + 1],
        )
    past_session(programme, modules=modules[:1], kind=TrainingSession.Kind.AWAY_DAY)
    client.force_login(coordinator)
    client.get(url("session_list", programme))  # warm the session and caches
    with django_assert_num_queries(9):
        response = client.get(url("session_list", programme))
    html = response.content.decode()
    assert html.count('class="card session-card"') == 20
    assert "Page 1 of 2" in html
    past = client.get(url("session_list", programme), {"when": "past", "kind": "away_day"})
    assert past.content.decode().count('class="card session-card"') == 1


def test_refreshers_and_progress_pages_in_fixed_queries(
    client, programme, coordinator, django_assert_num_queries
):
    module = ModuleFactory(title="Safeguarding", required=True, refresher_months=12)
    for networker in NetworkerFactory.create_batch(12, programme=programme):
        services.completion_record(
            networker=networker,
            module=module,
            completed_on=timezone.localdate() - timedelta(days=340),
            recorded_by=None,
        )
    client.force_login(coordinator)
    client.get(url("refreshers", programme))
    with django_assert_num_queries(6):
        response = client.get(url("refreshers", programme))
    assert response.content.decode().count("due soon") == 12
    with django_assert_num_queries(7):
        response = client.get(url("progress", programme))
    assert "12</strong> fully trained" in response.content.decode()


def test_networker_record_is_audited_and_records_a_completion(client, programme, coordinator):
    person = NetworkerFactory(programme=programme)
    module = ModuleFactory()
    client.force_login(coordinator)
    response = client.get(url("networker_record", programme, networker_id=person.pk))
    assert response.status_code == 200
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED, target__contains=str(person.pk)
    ).exists()
    client.post(
        url("networker_record", programme, networker_id=person.pk),
        {"module": module.pk, "completed_on": timezone.localdate().isoformat()},
    )
    assert ModuleCompletion.objects.filter(networker=person, module=module).exists()


def test_networker_sees_only_their_own_certificates(client, programme, networker):
    me = networker_for(networker, programme)
    other = NetworkerFactory(programme=programme)
    module = ModuleFactory()
    mine = services.completion_record(
        networker=me, module=module, completed_on=timezone.localdate(), recorded_by=None
    )
    theirs = services.completion_record(
        networker=other, module=module, completed_on=timezone.localdate(), recorded_by=None
    )
    client.force_login(networker)
    assert client.get(url("certificate", programme, completion_id=mine.pk)).status_code == 200
    assert client.get(url("certificate", programme, completion_id=theirs.pk)).status_code == 404
    record = client.get(url("my_record", programme)).content.decode()
    assert module.title in record


def test_calendar_download(client, programme, networker):
    session = SessionFactory(programme=programme, venue="Civic Hall, Room 2")
    client.force_login(networker)
    response = client.get(url("session_ics", programme, session_id=session.pk))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body
    assert "LOCATION:Civic Hall\\, Room 2" in body
    assert f"training-session-{session.pk}" in body


def test_other_programmes_sessions_are_not_found(client, programme, other_programme, coordinator):
    elsewhere = SessionFactory(programme=other_programme)
    client.force_login(coordinator)
    response = client.get(url("session_detail", programme, session_id=elsewhere.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("count", [2, 12])
def test_session_detail_and_curriculum_queries_do_not_grow(
    client, programme, coordinator, networker, count, django_assert_num_queries
):
    modules = ModuleFactory.create_batch(count)
    session = SessionFactory(programme=programme, capacity=20, modules=modules)
    for person in NetworkerFactory.create_batch(count, programme=programme):
        SessionBooking.objects.create(session=session, networker=person)
    me = networker_for(networker, programme)
    for module in modules:
        services.completion_record(
            networker=me, module=module, completed_on=timezone.localdate(), recorded_by=None
        )
    client.force_login(coordinator)
    client.get(url("session_detail", programme, session_id=session.pk))
    with django_assert_num_queries(9):
        response = client.get(url("session_detail", programme, session_id=session.pk))
    assert response.content.decode().count("networkers/") >= count
    client.force_login(networker)
    client.get(url("module_list", programme))
    with django_assert_num_queries(7):
        response = client.get(url("module_list", programme))
    assert response.content.decode().count("tag-green") == count


def test_coordinator_adds_and_edits_a_programme_module(client, programme, coordinator):
    client.force_login(coordinator)
    data = {
        "title": "Riverton's own services",
        "slug": "city-services",
        "summary": "Front doors of the council.",
        "learning_outcomes": "Name the front doors",
        "materials": "## Riverton Connect\nOpen Monday to Friday.",
        "required": "on",
        "refresher_months": 12,
        "last_checked": "2026-11-22",
        "order": 95,
        "is_active": "on",
    }
    response = client.post(url("module_create", programme), data)
    assert response.status_code == 302
    module = Module.objects.get(programme=programme, slug="city-services")
    assert module.required and module.refresher_months == 12
    client.post(url("module_edit", programme, slug="city-services"), {**data, "order": 5})
    module.refresh_from_db()
    assert module.order == 5
    # A programme module wins over a national one with the same short name.
    ModuleFactory(slug="city-services", title="National version")
    page = client.get(url("module_detail", programme, slug="city-services")).content.decode()
    assert "Riverton&#x27;s own services" in page
    assert "Edit this module" in page


def test_national_modules_are_not_edited_here(client, programme, coordinator):
    ModuleFactory(slug="housing")
    client.force_login(coordinator)
    assert client.get(url("module_edit", programme, slug="housing")).status_code == 404


def test_networker_pages_read_in_arabic_right_to_left(client, programme, networker, settings):
    networker_for(networker, programme)
    session = SessionFactory(programme=programme)
    client.force_login(networker)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ar"
    html = client.get(url("session_detail", programme, session_id=session.pk)).content.decode()
    assert 'dir="rtl"' in html
    assert "احجز مكاني" in html  # "Book my place"


def test_coordinator_books_someone_and_capacity_still_holds(client, programme, coordinator):
    session = SessionFactory(programme=programme, capacity=1)
    first, second = NetworkerFactory.create_batch(2, programme=programme)
    client.force_login(coordinator)
    page = client.get(url("session_detail", programme, session_id=session.pk)).content.decode()
    assert first.display_name in page
    response = client.post(
        url("session_book_someone", programme, session_id=session.pk),
        {"networker": first.pk},
        follow=True,
    )
    assert f"{first.display_name} is booked on this session." in response.content.decode()
    response = client.post(
        url("session_book_someone", programme, session_id=session.pk),
        {"networker": second.pk},
        follow=True,
    )
    assert "Sorry, this session is full." in response.content.decode()
    assert SessionBooking.objects.get(session=session).booked_by == coordinator
