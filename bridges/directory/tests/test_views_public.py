import pytest
from django.urls import reverse
from django.utils import translation

from bridges.directory.models import ListingReport, ServiceTranslation

from .factories import make_service, ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def gp(programme):
    service = make_service(
        programme,
        name="Canal Street Surgery",
        need="gp",
        area=ward(),
        languages=("ar",),
        does_not_do="It does not check immigration status.",
        what_to_bring="Nothing.",
        free=True,
        hours=("MO,TU", "08:00", "18:00"),
    )
    ServiceTranslation.objects.create(service=service, language="ar", name="عيادة شارع القناة")
    return service


def test_search_page_in_arabic_finds_the_gp(client, gp):
    with translation.override("ar"):
        url = reverse("directory_public:search")
    assert url.startswith("/ar/")
    response = client.get(url + "?q=طبيب")
    assert response.status_code == 200
    assert "عيادة شارع القناة" in response.content.decode()  # Arabic name shown in /ar/


def test_search_page_without_a_query_browses_needs(client, gp):
    response = client.get(reverse("directory_public:search"))
    assert response.status_code == 200
    assert "need-list" in response.content.decode()


def test_htmx_search_returns_only_results(client, gp):
    response = client.get(
        reverse("directory_public:search") + "?q=doctor", headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert "Canal Street Surgery" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_service_page_in_plain_language_with_map(client, gp):
    response = client.get(reverse("directory_public:service_detail", args=[gp.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for text in [
        "What it does not do",
        "It does not check immigration status.",
        "What to bring",
        "How to get there",
        "<svg",
        "<circle",
        "Share on WhatsApp",
        "Opening times",
    ]:
        assert text in body, text


def test_unpublished_service_is_not_public(client, gp):
    gp.status = "inactive"
    gp.save()
    response = client.get(reverse("directory_public:service_detail", args=[gp.pk]))
    assert response.status_code == 404


def test_report_a_problem_is_stored_once_and_reaches_owners(
    client, gp, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("directory_public:report", args=[gp.pk])
    data = {"problem": "times", "details": "Closed on Tuesdays now", "token": "tok-123"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302
    client.post(url, data)  # double submit
    assert ListingReport.objects.filter(service=gp).count() == 1
    assert any(coordinator.email in m.to for m in mailoutbox)


def test_report_honeypot_rejects_bots(client, gp):
    url = reverse("directory_public:report", args=[gp.pk])
    response = client.post(url, {"problem": "times", "website": "spam", "token": "tok-9"})
    assert response.status_code == 200
    assert not ListingReport.objects.exists()


def test_search_page_query_count_does_not_grow(client, programme, django_assert_max_num_queries):
    for number in range(25):
        make_service(
            programme,
            name=f"Surgery {number}",
            need="gp",
            area=ward(),
            languages=("ar",),
            hours=("MO", "09:00", "10:00"),
        )
    url = reverse("directory_public:search")
    with django_assert_max_num_queries(20) as few:
        client.get(url + "?q=doctor&page=2")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url + "?q=doctor")
