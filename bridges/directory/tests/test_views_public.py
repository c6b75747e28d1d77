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


@pytest.mark.parametrize(
    ("query", "said"),
    [
        ("doctor " * 40, "longer than 200 characters"),
        ("\U0001f600\U0001f3e5", "no letters or numbers"),
        ("doc\x00tor", "cannot be searched"),
    ],
)
def test_an_ignored_query_says_so_on_the_page_and_in_the_api(client, gp, query, said):
    response = client.get(reverse("directory_public:search"), {"q": query})
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert "Browse by need" in page  # and the help for a search that found nothing
    api = client.get(reverse("directory:openreferral:services"), {"search": query})
    assert api.status_code == 422
    assert said in api.json()["detail"][0]["msg"]


def test_every_need_can_be_browsed_parents_included(client, programme):
    make_service(programme, name="Hillside Housing Options", need="housing")
    make_service(programme, name="Canal Street Surgery", need="gp")
    browse = client.get(reverse("directory_public:search")).content.decode()
    assert 'href="?need=housing"' in browse and 'href="?need=health"' in browse
    housing = client.get(reverse("directory_public:search"), {"need": "housing"})
    assert "Hillside Housing Options" in housing.content.decode()
    health = client.get(reverse("directory_public:search"), {"need": "health"})
    assert "Canal Street Surgery" in health.content.decode()  # a child need's service


def test_nothing_found_offers_needs_the_drop_in_and_a_networker(client, programme, gp):
    programme.address = "Civic Hall, Riverton"
    programme.contact_phone = "0113 496 0000"
    programme.save()
    response = client.get(reverse("directory_public:search"), {"q": "zzqxv"})
    page = response.content.decode()
    assert "No services match" in page and "Browse by need" in page
    assert "Civic Hall, Riverton" in page and "Networkers" in page


def test_a_typo_is_found_and_corrected(client, gp):
    response = client.get(reverse("directory_public:search"), {"q": "docter"})
    page = response.content.decode()
    assert "Canal Street Surgery" in page
    assert "Did you mean" in page and "q=doctor" in page
