"""Reads of the statistics store. Datasets are national (shared) or a programme's own; every
read starts from `available_to(programme)` so a programme never sees another one's imports."""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, OuterRef, QuerySet, Subquery, Sum

from bridges.core.models import Area

from . import freshness
from .models import Dataset, Indicator, Observation, StatisticsImport

ENGLAND = "E92000001"


def datasets_for(*, programme) -> QuerySet[Dataset]:
    """The national datasets and the programme's own, each with its indicators."""
    return (
        Dataset.objects.available_to(programme)
        .annotate(indicator_count=Count("indicators"))
        .prefetch_related("indicators")
        .order_by("programme_id", "title")
    )


def indicators_for(*, programme) -> QuerySet[Indicator]:
    return Indicator.objects.available_to(programme).select_related("dataset")


def imports_for(*, programme) -> QuerySet[StatisticsImport]:
    return (
        StatisticsImport.objects.for_programme(programme).select_related("dataset").defer("payload")
    )


@dataclass(frozen=True)
class IndicatorChoices:
    periods: list[str]
    kinds: list[str]
    categories: list[tuple[str, str]]  # (dimension, category); ("", "") is the total


def indicator_choices(*, indicator: Indicator) -> IndicatorChoices:
    """What an indicator's figures can be chosen by: periods (latest first), kinds of area,
    categories."""
    rows = indicator.observations.order_by().values_list("period", "area_kind").distinct()
    periods = sorted({period for period, _kind in rows}, reverse=True)
    order = [kind for kind, _label in Area.Kind.choices]
    kinds = sorted({kind for _period, kind in rows}, key=order.index)
    categories = list(
        indicator.observations.order_by("category_dimension", "category")
        .values_list("category_dimension", "category")
        .distinct()
    )
    return IndicatorChoices(periods=periods, kinds=kinds, categories=categories)


def indicator_table(
    *, indicator: Indicator, period: str, area_kind: str, category: str, within: str = ""
) -> QuerySet[Observation]:
    """One indicator's figures by area for a period, kind of area and category ("" for the
    total), with each area's name, in area-name order."""
    names = Area.objects.filter(code=OuterRef("area_code")).values("name")[:1]
    rows = Observation.objects.filter(
        indicator=indicator, period=period, area_kind=area_kind, category=category
    )
    if within:
        rows = rows.filter(area_code__in=Area.objects.filter(parent_id=within).values("code"))
    return rows.annotate(area_name=Subquery(names)).order_by("area_name", "area_code")


@dataclass(frozen=True)
class MapValue:
    code: str
    name: str
    value: Decimal | None
    marker: str
    vintage: str


MAP_VALUES_TIMEOUT = 24 * 60 * 60


def values_for_map(
    indicator: Indicator,
    period: str,
    category: str,
    area_kind: str,
    within: str | None = None,
) -> list[MapValue]:
    """The figures a map layer draws: one per area of `area_kind` (within the area coded
    `within`, when given), for one indicator, period and category ("" for the total). Read
    in one query and kept in the shared cache until figures are written or the reference
    data changes (`freshness`); suppressed figures come with no value and their marker."""
    parts = (*freshness.generation(), indicator.pk, period, category, area_kind, within or "")
    key = "statistics:map-values:" + hashlib.sha256(repr(parts).encode()).hexdigest()
    kept = cache.get(key)
    if kept is not None:
        return kept
    rows = indicator_table(
        indicator=indicator,
        period=period,
        area_kind=area_kind,
        category=category,
        within=within or "",
    ).values_list("area_code", "area_name", "value", "marker", "area_vintage")
    values = [MapValue(*row) for row in rows]
    cache.set(key, values, MAP_VALUES_TIMEOUT)
    return values


def map_indicators(*, programme) -> list[Indicator]:
    """The indicators a map can draw: those with figures for areas that have boundaries
    (wards, MSOAs, local authorities), in dataset then label order."""
    kinds = [Area.Kind.WARD, Area.Kind.MSOA, Area.Kind.LOCAL_AUTHORITY]
    drawable = Observation.objects.filter(area_kind__in=kinds).values("indicator_id")
    return list(
        indicators_for(programme=programme)
        .filter(pk__in=drawable)
        .order_by("dataset__title", "label")
    )


def map_within(*, programme, kind: str) -> Area | None:
    """The area a map layer is drawn inside: the programme's local authority for wards and
    MSOAs, its region for local authorities."""
    city = programme.local_authority
    if city is None:
        return None
    if kind == Area.Kind.LOCAL_AUTHORITY:
        return city.parent
    return city


