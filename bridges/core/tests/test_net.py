"""One answer to "who is the client?", used by sign-in limits, lockouts and the audit log."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory, override_settings
from django.urls import reverse

from bridges.accounts.models import AuditEvent
from bridges.core.net import client_address

PROXY = "10.0.0.2"
PROXY_SETTINGS = {"TRUSTED_PROXIES": ["10.0.0.0/24"]}


def request_from(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("198.51.100.9", "203.0.113.5")) == "198.51.100.9"


@override_settings(**PROXY_SETTINGS)
def test_behind_a_trusted_proxy_the_client_is_the_address_it_saw():
    assert client_address(request_from(PROXY, "203.0.113.5")) == "203.0.113.5"
    # A client's own X-Forwarded-For comes first and is ignored: nginx appends what it saw.
    assert client_address(request_from(PROXY, "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    # Several trusted proxies in a row are all skipped.
    assert client_address(request_from(PROXY, "203.0.113.5, 10.0.0.7")) == "203.0.113.5"
    # No header: the proxy itself is all we know.
    assert client_address(request_from(PROXY)) == PROXY
    # Garbage in the header is never returned.
    assert client_address(request_from(PROXY, "not-an-address")) == PROXY


@override_settings(**PROXY_SETTINGS)
def test_a_request_not_from_a_trusted_proxy_cannot_choose_its_address():
    assert client_address(request_from("198.51.100.9", "203.0.113.5")) == "198.51.100.9"


def sign_in_failing(client, email: str, *, forwarded: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "wrong-password"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, **PROXY_SETTINGS)
def test_behind_a_proxy_one_clients_failures_do_not_lock_out_another(client, networker):
    for _ in range(3):
        sign_in_failing(client, networker.email, forwarded="203.0.113.5")
    assert sign_in_failing(client, networker.email, forwarded="203.0.113.5").status_code == 429
    other = sign_in_failing(client, networker.email, forwarded="198.51.100.77")
    assert other.status_code == 200  # the form again, with its error: not locked out
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.5",
        "198.51.100.77",
    }
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {"203.0.113.5", "198.51.100.77"}


@pytest.mark.django_db
@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"}, **PROXY_SETTINGS)
def test_behind_a_proxy_the_sign_in_rate_limit_counts_each_client(client, networker):
    from django.core.cache import cache

    cache.clear()
    for number in range(3):
        sign_in_failing(client, f"someone{number}@example.org", forwarded="203.0.113.5")
    limited = sign_in_failing(client, "someone9@example.org", forwarded="203.0.113.5")
    assert "Too many failed" in limited.content.decode()
    other = sign_in_failing(client, "someone10@example.org", forwarded="198.51.100.77")
    assert "Too many failed" not in other.content.decode()


@pytest.mark.django_db
@override_settings(AXES_FAILURE_LIMIT=3, TRUSTED_PROXIES=[])
def test_without_trust_a_spoofed_forwarded_header_does_not_escape_the_lockout(client, networker):
    for number in range(3):
        sign_in_failing(client, networker.email, forwarded=f"203.0.113.{number}")
    assert sign_in_failing(client, networker.email, forwarded="198.51.100.77").status_code == 429
    failed = AuditEvent.objects.filter(action=AuditEvent.Action.SIGN_IN_FAILED)
    assert set(failed.values_list("ip_address", flat=True)) == {PROXY}
