"""Vetting leaves a record: each stage keeps what was done, restricted to coordinators,
audited when seen and deleted with the person; a stage forward asks for its record; becoming
active may send the sign-in invitation; a lower DBS check than the role needs is flagged."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent, Invitation
from bridges.accounts.roles import Role
from bridges.accounts.services import invitation_accept
from bridges.accounts.tests.factories import member
from bridges.networkers import services
from bridges.networkers.models import DBSCheck, Networker, VettingRecord
from bridges.networkers.services import VettingEntry

from .factories import NetworkerFactory, dbs, vetted

Stage = Networker.Stage
Kind = VettingRecord.Kind


def _kwargs(networker):
    return {"programme": networker.programme.slug, "pk": networker.pk}


@pytest.mark.django_db
def test_applied_to_active_through_pausing_needs_every_record(programme, coordinator):
    networker = NetworkerFactory(programme=programme)
    dbs(networker)
    services.networker_move(
        networker=networker, to_stage=Stage.PAUSED, moved_by=coordinator, reason="Holiday"
    )
    with pytest.raises(ValidationError) as error:
        services.networker_move(networker=networker, to_stage=Stage.ACTIVE, moved_by=coordinator)
    message = " ".join(error.value.messages)
    assert "Interview" in message and "Reference" in message and "Right to volunteer" in message
    networker.refresh_from_db()
    assert networker.stage == Stage.PAUSED


@pytest.mark.django_db
def test_records_given_with_the_move_are_kept_and_audited_without_contents(programme, coordinator):
    networker = NetworkerFactory(programme=programme, stage=Stage.CONTACTED)
    day = timezone.localdate() - datetime.timedelta(days=2)
    services.networker_move(
        networker=networker,
        to_stage=Stage.INTERVIEWED,
        moved_by=coordinator,
        records=[VettingEntry(kind=Kind.INTERVIEW, done_on=day, held_by="Sam Okafor")],
    )
    record = VettingRecord.objects.get(networker=networker)
    assert (record.kind, record.done_on, record.held_by) == (Kind.INTERVIEW, day, "Sam Okafor")
    assert record.created_by == coordinator
    events = AuditEvent.objects.filter(target=f"networker:{networker.pk}")
    assert events.filter(detail__vetting="interview").exists()
    assert not any("Okafor" in str(event.detail) for event in events)


@pytest.mark.django_db
def test_the_move_page_asks_for_the_missing_record_by_name(client, programme, coordinator):
    networker = NetworkerFactory(programme=programme, stage=Stage.CONTACTED)
    client.force_login(coordinator)
    url = reverse("networkers:move", kwargs=_kwargs(networker))
    response = client.post(url, {"to_stage": "interviewed"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the date the interview was held" in page
    assert "Enter who held the interview" in page
    networker.refresh_from_db()
    assert networker.stage == Stage.CONTACTED
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"to_stage": "interviewed", "interview_on": day, "interview_by": "Sam"}
    )
    assert response.status_code == 302
    networker.refresh_from_db()
    assert networker.stage == Stage.INTERVIEWED
    assert networker.vetting_records.get().held_by == "Sam"


@pytest.mark.django_db
def test_a_record_can_be_added_at_any_time_and_only_its_kind_counts(client, programme, coordinator):
    networker = NetworkerFactory(programme=programme, stage=Stage.REFERENCES)
    client.force_login(coordinator)
    url = reverse("networkers:vetting_add", kwargs=_kwargs(networker))
    response = client.post(url, {"kind": "reference"})
    assert "Enter who gave the reference" in response.content.decode()
    day = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url,
        {
            "kind": "reference",
            "reference_on": day,
            "reference_from": "College tutor",
            "interview_by": "ignored",
        },
    )
    assert response.status_code == 302
    record = networker.vetting_records.get()
    assert (record.kind, record.referee, record.held_by) == (Kind.REFERENCE, "College tutor", None)


@pytest.mark.django_db
def test_records_are_for_coordinators_only_and_each_viewing_is_audited(
    client, programme, coordinator
):
    user = member(programme, Role.NETWORKER)
    networker = vetted(NetworkerFactory(programme=programme, user=user, stage=Stage.ACTIVE))
    client.force_login(coordinator)
    page = client.get(reverse("networkers:detail", kwargs=_kwargs(networker))).content.decode()
    assert "Former manager" in page and "Vetting records" in page
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        target=f"networker:{networker.pk}",
        detail__vetting_records=3,
    ).exists()
    client.force_login(user)
    own = client.get(reverse("networkers:my_profile", kwargs={"programme": programme.slug}))
    assert own.status_code == 200
    assert "Former manager" not in own.content.decode()
    assert "Vetting records" not in own.content.decode()


@pytest.mark.django_db
def test_becoming_active_sends_the_invitation_and_links_the_sign_in(client, programme, coordinator):
    networker = vetted(
        NetworkerFactory(programme=programme, stage=Stage.TRAINING, email="amina@example.org")
    )
    dbs(networker)
    client.force_login(coordinator)
    url = reverse("networkers:move", kwargs=_kwargs(networker))
    form = client.get(url).content.decode()
    assert "Send them an invitation to sign in" in form
    response = client.post(url, {"to_stage": "active", "send_invitation": "on"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="amina@example.org")
    assert invitation.role == Role.NETWORKER
    networker.refresh_from_db()
    assert networker.stage == Stage.ACTIVE and networker.invitation == invitation
    user = invitation_accept(
        invitation=invitation, display_name="Amina", password="a long passphrase 123"
    )
    client.force_login(user)
    own = client.get(reverse("networkers:my_profile", kwargs={"programme": programme.slug}))
    networker.refresh_from_db()
    assert networker.user == user
    assert own.status_code == 200


@pytest.mark.django_db
def test_a_basic_check_does_not_cover_a_role_needing_enhanced(client, programme, coordinator):
    networker = vetted(NetworkerFactory(programme=programme, stage=Stage.TRAINING))
    networker.dbs_level_needed = DBSCheck.Level.ENHANCED
    networker.save()
    dbs(networker, level=DBSCheck.Level.BASIC)
    with pytest.raises(ValidationError, match="Enhanced DBS check"):
        services.networker_move(networker=networker, to_stage=Stage.ACTIVE, moved_by=coordinator)
    client.force_login(coordinator)
    page = client.get(reverse("networkers:detail", kwargs=_kwargs(networker))).content.decode()
    assert "This role needs a DBS check at the level “Enhanced”" in page
    assert "notice-warning" in page
    dbs(networker, level=DBSCheck.Level.ENHANCED_BARRED)
    services.networker_move(networker=networker, to_stage=Stage.ACTIVE, moved_by=coordinator)


@pytest.mark.django_db
def test_records_go_with_the_person_at_the_end_of_retention(programme, coordinator):
    networker = vetted(NetworkerFactory(programme=programme, stage=Stage.LEFT))
    Networker.objects.filter(pk=networker.pk).update(
        retain_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert services.networker_purge_expired() == 1
    assert not VettingRecord.objects.exists()
    event = AuditEvent.objects.get(
        target=f"networker:{networker.pk}", actor_label="retention schedule"
    )
    assert event.detail["vetting_records"] == 3
