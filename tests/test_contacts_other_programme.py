# ruff: noqa: F811 (the tests take the matrix's `world` fixture, imported below)
"""The permission matrix's trap for the contact log: another programme's records, by a
networker of the same name, on the same day with the same answers (bridges/contacts/tests/
access.py builds them). Every list, count and download of the contact log must leave them out.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from bridges.directory.tests.factories import make_service

from .test_permission_matrix import world  # noqa: F401 (the matrix's fixture)

ELSEWHERE = "Elsewhere contact"
FILTERS = [
    {},
    {"need": "housing"},
    {"channel": "in_person"},
    {"language": "en"},
    {"follow_up": "yes"},
    {"follow_up": "no"},
    {"start": "2000-01-01", "end": "2100-12-31"},
    {"service": "advice"},
]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(name: str, world, **kwargs) -> str:
    return reverse(name, kwargs={"programme": world["programme"].slug, **kwargs})


@pytest.fixture
def coordinator(world):
    return signed_in(world["users"]["coordinator"])


@pytest.fixture
def networker(world):
    return signed_in(world["users"]["networker"])


@pytest.fixture
def signposted(world):
    """Both records signposted to a service of the same name, one in each programme."""
    for key, programme in (("contact_record", "programme"), ("other_contact_record", "other")):
        service = make_service(
            world[programme if programme == "programme" else "other_programme"],
            name="Housing Advice Line",
        )
        world[key].services = [str(service.pk)]
        world[key].save(update_fields=["services"])


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_the_coordinators_list_and_totals_leave_the_other_programme_out(
    world, coordinator, signposted, filters
):
    response = coordinator.get(url("contacts:log", world), filters)
    assert response.status_code == 200
    listed = list(response.context["page"])
    expected = [] if filters.get("follow_up") == "yes" else [world["contact_record"]]
    assert listed == expected
    totals = response.context["totals"]
    assert totals["records"] == len(expected)
    assert totals["people"] == (1 if expected else 0)
    assert totals["hours"] == (Decimal("0.5") if expected else 0)
    assert world["other_contact_record"] not in response.context["page"].paginator.object_list


def test_the_coordinators_networker_filter_offers_only_the_programmes_networkers(
    world, coordinator
):
    response = coordinator.get(url("contacts:log", world))
    offered = [pk for pk, _ in response.context["form"].fields["networker"].choices if pk]
    assert world["other_networker"].pk not in offered
    assert len(offered) == 1
    # Naming the other programme's networker finds nothing (the choice is refused, and the
    # list shows the programme's own records only).
    asked = coordinator.get(url("contacts:log", world), {"networker": world["other_networker"].pk})
    assert world["other_contact_record"] not in list(asked.context["page"])


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(f) or "none")
def test_the_csv_download_leaves_the_other_programme_out(world, coordinator, signposted, filters):
    response = coordinator.get(url("contacts:log", world), {**filters, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    expected = 0 if filters.get("follow_up") == "yes" else 1
    assert len(rows) == 1 + expected
    assert ELSEWHERE not in response.content.decode()
    if expected:
        assert rows[1][0] == str(world["contact_record"].pk)


def test_the_xlsx_download_leaves_the_other_programme_out(world, coordinator, signposted):
    response = coordinator.get(url("contacts:log", world), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert len(cells) == 2
    assert cells[1][0] == world["contact_record"].pk
    assert ELSEWHERE not in str(cells)


def test_the_networkers_own_log_and_its_hours_leave_the_other_programme_out(world, networker):
    response = networker.get(url("contacts:mine", world))
    assert list(response.context["page"]) == [world["contact_record"]]
    assert response.context["page"].paginator.count == 1
    assert response.context["hours"] == Decimal("0.5")
    assert ELSEWHERE not in response.content.decode()


def test_the_offline_queues_list_leaves_the_other_programme_out(world, networker):
    listed = networker.get(url("contacts:api_records", world)).json()["records"]
    assert [r["id"] for r in listed] == [world["contact_record"].pk]


def test_the_other_programmes_record_is_not_found_by_its_id(world, networker):
    other = world["other_contact_record"].pk
    assert networker.get(url("contacts:detail", world, pk=other)).status_code == 404
    assert networker.get(url("contacts:correct", world, pk=other)).status_code == 404


def test_the_today_page_counts_only_the_programmes_contacts(world, networker):
    response = networker.get(url("accounts:programme_home", world))
    html = response.content.decode()
    assert "1 contact recorded this month" in html
    assert "Hours of support this month: 0.5" in html


def test_profile_hours_count_only_the_programmes_contacts(world, networker, coordinator):
    own = networker.get(url("networkers:my_profile", world))
    assert own.context["hours_logged"] == Decimal("0.5")
    profile = world["contact_record"].networker
    seen = coordinator.get(url("networkers:detail", world, pk=profile.pk))
    assert seen.context["hours_logged"] == Decimal("0.5")


def test_the_service_search_finds_only_the_programmes_services(world, networker, signposted):
    found = networker.get(url("contacts:api_services", world), {"q": "housing advice"}).json()
    ours = world["contact_record"].services
    assert [service["id"] for service in found["results"]] == ours
    form = networker.get(url("contacts:record", world)).context["form"]
    offered = [pk for pk, _ in form.fields["services"].choices]
    assert world["other_contact_record"].services[0] not in offered
