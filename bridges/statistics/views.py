"""Staff pages of the statistics store: the datasets, one indicator's figures by area (paged,
downloadable), and imports with their progress. Everything shown is aggregate public data, so
analysts see the same pages as coordinators; only coordinators import."""

import hashlib
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from bridges.accounts.permissions import programme_role_required, roles_in
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core.exports import table_response
from bridges.core.models import Area

from . import freshness, maps, selectors
from .forms import ImportForm, MapChoiceForm, MapForm, TableChoiceForm, TableForm
from .importers import run as import_run
from .models import Indicator, StatisticsImport
from .tasks import statistics_import_run
from .templatetags.figures import figure_formatter

READERS = (Role.COORDINATOR, Role.ANALYST, Role.ADMIN)
IMPORTERS = (Role.COORDINATOR, Role.ADMIN)
PAGE_SIZE = 50


@programme_role_required(*READERS)
def home(request):
    programme = request.programme
    can_import = roles_in(request, IMPORTERS)
    return render(
        request,
        "statistics/home.html",
        {
            "programme": programme,
            "datasets": selectors.datasets_for(programme=programme),
            "can_import": can_import,
            "imports": selectors.imports_for(programme=programme)[:5] if can_import else [],
        },
    )


def _choose(choices: selectors.IndicatorChoices, data: dict) -> tuple[str, str, str]:
    """The period, kind of area and category asked for, where the indicator has them, or the
    latest period, the first kind that has figures and the total."""
    period = data.get("period") if data.get("period") in choices.periods else ""
    period = period or (choices.periods[0] if choices.periods else "")
    kind = data.get("kind") if data.get("kind") in choices.kinds else ""
    kind = kind or (choices.kinds[0] if choices.kinds else "")
    known = {category for _dimension, category in choices.categories}
    category = data.get("category", "")
    if category not in known:
        category = "" if "" in known or not known else choices.categories[0][1]
    return period, kind, category


@programme_role_required(*READERS)
def indicator(request, indicator_id: int):
    record = get_for_programme(
        request, Indicator.objects.select_related("dataset"), shared=True, pk=indicator_id
    )
    form = TableForm(request.GET)
    form.is_valid()
    choices = selectors.indicator_choices(indicator=record)
    period, kind, category = _choose(choices, form.cleaned_data)
    rows = selectors.indicator_table(
        indicator=record, period=period, area_kind=kind, category=category
    )
    if request.GET.get("format") in ("csv", "xlsx"):
        return _download(record, rows, request.GET["format"], period)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = TableChoiceForm({"period": period, "kind": kind, "category": category}, choices=choices)
    return render(
        request,
        "statistics/indicator.html",
        {
            "programme": request.programme,
            "indicator": record,
            "dataset": record.dataset,
            "form": shown,
            "period": period,
            "kind": kind,
            "category": category,
            "page": page,
        },
    )


def _download(record: Indicator, rows, format: str, period: str):
    dataset = record.dataset
    header = [
        _("GSS code"),
        _("area"),
        _("code vintage"),
        _("period"),
        _("category dimension"),
        _("category"),
        _("value"),
        _("unit"),
        _("marker"),
        _("indicator"),
        _("denominator"),
        _("dataset"),
        _("publisher"),
        _("licence"),
        _("source"),
    ]
    about = [
        record.label,
        record.denominator,
        dataset.title,
        dataset.publisher,
        dataset.licence,
        dataset.url or dataset.source,
    ]
    table = [
        [
            row.area_code,
            row.area_name,
            row.area_vintage,
            row.period,
            row.category_dimension,
            row.category,
            Decimal(row.figure) if row.figure else None,  # a number, never neutralised
            record.unit,
            row.marker,
            *about,
        ]
        for row in rows
    ]
    return table_response(
        format=format, filename=f"{record.code}-{period}", header=header, rows=table
    )


