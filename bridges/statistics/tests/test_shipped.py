"""The shipped files: each dataset's figures for an area reproduce the file's own totals, rows
for areas without a boundary are reported, and loading twice adds nothing."""

import csv
from collections import defaultdict
from decimal import Decimal

import pytest
from django.core.management import call_command

from bridges.statistics.models import Dataset, Observation, StatisticsImport
from bridges.statistics.selectors import values_for_map
from bridges.statistics.shipped import DATA, SHIPPED

from .factories import LEEDS, import_file, leeds_msoas, load_areas

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    load_areas()


def _csv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _load(name: str, layout: str) -> StatisticsImport:
    record = import_file((DATA / name).read_bytes(), layout, name=name)
    assert record.status == record.Status.DONE, record.failure
    return record


def _map_sum(indicator_code: str, category: str = "", kind: str = "msoa", period="2021"):
    from bridges.statistics.models import Indicator

    indicator = Indicator.objects.get(code=indicator_code, dataset__programme=None)
    values = values_for_map(indicator, period, category, kind, within=LEEDS)
    return sum(v.value for v in values), len(values)


def test_ts019_leeds_totals_equal_the_sums_in_the_file(areas):
    record = _load(
        "census2021_ts019_migrant_indicator_msoa21_yorkshire_humber.csv", "census-ts019-msoa"
    )
    rows = [r for r in _csv(record.source_name) if r["msoa21_code"] in leeds_msoas()]
    assert len(rows) == 107
    total, count = _map_sum("ts019")
    assert count == 107
    assert total == sum(int(r["all_usual_residents"]) for r in rows)
    outside, _count = _map_sum(
        "ts019", "Migrant from outside the UK: Address one year ago was outside the UK"
    )
    assert outside == sum(int(r["migrant_from_outside_uk"]) for r in rows)
    # The leaves add up to the total in every area, as in the published table.
    by_area = defaultdict(Decimal)
    for code, category, value in Observation.objects.filter(
        indicator__code="ts019", area_code__in=leeds_msoas()
    ).values_list("area_code", "category", "value"):
        by_area[code] += value if category else -value
    assert set(by_area.values()) == {0}
    assert record.skipped_count == 0


def test_ts029_leeds_categories_and_total_reproduce_the_file(areas):
    record = _load(
        "census2021_ts029_english_proficiency_msoa21_yorkshire_humber.csv", "census-ts029-msoa"
    )
    rows = [r for r in _csv(record.source_name) if r["msoa21_code"] in leeds_msoas()]
    cannot = "Main language is not English (English or Welsh in Wales): Cannot speak English"
    assert _map_sum("ts029", cannot)[0] == sum(int(r[cannot]) for r in rows)
    english = "Main language is English (English or Welsh in Wales)"
    other = "Main language is not English (English or Welsh in Wales)"
    assert _map_sum("ts029")[0] == sum(int(r[english]) + int(r[other]) for r in rows)
    share = Observation.objects.get(
        indicator__code="ts029_cannot_speak_english_well_share", area_code=rows[0]["msoa21_code"]
    )
    assert share.value == (
        Decimal(rows[0]["Proportion who cannot speak English (well)"]) * 100
    ).quantize(Decimal("0.000001"))
    assert share.indicator.denominator == "All usual residents aged 3 and over"


def test_ts022_leeds_total_and_groups_reproduce_the_file(areas):
    _load("census2021_ts022_ethnic_group_msoa21_yorkshire_humber.csv", "census-ts022-msoa")
    rows = [r for r in _csv("census2021_ts022_ethnic_group_msoa21_yorkshire_humber.csv")]
    leeds = [r for r in rows if r["lad24_code"] == LEEDS]
    totals = {r["msoa21_code"]: int(r["total_residents"]) for r in leeds}
    assert _map_sum("ts022")[0] == sum(totals.values())
    assert _map_sum("ts022", "White")[0] == sum(
        int(r["n"]) for r in leeds if r["ethnic_group"] == "White"
    )


def test_ts021_and_la_indicators_reproduce_leeds_and_report_former_districts(areas):
    ts021 = _load(
        "census2021_ts021_ethnic_group_detailed_ltla21_yorkshire_humber.csv", "census-ts021-ltla"
    )
    for row in _csv(ts021.source_name):
        if row["ltla21_code"] == LEEDS and row["ethnic_group"].endswith("(number)"):
            stored = Observation.objects.get(
                indicator__code="ts021",
                area_code=LEEDS,
                category=row["ethnic_group"].removesuffix(" (number)"),
            )
            assert stored.value == Decimal(row["value"])
    # The seven North Yorkshire districts of 2021 have no 2024 boundary.
    assert {p["code"] for p in ts021.problems} == {f"E070001{n}" for n in range(63, 70)}
    assert {p["kind"] for p in ts021.problems} == {"unknown_area"}

    quiz = _load("census2021_lad_indicators_onsvisual_yorkshire_humber.csv", "census-la-indicators")
    leeds = next(r for r in _csv(quiz.source_name) if r["code"] == LEEDS)
    born = Observation.objects.get(indicator__code="born_outside_uk_total", area_code=LEEDS)
    assert born.value == Decimal(leeds["born_outside_UK_total"])
    assert born.indicator.measure == "count"
    assert (
        Observation.objects.get(
            indicator__code="born_outside_uk_perc", area_code=LEEDS
        ).indicator.measure
        == "percentage"
    )


def test_nino_files_agree_and_reproduce_leeds(areas):
    years = _load(
        "nino_registrations_calendar_year_yorkshire_humber_2002_2025.csv", "nino-calendar-year"
    )
    leeds = [r for r in _csv(years.source_name) if r["area_code"] == LEEDS]
    stored = dict(
        Observation.objects.filter(
            indicator__code="nino_registrations", area_code=LEEDS, category=""
        ).values_list("period", "value")
    )
    assert stored["2023"] == 16078
    assert sum(stored.values()) == sum(int(r["nino_registrations"]) for r in leeds)
    # The UK line (registrations with any address) has no boundary: reported, left out.
    assert {p["code"] for p in years.problems} == {"K02000001"}

    top = _load(
        "nino_top10_nationalities_2025_selected_yorkshire_las.csv", "nino-top-nationalities"
    )
    # Its LA totals are the calendar file's 2025 figures: updated, not added.
    assert top.updated_count == 8
    india = Observation.objects.get(
        indicator__code="nino_registrations", area_code=LEEDS, period="2025", category="India"
    )
    assert (india.value, india.category_dimension) == (2045, "Nationality")
    assert (
        Observation.objects.get(
            indicator__code="nino_registrations", area_code=LEEDS, period="2025", category=""
        ).value
        == 9205
    )


def test_load_statistics_loads_every_file_once(areas):
    call_command("load_statistics", "--if-empty", stdout=open("/dev/null", "w"))
    count = Observation.objects.count()
    assert count > 15000
    assert Dataset.objects.shared().count() == 6
    assert StatisticsImport.objects.filter(status="done").count() == len(SHIPPED)
    call_command("load_statistics", "--if-empty", stdout=open("/dev/null", "w"))
    assert StatisticsImport.objects.count() == len(SHIPPED)  # skipped
