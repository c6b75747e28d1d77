from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core import exports
from bridges.core.forms import filter_values
from bridges.networkers.models import Networker

from . import selectors, services
from .forms import AttendanceForm, EventFilterForm, EventForm, InitiativeFilterForm, InitiativeForm
from .models import Event, Initiative

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
COUNTERS = (Role.COORDINATOR, Role.ADMIN, Role.NETWORKER)
READERS = (Role.COORDINATOR, Role.ADMIN, Role.ANALYST)
PAGE_SIZE = 20


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _posted(request):
    return request.POST if request.method == "POST" else None


def _initiative(request, pk: int) -> Initiative:
    return get_for_programme(
        request,
        Initiative.objects.select_related("programme", "directory_service").prefetch_related(
            "languages", Prefetch("networkers", Networker.objects.order_by("display_name"))
        ),
        pk=pk,
    )


def _event(request, pk: int) -> Event:
    return get_for_programme(
        request, Event.objects.select_related("initiative", "programme"), pk=pk
    )


# Initiatives ----------------------------------------------------------------------------------

CSV_HEADER = [
    "name", "kind", "status", "public", "listed_in_directory", "languages", "venue",
    "postcode", "needs_venue", "needs_funding", "needs_training", "needs_volunteers",
    "support_notes", "networkers", "updated_at",
]  # fmt: skip


@programme_role_required(*COORDINATORS)
def initiative_list(request):
    form = InitiativeFilterForm(request.GET or None)
    filters = filter_values(form)
    initiatives = selectors.initiative_list(
        programme=request.programme,
        need=filters.get("need", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    export = request.GET.get("format")
    if export in exports.FORMATS:
        rows = (
            [
                i.name,
                i.kind,
                i.status,
                i.public,
                i.listed and bool(i.directory_service_id),
                " ".join(lang.code for lang in i.languages.all()),
                i.venue_name,
                i.venue_postcode,
                i.needs_venue,
                i.needs_funding,
                i.needs_training,
                i.needs_volunteers,
                i.support_notes,
                "; ".join(n.display_name for n in i.networkers.all()),
                i.updated_at.isoformat(),
            ]  # fmt: skip
            for i in initiatives.select_related("programme")
        )
        return exports.table_response(
            format=export, filename="initiatives", header=CSV_HEADER, rows=rows
        )
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "programme": request.programme,
            "form": form,
            "page": page,
            "csv_query": query.urlencode(),
        },
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def initiative_create(request):
    form = InitiativeForm(_posted(request), programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_create(
                programme=request.programme, created_by=request.user, **form.initiative_data()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Initiative added."))
            return redirect("initiatives:initiative_detail", request.programme.slug, initiative.pk)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"programme": request.programme, "form": form, "initiative": None},
    )


@programme_role_required(*COORDINATORS)
def initiative_detail(request, pk: int):
    initiative = _initiative(request, pk)
    events = selectors.event_list(programme=request.programme, initiative=initiative)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {"programme": request.programme, "initiative": initiative, "events": events[:20]},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def initiative_edit(request, pk: int):
    initiative = _initiative(request, pk)
    form = InitiativeForm(_posted(request), instance=initiative, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative, updated_by=request.user, **form.initiative_data()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Initiative saved."))
            return redirect("initiatives:initiative_detail", request.programme.slug, initiative.pk)
    return render(
        request,
        "initiatives/initiative_form.html",
        {"programme": request.programme, "form": form, "initiative": initiative},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def initiative_withdraw(request, pk: int):
    """GET asks to confirm; POST takes it out of public view."""
    initiative = _initiative(request, pk)
    if request.method == "POST":
        if services.initiative_withdraw(initiative=initiative, updated_by=request.user):
            messages.success(
                request, _("The initiative is no longer shown to the public or in the directory.")
            )
        return redirect("initiatives:initiative_detail", request.programme.slug, initiative.pk)
    return render(
        request,
        "initiatives/initiative_withdraw.html",
        {"programme": request.programme, "initiative": initiative},
    )


# Events ---------------------------------------------------------------------------------------


@programme_role_required(*COUNTERS)
def event_list(request):
    form = EventFilterForm(request.GET or None)
    filters = filter_values(form)
    events = selectors.event_list(programme=request.programme, when=filters.get("when", ""))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/event_list.html",
        {
            "programme": request.programme,
            "form": form,
            "page": page,
            "is_coordinator": bool(request.roles & set(COORDINATORS)),
        },
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def event_create(request):
    initial = {}
    chosen = request.GET.get("initiative", "")
    if chosen.isdigit():
        initiative = Initiative.objects.for_programme(request.programme).filter(pk=chosen).first()
        if initiative:
            initial = {
                "initiative": initiative,
                "venue_name": initiative.venue_name,
                "venue_address": initiative.venue_address,
                "venue_postcode": initiative.venue_postcode,
            }
    form = EventForm(_posted(request), programme=request.programme, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_create(
                programme=request.programme, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Event added."))
            return redirect("initiatives:event_list", request.programme.slug)
    return render(
        request,
        "initiatives/event_form.html",
        {"programme": request.programme, "form": form, "event": None},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def event_edit(request, pk: int):
    event = _event(request, pk)
    form = EventForm(_posted(request), instance=event, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event=event, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Event saved."))
            return redirect("initiatives:event_list", request.programme.slug)
    return render(
        request,
        "initiatives/event_form.html",
        {"programme": request.programme, "form": form, "event": event},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def event_cancel(request, pk: int):
    """GET asks to confirm; POST cancels."""
    event = _event(request, pk)
    if request.method == "POST":
        if services.event_cancel(event=event, cancelled_by=request.user):
            messages.success(request, _("Event cancelled. The public calendar shows it cancelled."))
        return redirect("initiatives:event_list", request.programme.slug)
    return render(
        request, "initiatives/event_cancel.html", {"programme": request.programme, "event": event}
    )


@programme_role_required(*COUNTERS)
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int, day: str):
    event = _event(request, pk)
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise Http404 from None
    if not event.occurs_on(when):
        raise Http404
    languages = list(event.languages.order_by("english_name"))
    existing = selectors.attendance_for(event=event, day=when)
    initial = {}
    if existing:
        initial = {"total": existing.total}
        initial.update({f"count_{row.language_id}": row.count for row in existing.languages.all()})
    form = AttendanceForm(_posted(request), languages=languages, initial=initial)
    happened = event.has_happened(when)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                event=event,
                day=when,
                total=form.cleaned_data["total"],
                by_language=form.by_language(),
                recorded_by=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Attendance saved."))
            return redirect("initiatives:event_list", request.programme.slug)
    return render(
        request,
        "initiatives/attendance.html",
        {
            "programme": request.programme,
            "event": event,
            "day": when,
            "form": form,
            "happened": happened,
            "existing": existing,
        },
    )


@programme_role_required(*READERS)
def attendance_totals(request):
    """People counted at events, by month and kind and by language; numbers under 5 hidden."""
    by_month = selectors.attendance_by_month(programme=request.programme)
    by_language = selectors.attendance_by_language(programme=request.programme)
    export = request.GET.get("format")
    if export in exports.FORMATS:
        return exports.table_response(
            format=export,
            filename="event-attendance",
            header=["month", "kind", "people"],
            rows=([row["month"].strftime("%Y-%m"), row["kind"], row["total"]] for row in by_month),
        )
    return render(
        request,
        "initiatives/attendance_totals.html",
        {
            "programme": request.programme,
            "by_month": by_month,
            "by_language": by_language,
            "suppress_below": selectors.SUPPRESS_BELOW,
        },
    )