@programme_role_required(*IMPORTERS)
def import_create(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        record = import_run.statistics_import_create(
            programme=request.programme,
            user=request.user,
            source_name=upload.name,
            layout=form.cleaned_data["layout"],
            payload=upload.read(),
            options={
                "title": form.cleaned_data["title"],
                "vintage": form.cleaned_data["vintage"],
                "period": form.cleaned_data["period"],
            },
        )
        import_run.enqueue(record, statistics_import_run)
        return redirect(
            "statistics:import_detail", programme=request.programme.slug, import_id=record.pk
        )
    return render(
        request, "statistics/import_create.html", {"programme": request.programme, "form": form}
    )


@vary_on_headers("HX-Request")
@programme_role_required(*IMPORTERS)
def import_detail(request, import_id: int):
    record = get_for_programme(
        request, StatisticsImport.objects.select_related("dataset").defer("payload"), pk=import_id
    )
    template = "statistics/import_detail.html"
    if request.htmx:
        template += "#progress"
    return render(request, template, {"programme": request.programme, "record": record})


DEFAULT_MAP_INDICATOR = "ts019_outside_uk_share"


@programme_role_required(*READERS)
def map_page(request):
    """A choropleth of one indicator over the city's areas (or the region's local
    authorities), with its legend, the same figures as a table, and downloads."""
    programme = request.programme
    indicators = selectors.map_indicators(programme=programme)
    form = MapForm(request.GET)
    form.is_valid()
    asked = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    by_id = {indicator.pk: indicator for indicator in indicators}
    record = by_id.get(asked.get("indicator") or 0)
    if record is None:
        record = next((i for i in indicators if i.code == DEFAULT_MAP_INDICATOR), None)
        record = record or (indicators[0] if indicators else None)
    context = {"programme": programme, "indicator": record, "choropleth": None}
    if record is None:
        return render(request, "statistics/map.html", context)
    choices = selectors.indicator_choices(indicator=record)
    drawable = [k for k in choices.kinds if k not in (Area.Kind.REGION, Area.Kind.COUNTRY)]
    choices = selectors.IndicatorChoices(choices.periods, drawable, choices.categories)
    period, kind, category = _choose(choices, asked)
    method = asked.get("classes") if asked.get("classes") in maps.CLASS_METHODS else "quantile"
    within = selectors.map_within(programme=programme, kind=kind)
    values = (
        selectors.values_for_map(record, period, category, kind, within=within.code)
        if within
        else []
    )
    if request.GET.get("format") in ("csv", "xlsx"):
        rows = selectors.indicator_table(
            indicator=record,
            period=period,
            area_kind=kind,
            category=category,
            within=within.code if within else "-",
        )
        return _download(record, rows, request.GET["format"], period)
    base = maps.layer(kind, within.code) if within else None
    if request.GET.get("format") == "geojson" and within:
        return _geojson(record, values, kind, within, period, category)
    shown = MapChoiceForm(
        {
            "indicator": record.pk,
            "period": period,
            "kind": kind,
            "category": category,
            "classes": method,
        },
        choices=choices,
        indicators=indicators,
    )
    query = urlencode(
        {"indicator": record.pk, "period": period, "kind": kind, "category": category}
    )
    chart = maps.choropleth(base, values, method) if base else None
    context.update(
        {
            "dataset": record.dataset,
            "form": shown,
            "period": period,
            "kind": kind,
            "kind_label": Area.Kind(kind).label if kind in Area.Kind.values else kind,
            "category": category,
            "within": within,
            "choropleth": chart,
            "area_links": (
                _area_links(
                    chart, programme, (record.pk, period, kind, category, method, within.code)
                )
                if chart
                else ""
            ),
            "query": query,
        }
    )
    return render(request, "statistics/map.html", context)


MAP_SVG_TIMEOUT = 24 * 60 * 60


def _area_links(chart: maps.Choropleth, programme, drawn: tuple = ()) -> str:
    """The map's areas as SVG links. With `drawn` (what the map shows: indicator, period, kind
    of area, category, classes, the area it is drawn within), the SVG is kept in the shared
    cache per language and programme until figures are written or the reference data changes
    (STYLE.md 13): a national layer of 7,300 areas is written once, not on every request."""
    key = ""
    if drawn:
        parts = (
            *freshness.generation(),
            get_language(),
            programme.slug,
            *drawn,
        )
        key = "statistics:map-svg:" + hashlib.sha256(repr(parts).encode()).hexdigest()
        kept = cache.get(key)
        if kept is not None:
            return mark_safe(kept)  # noqa: S308 - stored from area_links' escaped output
    href = reverse("statistics:area", args=[programme.slug, "CODE"]).replace("CODE", "{code}")
    svg = maps.area_links(
        chart,
        href=href,
        no_figure=_("no figure"),
        withheld=_("withheld by the publisher"),
        figure=figure_formatter(),
    )
    if key:
        cache.set(key, svg, MAP_SVG_TIMEOUT)
    return mark_safe(svg)  # noqa: S308 - every text in it is escaped by area_links


def _geojson(record: Indicator, values, kind: str, within: Area, period: str, category: str):
    """The map layer as GeoJSON (the simplified boundaries as loaded), each area with its
    figure, and the source and licence in the file."""
    dataset = record.dataset
    by_code = {row.code: row for row in values}
    features = []
    for area in Area.objects.filter(kind=kind, parent=within, boundary__isnull=False):
        row = by_code.get(area.code)
        features.append(
            {
                "type": "Feature",
                "geometry": area.boundary,
                "properties": {
                    "code": area.code,
                    "name": area.name,
                    "code_vintage": row.vintage if row else area.vintage,
                    "value": None
                    if row is None or row.value is None
                    else format(row.value.normalize(), "f"),
                    "marker": row.marker if row else "",
                },
            }
        )
    body = {
        "type": "FeatureCollection",
        "name": f"{record.code}-{period}",
        "indicator": record.label,
        "unit": record.unit,
        "denominator": record.denominator,
        "period": period,
        "category": category,
        "dataset": dataset.title,
        "publisher": dataset.publisher,
        "licence": dataset.licence,
        "source": dataset.url or dataset.source,
        "features": features,
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/geo+json"
    response["Content-Disposition"] = f'attachment; filename="{record.code}-{period}.geojson"'
    return response


@programme_role_required(*READERS)
def area(request, code: str):
    """One area's profile: every figure the store has for it, with the city's and the
    region's, the source and date of each, and a chart of each figure with several periods."""
    place = Area.objects.select_related("parent__parent").filter(code=code).first()
    if place is None:
        raise Http404
    figures = selectors.area_profile(programme=request.programme, area=place)
    if not figures:
        # Areas are public reference data, but a profile is the figures this programme may
        # read: with none (national or its own), there is nothing here for it.
        raise Http404
    trends = [
        (indicator, series, maps.trend(series))
        for indicator, series in selectors.trends_for_area(
            programme=request.programme, area_code=place.code
        )
    ]
    datasets = {}
    for figure in figures:
        datasets.setdefault(figure.indicator.dataset_id, figure.indicator.dataset)
    city = place.parent if place.kind in (Area.Kind.WARD, Area.Kind.MSOA) else None
    region = city.parent if city else (place.parent if place.kind == "lad" else None)
    england = any(figure.england is not None for figure in figures)
    return render(
        request,
        "statistics/area.html",
        {
            "programme": request.programme,
            "area": place,
            "city": city,
            "region": region,
            "england": england,
            "figures": figures,
            "trends": trends,
            "datasets": datasets.values(),
        },
    )


@programme_role_required(*READERS)
def arrivals(request):
    """Where newly-arrived people live: the city's areas ranked by arrivals from abroad in the
    year before the census and by people who cannot speak English well."""
    programme = request.programme
    city = programme.local_authority
    rankings = selectors.arrival_rankings(programme=programme, within=city) if city else []
    return render(
        request,
        "statistics/arrivals.html",
        {"programme": programme, "city": city, "rankings": rankings},
    )


@programme_role_required(*READERS)
def coverage(request):
    """The coverage gap: for each language the census counts in the city, the people whose
    main language it is against the programme's networkers who speak it. Analysts see the
    networker counts with small numbers withheld; coordinators see them whole."""
    programme = request.programme
    city = programme.local_authority
    rows = selectors.coverage_gap(programme=programme, city=city) if city else []
    threshold = int(settings.SMALL_NUMBER_THRESHOLD)
    exact = roles_in(request, (Role.COORDINATOR, Role.ADMIN))
    shown = [
        {
            "row": row,
            "withheld": not exact and 0 < row.networkers < threshold,
        }
        for row in rows
    ]
    return render(
        request,
        "statistics/coverage.html",
        {"programme": programme, "city": city, "rows": shown, "threshold": threshold},
    )
