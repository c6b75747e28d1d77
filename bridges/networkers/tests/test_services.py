import datetime
import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.core.models import Notification
from bridges.networkers import services
from bridges.networkers.models import DBSCheck, Networker, StageChange, VettingRecord
from bridges.networkers.services import LanguageLevel

from .factories import NetworkerFactory, dbs, language, vetted, ward

Stage = Networker.Stage


def apply(programme, token=None, **overrides):
    data = {
        "programme": programme,
        "token": token or uuid.uuid4(),
        "display_name": "Amina Haddad",
        "email": "Amina@Example.org",
        "phone": "07700 900123",
        "languages": [
            LanguageLevel(language=language("ar", "Arabic"), level="native"),
            LanguageLevel(language=language("en", "English"), level="fluent"),
        ],
        "community_names": ["Syrian families", "Sudanese community", "syrian families"],
        "areas": [ward("E05011400", "Harehills")],
        "interests": ["support"],
    }
    data.update(overrides)
    return services.networker_apply(**data)


@pytest.mark.django_db
def test_an_application_records_consent_retention_and_the_first_stage(programme):
    networker, created = apply(programme)
    assert created
    assert networker.stage == Stage.APPLIED
    assert networker.email == "amina@example.org"
    assert networker.consent_at is not None
    assert networker.retain_until == timezone.localdate() + datetime.timedelta(days=365)
    assert {s.language_id: s.level for s in networker.language_skills.all()} == {
        "ar": "native",
        "en": "fluent",
    }
    # Community names are matched regardless of case.
    assert sorted(c.name for c in networker.communities.all()) == [
        "Sudanese community",
        "Syrian families",
    ]
    assert networker.stage_changes.get().to_stage == Stage.APPLIED


@pytest.mark.django_db
def test_sending_the_same_form_twice_makes_one_application(programme):
    token = uuid.uuid4()
    first, created = apply(programme, token=token)
    second, created_again = apply(programme, token=token)
    assert created and not created_again
    assert first.pk == second.pk
    assert Networker.objects.count() == 1


@pytest.mark.django_db
def test_contact_details_are_encrypted_at_rest(programme):
    networker, _ = apply(programme)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, phone FROM networkers_networker WHERE id = %s", [networker.pk]
        )
        email, phone = cursor.fetchone()
    assert "amina" not in email and "07700" not in phone
    assert Networker.objects.get(pk=networker.pk).phone == "07700 900123"


@pytest.mark.django_db
def test_moving_records_who_when_and_why(programme, coordinator):
    networker = NetworkerFactory(programme=programme)
    change = services.networker_move(
        networker=networker, to_stage=Stage.CONTACTED, moved_by=coordinator
    )
    networker.refresh_from_db()
    assert networker.stage == Stage.CONTACTED
    assert change.changed_by == coordinator and change.from_stage == Stage.APPLIED
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_DATA_CHANGED, target=f"networker:{networker.pk}"
    ).exists()


@pytest.mark.django_db
def test_a_person_cannot_skip_steps_and_pausing_needs_a_reason(programme, coordinator):
    networker = NetworkerFactory(programme=programme)
    with pytest.raises(ValidationError):
        services.networker_move(networker=networker, to_stage=Stage.TRAINING, moved_by=coordinator)
    with pytest.raises(ValidationError):
        services.networker_move(networker=networker, to_stage=Stage.PAUSED, moved_by=coordinator)
    services.networker_move(
        networker=networker, to_stage=Stage.PAUSED, moved_by=coordinator, reason="Exams"
    )
    vetted(networker, kinds=[VettingRecord.Kind.INTERVIEW])
    services.networker_move(networker=networker, to_stage=Stage.INTERVIEWED, moved_by=coordinator)
    assert StageChange.objects.filter(networker=networker).count() == 2


@pytest.mark.django_db
def test_active_needs_a_current_dbs_check(programme, coordinator):
    networker = vetted(NetworkerFactory(programme=programme, stage=Stage.TRAINING))
    with pytest.raises(ValidationError, match="DBS"):
        services.networker_move(networker=networker, to_stage=Stage.ACTIVE, moved_by=coordinator)
    today = timezone.localdate()
    dbs(
        networker,
        checked_on=today - datetime.timedelta(days=1200),
        renewal_due=today - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="DBS"):
        services.networker_move(networker=networker, to_stage=Stage.ACTIVE, moved_by=coordinator)
    dbs(networker)
    services.networker_move(networker=networker, to_stage=Stage.ACTIVE, moved_by=coordinator)
    networker.refresh_from_db()
    assert networker.stage == Stage.ACTIVE
    assert networker.retain_until is None  # kept while they volunteer


