from unittest import mock

import pytest
from django.db import OperationalError
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_healthz_answers_503_when_database_fails(client):
    # The database is real; only its failure is simulated, which cannot be caused safely here.
    with mock.patch("bridges.core.views.connection.cursor", side_effect=OperationalError):
        response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "direction"),
    [("en", "ltr"), ("ar", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("pl", "ltr")],
)
def test_public_home_is_addressed_per_language_with_direction(client, code, direction):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    assert 'href="#main"' in html  # skip link


@pytest.mark.django_db
def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"


@pytest.mark.django_db
def test_language_switcher_lists_languages_in_their_own_script(client):
    html = client.get("/en/").content.decode()
    for native in ["العربية", "فارسی", "Polski", "ትግርኛ", "Українська", "Kiswahili"]:
        assert native in html


@pytest.mark.django_db
def test_language_switch_sets_cookie_and_returns_to_same_page(client):
    response = client.get(reverse("language_switch", args=["ar"]) + "?next=/en/")
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert response.cookies["django_language"].value == "ar"


@pytest.mark.django_db
def test_language_switch_refuses_external_redirect(client):
    response = client.get(reverse("language_switch", args=["fr"]) + "?next=https://evil.example/")
    assert response["Location"].startswith("/")
