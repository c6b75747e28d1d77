from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.training import selectors, services
from bridges.training.models import Attendance, ModuleCompletion, SessionBooking
from bridges.training.tests.factories import (
    ModuleFactory,
    NetworkerFactory,
    SessionFactory,
    past_session,
)

pytestmark = pytest.mark.django_db


def test_add_months_keeps_the_day_or_uses_the_last_day_of_a_short_month():
    assert services.add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert services.add_months(date(2026, 11, 22), 12) == date(2027, 11, 22)
    assert services.add_months(date(2026, 11, 22), 24) == date(2028, 11, 22)
    assert services.add_months(date(2027, 12, 1), 1) == date(2028, 1, 1)


def test_booking_respects_capacity(programme):
    session = SessionFactory(programme=programme, capacity=2)
    first, second, third = NetworkerFactory.create_batch(3, programme=programme)
    services.session_book(session=session, networker=first)
    services.session_book(session=session, networker=second)
    with pytest.raises(services.SessionFull):
        services.session_book(session=session, networker=third)
    assert SessionBooking.objects.filter(session=session).count() == 2


def test_booking_twice_is_stored_once(programme):
    session = SessionFactory(programme=programme, capacity=1)
    networker = NetworkerFactory(programme=programme)
    one = services.session_book(session=session, networker=networker)
    two = services.session_book(session=session, networker=networker)
    assert one.pk == two.pk
    assert SessionBooking.objects.filter(session=session).count() == 1


def test_the_database_refuses_a_double_booking(programme):
    session = SessionFactory(programme=programme)
    networker = NetworkerFactory(programme=programme)
    SessionBooking.objects.create(session=session, networker=networker)
    with pytest.raises(IntegrityError), transaction.atomic():
        SessionBooking.objects.create(session=session, networker=networker)


def test_cannot_book_a_session_of_another_programme_or_a_cancelled_or_past_one(
    programme, other_programme
):
    stranger = NetworkerFactory(programme=other_programme)
    with pytest.raises(ValidationError):
        services.session_book(session=SessionFactory(programme=programme), networker=stranger)
    networker = NetworkerFactory(programme=programme)
    with pytest.raises(ValidationError):
        services.session_book(
            session=SessionFactory(programme=programme, cancelled=True), networker=networker
        )
    with pytest.raises(ValidationError):
        services.session_book(session=past_session(programme), networker=networker)


def test_cancel_booking_frees_the_place(programme):
    session = SessionFactory(programme=programme, capacity=1)
    first, second = NetworkerFactory.create_batch(2, programme=programme)
    services.session_book(session=session, networker=first)
    assert services.session_booking_cancel(session=session, networker=first)
    services.session_book(session=session, networker=second)
    assert not services.session_booking_cancel(session=session, networker=first)


def test_capacity_cannot_drop_below_bookings(programme, coordinator):
    session = SessionFactory(programme=programme, capacity=3)
    for networker in NetworkerFactory.create_batch(2, programme=programme):
        services.session_book(session=session, networker=networker)
    with pytest.raises(ValidationError) as error:
        services.session_update(session=session, updated_by=coordinator, capacity=1)
    assert "capacity" in error.value.error_dict


def test_session_must_end_after_it_starts(programme, coordinator):
    start = timezone.now() + timedelta(days=1)
    with pytest.raises(ValidationError):
        services.session_create(
            programme=programme,
            created_by=coordinator,
            starts_at=start,
            ends_at=start - timedelta(hours=1),
            venue="Hall",
            trainer="T",
            capacity=5,
        )


