"""Each interface language, end to end through Django: the home page is addressed per language,
its heading is translated, and the document carries the right language and direction."""

import re

import pytest
from django.conf import settings
from django.utils import translation

ENGLISH_HEADING = "Find help, in your language"


@pytest.mark.django_db
@pytest.mark.parametrize("code", [code for code, _name in settings.LANGUAGES])
def test_home_page_in_every_language(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    direction = "rtl" if code in settings.LANGUAGES_BIDI else "ltr"
    assert f'<html lang="{code}" dir="{direction}">' in html
    heading = re.search(r"<h1>(.*?)</h1>", html, re.S).group(1).strip()
    if code == "en":
        assert heading == ENGLISH_HEADING
    else:
        assert heading != ENGLISH_HEADING, f"{code}: the heading is not translated"
        with translation.override(code):
            assert heading == translation.gettext(ENGLISH_HEADING)
    # Shared layout strings are translated too (skip link, footer).
    if code != "en":
        assert "Skip to main content" not in html, f"{code}: the skip link is not translated"


@pytest.mark.django_db
def test_switching_language_keeps_the_page_and_remembers_the_choice(client):
    response = client.get("/language/ar/", {"next": "/en/"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"


@pytest.mark.django_db
def test_switching_language_never_redirects_off_site(client):
    response = client.get("/language/fr/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_staff_pages_follow_the_chosen_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "uk"
    html = client.get("/accounts/login/").content.decode()
    assert '<html lang="uk" dir="ltr">' in html
    with translation.override("uk"):
        assert translation.gettext("Sign in") in html


@pytest.mark.django_db
@pytest.mark.parametrize(("code", "direction"), [("en", "ltr"), ("ar", "rtl")])
def test_page_not_found_uses_the_layout_in_the_language(client, code, direction):
    response = client.get(f"/{code}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{code}" dir="{direction}">' in html
    with translation.override(code):
        assert translation.gettext("Page not found") in html


@pytest.mark.django_db
def test_server_error_page_renders_without_a_request():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Something went wrong" in html