@dataclass(frozen=True)
class Figure:
    """One figure of an area's profile, with the city's and the region's where known."""

    indicator: Indicator
    period: str
    category_dimension: str
    category: str
    value: Decimal | None
    marker: str
    city: Decimal | None = None
    city_how: str = ""  # "published" or "sum" (of the city's areas, counts only)
    region: Decimal | None = None
    region_how: str = ""
    england: Decimal | None = None


def area_profile(*, programme, area: Area) -> list[Figure]:
    """Every figure the store has for `area` (latest period of each indicator, totals first,
    then categories), with the same figure for the area it is inside (the city), the region
    and England where the store has them: published, or for a count of a smaller area, the
    sum of the city's areas (census figures are perturbed, so that sum may differ slightly
    from a published city total). Four queries."""
    indicators = indicators_for(programme=programme)
    rows = list(
        Observation.objects.filter(area_code=area.code, indicator__in=indicators)
        .select_related("indicator__dataset")
        .order_by("indicator__dataset__title", "indicator__label", "-period")
    )
    latest: dict[int, str] = {}
    for row in rows:
        latest.setdefault(row.indicator_id, row.period)
    rows = [row for row in rows if row.period == latest[row.indicator_id]]
    city = area.parent if area.kind != Area.Kind.REGION else None
    region = city.parent if city is not None and city.kind != Area.Kind.REGION else None
    if area.kind == Area.Kind.LOCAL_AUTHORITY:
        city, region = None, area.parent
    compare: dict[tuple, Decimal] = {}
    sums: dict[tuple, Decimal] = {}
    codes = [a.code for a in (city, region) if a is not None] + [ENGLAND]
    if rows and codes:
        for code, ind, period, cat, value in Observation.objects.filter(
            area_code__in=codes, indicator_id__in=latest.keys()
        ).values_list("area_code", "indicator_id", "period", "category", "value"):
            if value is not None:
                compare[(code, ind, period, cat)] = value
        if city is not None and area.kind != Area.Kind.LOCAL_AUTHORITY:
            counts = [
                i
                for (i,) in indicators.filter(pk__in=latest.keys(), measure="count").values_list(
                    "pk"
                )
            ]
            summed = (
                Observation.objects.filter(
                    indicator_id__in=counts,
                    area_kind=area.kind,
                    area_code__in=Area.objects.filter(parent_id=city.code).values("code"),
                    value__isnull=False,
                )
                .values_list("indicator_id", "period", "category")
                .annotate(total=Sum("value"))
                .order_by()
            )
            for ind, period, cat, total in summed:
                sums[(ind, period, cat)] = total
    figures = []
    for row in rows:
        key = (row.indicator_id, row.period, row.category)
        city_value, city_how = None, ""
        if city is not None:
            if (city.code, *key) in compare:
                city_value, city_how = compare[(city.code, *key)], "published"
            elif key in sums:
                city_value, city_how = sums[key], "sum"
        region_value = compare.get((region.code, *key)) if region is not None else None
        figures.append(
            Figure(
                indicator=row.indicator,
                period=row.period,
                category_dimension=row.category_dimension,
                category=row.category,
                value=row.value,
                marker=row.marker,
                city=city_value,
                city_how=city_how,
                region=region_value,
                region_how="published" if region_value is not None else "",
                england=compare.get((ENGLAND, *key)),
            )
        )
    return figures


def trend_series(
    *, indicator: Indicator, area_code: str, category: str = ""
) -> list[tuple[str, Decimal | None]]:
    """An indicator's figure for one area and category over every period, oldest first."""
    return list(
        indicator.observations.filter(area_code=area_code, category=category)
        .order_by("period")
        .values_list("period", "value")
    )


def trends_for_area(*, programme, area_code: str) -> list[tuple[Indicator, list]]:
    """The indicators with more than one period for this area (totals), each with its series.
    Two queries."""
    rows = (
        Observation.objects.filter(
            area_code=area_code,
            category="",
            indicator__in=indicators_for(programme=programme),
        )
        .select_related("indicator__dataset")
        .order_by("indicator_id", "period")
    )
    series: dict[int, tuple[Indicator, list]] = {}
    for row in rows:
        series.setdefault(row.indicator_id, (row.indicator, []))[1].append((row.period, row.value))
    return [entry for entry in series.values() if len(entry[1]) > 1]


