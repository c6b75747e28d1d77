"""The Open Referral UK API: every endpoint's output validates against the ORUK 3.0 schemas,
filters and paging work, unpublished data never shows, and query counts stay flat."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import CHECKS, is_check_class, load_all_checks

from bridges.directory.models import CostOption, Phone, Service, TaxonomyTerm
from bridges.directory.schemas import errors

from .factories import make_service, ward

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(programme, other_programme):
    area = ward()
    gp = make_service(
        programme,
        name="Canal Street Surgery",
        need="gp",
        area=area,
        languages=("ar", "pl"),
        hours=("MO,TU", "08:00", "18:00"),
        email="hello@surgery.example",
        url="https://surgery.example/",
        minimum_age=0,
        maximum_age=120,
    )
    gp.areas.add(area)
    CostOption.objects.create(service=gp, option="Registration", amount=0)
    Phone.objects.create(service=gp, number="0113 496 0001")
    make_service(programme, name="Beck Pantry", need="food-bank", languages=("pl",))
    make_service(other_programme, name="Far Surgery", need="gp")
    hidden = make_service(programme, name="Hidden Surgery", need="gp", status="inactive")
    return {"gp": gp, "hidden": hidden, "area": area}


def get(client, name, **kwargs):
    query = kwargs.pop("query", "")
    response = client.get(reverse(f"directory:openreferral:{name}", kwargs=kwargs) + query)
    return response


def valid(name, data):
    problems = errors(name, data)
    assert not problems, problems
    return data


def test_every_endpoint_validates_against_the_oruk_schemas(client, directory):
    gp = directory["gp"]
    meta = get(client, "meta").json()
    assert meta["version"] == "3.0" and meta["openapi_url"].endswith("/openreferral/openapi.json")
    services = valid("page:service", get(client, "services").json())
    assert services["total_items"] == 3
    service = valid("service", get(client, "service", id=str(gp.pk)).json())
    assert service["organization"]["name"] == "Canal Street Surgery Org"
    assert {language["code"] for language in service["languages"]} == {"ar", "pl"}
    assert service["service_at_locations"][0]["location"]["addresses"][0]["address_1"]
    assert service["attributes"][0]["taxonomy_term"]["code"] == "gp"
    organizations = valid("page:organization", get(client, "organizations").json())
    valid("organization", get(client, "organization", id=organizations["contents"][0]["id"]).json())
    taxonomies = valid("page:taxonomy", get(client, "taxonomies").json())
    valid("taxonomy", get(client, "taxonomy", id=taxonomies["contents"][0]["id"]).json())
    terms = valid("page:taxonomy_term", get(client, "taxonomy_terms").json())
    valid("taxonomy_term", get(client, "taxonomy_term", id=terms["contents"][0]["id"]).json())
    at_locations = valid("page:service_at_location", get(client, "service_at_locations").json())
    valid(
        "service_at_location",
        get(client, "service_at_location", id=at_locations["contents"][0]["id"]).json(),
    )


def test_unpublished_and_unknown_records_are_not_found(client, directory):
    assert get(client, "service", id=str(directory["hidden"].pk)).status_code == 404
    assert get(client, "service", id="not-a-uuid").status_code == 404
    names = [s["name"] for s in get(client, "services").json()["contents"]]
    assert "Hidden Surgery" not in names


def test_filters_and_paging(client, directory):
    def names(query):
        return {s["name"] for s in get(client, "services", query=query).json()["contents"]}

    assert names("?search=lekarz") == {"Canal Street Surgery", "Far Surgery"}
    assert names("?language=pl") == {"Canal Street Surgery", "Beck Pantry"}
    term = TaxonomyTerm.objects.get(code="food-bank")
    assert names(f"?taxonomy_term_id={term.pk}") == {"Beck Pantry"}
    assert names(f"?taxonomy_id={term.taxonomy_id}") == {
        "Canal Street Surgery",
        "Beck Pantry",
        "Far Surgery",
    }
    assert names(f"?area={directory['area'].pk}") == {"Canal Street Surgery"}
    page = get(client, "services", query="?per_page=2&page=2").json()
    assert page["page_number"] == 2 and page["size"] == 1 and page["last_page"]
    assert page["total_pages"] == 2 and not page["first_page"]
    assert get(client, "services", query="?page=99").json()["empty"]


LISTS = ["services", "organizations", "taxonomies", "taxonomy_terms", "service_at_locations"]


@pytest.mark.parametrize("name", LISTS)
def test_paging_outside_its_bounds_is_refused_as_documented(client, directory, name):
    """Malformed or out-of-range paging answers 422 with the declared error body (never a page
    silently clamped); a page past the last one is an empty page."""
    for query in ("?page=abc", "?page=0", "?page=-3", "?per_page=0", "?per_page=101"):
        response = get(client, name, query=query)
        assert response.status_code == 422, (query, response.content)
        problems = response.json()["detail"]
        assert problems and set(problems[0]) == {"loc", "msg", "type"}
        assert problems[0]["loc"][0] == "query"
    page = get(client, name, query="?page=999&per_page=100").json()
    assert page["empty"] and page["contents"] == [] and page["page_number"] == 999
    assert get(client, name, query="?page=1&per_page=100").status_code == 200


def test_the_openapi_document_declares_every_status(client, directory):
    document = client.get("/openreferral/openapi.json").json()
    for path, item in document["paths"].items():
        declared = set(item["get"]["responses"])
        if path.endswith("}"):
            assert declared == {"200", "404"}, path
        elif path == "/openreferral/":
            assert declared == {"200"}, path
        else:
            assert declared == {"200", "422"}, path
            response = item["get"]["responses"]["422"]["content"]["application/json"]
            assert response["schema"]["$ref"].endswith("/ValidationErrorOut")


def test_query_count_does_not_grow_with_page_size(
    client, programme, directory, django_assert_max_num_queries
):
    for number in range(25):
        make_service(programme, name=f"Extra {number}", need="gp", area=ward(), languages=("ar",))
    for size in (5, 25):
        with django_assert_max_num_queries(14):
            client.get(reverse("directory:openreferral:services") + f"?per_page={size}")
        with django_assert_max_num_queries(10):
            client.get(reverse("directory:openreferral:service_at_locations") + f"?per_page={size}")
    service = Service.objects.get(name="Canal Street Surgery")
    with django_assert_max_num_queries(16):
        client.get(reverse("directory:openreferral:service", kwargs={"id": str(service.pk)}))


def test_openapi_document_is_published(client, directory):
    document = client.get("/openreferral/openapi.json").json()
    for path in [
        "/openreferral/services",
        "/openreferral/services/{id}",
        "/openreferral/organizations",
        "/openreferral/taxonomy_terms/{id}",
        "/openreferral/service_at_locations",
    ]:
        assert path in document["paths"], path


def test_schemathesis_finds_no_server_error_or_schema_violation(directory):
    """Property-based: valid and invalid generated requests to every operation, each response
    put through every one of schemathesis's checks (status codes declared, content type,
    headers and body as documented, invalid input refused, valid input accepted, unsupported
    methods refused, no 5xx)."""
    from django.core.wsgi import get_wsgi_application

    # As Django's test client does: keep the test's connection (and its transaction) open.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        api_schema = schemathesis.openapi.from_wsgi(
            "/openreferral/openapi.json", get_wsgi_application()
        )
        operations = [result.ok() for result in api_schema.get_all_operations()]
        assert len(operations) == 11
        _fuzz(operations)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fuzz(operations) -> None:
    load_all_checks()  # registers the OpenAPI checks
    all_checks = [check for check in CHECKS.get_all() if not is_check_class(check)]
    assert len(all_checks) >= 14, [check.__name__ for check in all_checks]
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(
                max_examples=12,
                deadline=None,
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def check(case):
                case.call_and_validate(headers={"Accept-Encoding": "identity"}, checks=all_checks)

            try:
                check()
            except Unsatisfiable:
                # No invalid request exists for this operation: it has no parameters, or only
                # free-text ones (an unknown id is a valid request answered with 404).
                assert mode == GenerationMode.NEGATIVE
                assert all(
                    parameter.definition["schema"] == {"title": "Id", "type": "string"}
                    for parameter in operation.iter_parameters()
                ), operation.label


def test_every_response_may_be_read_by_any_web_page(client, directory):
    """The UK profile requires the CORS header, on errors as on pages."""
    for url, status in [
        ("/openreferral/services", 200),
        ("/openreferral/services?page=0", 422),
        ("/openreferral/services/not-a-uuid", 404),
        ("/openreferral/openapi.json", 200),
        ("/openreferral/", 200),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert response["Access-Control-Allow-Origin"] == "*", url