@pytest.mark.django_db
def test_a_dbs_check_is_due_for_renewal_after_three_years_by_default(programme, coordinator):
    networker = NetworkerFactory(programme=programme)
    check = services.dbs_check_record(
        networker=networker,
        level=DBSCheck.Level.ENHANCED,
        checked_on=datetime.date(2024, 2, 29),
        seen_by=coordinator,
    )
    assert check.renewal_due == datetime.date(2027, 2, 28)
    assert check.certificate_seen_by == coordinator
    with pytest.raises(ValidationError):
        services.dbs_check_record(
            networker=networker,
            level=DBSCheck.Level.ENHANCED,
            checked_on=timezone.localdate() + datetime.timedelta(days=1),
            seen_by=coordinator,
        )


@pytest.mark.django_db
def test_reminders_go_once_for_checks_due_within_sixty_days(
    programme, other_programme, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    due = NetworkerFactory(programme=programme, stage=Stage.ACTIVE, email="due@example.org")
    dbs(
        due,
        checked_on=today - datetime.timedelta(days=1070),
        renewal_due=today + datetime.timedelta(days=25),
    )
    later = NetworkerFactory(programme=programme, stage=Stage.ACTIVE, email="later@example.org")
    dbs(later, renewal_due=today + datetime.timedelta(days=200))
    renewed = NetworkerFactory(
        programme=other_programme, stage=Stage.ACTIVE, email="renewed@example.org"
    )
    dbs(
        renewed,
        checked_on=today - datetime.timedelta(days=1070),
        renewal_due=today + datetime.timedelta(days=10),
    )
    dbs(renewed, checked_on=today - datetime.timedelta(days=5))
    gone = NetworkerFactory(programme=programme, stage=Stage.LEFT, email="gone@example.org")
    dbs(
        gone,
        checked_on=today - datetime.timedelta(days=1070),
        renewal_due=today + datetime.timedelta(days=10),
    )

    # The daily command queues the task; the test settings run tasks at once.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dbs_reminders", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["due@example.org"]]
    assert "renewal" in mail.outbox[0].subject
    assert DBSCheck.objects.filter(reminder_sent_at__isnull=False).count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_dbs_reminders", stdout=StringIO())
    assert len(mail.outbox) == 1  # not re-sent the next day


@pytest.mark.django_db
def test_a_reminder_is_recorded_once_even_if_the_check_is_reminded_again(
    programme, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    due = NetworkerFactory(programme=programme, stage=Stage.ACTIVE, email="due@example.org")
    check = dbs(
        due,
        checked_on=today - datetime.timedelta(days=1070),
        renewal_due=today + datetime.timedelta(days=25),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dbs_reminders_send(today=today) == 1
    # Someone clears the mark (or two runs overlap): the notification is still sent only once.
    DBSCheck.objects.filter(pk=check.pk).update(reminder_sent_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dbs_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.get().dedupe_key == str(check.pk)


@pytest.mark.django_db
def test_expired_applications_are_deleted_and_volunteers_kept(programme):
    today = timezone.localdate()
    old = NetworkerFactory(programme=programme, retain_until=today - datetime.timedelta(days=1))
    fresh = NetworkerFactory(programme=programme, retain_until=today + datetime.timedelta(days=10))
    active = NetworkerFactory(programme=programme, stage=Stage.ACTIVE, retain_until=None)
    assert services.networker_purge_expired(today=today) == 1
    assert set(Networker.objects.values_list("pk", flat=True)) == {fresh.pk, active.pk}
    assert not Networker.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db
def test_profile_changes_are_audited_by_field_name_only(programme, coordinator):
    networker = NetworkerFactory(programme=programme, skills="Cooking")
    changed = services.networker_update(
        networker=networker,
        changed_by=coordinator,
        data={"skills": "Cooking, driving", "phone": "07700 900456"},
        languages=[LanguageLevel(language=language("so", "Somali"), level="native")],
    )
    assert changed == ["phone", "skills", "languages"]
    event = AuditEvent.objects.get(action=AuditEvent.Action.PERSONAL_DATA_CHANGED)
    assert event.detail == {"fields": ["phone", "skills", "languages"]}
    assert "07700" not in str(event.detail)
    assert (
        services.networker_update(
            networker=networker, changed_by=coordinator, data={"skills": "Cooking, driving"}
        )
        == []
    )


@pytest.mark.django_db
def test_the_daily_purge_command_runs_the_retention_task(programme):
    NetworkerFactory(
        programme=programme, retain_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    call_command("purge_expired_applications", stdout=StringIO())
    assert not Networker.objects.exists()
    assert AuditEvent.objects.filter(actor_label="retention schedule").exists()
