"""Concerns not acknowledged in time: the leads are told once when the programme's deadline
passes, and reminded once more (with the programme's safeguarding contact) a deadline later.
The emails say nothing of the concern."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.core.models import Notification
from bridges.safeguarding import services
from bridges.safeguarding.models import Concern, SafeguardingSettings

from .factories import make_concern

SECRET = "Narwhal-unique worry"


def _notify(now, capture):
    with capture(execute=True):
        return services.concern_overdue_notify(now=now, site_url="https://bridges.example")


@pytest.mark.django_db
def test_leads_are_told_once_then_reminded_once(
    programme, lead, networker, django_capture_on_commit_callbacks
):
    second_lead = member(programme, Role.SAFEGUARDING, email="lead2@example.org")
    coordinator = member(programme, Role.COORDINATOR, email="coord@example.org")
    SafeguardingSettings.objects.create(
        programme=programme, acknowledge_within_hours=12, contact_email="sg-duty@example.org"
    )
    start = timezone.now()
    late = make_concern(programme, raised_by=networker, what_happened=SECRET, raised_at=start)
    make_concern(programme, raised_at=start + timedelta(hours=6))  # not late yet at +13h

    assert _notify(start + timedelta(hours=11), django_capture_on_commit_callbacks) == 0
    assert _notify(start + timedelta(hours=13), django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, second_lead.email])
    first = mail.outbox[0]
    assert late.reference in first.body and "within 12 hours" in first.body
    assert f"https://bridges.example/p/{programme.slug}/safeguarding/concerns/{late.pk}/" in (
        first.body
    )
    # Once per stage: the next run sends nothing more about it.
    assert _notify(start + timedelta(hours=14), django_capture_on_commit_callbacks) == 0
    # The other concern (raised at +6h) passes its deadline at +18h.
    assert _notify(start + timedelta(hours=19), django_capture_on_commit_callbacks) == 2
    # The reminder comes a whole deadline after the first notice (+13h + 12h), to the leads
    # and the programme's safeguarding contact.
    assert _notify(start + timedelta(hours=24), django_capture_on_commit_callbacks) == 0
    assert _notify(start + timedelta(hours=25), django_capture_on_commit_callbacks) == 3
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert sorted(m.to[0] for m in reminders) == sorted(
        [lead.email, second_lead.email, "sg-duty@example.org"]
    )
    assert all(late.reference in m.body for m in reminders)
    assert _notify(start + timedelta(hours=31), django_capture_on_commit_callbacks) == 3
    assert _notify(start + timedelta(hours=99), django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 10
    # Never to a coordinator, never with the content.
    assert all(coordinator.email not in m.to for m in mail.outbox)
    assert all(SECRET not in m.subject + m.body for m in mail.outbox)
    assert not Notification.objects.filter(body__contains="Narwhal").exists()


@pytest.mark.django_db
def test_an_acknowledged_concern_is_not_chased_and_other_programmes_keep_their_deadline(
    programme, lead, django_capture_on_commit_callbacks
):
    now = timezone.now()
    acknowledged = make_concern(programme, raised_at=now - timedelta(hours=30))
    services.concern_acknowledge(concern=acknowledged, by=lead)
    elsewhere = ProgrammeFactory(slug="elsewhere")
    other_lead = member(elsewhere, Role.SAFEGUARDING, email="other-lead@example.org")
    SafeguardingSettings.objects.create(programme=elsewhere, acknowledge_within_hours=48)
    make_concern(elsewhere, raised_at=now - timedelta(hours=30))  # 30h < 48h
    assert _notify(now, django_capture_on_commit_callbacks) == 0
    late_elsewhere = make_concern(elsewhere, raised_at=now - timedelta(hours=50))
    assert _notify(now, django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].to == [other_lead.email]
    assert late_elsewhere.reference in mail.outbox[0].body
    acknowledged.refresh_from_db()
    assert acknowledged.overdue_notified_at is None


@pytest.mark.django_db
def test_the_notice_is_written_in_each_leads_language(
    programme, django_capture_on_commit_callbacks
):
    arabic = member(programme, Role.SAFEGUARDING, email="ar-lead@example.org")
    arabic.preferred_language = "ar"
    arabic.save()
    make_concern(programme, raised_at=timezone.now() - timedelta(hours=30))
    assert _notify(timezone.now(), django_capture_on_commit_callbacks) == 1
    assert Notification.objects.get(kind="safeguarding.concern_overdue").language == "ar"


# --- Through the real task queue: the command queues, the database worker sends ---------------

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_command_queues_a_task_the_database_worker_runs_once_per_stage(
    programme, lead, networker
):
    from django_tasks_db.models import DBTaskResult

    make_concern(programme, raised_by=networker, raised_at=timezone.now() - timedelta(hours=30))
    with override_settings(TASKS=DATABASE_TASKS, SITE_URL="https://bridges.example"):
        out = StringIO()
        call_command("send_concern_overdue_notices", stdout=out)
        assert "queued" in out.getvalue()
        assert DBTaskResult.objects.count() == 1
        assert mail.outbox == []
        _work()  # runs the notice task, which queues the email's delivery
        _work()  # delivers it
        assert [m.to for m in mail.outbox] == [[lead.email]]
        assert "https://bridges.example/p/" in mail.outbox[0].body
        # Run again (cron every 15 minutes): nothing more for this stage.
        call_command("send_concern_overdue_notices", stdout=StringIO())
        _work()
        _work()
        assert len(mail.outbox) == 1
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}
    concern = Concern.objects.get()
    assert concern.overdue_notified_at and concern.overdue_reminded_at is None


@pytest.mark.django_db
def test_a_programme_without_a_lead_has_its_safeguarding_contact_told(
    programme, networker, django_capture_on_commit_callbacks
):
    SafeguardingSettings.objects.create(programme=programme, contact_email="duty@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.concern_raise(
            programme=programme,
            raised_by=networker,
            about=Concern.About.ADULT,
            what_happened=SECRET,
            happened_on=timezone.localdate(),
            immediate_risk=False,
        )
    assert [m.to for m in mail.outbox] == [["duty@example.org"]]
    assert "has no safeguarding lead" in mail.outbox[0].body
    later = concern.raised_at + timedelta(hours=25)
    assert _notify(later, django_capture_on_commit_callbacks) == 1
    assert mail.outbox[1].to == ["duty@example.org"]
    assert "safeguarding contact" in mail.outbox[1].body
    assert all(SECRET not in m.body for m in mail.outbox)
