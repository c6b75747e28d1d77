"""Public pages: search and browse the directory, read a service, report a wrong listing."""

import logging

from django.contrib import messages
from django.db import DatabaseError, transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from bridges.core.models import Area
from bridges.core.ratelimit import public_form_rate_limit
from bridges.translations.selectors import translated

from . import selectors, service_page, services
from .forms import ReportForm, SearchForm
from .maps import location_map

logger = logging.getLogger(__name__)


def _search_form(request) -> SearchForm:
    programmes = selectors.programmes_with_directory()
    areas = Area.objects.of_kind("ward").filter(parent__in=programmes.values("local_authority"))
    return SearchForm(request.GET or None, programmes=programmes, areas=areas)


@vary_on_headers("HX-Request")
def search(request):
    form = _search_form(request)
    page = None
    if form.is_valid():
        data = form.cleaned_data
        page = selectors.service_search(
            query=data["q"],
            programme=data["programme"],
            language=data["language"].code if data["language"] else None,
            taxonomy=data["need"],
            area=data["area"],
            free=data["free"],
            open_now=data["open_now"],
            page=request.GET.get("page", 1),
            reader_language=request.LANGUAGE_CODE,
            near=form.place,
            within_m=data["distance"] or 3000,
        )
    found_nothing = page is not None and not page.paginator.count
    if found_nothing:
        _count_miss(request, form.cleaned_data, page)
    context = {
        "form": form,
        "page": page,
        "needs": selectors.needs() if page is None or found_nothing else None,
        "language": request.LANGUAGE_CODE,
        "suggestion_url": _suggestion_url(request, page),
        "help_programmes": _help_programmes(form) if found_nothing else None,
    }
    template = "directory/search.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


def _count_miss(request, data, page) -> None:
    """Count a search whose words found nothing (not one narrowed by filters until empty, not a
    later page, not an ignored query) for the coordinators' list; never fails the search."""
    narrowed = any(data[k] for k in ("language", "need", "area", "free", "open_now"))
    if narrowed or not data["q"].strip() or page.search.ignored or page.number != 1:
        return
    try:
        with transaction.atomic():
            services.search_miss_record(
                programme=data["programme"], query=data["q"], language=request.LANGUAGE_CODE
            )
    except DatabaseError:
        logger.warning("A search that found nothing could not be counted.", exc_info=True)


def _suggestion_url(request, page) -> str:
    """The same search with the "did you mean" words."""
    if page is None or not page.search.suggestion:
        return ""
    params = request.GET.copy()
    params["q"] = page.search.suggestion
    params.pop("page", None)
    return "?" + params.urlencode()


def _help_programmes(form) -> list:
    """Whom to ask when a search finds nothing: the chosen city, else every city listed."""
    chosen = form.cleaned_data.get("programme") if form.is_valid() else None
    if chosen is not None:
        return [chosen]
    return list(selectors.programmes_with_directory().order_by("name")[:5])


def service_detail(request, service_id):
    service = selectors.service_public_detail(
        service_id=service_id, reader_language=request.LANGUAGE_CODE
    )
    if service is None:
        raise Http404
    locations = [at.location for at in service.at_locations.all()]
    return render(
        request,
        "directory/service_detail.html",
        {
            "service": service,
            "text": service.translated(request.LANGUAGE_CODE),
            # Whether the approved translation is out of date, and who chose to be credited.
            "translation": translated(service, request.LANGUAGE_CODE),
            "locations": [
                {"location": location, "directions": service_page.directions(location)}
                for location in locations
            ],
            "stale": service_page.listing_stale(service),
            "open_now": service_page.open_now(
                service.schedules.all(), zone=service_page.programme_zone(service.programme)
            ),
            "explanations": service_page.explanations(service),
            "explanations_checked": service_page.EXPLANATIONS_CHECKED,
            "map": location_map(locations),
            "report_form": ReportForm(initial={"token": services.report_token()}),
            "share_url": request.build_absolute_uri(),
        },
    )


@public_form_rate_limit("listing-report")
def service_report(request, service_id):
    service = selectors.service_public_detail(service_id=service_id)
    if service is None:
        raise Http404
    form = ReportForm(request.POST or None, initial={"token": services.report_token()})
    if request.method == "POST" and form.is_valid():
        services.listing_report_create(
            service=service,
            problem=form.cleaned_data["problem"],
            details=form.cleaned_data["details"],
            reporter_email=form.cleaned_data["reporter_email"],
            token=form.cleaned_data["token"],
        )
        messages.success(request, _("Thank you. The people who run this listing will check it."))
        return redirect("directory_public:service_detail", service_id=service.pk)
    return render(
        request, "directory/service_report.html", {"service": service, "report_form": form}
    )
