"""The application form speaks like GOV.UK: messages name the field, no internal field name
shows, contact fields agree with the chosen way to reply, the privacy notice sits by the
consent, more than three languages can be added, and the language list suits the programme."""

import pytest
from django.core import signing
from django.utils import timezone

from bridges.core.models import Language
from bridges.networkers.forms import STARTED_SALT
from bridges.networkers.models import Networker

from .factories import language
from .test_views import application, join_url, leeds_programme  # noqa: F401 (fixture)


@pytest.mark.django_db
def test_a_form_sent_too_quickly_shows_no_internal_field_name(client, leeds_programme, settings):  # noqa: F811
    settings.NETWORKERS_MIN_FILL_SECONDS = 30
    for lang in ("en", "ar"):
        quick = signing.dumps(timezone.now().timestamp(), salt=STARTED_SALT)
        response = client.post(join_url(leeds_programme, lang), application(started=quick))
        html = response.content.decode()
        assert response.status_code == 200
        assert "error-summary" in html
        assert "Started" not in html and "started:" not in html.lower()
        assert "Token" not in html
    assert not Networker.objects.exists()


@pytest.mark.django_db
def test_required_messages_name_the_field(client, leeds_programme):  # noqa: F811
    response = client.post(join_url(leeds_programme), application(display_name=""))
    html = response.content.decode()
    assert "Enter your name" in html
    assert "This field is required" not in html
    response = client.post(join_url(leeds_programme), application(display_name="x" * 151))
    assert "Your name must be 150 characters or fewer" in response.content.decode()


@pytest.mark.django_db
def test_email_and_phone_are_not_marked_optional_but_say_when_needed(client, leeds_programme):  # noqa: F811
    html = client.get(join_url(leeds_programme)).content.decode()
    email = html[html.index('for="id_email"') : html.index('id="id_email"')]
    phone = html[html.index('for="id_phone"') : html.index('id="id_phone"')]
    assert "(optional)" not in email and "(optional)" not in phone
    assert "Needed if we should contact you by email." in email
    assert "Needed if we should call you" in phone
    response = client.post(join_url(leeds_programme), application(email="", phone="07700 900123"))
    assert "Give an email address, or choose another way to contact you." in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_the_privacy_notice_sits_by_the_consent(client, leeds_programme):  # noqa: F811
    html = client.get(join_url(leeds_programme)).content.decode()
    link = f"/en/networkers/join/{leeds_programme.slug}/privacy/"
    assert html.index(link) < html.index('id="id_consent"')
    notice = client.get(link)
    assert notice.status_code == 200
    assert "How we use your information" in notice.content.decode()


@pytest.mark.django_db
def test_languages_can_be_added_beyond_three_without_javascript(client, leeds_programme):  # noqa: F811
    language("pl", "Polish", "polski")
    data = application(**{"lang-2-language": "en", "lang-2-level": "fluent"})
    response = client.post(join_url(leeds_programme), {**data, "add_language": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" not in html  # nothing was sent yet
    assert 'name="lang-3-language"' in html
    assert 'value="Selam Tesfay"' in html
    data.update({"lang-TOTAL_FORMS": "4", "lang-3-language": "pl", "lang-3-level": "basic"})
    assert client.post(join_url(leeds_programme), data).status_code == 302
    assert Networker.objects.get().language_skills.count() == 4


@pytest.mark.django_db
def test_the_language_list_puts_the_programmes_first_and_leaves_out_dead_ones(
    client,
    leeds_programme,  # noqa: F811
):
    language("la", "Latin")
    language("eo", "Esperanto")
    Language.objects.create(code="so", english_name="Somali", native_name="Soomaali")
    leeds_programme.languages.add(Language.objects.get(code="so"))
    html = client.get(join_url(leeds_programme)).content.decode()
    select = html[html.index('id="id_lang-0-language"') :]
    select = select[: select.index("</select>")]
    assert "Latin" not in select and "Esperanto" not in select
    assert select.index("Somali") < select.index("Arabic")
    assert "Languages of this programme" in select
