"""The migration map, area profiles and trends: the figures drawn and listed are the shipped
files' own, cell for cell; the page stays light; every area is a link with a title."""

import csv
import gzip
import json
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.urls import reverse

from bridges.core.models import Area
from bridges.statistics import maps
from bridges.statistics.models import Indicator
from bridges.statistics.shipped import DATA

from .factories import LEEDS, import_file, leeds_msoas, load_areas

pytestmark = pytest.mark.django_db

TS019 = "census2021_ts019_migrant_indicator_msoa21_yorkshire_humber.csv"
NINO = "nino_registrations_calendar_year_yorkshire_humber_2002_2025.csv"
OUTSIDE = "Migrant from outside the UK: Address one year ago was outside the UK"


def _csv(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


@pytest.fixture
def figures(programme):
    load_areas(boundaries=True)
    programme.local_authority_id = LEEDS
    programme.save()
    for name, layout in [(TS019, "census-ts019-msoa"), (NINO, "nino-calendar-year")]:
        record = import_file((DATA / name).read_bytes(), layout, name=name)
        assert record.status == "done", record.failure


def _plain(text: str) -> str:
    """A figure as the English page writes it, without its isolation marks and separators."""
    return re.sub(r"[\u2066-\u2069,]", "", re.sub(r"<[^>]+>", "", text))


def _table(page: str) -> dict[str, str]:
    """The map's table: GSS code → value shown."""
    body = page.split('id="map-table"', 1)[1]
    rows = re.findall(r"<td>(.*?)</td><td class=\"number\">(.*?)</td>", body)
    return {_plain(code): _plain(value) for code, value in rows}


def test_the_map_draws_every_leeds_msoa_with_the_published_figures(
    client, analyst, programme, figures, django_assert_max_num_queries
):
    indicator = Indicator.objects.get(code="ts019", dataset__programme=None)
    client.force_login(analyst)
    url = reverse("statistics:map", args=[programme.slug])
    query = f"?indicator={indicator.pk}&period=2021&kind=msoa&category={OUTSIDE}"
    maps.layer(Area.Kind.MSOA, LEEDS)  # the geometry is kept per process
    with django_assert_max_num_queries(14):
        response = client.get(url + query)
    assert response.status_code == 200
    page = response.content.decode()
    source = {
        row["msoa21_code"]: row["migrant_from_outside_uk"]
        for row in _csv(TS019)
        if row["msoa21_code"] in leeds_msoas()
    }
    assert len(source) == 107
    assert _table(page) == source  # every figure, exactly as published
    # One link per area on the map, each with a title naming the area and its figure.
    svg = page.split('<svg class="choropleth-map"', 1)[1].split("</svg>", 1)[0]
    links = re.findall(
        r'<a href="([^"]+)"><title>([^<]+)</title><path d="([^"]+)" fill="([^"]+)"', svg
    )
    assert len(links) == 107
    names = dict(Area.objects.filter(code__in=source).values_list("code", "name"))
    for href, title, d, fill in links:
        code = href.rstrip("/").rsplit("/", 1)[1]
        assert title == f"{names[code]}: {int(source[code]):,}"
        assert fill in maps.COLOURS
        assert d.startswith("M")
    # The legend covers every area, lowest to highest.
    values = sorted(Decimal(v) for v in source.values())
    key = [
        _plain(item) for item in re.findall(r"</svg>\s*(.*?)</li>", page.split("legend-list")[1])
    ]
    assert key[0].startswith(f"{values[0]} to") and f"to {values[-1]} (" in key[-1]
    assert "Open Government Licence v3.0" in page
    # Light: under 40 KB compressed for 107 areas, map, table and all.
    assert len(gzip.compress(response.content)) < 40_000


def test_quantile_and_equal_classes():
    values = [Decimal(v) for v in range(1, 11)]
    breaks, legend = maps.classify(values, "quantile")
    assert [g.count for g in legend] == [2, 2, 2, 2, 2]
    assert (legend[0].low, legend[-1].high) == (1, 10)
    breaks, legend = maps.classify(values, "equal")
    assert breaks == [Decimal("2.8"), Decimal("4.6"), Decimal("6.4"), Decimal("8.2")]
    assert sum(g.count for g in legend) == 10
    # Many equal values: no empty class in the key.
    _breaks, legend = maps.classify([Decimal(0)] * 8 + [Decimal(5), Decimal(9)], "quantile")
    assert sum(g.count for g in legend) == 10 and all(g.count for g in legend)


def test_the_map_downloads_match_the_table(client, analyst, programme, figures):
    indicator = Indicator.objects.get(code="ts019_outside_uk_share", dataset__programme=None)
    client.force_login(analyst)
    url = reverse("statistics:map", args=[programme.slug])
    query = f"?indicator={indicator.pk}&period=2021&kind=msoa"
    page = client.get(url + query).content.decode()
    shown = _table(page)
    source = {
        row["msoa21_code"]: Decimal(row["prop_migrated_from_outside_uk"]) * 100
        for row in _csv(TS019)
        if row["msoa21_code"] in leeds_msoas()
    }
    assert {code: Decimal(value) for code, value in shown.items()} == source
    download = client.get(url + query + "&format=csv")
    rows = list(csv.reader(download.content.decode("utf-8-sig").splitlines()))
    assert {row[0]: Decimal(row[6]) for row in rows[1:]} == source
    layer = json.loads(client.get(url + query + "&format=geojson").content)
    assert layer["licence"] == "Open Government Licence v3.0"
    assert len(layer["features"]) == 107
    assert {
        f["properties"]["code"]: Decimal(f["properties"]["value"]) for f in layer["features"]
    } == source


def test_local_authorities_of_the_region_are_mapped_with_nino_registrations(
    client, analyst, programme, figures
):
    indicator = Indicator.objects.get(code="nino_registrations", dataset__programme=None)
    client.force_login(analyst)
    url = reverse("statistics:map", args=[programme.slug])
    page = client.get(f"{url}?indicator={indicator.pk}&period=2025").content.decode()
    source = {
        row["area_code"]: row["nino_registrations"]
        for row in _csv(NINO)
        if row["year"] == "2025" and row["area_code"].startswith("E0")
    }
    shown = _table(page)
    assert shown == {code: source[code] for code in shown}
    assert shown["E08000035"] == source["E08000035"]
    assert len(shown) == 15  # every local authority of Yorkshire and The Humber


def test_an_area_profile_shows_its_figures_the_city_sum_and_the_source(
    client, analyst, programme, figures, django_assert_max_num_queries
):
    client.force_login(analyst)
    row = next(r for r in _csv(TS019) if r["msoa21_code"] in leeds_msoas())
    url = reverse("statistics:area", args=[programme.slug, row["msoa21_code"]])
    with django_assert_max_num_queries(14):
        response = client.get(url)
    page = response.content.decode()
    assert row["msoa21_name"] in page
    cells = [_plain(c) for c in re.findall(r'<td class="number">(.*?)</td>', page)]
    assert row["migrant_from_outside_uk"] in cells
    assert row["all_usual_residents"] in cells
    leeds_outside = sum(
        int(r["migrant_from_outside_uk"]) for r in _csv(TS019) if r["msoa21_code"] in leeds_msoas()
    )
    compare = [
        _plain(re.sub(r"<sup>.*?</sup>", "", c))
        for c in re.findall(r'<td class="number compare">(.*?)</td>', page)
    ]
    assert str(leeds_outside) in compare
    assert "the sum of the figures of its areas" in page
    assert "Office for National Statistics" in page and "Open Government Licence v3.0" in page


def test_a_local_authority_profile_has_its_registrations_trend(client, analyst, programme, figures):
    client.force_login(analyst)
    page = client.get(reverse("statistics:area", args=[programme.slug, LEEDS])).content.decode()
    source = [(r["year"], r["nino_registrations"]) for r in _csv(NINO) if r["area_code"] == LEEDS]
    assert len(source) == 24
    chart = page.split('class="trend-chart"', 1)[1].split("</svg>", 1)[0]
    assert chart.count('<rect class="bar"') == 24
    table = page.split("The figures as a table", 1)[1]
    shown = [
        (_plain(period), _plain(value))
        for period, value in re.findall(
            r'<th scope="row">(.*?)</th><td class="number">(.*?)</td>', table
        )
    ]
    assert shown == source


def test_an_unknown_area_is_not_found(client, analyst, programme, figures):
    client.force_login(analyst)
    assert (
        client.get(reverse("statistics:area", args=[programme.slug, "E02999999"])).status_code
        == 404
    )


def test_trend_scale():
    chart = maps.trend([("2001", Decimal(5)), ("2002", None), ("2003", Decimal(380))])
    assert chart.top == 500
    assert chart.bars[1].height == "0"  # no figure: no bar
    assert float(chart.bars[2].height) == pytest.approx(0.76 * 126, abs=0.1)


def test_where_newly_arrived_people_live_ranks_the_citys_areas_from_the_file(
    client, analyst, programme, figures, django_assert_max_num_queries
):
    client.force_login(analyst)
    with django_assert_max_num_queries(16):
        page = client.get(reverse("statistics:arrivals", args=[programme.slug])).content.decode()
    leeds = [r for r in _csv(TS019) if r["msoa21_code"] in leeds_msoas()]
    top = sorted(leeds, key=lambda r: -int(r["migrant_from_outside_uk"]))[:15]
    first = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    shown = [
        (_plain(name), _plain(value))
        for name, value in re.findall(
            r'<th scope="row"><a [^>]+>(.*?)</a></th><td class="number">(.*?)</td>', first
        )
    ]
    assert [value for _name, value in shown] == [r["migrant_from_outside_uk"] for r in top]
    assert shown[0][0] == top[0]["msoa21_name"]
    assert "The highest 15 of 107 areas" in page


LA_INDICATORS = "census2021_lad_indicators_onsvisual_yorkshire_humber.csv"


def test_the_coverage_gap_sets_census_languages_against_networkers(
    client, analyst, coordinator, programme, figures, other_programme
):
    from bridges.networkers.models import Networker, NetworkerLanguage
    from bridges.networkers.tests.factories import NetworkerFactory, speaks

    record = import_file((DATA / LA_INDICATORS).read_bytes(), "census-la-indicators")
    assert record.status == "done", record.failure
    active = Networker.Stage.ACTIVE
    for _ in range(6):  # six Polish speakers: shown to everyone
        speaks(NetworkerFactory(programme=programme, stage=active), "pl")
    speaks(NetworkerFactory(programme=programme, stage=active), "ar")  # one: withheld
    # Not counted: basic level, not active, another programme.
    speaks(NetworkerFactory(programme=programme, stage=active), "ro", NetworkerLanguage.Level.BASIC)
    speaks(NetworkerFactory(programme=programme, stage=Networker.Stage.APPLIED), "ro")
    speaks(NetworkerFactory(programme=other_programme, stage=active), "ro")
    leeds = next(r for r in _csv(LA_INDICATORS) if r["code"] == LEEDS)
    url = reverse("statistics:coverage", args=[programme.slug])

    client.force_login(analyst)
    page = client.get(url).content.decode()
    rows = {
        _plain(name): [_plain(cell) for cell in cells.split("</td>")[:3]]
        for name, cells in re.findall(
            r'<th scope="row"><span[^>]*>(.*?)</span></th>\s*(.*?)</tr>', page, re.S
        )
    }
    cell = lambda text: re.sub(r"<[^>]+>|\s+", " ", text).strip()  # noqa: E731
    rows = {name: [cell(c) for c in cells] for name, cells in rows.items()}
    assert rows["language Polish"][0] == leeds["language_Polish_total"]
    assert rows["language Polish"][1] == "6"
    polish = Decimal(leeds["language_Polish_total"]) / 6
    assert rows["language Polish"][2] == str(polish.quantize(Decimal(1), ROUND_HALF_UP))
    assert rows["language Arabic"][1] == "fewer than 5"
    assert rows["language Arabic"][2] == "–"
    assert rows["language Romanian"][1:] == ["0", "no networker"]
    # Most needed first: a language without networkers and many residents leads.
    names = list(rows)
    assert names.index("language Romanian") < names.index("language Polish")
    assert not re.search(r"Networker \d", page)  # counts, never names

    client.force_login(coordinator)
    page = client.get(url).content.decode()
    assert "fewer than 5" not in page


def test_a_profile_sets_the_figures_beside_the_regions_and_englands_as_published(
    client, analyst, programme, figures
):
    record = import_file((DATA / LA_INDICATORS).read_bytes(), "census-la-indicators")
    assert record.status == "done", record.failure
    rows = {r["code"]: r for r in _csv(LA_INDICATORS)}
    client.force_login(analyst)
    page = client.get(reverse("statistics:area", args=[programme.slug, LEEDS])).content.decode()
    assert '<th scope="col" class="number">England</th>' in page
    label = Indicator.objects.get(code="born_outside_uk_perc", dataset__programme=None).label
    line = page.split(f">{label}</span>", 1)[1].split("</tr>", 1)[0]
    cells = [_plain(c).strip() for c in re.findall(r'<td class="number[^"]*">(.*?)</td>', line)]
    # Leeds, then England (no published regional figure in this file).
    assert cells[0] == rows[LEEDS]["born_outside_UK_perc"]
    assert cells[-1] == rows["E92000001"]["born_outside_UK_perc"]


def test_the_maps_figure_formatter_writes_every_figure_as_babel_does_in_every_language():
    """The map writes 7,300 figures with the locale's symbols read once; each must read exactly
    as the `figure` filter (Babel) writes it, in every language of the site."""
    from django.conf import settings
    from django.utils import translation

    from bridges.statistics.templatetags.figures import figure, figure_formatter

    values = [
        Decimal(text)
        for text in (
            "0", "0.5", "7", "12.50", "999", "1000", "1E+3", "1234.5", "65432", "100000",
            "1234567", "6.61527", "0.00001", "1234567890.123456", "-5", "-1234.5",
        )
    ]  # fmt: skip
    values += [(Decimal(i * 7919 % 10_000_000) / 7).quantize(Decimal("0.01")) for i in range(300)]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            fast = figure_formatter()
            assert [fast(value) for value in values] == [figure(value) for value in values], code
            assert fast(None) == "" and fast(1234) == figure(1234)


def test_area_links_escape_names_codes_and_the_address():
    chart = maps.Choropleth(
        width=10, height=10,
        areas=[
            maps.MapArea("E0<1>", 'A & "B"', "M0 0z", Decimal(1234), "", "", "#ffffcc", 0),
            maps.MapArea("E02", "Plain", "M1 1z", None, "", "suppressed", "", None),
        ],
        legend=[], method="quantile",
    )  # fmt: skip
    svg = maps.area_links(
        chart, href="/m/{code}/?a=1&b=2", no_figure="none", withheld="<withheld>", figure=str
    )
    assert '<a href="/m/E0&lt;1&gt;/?a=1&amp;b=2"><title>A &amp; &quot;B&quot;: 1234</title>' in svg
    assert "<title>Plain: &lt;withheld&gt;</title>" in svg and 'fill="url(#no-figure)"' in svg


def test_the_areas_svg_is_kept_in_the_shared_cache_until_figures_are_written(
    client, analyst, programme, figures
):
    """The areas' SVG is written once per figures, language and choice and then read from the
    shared cache; writing figures (an import) or changing the reference data draws it anew."""
    from django.core.cache import cache

    from bridges.core.pagecache import public_pages_changed
    from bridges.statistics import views
    from bridges.statistics.freshness import figures_changed

    indicator = Indicator.objects.get(code="ts019", dataset__programme=None)
    client.force_login(analyst)
    url = reverse("statistics:map", args=[programme.slug])
    query = f"?indicator={indicator.pk}&period=2021&kind=msoa&category={OUTSIDE}"

    def svg(page: bytes) -> str:
        return page.decode().split('<svg class="choropleth-map"', 1)[1].split("</svg>", 1)[0]

    cache.clear()
    first = svg(client.get(url + query).content)
    kept = [key for key in cache._cache if "statistics:map-svg:" in key]  # locmem's own store
    assert len(kept) == 1
    written = []
    original = maps.area_links
    try:
        maps.area_links = lambda *a, **k: written.append(1) or original(*a, **k)
        assert svg(client.get(url + query).content) == first and written == []
        client.cookies["django_language"] = "ar"
        arabic = svg(client.get(url.replace("/en/", "/ar/", 1) + query).content)
        assert written == [1] and arabic != first  # titles in Arabic: its own copy
        figures_changed()
        client.get(url + query)
        assert written == [1, 1]
        public_pages_changed()
        client.get(url + query)
        assert written == [1, 1, 1]
    finally:
        maps.area_links = original
    assert views.MAP_SVG_TIMEOUT > 0
