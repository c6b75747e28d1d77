"""Pages: the emergency guidance comes first, concerns reach the leads alone, every view of a
concern by a lead is audited, and the raiser sees the state but never the lead's notes."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.safeguarding import services
from bridges.safeguarding.models import Concern, SafeguardingSettings

from .factories import make_concern

SECRET = "Zebra-unique detail"


def _url(name, programme, *args):
    return reverse(f"safeguarding:{name}", args=[programme.slug, *args])


def test_raise_page_shows_emergency_guidance_before_anything_else(client, programme, networker):
    SafeguardingSettings.objects.create(
        programme=programme, contact_phone="0113 496 0999", hours="Weekdays 9 to 5"
    )
    client.force_login(networker)
    page = client.get(_url("raise", programme)).content.decode()
    main = page[page.index('<main id="main"') :]
    assert main.index('call <a href="tel:999"') < main.index("<h1")
    assert 'href="tel:101"' in main
    assert main.index("0113 496 0999") < main.index("<h1")
    assert "Weekdays 9 to 5" in main


def test_a_networker_raises_a_concern_and_sees_its_receipt(
    client, programme, networker, lead, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(networker)
    data = {
        "about": "adult",
        "immediate_risk": "no",
        "what_happened": SECRET,
        "happened_on": timezone.localdate().isoformat(),
        "place": "",
        "action_already_taken": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("raise", programme), data)
    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url("my_concern", programme, concern.pk)
    assert concern.place is None and concern.immediate_risk is False
    assert [m.to for m in mailoutbox] == [[lead.email]]
    receipt = client.get(response["Location"]).content.decode()
    assert concern.reference in receipt and "New" in receipt
    assert SECRET not in receipt


def test_a_concern_dated_in_the_future_is_refused(client, programme, networker):
    client.force_login(networker)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        _url("raise", programme),
        {"about": "child", "immediate_risk": "yes", "what_happened": "x", "happened_on": tomorrow},
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert not Concern.objects.exists()


def test_the_raiser_sees_the_state_but_not_the_leads_notes(client, programme, networker, lead):
    concern = make_concern(programme, raised_by=networker)
    services.concern_action_record(
        concern=concern, by=lead, referral=Concern.Referral.POLICE, note="Lead-only note"
    )
    client.force_login(networker)
    for url in (_url("my_concern", programme, concern.pk), _url("my_concerns", programme)):
        page = client.get(url).content.decode()
        assert "Action taken" in page
        assert "Lead-only note" not in page
        assert "Referred to the police" not in page


def test_someone_else_of_the_programme_cannot_open_a_receipt(client, programme, networker):
    concern = make_concern(programme, raised_by=networker)
    other = member(programme, Role.NETWORKER)
    client.force_login(other)
    assert client.get(_url("my_concern", programme, concern.pk)).status_code == 404
    assert concern.reference not in client.get(_url("my_concerns", programme)).content.decode()


def test_each_view_of_a_concern_by_a_lead_is_audited(client, programme, networker, lead):
    concern = make_concern(programme, raised_by=networker, what_happened=SECRET)
    client.force_login(lead)
    for _ in range(2):
        page = client.get(_url("detail", programme, concern.pk)).content.decode()
        assert SECRET in page
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED, target=f"safeguarding_concern:{concern.pk}"
    )
    assert events.count() == 2
    assert {(e.actor, e.programme) for e in events} == {(lead, programme)}
    # The inbox shows no content of any concern, so opening it is not a view of one.
    inbox = client.get(_url("inbox", programme)).content.decode()
    assert concern.reference in inbox and SECRET not in inbox
    assert events.count() == 2


@pytest.mark.parametrize("who", ["coordinator", "platform_admin"])
def test_a_coordinator_or_platform_admin_cannot_see_a_concern(
    client, request, programme, networker, who
):
    concern = make_concern(programme, raised_by=networker, what_happened=SECRET)
    client.force_login(request.getfixturevalue(who))
    for name, args in [("detail", [concern.pk]), ("inbox", []), ("close", [concern.pk])]:
        response = client.get(_url(name, programme, *args))
        assert response.status_code in (403, 404), (name, response.status_code)
        assert SECRET not in response.content.decode()
    assert client.post(_url("acknowledge", programme, concern.pk)).status_code in (403, 404)
    concern.refresh_from_db()
    assert concern.state == Concern.State.NEW
    assert not AuditEvent.objects.filter(target__startswith="safeguarding_concern:").exists()


def test_a_platform_admin_who_also_coordinates_still_cannot_see_a_concern(
    client, programme, networker
):
    admin = member(programme, Role.ADMIN)
    member_of = member(programme, Role.COORDINATOR)
    admin.memberships.add(*member_of.memberships.all())  # the admin also coordinates here
    concern = make_concern(programme, raised_by=networker)
    client.force_login(admin)
    assert client.get(_url("detail", programme, concern.pk)).status_code == 403


def test_the_django_admin_does_not_list_concerns(client, programme, platform_admin, networker):
    make_concern(programme, raised_by=networker, what_happened=SECRET)
    client.force_login(platform_admin)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    page = index.content.decode()
    assert "/admin/safeguarding/" not in page and "concern" not in page.lower()
    for path in ("/admin/safeguarding/", "/admin/safeguarding/concern/"):
        assert client.get(path).status_code == 404


def test_a_lead_of_another_programme_cannot_open_the_concern(client, programme, networker):
    concern = make_concern(programme, raised_by=networker)
    other = ProgrammeFactory(slug="elsewhere")
    client.force_login(member(other, Role.SAFEGUARDING))
    assert client.get(_url("detail", programme, concern.pk)).status_code == 404
    assert client.get(_url("detail", other, concern.pk)).status_code == 404


def test_the_lead_acknowledges_records_action_and_closes(client, programme, networker, lead):
    concern = make_concern(programme, raised_by=networker)
    client.force_login(lead)
    assert client.post(_url("acknowledge", programme, concern.pk)).status_code == 302
    yesterday = timezone.localdate() - timedelta(days=1)
    for referral, note, day in [
        (Concern.Referral.ADULTS_SOCIAL_CARE, "Duty team, ref 42", yesterday),
        (Concern.Referral.POLICE, "Called 101, ref 77", timezone.localdate()),
    ]:
        response = client.post(
            _url("action", programme, concern.pk),
            {"referral": referral, "note": note, "taken_on": day.isoformat()},
        )
        assert response.status_code == 302
    # Closing is final, so the lead is asked first: without the tick nothing changes.
    response = client.post(_url("close", programme, concern.pk), {"outcome": "Support in place"})
    assert response.status_code == 200
    assert "Tick the box to confirm" in response.content.decode()
    assert "cannot be reopened" in response.content.decode()
    concern.refresh_from_db()
    assert concern.state == Concern.State.ACTION_TAKEN
    response = client.post(
        _url("close", programme, concern.pk), {"outcome": "Support in place", "confirm": "on"}
    )
    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.state == Concern.State.CLOSED
    assert concern.referral == Concern.Referral.POLICE
    assert [(a.kind, a.taken_on) for a in concern.actions.all()] == [
        (Concern.Referral.ADULTS_SOCIAL_CARE, yesterday),
        (Concern.Referral.POLICE, timezone.localdate()),
    ]
    page = client.get(_url("detail", programme, concern.pk)).content.decode()
    assert "Duty team, ref 42" in page and "Called 101, ref 77" in page
    assert "Support in place" in page and "Details deleted on" in page
    # A closed concern cannot be acknowledged again: the lead is told, nothing changes.
    response = client.post(_url("acknowledge", programme, concern.pk), follow=True)
    assert "not possible now" in response.content.decode()


def test_the_inbox_pages_and_filters_by_state(
    client, programme, lead, django_assert_max_num_queries
):
    now = timezone.now()
    recent = [make_concern(programme, raised_at=now - timedelta(hours=h)) for h in range(30)]
    overdue = make_concern(programme, raised_at=now - timedelta(hours=48))
    closed = make_concern(programme, state=Concern.State.CLOSED, acknowledged_at=now, closed_at=now)
    client.force_login(lead)
    with django_assert_max_num_queries(14):
        page = client.get(_url("inbox", programme)).content.decode()
    # The oldest overdue first, then the other overdue ones (past 24 hours), then the rest.
    assert page.index(overdue.reference) < page.index(recent[29].reference)
    assert page.index(recent[25].reference) < page.index(recent[20].reference)
    assert recent[0].reference not in page  # the newest open one is on page 2
    assert "overdue" in page and "Page 1 of 2" in page
    filtered = client.get(_url("inbox", programme), {"state": "closed"}).content.decode()
    assert closed.reference in filtered and overdue.reference not in filtered


def test_coordinators_and_leads_edit_the_contacts(client, programme, coordinator, lead):
    client.force_login(coordinator)
    response = client.post(
        _url("settings", programme),
        {
            "contact_text": "Duty lead",
            "contact_phone": "0113 496 0999",
            "contact_email": "sg@example.org",
            "hours": "9 to 5",
            "acknowledge_within_hours": "12",
        },
    )
    assert response.status_code == 302
    found = SafeguardingSettings.objects.get(programme=programme)
    assert found.acknowledge_within_hours == 12 and found.updated_by == coordinator
    client.force_login(lead)
    assert client.get(_url("settings", programme)).status_code == 200


def test_an_action_dated_in_the_future_is_refused(client, programme, networker, lead):
    concern = make_concern(programme, raised_by=networker)
    client.force_login(lead)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        _url("action", programme, concern.pk),
        {"referral": Concern.Referral.OTHER, "note": "x", "taken_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    assert not concern.actions.exists()


def test_the_inbox_filters_the_overdue_ones(client, programme, lead):
    now = timezone.now()
    fresh = make_concern(programme, raised_at=now - timedelta(hours=1))
    late = make_concern(programme, raised_at=now - timedelta(hours=30))
    client.force_login(lead)
    page = client.get(_url("inbox", programme), {"state": "overdue"}).content.decode()
    assert late.reference in page and fresh.reference not in page
    assert "Not acknowledged within 24 hours" in (
        client.get(_url("detail", programme, late.pk)).content.decode()
    )
    assert "Not acknowledged within" not in (
        client.get(_url("detail", programme, fresh.pk)).content.decode()
    )


def test_the_raiser_filters_their_concerns_by_state(client, programme, networker, lead):
    waiting = make_concern(programme, raised_by=networker)
    handled = make_concern(programme, raised_by=networker)
    services.concern_acknowledge(concern=handled, by=lead)
    client.force_login(networker)
    page = client.get(_url("my_concerns", programme), {"state": "acknowledged"}).content.decode()
    assert handled.reference in page and waiting.reference not in page
