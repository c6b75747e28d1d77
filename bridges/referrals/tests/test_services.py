"""The referral's services: sent once, the loop and who may move it, what the emails say, the
details encrypted, consent withdrawn, the legal hold and the purge."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.core.models import Notification
from bridges.core.tests.rawdb import is_fernet_token, raw_column, tables_containing
from bridges.referrals import consent, services
from bridges.referrals.models import Referral, ReferralEvent, State

pytestmark = pytest.mark.django_db

NETWORKER = {Role.NETWORKER}
PROVIDER = {Role.PROVIDER}


def data(service, **changes) -> services.ReferralData:
    values = {
        "service_id": str(service.pk),
        "person_name": "Quokka Person",
        "contact_method": "phone",
        "contact_detail": "+44 7700 900777",
        "note": "Quokka note: needs help with a tenancy",
        "language": "fa",
        "interpreter_needed": True,
        "consent_given_by": "person",
        "consent_method": "interpreted",
        "consent_purpose": "To be contacted by Housing advice about this referral.",
        "consent_wording_version": consent.CURRENT,
        "consent_language": "fa",
    }
    return services.ReferralData(**{**values, **changes})


def send(programme, networker, service, client_id=None, **changes):
    return services.referral_send(
        programme=programme,
        referred_by=networker,
        client_id=client_id or uuid.uuid4(),
        data=data(service, **changes),
    )


def test_sent_once_and_a_different_referral_under_the_same_id_is_refused(
    programme, networker, service, provider, farsi
):
    client_id = uuid.uuid4()
    first, created = send(programme, networker, service, client_id)
    again, created_again = send(programme, networker, service, client_id)
    assert created and not created_again and again.pk == first.pk
    with pytest.raises(services.ReferralConflict):
        send(programme, networker, service, client_id, note="something else")
    assert Referral.objects.count() == 1
    assert first.consent_wording_version == consent.CURRENT
    assert first.consent_language == "fa" and first.consent_method == "interpreted"
    assert first.state == State.SENT and not first.assisted


def test_a_service_of_another_programme_is_refused(programme, networker, farsi):
    from bridges.accounts.tests.factories import ProgrammeFactory
    from bridges.referrals.tests.conftest import service_of

    elsewhere = service_of(ProgrammeFactory(slug="elsewhere"), "Elsewhere advice")
    with pytest.raises(ValidationError):
        send(programme, networker, elsewhere)
    assert not Referral.objects.exists()


def test_personal_details_are_ciphertext_and_in_no_email(
    programme, networker, service, provider, farsi, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        referral, _created = send(programme, networker, service)
    for field in ("person_name", "contact_detail", "note"):
        stored = raw_column(referral, field)
        assert is_fernet_token(stored) and "Quokka" not in stored and "7700" not in stored
    assert tables_containing("Quokka") == {}
    assert tables_containing("900777") == {}
    assert [message.to for message in mailoutbox] == [["provider@example.org"]]
    message = mailoutbox[0]
    assert referral.reference in message.body
    assert "Quokka" not in message.body + message.subject and "900777" not in message.body


def test_the_loop_and_who_moves_it(
    programme, networker, coordinator, service, provider, farsi, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    referral, _created = send(programme, networker, service)
    # The referrer cannot move a referral to a service on Bridges; nor can a step be skipped.
    with pytest.raises(ValidationError):
        services.referral_move(referral=referral, by=networker, roles=NETWORKER, state="accepted")
    with pytest.raises(ValidationError):
        services.referral_move(referral=referral, by=provider, roles=PROVIDER, state="completed")
    with pytest.raises(ValidationError):  # declined needs a reason
        services.referral_move(referral=referral, by=provider, roles=PROVIDER, state="declined")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for state in ("accepted", "in_progress", "completed"):
            referral = services.referral_move(
                referral=referral, by=provider, roles=PROVIDER, state=state
            )
    assert referral.state == State.COMPLETED and referral.closed_at is not None
    # The referrer is told of each step, never the provider of their own.
    assert [m.to for m in mailoutbox] == [["net@example.org"]] * 3
    with pytest.raises(ValidationError):  # closed: nothing more
        services.referral_move(referral=referral, by=provider, roles=PROVIDER, state="accepted")
    kinds = list(referral.events.values_list("kind", "state"))
    assert kinds == [
        ("sent", "sent"), ("state", "accepted"), ("state", "in_progress"), ("state", "completed")
    ]  # fmt: skip


def test_declined_with_a_reason(programme, networker, service, provider, farsi):
    referral, _created = send(programme, networker, service)
    referral = services.referral_move(
        referral=referral,
        by=provider,
        roles=PROVIDER,
        state="declined",
        decline_reason="no_capacity",
        outcome_note="Quokka try again in March",
    )
    assert referral.state == State.DECLINED and referral.decline_reason == "no_capacity"
    assert is_fernet_token(raw_column(referral, "outcome_note"))


def test_assisted_loop_the_referrer_records_the_outcome(
    programme, networker, coordinator, offline_service, farsi
):
    referral, _created = send(programme, networker, offline_service)
    assert referral.assisted
    referral = services.referral_move(
        referral=referral, by=networker, roles=NETWORKER, state="not_contacted"
    )
    assert referral.state == State.NOT_CONTACTED
    other, _created = send(programme, networker, offline_service, note="another")
    services.referral_move(
        referral=other, by=coordinator, roles={Role.COORDINATOR}, state="accepted"
    )


def test_consent_withdrawn_hides_the_details_tells_the_service_and_is_purged_next(
    programme, networker, service, provider, farsi, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    referral, _created = send(programme, networker, service)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        referral = services.referral_withdraw_consent(
            referral=referral, by=networker, roles=NETWORKER
        )
    assert referral.state == State.WITHDRAWN and not referral.details_shared
    assert [m.to for m in mailoutbox] == [["provider@example.org"]]
    assert "withdrew" in mailoutbox[0].body and "Quokka" not in mailoutbox[0].body
    # Nothing more can happen to it.
    with pytest.raises(ValidationError):
        services.referral_move(referral=referral, by=provider, roles=PROVIDER, state="accepted")
    # Twice: nothing more.
    services.referral_withdraw_consent(referral=referral, by=networker, roles=NETWORKER)
    assert referral.events.filter(kind=ReferralEvent.Kind.WITHDRAWN).count() == 1
    # The next purge deletes the details, however recently it closed.
    assert services.referral_purge_expired() == 1
    referral.refresh_from_db()
    assert referral.person_name is None and referral.contact_detail is None
    assert referral.purged_at is not None


def test_purge_after_the_retention_period_twice_changes_nothing_the_second_time(
    programme, networker, service, provider, farsi, settings
):
    settings.REFERRALS_RETENTION_MONTHS = 6
    old, _created = send(programme, networker, service)
    services.referral_move(referral=old, by=provider, roles=PROVIDER, state="accepted")
    services.referral_move(referral=old, by=provider, roles=PROVIDER, state="completed")
    recent, _created = send(programme, networker, service, note="recent")
    services.referral_move(
        referral=recent, by=provider, roles=PROVIDER, state="declined", decline_reason="other"
    )
    still_open, _created = send(programme, networker, service, note="open")
    held, _created = send(programme, networker, service, note="held")
    services.referral_move(
        referral=held, by=provider, roles=PROVIDER, state="declined", decline_reason="other"
    )
    long_ago = timezone.now() - timedelta(days=200)
    Referral.objects.filter(pk__in=[old.pk, held.pk, still_open.pk]).update(
        closed_at=long_ago, referred_at=long_ago
    )
    Referral.objects.filter(pk=still_open.pk).update(closed_at=None)
    services.referral_hold_set(
        referral=held,
        by=networker,
        reason="Court case",
        review_on=timezone.localdate() + timedelta(days=30),
    )

    assert services.referral_purge_expired() == 1
    rows = {r.pk: r for r in Referral.objects.all()}
    assert rows[old.pk].purged_at and rows[old.pk].person_name is None
    assert rows[old.pk].note is None and rows[old.pk].referred_by is None
    # Anonymous counts stay: service, language, state, dates.
    assert rows[old.pk].state == State.COMPLETED and rows[old.pk].language_id == "fa"
    assert rows[old.pk].service_id == service.pk
    assert rows[recent.pk].person_name and rows[still_open.pk].person_name
    assert rows[held.pk].person_name and rows[held.pk].purged_at is None
    audits = AuditEvent.objects.filter(
        target=f"referral:{old.pk}", actor_label="retention schedule"
    )
    assert audits.count() == 1

    before = list(Referral.objects.order_by("pk").values())
    events = ReferralEvent.objects.count()
    assert services.referral_purge_expired() == 0
    assert list(Referral.objects.order_by("pk").values()) == before
    assert ReferralEvent.objects.count() == events
    assert AuditEvent.objects.filter(actor_label="retention schedule").count() == 1

    # Lifting the hold lets the next purge take it.
    services.referral_hold_lift(referral=held, by=networker)
    assert services.referral_purge_expired() == 1


def test_the_command_purges(programme, networker, service, provider, farsi):
    from io import StringIO

    from django.core.management import call_command

    referral, _created = send(programme, networker, service)
    services.referral_withdraw_consent(referral=referral, by=networker, roles=NETWORKER)
    out = StringIO()
    call_command("purge_referrals", stdout=out)  # queued; tests run tasks at once
    referral.refresh_from_db()
    assert referral.purged_at is not None
    call_command("purge_referrals", "--now", stdout=out)
    assert "Referral details deleted: 0." in out.getvalue()


def test_a_legal_hold_needs_a_reason_and_a_future_review_date(programme, networker, service, farsi):
    referral, _created = send(programme, networker, service)
    with pytest.raises(ValidationError):
        services.referral_hold_set(
            referral=referral, by=networker, reason="x", review_on=timezone.localdate()
        )
    with pytest.raises(ValidationError):
        services.referral_hold_set(
            referral=referral,
            by=networker,
            reason="  ",
            review_on=timezone.localdate() + timedelta(days=1),
        )


def test_consent_wording_is_versioned_and_shown_in_a_language_it_is_translated_into():
    text = consent.wording(language="en", service="Housing advice", months=12)
    assert "Housing advice" in text and "12 months" in text
    # A language without a translation of this version is shown in English, and says so.
    assert consent.language_shown(language="xx") == "en"
    assert consent.language_shown(language="en") == "en"
    assert Notification.objects.count() == 0
