import io
import time

import pytest
from allauth.mfa.models import Authenticator
from axes.models import AccessAttempt
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from bridges.accounts.lockout import sign_in_key
from bridges.accounts.models import AuditEvent, Membership
from bridges.accounts.roles import Role
from bridges.accounts.services import audit_record, invitation_create
from bridges.accounts.tests.factories import member
from bridges.core.exports import XLSX_TYPE

PASSWORD = "correct-horse-battery-staple"


def sign_in(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


@pytest.mark.django_db
def test_networker_signs_in_with_password_alone(client, networker, programme):
    response = sign_in(client, networker.email)
    assert response.status_code == 302
    response = client.get(reverse("accounts:dashboard"), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse(
        "accounts:programme_home", args=[programme.slug]
    )
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN, actor=networker).exists()


@pytest.mark.django_db
def test_staff_without_second_factor_must_set_one_up_before_seeing_data(client, programme):
    coordinator = member(programme, Role.COORDINATOR, with_second_factor=False)
    assert sign_in(client, coordinator.email).status_code == 302
    response = client.get(reverse("accounts:people", args=[programme.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.django_db
def test_staff_with_second_factor_is_asked_for_a_code_at_sign_in(client, coordinator):
    assert Authenticator.objects.filter(user=coordinator).exists()
    response = sign_in(client, coordinator.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    # Not signed in until the code is given.
    assert client.get(reverse("accounts:dashboard"))["Location"].startswith(
        reverse("account_login")
    )


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_without_revealing_it_exists(client, networker):
    for _ in range(3):
        sign_in(client, networker.email, "wrong-password")
    # Counted under a keyed hash of the address, never the address itself.
    assert AccessAttempt.objects.filter(username=sign_in_key(networker.email)).exists()
    assert not AccessAttempt.objects.filter(username__icontains=networker.email).exists()
    locked = sign_in(client, networker.email, PASSWORD)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    # An address with no account gets exactly the same treatment.
    for _ in range(3):
        sign_in(client, "nobody@example.org", "wrong-password")
    assert sign_in(client, "nobody@example.org", "whatever").status_code == 429
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED).count() >= 3


@pytest.mark.django_db
def test_wrong_password_message_is_the_same_for_unknown_accounts(client, networker):
    known = sign_in(client, networker.email, "wrong-password").content.decode()
    unknown = sign_in(client, "nobody@example.org", "wrong-password").content.decode()
    assert "not correct" in known
    assert "not correct" in unknown


@pytest.mark.django_db
def test_sign_out_is_a_post(client, networker):
    client.force_login(networker)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200  # a confirmation page, not a sign-out
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT=60)
def test_sessions_expire_after_inactivity(client, networker, programme):
    client.force_login(networker)
    url = reverse("accounts:programme_home", args=[programme.slug])
    assert client.get(url).status_code == 200
    session = client.session
    session["last_seen"] = int(time.time()) - 61
    session.save()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


class _Clock:
    def __init__(self):
        self.now = time.time()

    def time(self) -> float:
        return self.now


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT=60)
def test_an_active_session_lasts_and_last_seen_is_written_at_most_every_interval(
    client, networker, programme, monkeypatch
):
    from bridges.accounts import middleware

    clock = _Clock()
    monkeypatch.setattr(middleware, "time", clock)
    client.force_login(networker)
    url = reverse("accounts:programme_home", args=[programme.slug])
    assert client.get(url).status_code == 200
    first = client.session["last_seen"]
    clock.now += 5  # within the interval (6 s for a 60 s timeout): no session write
    assert client.get(url).status_code == 200
    assert client.session["last_seen"] == first
    for _ in range(10):  # a request every 50 s for over eight minutes: never signed out
        clock.now += 50
        assert client.get(url).status_code == 200
        assert client.session["last_seen"] == int(clock.now)
    clock.now += 61  # then idle for longer than the timeout: signed out
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(SESSION_IDLE_TIMEOUT=60)
def test_idle_time_counts_from_the_last_written_request(client, networker, programme, monkeypatch):
    """A request inside the interval does not move last_seen, so a session never lasts longer
    idle than the timeout after a written request (it may end up to the interval sooner)."""
    from bridges.accounts import middleware

    clock = _Clock()
    monkeypatch.setattr(middleware, "time", clock)
    client.force_login(networker)
    url = reverse("accounts:programme_home", args=[programme.slug])
    assert client.get(url).status_code == 200
    clock.now += 5
    assert client.get(url).status_code == 200
    clock.now += 56  # 56 s after the last request, 61 s after last_seen: signed out
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_a_signed_in_request_does_not_save_the_session_every_time(client, networker, programme):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(networker)
    url = reverse("accounts:programme_home", args=[programme.slug])
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert not [q for q in captured.captured_queries if 'UPDATE "django_session"' in q["sql"]]


@pytest.mark.django_db
def test_invitation_flow_through_the_pages(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitation_create", args=[programme.slug]),
        {"email": "helper@example.org", "role": Role.NETWORKER},
    )
    assert response.status_code == 302
    client.logout()
    _invitation, token = invitation_create(
        email="second@example.org", programme=programme, role=Role.NETWORKER, invited_by=coordinator
    )
    url = reverse("accounts:invitation_accept", args=[token])
    weak = client.post(url, {"display_name": "Sam", "password": "password"})
    assert weak.status_code == 200
    assert "There is a problem" in weak.content.decode()
    assert not Membership.objects.filter(user__email="second@example.org").exists()
    ok = client.post(url, {"display_name": "Sam", "password": "a-long-passphrase-42"})
    assert ok.status_code == 302
    assert Membership.objects.filter(user__email="second@example.org", role=Role.NETWORKER).exists()
    assert client.get(url).status_code == 410


@pytest.mark.django_db
def test_coordinator_cannot_invite_a_platform_admin(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("accounts:invitation_create", args=[programme.slug]),
        {"email": "boss@example.org", "role": Role.ADMIN},
    )
    assert response.status_code == 200
    assert "Choose one of the options given for role" in response.content.decode()


@pytest.mark.django_db
def test_revoking_a_role_asks_first(client, coordinator, networker, programme):
    client.force_login(coordinator)
    membership = Membership.objects.get(user=networker)
    url = reverse("accounts:membership_revoke", args=[programme.slug, membership.pk])
    assert "Remove this role?" in client.get(url).content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_outsider_cannot_touch_another_programmes_membership(
    client, outsider, networker, programme
):
    client.force_login(outsider)
    membership = Membership.objects.get(user=networker)
    url = reverse("accounts:membership_revoke", args=[programme.slug, membership.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_audit_log_lists_filters_and_downloads(
    client, platform_admin, networker, django_assert_max_num_queries
):
    sign_in(client, networker.email, "wrong")
    client.force_login(platform_admin)
    url = reverse("accounts:audit_log")
    with django_assert_max_num_queries(12):
        response = client.get(url, {"action": AuditEvent.Action.SIGN_IN_FAILED})
    # A failed sign-in shows the keyed hash of what was typed, never the text.
    assert sign_in_key(networker.email) in response.content.decode()
    assert networker.email not in response.content.decode()
    # Searching for the address finds it through the same hash.
    found = client.get(url, {"q": networker.email.upper()}).content.decode()
    assert sign_in_key(networker.email) in found
    csv_response = client.get(url, {"format": "csv"})
    assert csv_response["Content-Type"].startswith("text/csv")
    assert sign_in_key(networker.email) in csv_response.content.decode()


@pytest.mark.django_db
def test_a_sign_in_typed_as_a_formula_is_neutralised_in_the_audit_log_download(
    client, platform_admin
):
    # A sign-in's label may come from a user's address, which may start like a formula.
    audit_record(action=AuditEvent.Action.SIGN_IN, actor_label="=1+2@example.org")
    client.force_login(platform_admin)
    url = reverse("accounts:audit_log")
    body = client.get(url, {"format": "csv"}).content.decode()
    assert ",'=1+2@example.org," in body  # a spreadsheet shows it as text, never runs it
    assert ",=1+2@example.org," not in body

    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Type"] == XLSX_TYPE
    assert 'filename="bridges-audit-log.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+2@example.org"]
    assert cells and all(cell.data_type == "s" and cell.quotePrefix for cell in cells)
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


@pytest.mark.django_db
def test_audit_log_query_count_does_not_grow_with_rows(
    client, platform_admin, django_assert_num_queries
):
    client.force_login(platform_admin)
    url = reverse("accounts:audit_log")
    client.get(url)
    from bridges.accounts.services import audit_record

    def count_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    few = count_queries()
    for number in range(40):
        audit_record(action=AuditEvent.Action.SIGN_IN, actor_label=f"p{number}@example.org")
    assert count_queries() == few


@pytest.mark.django_db
def test_password_reset_sends_a_link_only_to_known_addresses(client, networker, mailoutbox):
    url = reverse("account_reset_password")
    assert client.post(url, {"email": networker.email}).status_code == 302
    assert client.post(url, {"email": "nobody@example.org"}).status_code == 302
    known = [m for m in mailoutbox if networker.email in m.to]
    assert len(known) == 1
    assert "/accounts/password/reset/key/" in known[0].body
