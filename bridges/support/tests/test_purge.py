"""Retention: a closed request's personal details are deleted after SUPPORT_RETENTION_MONTHS,
the anonymous facts stay, each purge is audited, and a second run changes nothing."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.support import consent, services
from bridges.support.models import SupportAssignment, SupportRequest
from bridges.support.tests.conftest import active_networker
from bridges.support.tests.factories import support_request

pytestmark = pytest.mark.django_db

State = SupportRequest.State


def _closed(programme, *, days_ago, **fields):
    closed_at = timezone.now() - timedelta(days=days_ago)
    return support_request(
        programme, state=State.CLOSED, closed_at=closed_at, close_reason="helped",
        name="Quokka Person", message="Call after six", **fields,
    )  # fmt: skip


def _stored(request, column):
    """What the table holds, read past the model (NULL after a purge, ciphertext before)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {column} FROM {SupportRequest._meta.db_table} WHERE id = %s", [request.pk]
        )
        return cursor.fetchone()[0]


def test_details_of_requests_closed_past_the_retention_period_are_deleted_once(
    programme, arabic, settings
):
    settings.SUPPORT_RETENTION_MONTHS = 6
    old = _closed(programme, days_ago=200, area=None)
    networker = active_networker(
        programme,
        member(programme, Role.NETWORKER),
        name="Declined It",
        languages=[("ar", "native")],
    )
    SupportAssignment.objects.create(
        request=old, networker=networker, assigned_at=timezone.now() - timedelta(days=210),
        answer=SupportAssignment.Answer.DECLINED, decline_reason="other",
        decline_note="She lives next door to me",
    )  # fmt: skip
    recent = _closed(programme, days_ago=30)
    still_open = support_request(
        programme, name="Open Person", received_at=timezone.now() - timedelta(days=400)
    )

    assert services.support_request_purge_expired() == 1

    old.refresh_from_db()
    assert old.contact_detail is None and old.name is None and old.message is None
    assert old.purged_at is not None
    assert _stored(old, "contact_detail") is None and _stored(old, "name") is None
    # The anonymous facts stay for the counts.
    assert old.state == State.CLOSED and old.needs == ["housing"]
    assert old.language_id == "ar" and old.close_reason == "helped"
    assert old.assignments.get().decline_note is None
    assert old.assignments.get().decline_reason == "other"
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.contact_detail == "07700 900123" and kept.purged_at is None
    audited = AuditEvent.objects.filter(target=f"support_request:{old.pk}")
    assert audited.count() == 1
    assert audited.get().action == AuditEvent.Action.PERSONAL_DATA_CHANGED

    # A second run changes nothing: no purge, no audit row, the purge time stays.
    purged_at = old.purged_at
    events = AuditEvent.objects.count()
    assert services.support_request_purge_expired() == 0
    assert AuditEvent.objects.count() == events
    old.refresh_from_db()
    assert old.purged_at == purged_at


def test_the_retention_period_is_a_setting(programme, arabic, settings):
    request = _closed(programme, days_ago=40)
    settings.SUPPORT_RETENTION_MONTHS = 2
    assert services.support_request_purge_expired() == 0
    settings.SUPPORT_RETENTION_MONTHS = 1
    assert services.support_request_purge_expired() == 1
    request.refresh_from_db()
    assert request.purged_at is not None


def test_the_command_purges_and_a_second_run_finds_nothing(programme, arabic, settings):
    settings.SUPPORT_RETENTION_MONTHS = 6
    request = _closed(programme, days_ago=365)
    out = StringIO()
    call_command("purge_support_requests", stdout=out)  # queued; tests run tasks at once
    request.refresh_from_db()
    assert request.purged_at is not None and request.contact_detail is None
    call_command("purge_support_requests", "--now", stdout=out)
    assert "Support request details deleted: 0." in out.getvalue()


def test_the_consent_wording_says_how_long_the_details_are_kept(settings):
    settings.SUPPORT_RETENTION_MONTHS = 6
    assert consent.CURRENT == "2026-12-02"
    assert "deleted 6 months after my request is closed" in str(consent.wording())
    settings.SUPPORT_RETENTION_MONTHS = 1
    assert "deleted 1 month after" in str(consent.wording())
    # The earlier version still names the words it showed.
    assert "deleted" not in str(consent.wording("2026-12-01"))
    assert "2026-12-01" in consent.versions()


def test_a_purged_request_shows_that_its_details_were_deleted(
    client, programme, arabic, coordinator, settings
):
    from django.urls import reverse

    settings.SUPPORT_RETENTION_MONTHS = 6
    request = _closed(programme, days_ago=365)
    services.support_request_purge_expired()
    client.force_login(coordinator)
    body = client.get(reverse("support:detail", args=[programme.slug, request.pk])).content
    assert "under the retention schedule" in body.decode()
    assert "07700 900123" not in body.decode() and "Quokka Person" not in body.decode()
