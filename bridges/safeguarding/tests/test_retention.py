"""Retention: a closed concern's personal details are kept for the period in the settings
(longer when it is about a child), then purged; what stays names nobody and still counts."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.core.tests.rawdb import tables_containing
from bridges.safeguarding import selectors, services
from bridges.safeguarding.models import Concern

pytestmark = pytest.mark.django_db

YEAR = timedelta(days=366)


def _closed(programme, *, about, closed_ago, networker, lead, text):
    concern = services.concern_raise(
        programme=programme,
        raised_by=networker,
        about=about,
        what_happened=text,
        happened_on=timezone.localdate() - timedelta(days=3),
        immediate_risk=False,
        place=f"{text} place",
        action_already_taken=f"{text} done",
    )
    services.concern_action_record(
        concern=concern, by=lead, referral=Concern.Referral.POLICE, note=f"{text} note"
    )
    services.concern_close(concern=concern, by=lead, outcome=f"{text} outcome")
    Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now() - closed_ago)
    return concern


def test_details_are_purged_after_the_period_for_adults_and_children(
    programme, networker, lead, settings
):
    settings.SAFEGUARDING_RETENTION_YEARS_ADULT = 6
    settings.SAFEGUARDING_RETENTION_YEARS_CHILD = 25
    kept = dict(networker=networker, lead=lead)
    old_adult = _closed(
        programme, about="adult", closed_ago=7 * YEAR, text="Wombat-adult-old", **kept
    )
    young_adult = _closed(
        programme, about="adult", closed_ago=5 * YEAR, text="Wombat-adult-new", **kept
    )
    child = _closed(programme, about="child", closed_ago=7 * YEAR, text="Wombat-child", **kept)
    open_old = services.concern_raise(
        programme=programme,
        raised_by=networker,
        about="adult",
        what_happened="Wombat-open",
        happened_on=timezone.localdate(),
        immediate_risk=False,
    )
    Concern.objects.filter(pk=open_old.pk).update(raised_at=timezone.now() - 30 * YEAR)
    before = selectors.concern_counts(programme=programme)

    assert services.concern_purge_expired() == 1
    assert services.concern_purge_expired() == 0  # once
    audited = AuditEvent.objects.filter(target__startswith="safeguarding_concern:")
    assert list(audited.values_list("target", "actor_label", "programme")) == [
        (f"safeguarding_concern:{old_adult.pk}", "retention schedule", programme.pk)
    ]
    assert "Wombat" not in str(audited.get().detail)

    purged = Concern.objects.get(pk=old_adult.pk)
    assert purged.purged_at is not None
    assert (purged.what_happened, purged.place, purged.action_already_taken) == (None,) * 3
    assert (purged.outcome, purged.happened_on, purged.contact) == (None,) * 3
    assert purged.raised_by is None and purged.closed_by is None and purged.action_by is None
    assert [(a.kind, a.note, a.created_by) for a in purged.actions.all()] == [
        (Concern.Referral.POLICE, None, None)
    ]
    # What stays is anonymous, and the counts are unchanged.
    assert (purged.about, purged.state, purged.referral) == ("adult", "closed", "police")
    assert selectors.concern_counts(programme=programme) == before
    found = tables_containing("Wombat-adult-old")
    assert found == {}, found
    for concern in (young_adult, child, open_old):
        concern.refresh_from_db()
        assert concern.purged_at is None and concern.what_happened.startswith("Wombat")

    # A child's record is kept to 25 years after closing.
    Concern.objects.filter(pk=child.pk).update(closed_at=timezone.now() - 26 * YEAR)
    assert services.concern_purge_expired() == 1


def test_the_lead_sees_the_purge_date_then_that_details_were_deleted(
    client, programme, networker, lead, settings
):
    settings.SAFEGUARDING_RETENTION_YEARS_ADULT = 6
    concern = _closed(
        programme,
        about="adult",
        closed_ago=timedelta(days=1),
        text="Wombat-page",
        networker=networker,
        lead=lead,
    )
    client.force_login(lead)
    url = reverse("safeguarding:detail", args=[programme.slug, concern.pk])
    page = client.get(url).content.decode()
    closed = timezone.localtime(Concern.objects.get(pk=concern.pk).closed_at).date()
    expected = services.purge_date(Concern.objects.get(pk=concern.pk))
    assert expected == closed.replace(year=closed.year + 6)
    assert "Details deleted on" in page
    Concern.objects.filter(pk=concern.pk).update(closed_at=timezone.now() - 7 * YEAR)
    services.concern_purge_expired()
    page = client.get(url).content.decode()
    assert "Wombat-page" not in page
    assert "were deleted on" in page
    assert client.get(reverse("safeguarding:inbox", args=[programme.slug])).status_code == 200


def test_an_open_concern_cannot_be_purged(programme, networker):
    concern = services.concern_raise(
        programme=programme,
        raised_by=networker,
        about="child",
        what_happened="x",
        happened_on=timezone.localdate(),
        immediate_risk=True,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(purged_at=timezone.now())


def test_the_command_queues_the_purge(programme, networker, lead):
    _closed(
        programme,
        about="adult",
        closed_ago=30 * YEAR,
        text="Wombat-command",
        networker=networker,
        lead=lead,
    )
    out = StringIO()
    call_command("purge_expired_concerns", stdout=out)  # tests run tasks at once
    assert "queued" in out.getvalue()
    assert Concern.objects.get().purged_at is not None
