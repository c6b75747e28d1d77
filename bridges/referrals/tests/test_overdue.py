"""Overdue referrals: the referrer (and, unless the loop is assisted, the receiving service's
staff) is told once per stage when a referral waits longer than REFERRALS_OVERDUE_DAYS, through
the notification service after commit, and the email names nobody."""

import uuid
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
from bridges.referrals import services
from bridges.referrals.models import Referral, State

from .conftest import provider_of, service_of
from .test_services import PROVIDER, data

SECRET_NAME = "Quokka Person"


def _send(programme, referrer, service):
    referral, _created = services.referral_send(
        programme=programme,
        referred_by=referrer,
        client_id=uuid.uuid4(),
        data=data(service),
    )
    return referral


def _notify(now, capture):
    with capture(execute=True):
        return services.referral_overdue_notify(now=now, site_url="https://bridges.example")


@pytest.mark.django_db
@override_settings(REFERRALS_OVERDUE_DAYS=14)
def test_told_once_per_stage_the_referrer_and_the_service(
    programme, networker, coordinator, service, provider, farsi,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    referral = _send(programme, networker, service)
    start = referral.state_changed_at
    mail.outbox.clear()

    assert _notify(start + timedelta(days=13), django_capture_on_commit_callbacks) == 0
    assert _notify(start + timedelta(days=15), django_capture_on_commit_callbacks) == 2
    assert sorted(m.to[0] for m in mail.outbox) == [networker.email, provider.email]
    body = mail.outbox[0].body
    assert referral.reference in body and "Housing advice" in body
    assert "for more than 14 days" in body and '"Sent"' in body
    assert f"https://bridges.example/p/{programme.slug}/referrals/{referral.pk}/" in body
    # Once per stage: later runs say nothing more while it stays sent.
    assert _notify(start + timedelta(days=16), django_capture_on_commit_callbacks) == 0
    assert _notify(start + timedelta(days=40), django_capture_on_commit_callbacks) == 0

    # A new stage: accepted, then waiting again past the limit.
    referral = services.referral_move(
        referral=referral, by=provider, roles=PROVIDER, state=State.ACCEPTED
    )
    accepted = referral.state_changed_at
    mail.outbox.clear()
    assert _notify(accepted + timedelta(days=10), django_capture_on_commit_callbacks) == 0
    assert _notify(accepted + timedelta(days=15), django_capture_on_commit_callbacks) == 2
    assert '"Accepted"' in mail.outbox[0].body
    assert _notify(accepted + timedelta(days=30), django_capture_on_commit_callbacks) == 0

    # Closed: never again. Never a coordinator, never the person.
    services.referral_move(referral=referral, by=provider, roles=PROVIDER, state="completed")
    assert _notify(accepted + timedelta(days=99), django_capture_on_commit_callbacks) == 0
    overdue = Notification.objects.filter(kind="referrals.overdue")
    assert overdue.count() == 4
    assert all(coordinator.email not in n.to for n in overdue)
    assert not Notification.objects.filter(body__contains="Quokka").exists()
    assert all(SECRET_NAME not in m.subject + m.body for m in mail.outbox)


@pytest.mark.django_db
def test_an_assisted_loop_tells_the_referrer_only_and_a_gone_referrer_the_coordinators(
    programme, networker, coordinator, offline_service, partner, farsi,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    # Someone of another organisation is on Bridges; the offline service still has nobody.
    provider_of(programme, partner, email="other-provider@example.org")
    referral = _send(programme, networker, offline_service)
    assert referral.assisted
    late = referral.state_changed_at + timedelta(days=30)
    mail.outbox.clear()
    assert _notify(late, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[networker.email]]
    assert "The service is not on Bridges" in mail.outbox[0].body

    networker.is_active = False
    networker.save()
    second = _send(programme, member(programme, Role.NETWORKER), offline_service)
    Referral.objects.filter(pk=second.pk).update(referred_by=networker)
    mail.outbox.clear()
    assert _notify(late, django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


@pytest.mark.django_db
def test_a_referral_recently_changed_or_elsewhere_keeps_its_own_clock(
    programme, networker, service, provider, farsi, django_capture_on_commit_callbacks
):
    elsewhere = ProgrammeFactory(slug="elsewhere")
    far_networker = member(elsewhere, Role.NETWORKER, email="far@example.org")
    far_service = service_of(elsewhere, "Far service")
    far = _send(elsewhere, far_networker, far_service)
    fresh = _send(programme, networker, service)
    Referral.objects.filter(pk=far.pk).update(state_changed_at=timezone.now() - timedelta(days=20))
    mail.outbox.clear()
    assert _notify(timezone.now(), django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mail.outbox] == [["far@example.org"]]
    assert far.reference in mail.outbox[0].body and fresh.reference not in mail.outbox[0].body


DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _work():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_command_queues_a_task_the_database_worker_runs_once_per_stage(
    programme, networker, service, provider, farsi
):
    from django_tasks_db.models import DBTaskResult

    referral = _send(programme, networker, service)
    Referral.objects.filter(pk=referral.pk).update(
        state_changed_at=timezone.now() - timedelta(days=20)
    )
    mail.outbox.clear()
    with override_settings(TASKS=DATABASE_TASKS, SITE_URL="https://bridges.example"):
        out = StringIO()
        call_command("send_referral_overdue_notices", stdout=out)
        assert "queued" in out.getvalue()
        assert DBTaskResult.objects.count() == 1
        assert mail.outbox == []
        _work()  # runs the notice task, which queues the emails' delivery
        _work()  # delivers them
        assert sorted(m.to[0] for m in mail.outbox) == [networker.email, provider.email]
        assert "https://bridges.example/p/" in mail.outbox[0].body
        # Run again (cron, daily): nothing more for this stage.
        call_command("send_referral_overdue_notices", stdout=StringIO())
        _work()
        _work()
        assert len(mail.outbox) == 2