@dataclass(frozen=True)
class Ranking:
    indicator: Indicator
    category: str
    period: str
    rows: list[MapValue]  # highest first
    total: int  # areas with a figure


# What "where newly-arrived people live" ranks: (indicator code, category), from the shipped
# census tables (TS019 address one year ago, TS029 proficiency in English).
ARRIVAL_RANKINGS = [
    ("ts019", "Migrant from outside the UK: Address one year ago was outside the UK"),
    ("ts019_outside_uk_share", ""),
    ("ts029_cannot_speak_english_well_share", ""),
    (
        "ts029",
        "Main language is not English (English or Welsh in Wales): Cannot speak English",
    ),
]


def arrival_rankings(*, programme, within: Area, limit: int = 15) -> list[Ranking]:
    """The city's small areas ranked by recent arrivals from abroad and by people who cannot
    speak English well, highest first: where outreach and emergency messages in other
    languages matter most. Areas whose figure was withheld are left out of the ranking."""
    indicators = {
        indicator.code: indicator
        for indicator in indicators_for(programme=programme).filter(
            code__in=[code for code, _category in ARRIVAL_RANKINGS], dataset__programme=None
        )
    }
    rankings = []
    for code, category in ARRIVAL_RANKINGS:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        choices = indicator_choices(indicator=indicator)
        kinds = [k for k in (Area.Kind.WARD, Area.Kind.MSOA) if k in choices.kinds]
        if not kinds or not choices.periods:
            continue
        values = values_for_map(indicator, choices.periods[0], category, kinds[0], within.code)
        ranked = sorted(
            (row for row in values if row.value is not None), key=lambda row: -row.value
        )
        rankings.append(
            Ranking(indicator, category, choices.periods[0], ranked[:limit], len(ranked))
        )
    return rankings


# The census main languages (ONS census indicators by local authority) and the language codes
# a networker may have recorded for each. "Chinese" covers the Chinese languages: a networker
# is counted once, under the code most networkers of the programme gave.
CENSUS_LANGUAGES = {
    "language_arabic_total": ["ar"],
    "language_bengali_total": ["bn", "syl"],
    "language_bulgarian_total": ["bg"],
    "language_chinese_total": ["zh", "yue", "cmn"],
    "language_filipino_total": ["fil", "tl"],
    "language_french_total": ["fr"],
    "language_gujarati_total": ["gu"],
    "language_hungarian_total": ["hu"],
    "language_lithuanian_total": ["lt"],
    "language_nepalese_total": ["ne"],
    "language_panjabi_total": ["pa"],
    "language_polish_total": ["pl"],
    "language_portuguese_total": ["pt"],
    "language_romanian_total": ["ro"],
    "language_russian_total": ["ru"],
    "language_spanish_total": ["es"],
    "language_tamil_total": ["ta"],
    "language_turkish_total": ["tr"],
    "language_urdu_total": ["ur"],
    "language_yiddish_total": ["yi"],
}


@dataclass(frozen=True)
class GapRow:
    indicator: Indicator
    period: str
    residents: Decimal
    networkers: int
    per_networker: Decimal | None  # residents for each networker; None when there is none
    gain: Decimal  # how many fewer residents per networker one more networker would make


def coverage_gap(*, programme, city: Area) -> list[GapRow]:
    """For each main language the census counts in the city: its residents, the programme's
    active networkers who speak it, residents per networker, and what one more networker
    would change, most needed first. Two queries and one asked of the networkers app."""
    from bridges.core import providers

    rows = (
        Observation.objects.filter(
            area_code=city.code,
            category="",
            value__isnull=False,
            indicator__code__in=CENSUS_LANGUAGES,
            indicator__in=indicators_for(programme=programme).filter(dataset__programme=None),
        )
        .select_related("indicator__dataset")
        .order_by("indicator__code", "-period")
    )
    latest: dict[str, Observation] = {}
    for row in rows:
        latest.setdefault(row.indicator.code, row)
    codes = sorted({code for key in latest for code in CENSUS_LANGUAGES[key]})
    reach = providers.networkers.get().language_reach(programme=programme, language_codes=codes)
    gap = []
    for key, row in latest.items():
        people = max(reach.get(code, 0) for code in CENSUS_LANGUAGES[key])
        residents = row.value
        if people:
            per = residents / people
            gain = residents / people - residents / (people + 1)
        else:
            per, gain = None, residents
        gap.append(GapRow(row.indicator, row.period, residents, people, per, gain))
    return sorted(gap, key=lambda item: (-item.gain, item.indicator.label))
