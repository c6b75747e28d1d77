"""The public forms (a networker application, "this listing is wrong", accepting an invitation)
answer a friendly 429 when one address sends too many, counted in the shared cache; and an
application form's start time sends one application only."""

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.services import invitation_create
from bridges.directory.models import ListingReport
from bridges.directory.tests.factories import make_service
from bridges.networkers.forms import STARTED_SALT
from bridges.networkers.models import Networker
from bridges.networkers.tests.test_views import application, join_url, leeds_programme  # noqa: F401

LIMITS = {"PUBLIC_FORM_RATE_LIMIT": 3, "PUBLIC_FORM_RATE_WINDOW_MINUTES": 60}
ONE = "203.0.113.5"
ANOTHER = "198.51.100.77"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def assert_limited(response):
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many forms sent" in page
    assert "<h1" in page  # a whole page in the site's shell, not a bare error
    assert int(response["Retry-After"]) > 0


@pytest.mark.django_db
@override_settings(**LIMITS)
def test_networker_applications_are_limited_per_address(client, leeds_programme):  # noqa: F811
    url = join_url(leeds_programme)
    for _ in range(3):
        assert client.post(url, application(), REMOTE_ADDR=ONE).status_code == 302
    assert_limited(client.post(url, application(), REMOTE_ADDR=ONE))
    assert Networker.objects.count() == 3
    # Another address, and reading the form, are not affected.
    assert client.post(url, application(), REMOTE_ADDR=ANOTHER).status_code == 302
    assert client.get(url, REMOTE_ADDR=ONE).status_code == 200


@pytest.mark.django_db
@override_settings(**LIMITS)
def test_the_limit_page_is_in_the_persons_language(client, leeds_programme):  # noqa: F811
    url = join_url(leeds_programme, "ar")
    for _ in range(3):
        client.post(url, application(), REMOTE_ADDR=ONE)
    response = client.post(url, application(), REMOTE_ADDR=ONE)
    assert response.status_code == 429
    assert 'lang="ar"' in response.content.decode()


@pytest.mark.django_db
@override_settings(**LIMITS)
def test_listing_reports_are_limited_per_address(client, programme):
    service = make_service(programme, name="Canal Street Surgery")
    url = reverse("directory_public:report", args=[service.pk])
    for number in range(3):
        data = {"problem": "times", "details": "Closed", "token": f"tok-{number}"}
        assert client.post(url, data, REMOTE_ADDR=ONE).status_code == 302
    assert_limited(
        client.post(url, {"problem": "times", "details": "x", "token": "t9"}, REMOTE_ADDR=ONE)
    )
    assert ListingReport.objects.count() == 3
    data = {"problem": "times", "details": "Closed", "token": "tok-other"}
    assert client.post(url, data, REMOTE_ADDR=ANOTHER).status_code == 302


@pytest.mark.django_db
@override_settings(**LIMITS)
def test_invitation_answers_are_limited_per_address(client, programme, coordinator):
    _invitation, token = invitation_create(
        email="new@example.org", programme=programme, role="provider", invited_by=coordinator
    )
    url = reverse("accounts:invitation_accept", args=[token])
    for _ in range(3):
        client.post(url, {"display_name": "x", "password": "short"}, REMOTE_ADDR=ONE)
    assert_limited(client.post(url, {"display_name": "x"}, REMOTE_ADDR=ONE))


@pytest.mark.django_db
@override_settings(PUBLIC_FORM_RATE_LIMIT=0)
def test_a_limit_of_zero_turns_the_limit_off(client, leeds_programme):  # noqa: F811
    url = join_url(leeds_programme)
    for _ in range(5):
        assert client.post(url, application(), REMOTE_ADDR=ONE).status_code == 302


@pytest.mark.django_db
def test_a_start_time_sends_one_application_only(client, leeds_programme):  # noqa: F811
    url = join_url(leeds_programme)
    started = signing.dumps(timezone.now().timestamp() - 60, salt=STARTED_SALT)
    first = application(started=started)
    assert client.post(url, first).status_code == 302
    # The same form sent again is the same application: thanked, nothing new stored.
    assert client.post(url, first).status_code == 302
    # A new application (another token) reusing the start time is not accepted.
    reused = application(started=started, display_name="Someone Else")
    response = client.post(url, reused)
    assert response.status_code == 200
    assert "already been sent" in response.content.decode()
    assert list(Networker.objects.values_list("display_name", flat=True)) == ["Selam Tesfay"]
    # The page hands out a fresh start time, so a person can still send their own form.
    assert started not in response.content.decode()
