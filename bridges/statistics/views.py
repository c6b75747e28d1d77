"""Staff pages of the statistics store: the datasets, one indicator's figures by area (paged,
downloadable), and imports with their progress. Everything shown is aggregate public data, so
analysts see the same pages as coordinators; only coordinators import."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from bridges.accounts.permissions import programme_role_required, roles_in
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core.exports import table_response

from . import selectors
from .forms import ImportForm, TableChoiceForm, TableForm
from .importers import run as import_run
from .models import Indicator, StatisticsImport
from .tasks import statistics_import_run

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
