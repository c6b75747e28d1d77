"""What a failed sign-in leaves behind: a keyed hash of what was typed, never the text."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import override_settings
from django.urls import reverse

from bridges.accounts.lockout import sign_in_key
from bridges.accounts.models import AuditEvent
from bridges.core.tests.rawdb import tables_containing

PASSWORD = "correct-horse-battery-staple"
SECRET = "someone-secret@example.org"


def sign_in(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password})


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_a_failed_sign_in_leaves_no_trace_of_what_was_typed_anywhere_in_the_database(client):
    assert sign_in(client, SECRET, "wrong-password").status_code == 200
    for _ in range(2):
        sign_in(client, SECRET, "wrong-password")
    # Locked out, under the hash of the address, whatever its case or spaces.
    assert sign_in(client, f"  {SECRET.upper()} ", "another-guess").status_code == 429

    assert tables_containing("someone-secret") == {}
    assert tables_containing(SECRET) == {}

    key = sign_in_key(SECRET)
    assert len(key) == 64
    assert AccessAttempt.objects.filter(username=key).exists()
    assert not AccessLog.objects.exists()  # axes keeps no second log of sign-ins
    assert not AccessFailureLog.objects.exists()
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert failed.count() >= 3
    assert set(failed.values_list("actor_label", flat=True)) == {key}
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LOCKED_OUT, actor_label=key).exists()


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_lockout_still_counts_per_address_and_a_success_names_the_user(client, networker):
    sign_in(client, networker.email, "wrong-password")
    sign_in(client, networker.email, "wrong-password")
    attempt = AccessAttempt.objects.get(username=sign_in_key(networker.email))
    assert attempt.failures_since_start == 2
    # Another address's failures do not count against this one.
    for _ in range(3):
        sign_in(client, SECRET, "wrong-password")
    assert sign_in(client, networker.email, PASSWORD).status_code == 302
    # A success resets the address's counter and is audited under the real user.
    assert not AccessAttempt.objects.filter(username=sign_in_key(networker.email)).exists()
    signed_in = AuditEvent.objects.get(action=AuditEvent.Action.SIGN_IN)
    assert signed_in.actor == networker
    assert signed_in.actor_label == networker.email


def test_the_keyed_hash_depends_on_the_keys(settings):
    before = sign_in_key(SECRET)
    assert before == sign_in_key(SECRET.upper())
    settings.SECRET_KEY = "another-secret-key-for-this-test"
    assert sign_in_key(SECRET) != before
    assert sign_in_key("") == ""