def test_attendance_records_completions_with_refresher_dates_and_is_idempotent(
    programme, coordinator
):
    safeguarding = ModuleFactory(required=True, refresher_months=12)
    housing = ModuleFactory(refresher_months=None)
    session = past_session(programme, modules=[safeguarding, housing])
    came, missed = NetworkerFactory.create_batch(2, programme=programme)
    for networker in (came, missed):
        SessionBooking.objects.create(session=session, networker=networker)

    result = services.attendance_record(
        session=session, attended_ids=[came.pk], recorded_by=coordinator
    )
    assert result == {"present": 1, "absent": 1, "completions_added": 2, "completions_removed": 0}
    day = timezone.localdate(session.starts_at)
    completions = {c.module_id: c for c in ModuleCompletion.objects.filter(networker=came)}
    assert completions[safeguarding.pk].completed_on == day
    assert completions[safeguarding.pk].expires_on == services.add_months(day, 12)
    assert completions[housing.pk].expires_on is None
    assert not ModuleCompletion.objects.filter(networker=missed).exists()
    assert Attendance.objects.get(session=session, networker=missed).attended is False
    events = AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_DATA_CHANGED).count()

    # Saving the same register again changes nothing.
    again = services.attendance_record(
        session=session, attended_ids=[came.pk], recorded_by=coordinator
    )
    assert again["completions_added"] == 0
    assert ModuleCompletion.objects.count() == 2
    assert Attendance.objects.count() == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_DATA_CHANGED).count() == (
        events
    )

    # Correcting the register removes what the session gave.
    services.attendance_record(session=session, attended_ids=[missed.pk], recorded_by=coordinator)
    assert not ModuleCompletion.objects.filter(networker=came).exists()
    assert ModuleCompletion.objects.filter(networker=missed).count() == 2


def test_attendance_ignores_networkers_of_another_programme(programme, other_programme):
    session = past_session(programme, modules=[ModuleFactory()])
    stranger = NetworkerFactory(programme=other_programme)
    result = services.attendance_record(
        session=session, attended_ids=[stranger.pk], register_ids=[stranger.pk], recorded_by=None
    )
    assert result["present"] == 0
    assert not ModuleCompletion.objects.exists()


def test_attendance_cannot_be_taken_before_the_session_starts(programme):
    session = SessionFactory(programme=programme)
    with pytest.raises(ValidationError):
        services.attendance_record(session=session, attended_ids=[], recorded_by=None)


def test_refresher_expiry_makes_a_networker_not_ready(programme):
    safeguarding = ModuleFactory(title="Safeguarding", required=True, refresher_months=12)
    networker = NetworkerFactory(programme=programme)
    long_ago = timezone.localdate() - timedelta(days=400)
    services.completion_record(
        networker=networker, module=safeguarding, completed_on=long_ago, recorded_by=None
    )
    readiness = selectors.training_readiness(networker_ids=[networker.pk], programme=programme)
    assert readiness == {networker.pk: ["Safeguarding"]}
    due = list(selectors.refreshers_due(programme=programme))
    assert [c.networker_id for c in due] == [networker.pk]

    services.completion_record(
        networker=networker,
        module=safeguarding,
        completed_on=timezone.localdate(),
        recorded_by=None,
    )
    assert selectors.training_readiness(networker_ids=[networker.pk], programme=programme) == {
        networker.pk: []
    }
    assert list(selectors.refreshers_due(programme=programme)) == []


def test_completion_cannot_be_in_the_future(programme):
    with pytest.raises(ValidationError):
        services.completion_record(
            networker=NetworkerFactory(programme=programme),
            module=ModuleFactory(),
            completed_on=timezone.localdate() + timedelta(days=1),
            recorded_by=None,
        )


def test_curriculum_load_is_idempotent_and_updates_changed_fields():
    from bridges.training.curriculum import NATIONAL_CURRICULUM

    first = services.curriculum_load(modules=NATIONAL_CURRICULUM)
    second = services.curriculum_load(modules=NATIONAL_CURRICULUM)
    assert [m.pk for m in first] == [m.pk for m in second]
    changed = [{**NATIONAL_CURRICULUM[0], "summary": "New summary"}]
    (module,) = services.curriculum_load(modules=changed)
    module.refresh_from_db()
    assert module.summary == "New summary"
