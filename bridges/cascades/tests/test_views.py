import json
import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.cascades.models import KeyMessage, QuestionGroup, ReachReport, ReachSummary
from bridges.cascades.tests.factories import key_message, report
from bridges.translations.services import publish_translation

pytestmark = pytest.mark.django_db


def _form(**values):
    today = timezone.localdate()
    data = {
        "title": "Bus passes change in January",
        "text": "Older people's bus passes now need renewing online or at a library.",
        "short_text": "Renew your bus pass online or at a library before January.",
        "source_language": "en",
        "languages": ["ar", "ti"],
        "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=30)).isoformat(),
    }
    data.update(values)
    return data


def test_a_coordinator_writes_a_message_and_a_bad_one_changes_nothing(client, city, coordinator):
    client.force_login(coordinator)
    url = reverse("cascades:create", args=[city.slug])
    today = timezone.localdate()
    response = client.post(
        url, _form(title="", languages=[], ends_on=(today - timedelta(days=1)).isoformat())
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "id_title_error" in page
    assert "Choose at least one language to reach" in page
    assert "The last day must be the same as or after the first day" in page
    assert not KeyMessage.objects.exists()

    response = client.post(url, _form())
    message = KeyMessage.objects.get()
    assert response.status_code == 302
    assert sorted(message.languages.values_list("pk", flat=True)) == ["ar", "ti"]


def test_a_networker_sees_the_message_in_their_language_with_share_links(client, city, amina):
    message = key_message(city, languages=["ar"])
    publish_translation(
        message,
        "ar",
        {"title": "لقاحات الشتاء", "text": "اللقاحات مجانية.", "short_text": "لقاح مجاني."},
        note="test",
    )
    client.force_login(amina.user)
    page = client.get(reverse("cascades:mine", args=[city.slug])).content.decode()
    assert "لقاحات الشتاء" in page
    with translation.override("ar"):
        public = reverse("cascades_public:message", args=[message.pk])
    assert f"/ar/messages/{message.pk}/" == public
    assert "https://wa.me/?text=" in page
    assert f"http://testserver{public}" in page
    assert "لقاح مجاني." in page


def test_the_public_page_is_in_the_address_language(client, city):
    message = key_message(city, languages=["ar"])
    publish_translation(
        message, "ar", {"title": "لقاحات الشتاء", "text": "نص", "short_text": "قصير"}, note="test"
    )
    arabic = client.get(f"/ar/messages/{message.pk}/")
    assert arabic.status_code == 200 and "لقاحات الشتاء" in arabic.content.decode()
    english = client.get(f"/en/messages/{message.pk}/").content.decode()
    assert "Winter vaccinations" in english
    upcoming = key_message(city, starts_on=timezone.localdate() + timedelta(days=3))
    assert client.get(f"/en/messages/{upcoming.pk}/").status_code == 404


def test_a_report_form_sent_twice_is_stored_once(client, city, amina):
    message = key_message(city)
    client.force_login(amina.user)
    url = reverse("cascades:report", args=[city.slug, message.pk])
    data = {
        "client_id": str(uuid.uuid4()),
        "date": timezone.localdate().isoformat(),
        "channel": "school_gate",
        "language": "ar",
        "people_reached": "25",
        "question": "Is it free for adults?",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    assert ReachReport.objects.count() == 1
    assert set(ReachSummary.objects.values_list("people", flat=True)) == {25}
    assert QuestionGroup.objects.get().summary == "Is it free for adults?"


def test_an_empty_report_says_what_to_fix(client, city, amina):
    message = key_message(city)
    client.force_login(amina.user)
    url = reverse("cascades:report", args=[city.slug, message.pk])
    response = client.post(url, {"client_id": str(uuid.uuid4())})
    page = response.content.decode()
    assert "Choose how you shared the message" in page
    assert "Choose the language you shared it in" in page
    assert not ReachReport.objects.exists()


def test_the_api_stores_once_and_refuses_a_different_report_under_the_same_id(client, city, amina):
    message = key_message(city)
    client.force_login(amina.user)
    url = reverse("cascades:api_reports", args=[city.slug, message.pk])
    payload = {
        "client_id": str(uuid.uuid4()),
        "date": timezone.localdate().isoformat(),
        "channel": "radio",
        "language": "ar",
        "people_reached": 300,
    }
    first = client.post(url, json.dumps(payload), content_type="application/json")
    again = client.post(url, json.dumps(payload), content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    other = client.post(
        url, json.dumps({**payload, "people_reached": 3}), content_type="application/json"
    )
    assert other.status_code == 409
    bad = client.post(
        url, json.dumps({**payload, "client_id": str(uuid.uuid4()), "channel": "x"}),
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400 and "channel" in bad.json()["errors"]
    assert ReachReport.objects.count() == 1


def test_the_questions_page_answers_and_the_answer_shows_to_the_networker(
    client, city, amina, coordinator
):
    message = key_message(city)
    report(message, amina, question="Can children go too?")
    group = QuestionGroup.objects.get()
    client.force_login(coordinator)
    page = client.get(reverse("cascades:questions", args=[city.slug])).content.decode()
    assert "Can children go too?" in page
    # The community issue link leads to the voice app's form, filled with the question.
    assert "Raise as a community issue" in page
    assert reverse("voice:issue_raise", args=[city.slug]) in page
    url = reverse("cascades:question_answer", args=[city.slug, group.pk])
    assert "There is a problem" in client.post(url, {"answer": ""}).content.decode()
    client.post(url, {"answer": "Yes, children aged 2 and 3 too."})
    client.force_login(amina.user)
    mine = client.get(reverse("cascades:mine", args=[city.slug])).content.decode()
    assert "Yes, children aged 2 and 3 too." in mine


def test_analysts_see_small_numbers_suppressed_and_coordinators_do_not(
    client, city, amina, coordinator
):
    message = key_message(city)
    report(message, amina, people_reached=3)
    analyst = member(city, Role.ANALYST)
    client.force_login(analyst)
    url = reverse("cascades:reach", args=[city.slug])
    assert "fewer than" in client.get(url).content.decode()
    download = client.get(reverse("cascades:reach_export", args=[city.slug]) + "?format=csv")
    assert "fewer than 5" in download.content.decode()
    client.force_login(coordinator)
    assert "fewer than" not in client.get(url).content.decode()


def test_the_networkers_home_lists_their_messages(client, city, amina):
    key_message(city, title="Cost of living help", languages=["ar"])
    client.force_login(amina.user)
    page = client.get(reverse("accounts:programme_home", args=[city.slug])).content.decode()
    assert "Cost of living help" in page
    assert reverse("cascades:mine", args=[city.slug]) in page


def test_deleting_asks_first(client, city, coordinator, amina):
    message = key_message(city)
    report(message, amina)
    client.force_login(coordinator)
    url = reverse("cascades:delete", args=[city.slug, message.pk])
    assert "cannot be undone" in client.get(url).content.decode()
    assert KeyMessage.objects.exists()
    client.post(url)
    assert not KeyMessage.objects.exists() and not ReachSummary.objects.exists()


def _reports(city, networker, n: int, start: int = 0):
    messages = [key_message(city, title=f"Message {i}", languages=["ar", "ti"]) for i in range(2)]
    channels = ["radio", "worship", "school_gate", "messaging_group"]
    for i in range(start, start + n):
        report(
            messages[i % 2],
            networker,
            channel=channels[i % 4],
            people_reached=5 + i,
            area="E05011400" if i % 3 else "E05011401",
            day=timezone.localdate() - timedelta(days=(i * 17) % 80),
        )


def test_the_cascade_view_costs_the_same_queries_for_more_reports(
    client, city, amina, coordinator, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator)
    url = reverse("cascades:reach", args=[city.slug])
    _reports(city, amina, 4)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _reports(city, amina, 60, start=4)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
