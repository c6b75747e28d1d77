from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import MembershipFactory, ProgrammeFactory, member
from bridges.core.models import Notification
from bridges.safeguarding import selectors, services
from bridges.safeguarding.models import Concern

from .factories import make_concern

SECRET = "Zebra-unique detail about Mrs Testperson"


def _raise(programme, user, **fields):
    return services.concern_raise(
        programme=programme,
        raised_by=user,
        about=Concern.About.CHILD,
        what_happened=SECRET,
        happened_on=date(2026, 1, 5),
        immediate_risk=True,
        place="Behind the library",
        site_url="https://bridges.example/",
        **fields,
    )


def test_raising_emails_each_lead_once_in_their_language_and_says_nothing_of_the_concern(
    programme, networker, lead, mailoutbox, django_capture_on_commit_callbacks
):
    second = member(programme, Role.SAFEGUARDING, email="lead2@example.org")
    second.preferred_language = "ar"
    second.save()
    member(programme, Role.COORDINATOR, email="coord@example.org")
    other = ProgrammeFactory(slug="elsewhere")
    member(other, Role.SAFEGUARDING, email="other-lead@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        concern = _raise(programme, networker)

    assert sorted(m.to[0] for m in mailoutbox) == ["lead2@example.org", "lead@example.org"]
    for message in mailoutbox:
        assert "Zebra" not in message.subject + message.body
        assert "library" not in message.body
        assert f"https://bridges.example/p/riverton/safeguarding/concerns/{concern.pk}/" in (
            message.body
        )
    english = next(m for m in mailoutbox if m.to == ["lead@example.org"])
    assert "A new safeguarding concern was raised in Riverton" in english.body
    assert {n.language for n in Notification.objects.all()} == {"ar", "en"}
    # Asking again sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.concern_leads_notify(concern=concern) == 0
    assert len(mailoutbox) == 2


def test_empty_optional_answers_are_stored_as_null(programme, networker):
    concern = _raise(programme, networker, action_already_taken="  ")
    concern.refresh_from_db()
    assert concern.action_already_taken is None
    assert concern.state == Concern.State.NEW and concern.raised_by == networker


def test_the_lead_moves_a_concern_through_its_states(programme, networker, lead):
    concern = _raise(programme, networker)
    with pytest.raises(ValidationError):
        services.concern_close(concern=concern, by=lead, outcome="Too early")
    concern = services.concern_acknowledge(concern=concern, by=lead)
    assert concern.state == Concern.State.ACKNOWLEDGED and concern.acknowledged_by == lead
    with pytest.raises(ValidationError):
        services.concern_acknowledge(concern=concern, by=lead)
    concern = services.concern_action_record(
        concern=concern, by=lead, referral=Concern.Referral.POLICE, note="Called 101, ref 1234"
    )
    assert concern.state == Concern.State.ACTION_TAKEN
    concern = services.concern_close(concern=concern, by=lead, outcome="Police took it on")
    concern.refresh_from_db()
    assert concern.state == Concern.State.CLOSED and concern.closed_at
    assert concern.outcome == "Police took it on"
    with pytest.raises(ValidationError):
        services.concern_action_record(
            concern=concern, by=lead, referral=Concern.Referral.OTHER, note="x"
        )


def test_recording_action_on_a_new_concern_acknowledges_it(programme, networker, lead):
    concern = services.concern_action_record(
        concern=_raise(programme, networker),
        by=lead,
        referral=Concern.Referral.CHILDRENS_SOCIAL_CARE,
        note="Referred",
    )
    assert concern.acknowledged_at and concern.acknowledged_by == lead


def test_an_unknown_referral_is_refused(programme, networker, lead):
    with pytest.raises(ValidationError):
        services.concern_action_record(
            concern=_raise(programme, networker), by=lead, referral="guess", note="x"
        )


def test_inbox_flags_overdue_acknowledgements_first_by_the_programme_deadline(programme, lead):
    now = timezone.now()
    fresh = make_concern(programme, raised_at=now - timedelta(hours=2))
    late = make_concern(programme, raised_at=now - timedelta(hours=30))
    acknowledged_old = make_concern(
        programme,
        raised_at=now - timedelta(hours=100),
        state=Concern.State.ACKNOWLEDGED,
        acknowledged_at=now,
    )
    closed_old = make_concern(
        programme,
        raised_at=now - timedelta(hours=200),
        state=Concern.State.CLOSED,
        acknowledged_at=now,
        closed_at=now,
    )
    inbox = list(selectors.concern_inbox(programme=programme, now=now))
    assert inbox == [late, acknowledged_old, fresh, closed_old]
    assert [c.overdue for c in inbox] == [True, False, False, False]
    # A programme with a shorter deadline flags the two-hour-old concern too.
    services.settings_save(programme=programme, by=lead, acknowledge_within_hours=1)
    inbox = list(selectors.concern_inbox(programme=programme, now=now))
    assert inbox[:2] == [late, fresh] and inbox[1].overdue
    counts = selectors.concern_counts(programme=programme, now=now)
    assert counts["overdue"] == 2 and counts["states"]["new"] == 2
    assert list(selectors.concern_inbox(programme=programme, state="closed")) == [closed_old]


def test_default_deadline_is_24_hours_and_settings_are_one_per_programme(programme, lead):
    assert selectors.settings_for(programme=programme).acknowledge_within_hours == 24
    services.settings_save(programme=programme, by=lead, contact_phone="0113 496 0999")
    services.settings_save(programme=programme, by=lead, hours="9 to 5")
    found = selectors.settings_for(programme=programme)
    assert (found.contact_phone, found.hours) == ("0113 496 0999", "9 to 5")
    with pytest.raises(ValidationError):
        services.settings_save(programme=programme, by=lead, acknowledge_within_hours=0)


def test_leads_are_only_the_programmes_active_safeguarding_members(programme, lead):
    gone = member(programme, Role.SAFEGUARDING, email="gone@example.org")
    gone.is_active = False
    gone.save()
    MembershipFactory(user=lead, programme=programme, role=Role.COORDINATOR)
    assert selectors.lead_list(programme=programme) == [lead]


def test_a_concern_names_no_content_when_printed(programme):
    concern = make_concern(programme, what_happened=SECRET)
    assert str(concern) == f"SG-{concern.pk:05d}"
