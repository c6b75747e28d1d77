"""In a real browser, 360 px wide and in Arabic: the statistics pages an analyst reads, and a
coordinator's import from upload to result."""

import pytest
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.statistics.models import Indicator
from bridges.statistics.shipped import DATA
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

from .factories import import_file, leeds_msoas, load_areas, nomis_ts019

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 800}


@pytest.fixture
def figures(transactional_db):
    load_areas()
    for name, layout in [
        ("census2021_ts019_migrant_indicator_msoa21_yorkshire_humber.csv", "census-ts019-msoa"),
        ("nino_top10_nationalities_2025_selected_yorkshire_las.csv", "nino-top-nationalities"),
    ]:
        assert import_file((DATA / name).read_bytes(), layout, name=name).status == "done"


def test_an_analyst_reads_the_figures_on_a_narrow_phone_and_in_arabic(
    phone_page, phone_context, programme, figures
):
    page = phone_page
    page.set_viewport_size(NARROW)
    login_as(phone_context, member(programme, Role.ANALYST))
    home = reverse("statistics:home", args=[programme.slug])
    visit(page, home)
    assert page.get_by_text("Open Government Licence v3.0").first.is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-home-360")

    indicator = Indicator.objects.get(code="nino_registrations")
    path = reverse("statistics:indicator", args=[programme.slug, indicator.pk])
    visit(page, f"{path}?category=India")
    assert page.locator("table caption").inner_text().startswith(indicator.label)
    assert page.get_by_role("row", name="Leeds").inner_text().split()[-1] == "2045"
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-indicator-360")

    visit(page, f"/language/ar/?next={path}?category=India")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-indicator-360-ar")
    visit(page, home)
    shot(page, "statistics-home-360-ar")


def test_a_coordinator_imports_a_census_file_and_sees_the_result(
    page, context, programme, tmp_path, transactional_db
):
    load_areas()
    path = tmp_path / "census2021-ts019-msoa.csv"
    path.write_bytes(nomis_ts019(sorted(leeds_msoas())[:4])[0])
    login_as(context, member(programme, Role.COORDINATOR))
    visit(page, reverse("statistics:import_create", args=[programme.slug]))
    page.get_by_label("Layout of the file").select_option("nomis-bulk")
    page.get_by_label("File", exact=True).set_input_files(str(path))
    page.get_by_role("button", name="Start import").click()
    page.get_by_text("20 figures added, 0 updated, 5 left out.").wait_for()
    assert page.get_by_role("cell", name="W02000001", exact=True).is_visible()
    axe_check(page)
    shot(page, "statistics-import-done")


def test_the_migration_map_on_a_narrow_phone_in_english_and_arabic(
    phone_page, phone_context, programme, transactional_db
):
    from bridges.statistics.tests.factories import LEEDS

    load_areas(boundaries=True)
    programme.local_authority_id = LEEDS
    programme.save()
    for name, layout in [
        ("census2021_ts019_migrant_indicator_msoa21_yorkshire_humber.csv", "census-ts019-msoa"),
        ("nino_registrations_calendar_year_yorkshire_humber_2002_2025.csv", "nino-calendar-year"),
    ]:
        assert import_file((DATA / name).read_bytes(), layout, name=name).status == "done"
    page = phone_page
    page.set_viewport_size(NARROW)
    login_as(phone_context, member(programme, Role.ANALYST))
    path = reverse("statistics:map", args=[programme.slug])
    visit(page, path)
    areas = page.locator("svg.choropleth-map a")
    assert areas.count() == 107
    # The table beside the map lists the same areas.
    assert page.locator("#map-table tbody tr").count() == 107
    first_title = areas.first.locator("title").text_content()
    name = first_title.split(":")[0]
    row = page.locator("#map-table tbody tr").filter(has_text=name).first
    assert first_title.split(": ")[1] == row.locator("td.number").inner_text().strip("\u2066\u2069")
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-map-360")
    shot(page, "statistics-map-360-top", full_page=False)
    page.locator("figure.choropleth").scroll_into_view_if_needed()
    shot(page, "statistics-map-360-map", full_page=False)
    page.locator(".legend").scroll_into_view_if_needed()
    shot(page, "statistics-map-360-legend", full_page=False)

    # By keyboard: the skip link, then the first area of the map, opened with Enter.
    areas.first.focus()
    assert page.evaluate("() => document.activeElement.closest('svg') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url("**/statistics/areas/**")
    axe_check(page)
    assert page.locator("h1").inner_text().strip("\u2068\u2069") == name
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-area-360")
    shot(page, "statistics-area-360-top", full_page=False)

    # Local authorities of the region, NINo registrations, in Arabic.
    nino = Indicator.objects.get(code="nino_registrations")
    visit(page, f"/language/ar/?next={path}?indicator={nino.pk}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("svg.choropleth-map a").count() == 15
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-map-360-ar")
    shot(page, "statistics-map-360-ar-top", full_page=False)
    page.locator("figure.choropleth").scroll_into_view_if_needed()
    shot(page, "statistics-map-360-ar-map", full_page=False)
    visit(page, reverse("statistics:area", args=[programme.slug, LEEDS]))
    assert page.locator("svg.trend-chart rect.bar").count() == 24
    assert_no_horizontal_scroll(page)
    shot(page, "statistics-area-leeds-360-ar")
    page.locator("svg.trend-chart").first.scroll_into_view_if_needed()
    shot(page, "statistics-area-leeds-360-ar-trend", full_page=False)

    # Where newly-arrived people live, and the coverage gap, in Arabic at 360 px.
    for name in ("arrivals", "coverage"):
        visit(page, reverse(f"statistics:{name}", args=[programme.slug]))
        assert_no_horizontal_scroll(page)
        shot(page, f"statistics-{name}-360-ar")
