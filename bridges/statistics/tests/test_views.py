"""The statistics pages: datasets with source and licence, an indicator's table (paged, with
a download), imports started on a page and run by the task queue, and the map's selector."""

import csv
import io

import pytest
from django.urls import reverse

from bridges.statistics.models import Dataset, Indicator, Observation, StatisticsImport
from bridges.statistics.selectors import values_for_map
from bridges.statistics.shipped import DATA

from .factories import LEEDS, YORKSHIRE, import_file, leeds_msoas, load_areas, nomis_ts019

pytestmark = pytest.mark.django_db


@pytest.fixture
def ts019():
    """The shipped TS019 file's Leeds rows (107 MSOAs), the header and a Barnsley row."""
    load_areas()
    name = "census2021_ts019_migrant_indicator_msoa21_yorkshire_humber.csv"
    lines = (DATA / name).read_text().splitlines(keepends=True)
    leeds = [line for line in lines if line.split(",")[0] in leeds_msoas()]
    barnsley = [line for line in lines if line.startswith("E02001509,")]
    payload = "".join(lines[:1] + barnsley + leeds).encode()
    record = import_file(payload, "census-ts019-msoa", name=name)
    assert record.status == "done"
    return Indicator.objects.get(code="ts019")


def test_datasets_page_shows_source_and_licence_to_analysts(
    client, analyst, programme, ts019, django_assert_max_num_queries
):
    client.force_login(analyst)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("statistics:home", args=[programme.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Census 2021: TS019 Migrant indicator" in page
    assert "Open Government Licence v3.0" in page
    assert "Office for National Statistics" in page
    assert "Import a statistics file" not in page  # analysts read; coordinators import


def test_a_programmes_own_dataset_is_not_shown_to_another(client, outsider, programme, ts019):
    Dataset.objects.create(
        programme=programme, slug="own", title="Riverton own figures", publisher="x", licence="y"
    )
    client.force_login(outsider)
    page = client.get(reverse("statistics:home", args=["elsewhere"])).content.decode()
    assert "Census 2021: TS019" in page  # national
    assert "Riverton own figures" not in page


def test_indicator_table_is_paged_with_pinned_queries(
    client, coordinator, programme, ts019, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("statistics:indicator", args=[programme.slug, ts019.pk])
    with django_assert_max_num_queries(14):
        response = client.get(url, {"kind": "msoa", "period": "2021"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Page 1 of 3" in page  # 108 MSOAs, 50 a page
    assert "Barnsley 001" in page
    category = "Migrant from outside the UK: Address one year ago was outside the UK"
    response = client.get(url, {"category": category, "page": 2})
    assert response.context["category"] == category
    assert len(response.context["page"].object_list) == 50


def test_indicator_download_is_the_whole_table_with_source_and_licence(
    client, analyst, programme, ts019
):
    client.force_login(analyst)
    url = reverse("statistics:indicator", args=[programme.slug, ts019.pk])
    response = client.get(url, {"period": "2021", "kind": "msoa", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 108
    leeds = [row for row in rows if row["GSS code"] in leeds_msoas()]
    expected = sum(
        Observation.objects.filter(
            indicator=ts019, category="", area_code__in=leeds_msoas()
        ).values_list("value", flat=True)
    )
    assert sum(int(row["value"]) for row in leeds) == expected
    assert {row["licence"] for row in rows} == {"Open Government Licence v3.0"}
    assert {row["publisher"] for row in rows} == {"Office for National Statistics"}


def test_values_for_map_one_query_within_an_area(ts019, django_assert_num_queries):
    with django_assert_num_queries(1):
        values = values_for_map(ts019, "2021", "", "msoa", within=LEEDS)
    assert len(values) == 107
    assert {value.vintage for value in values} == {"2021"}
    assert values[0].name.startswith("Leeds")
    assert len(values_for_map(ts019, "2021", "", "msoa")) == 108
    assert values_for_map(ts019, "2021", "", "lad", within=YORKSHIRE) == []


def test_import_started_on_the_page_runs_as_a_task_and_shows_its_result(
    client, coordinator, programme, django_capture_on_commit_callbacks
):
    load_areas()
    payload, _totals = nomis_ts019(sorted(leeds_msoas())[:3])
    upload = io.BytesIO(payload)
    upload.name = "census2021-ts019-msoa.csv"
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("statistics:import_create", args=[programme.slug]),
            {"layout": "nomis-bulk", "file": upload},
        )
    assert response.status_code == 302
    record = StatisticsImport.objects.get()
    assert record.status == "done", record.failure
    assert record.programme == programme
    assert record.dataset.programme == programme  # the programme's own, not the national one
    page = client.get(response["Location"]).content.decode()
    assert "15 figures added, 0 updated, 5 left out." in page
    assert "W02000001" in page
    progress = client.get(response["Location"], headers={"HX-Request": "true"})
    assert b'id="progress"' in progress.content and b"<html" not in progress.content


def test_import_form_refuses_an_analyst(client, analyst, programme):
    client.force_login(analyst)
    response = client.get(reverse("statistics:import_create", args=[programme.slug]))
    assert response.status_code == 403
