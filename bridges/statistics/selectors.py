"""Reads of the statistics store. Datasets are national (shared) or a programme's own; every
read starts from `available_to(programme)` so a programme never sees another one's imports."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery

from bridges.core.models import Area

from .models import Dataset, Indicator, Observation, StatisticsImport


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


def values_for_map(
    indicator: Indicator,
    period: str,
    category: str,
    area_kind: str,
    within: str | None = None,
) -> list[MapValue]:
    """The figures a map layer draws: one per area of `area_kind` (within the area coded
    `within`, when given), for one indicator, period and category ("" for the total). Two
    queries, whatever the number of areas; suppressed figures come with no value and their
    marker."""
    rows = indicator_table(
        indicator=indicator,
        period=period,
        area_kind=area_kind,
        category=category,
        within=within or "",
    ).values_list("area_code", "area_name", "value", "marker", "area_vintage")
    return [MapValue(*row) for row in rows]
