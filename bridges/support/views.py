"""Staff pages: the coordinators' triage queue and a request's page (with suggestions and the
assignment), and the networker's requests (accept, decline, contacted).

Triage is for the programme's coordinators only (not platform admins: the page shows a
person's contact details). A networker sees only the requests assigned to them, and the
person's contact details only once they have accepted; every view of those is audited."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core import exports
from bridges.core.forms import filter_values
from bridges.core.net import client_address
from bridges.networkers.models import Networker

from . import selectors, services
from .forms import AssignForm, CloseForm, DeclineForm, QueueFilterForm
from .models import SupportRequest

COORDINATORS = (Role.COORDINATOR,)
NETWORKERS = (Role.NETWORKER,)
PAGE_SIZE = 25
State = SupportRequest.State


def _error(request, error: ValidationError) -> None:
    for text in error.messages:
        messages.error(request, text)


# --- Coordinators: triage -------------------------------------------------------------------


@programme_role_required(*COORDINATORS)
def queue(request):
    programme = request.programme
    form = QueueFilterForm(request.GET or None)
    values = filter_values(form) if request.GET else {}
    language = values.get("language")
    requests = selectors.support_queue(
        programme=programme,
        state=values.get("state") or "",
        need=values.get("need") or "",
        language=language.code if language else "",
        age=values.get("age") or "",
    )
    export = request.GET.get("format")
    if export in exports.FORMATS:
        audit_record(
            action=AuditEvent.Action.EXPORT,
            actor=request.user,
            programme=programme,
            target="support requests",
            client_address=client_address(request),
        )
        header, rows = selectors.export_rows(requests)
        return exports.table_response(
            format=export, filename="support-requests", header=header, rows=rows
        )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    csv_query = query.urlencode()
    query["format"] = "xlsx"
    counts = selectors.support_state_counts(programme=programme)
    return render(
        request,
        "support/queue.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "csv_query": csv_query,
            "xlsx_query": query.urlencode(),
            "state_counts": [
                {"value": value, "label": label, "count": counts[value]}
                for value, label in State.choices
            ],
        },
    )


def _load(request, pk: int) -> SupportRequest:
    return get_for_programme(request, selectors.support_request_details(), pk=pk)


@programme_role_required(*COORDINATORS)
def detail(request, pk: int):
    support_request = _load(request, pk)
    services.support_request_viewed(
        request=support_request, user=request.user, client_address=client_address(request)
    )
    suggestions = (
        selectors.suggest_networkers(support_request) if support_request.state == State.NEW else []
    )
    return render(
        request,
        "support/detail.html",
        {
            "programme": request.programme,
            "item": support_request,
            "suggestions": suggestions,
            "assignments": selectors.support_assignments(request=support_request),
            "last_decline": selectors.support_last_decline(request=support_request),
            "advisers": (
                selectors.regulated_advisers(programme=request.programme)
                if support_request.touches_immigration
                else []
            ),
        },
    )


@require_POST
@programme_role_required(*COORDINATORS)
def assign(request, pk: int):
    support_request = _load(request, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a networker."))
        return redirect("support:detail", programme=request.programme.slug, pk=pk)
    networker = (
        Networker.objects.for_programme(request.programme)
        .filter(pk=form.cleaned_data["networker"])
        .select_related("user")
        .first()
    )
    if networker is None:
        raise Http404
    try:
        services.support_request_assign(
            request=support_request,
            networker=networker,
            by=request.user,
            site_url=request.build_absolute_uri("/"),
        )
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            _("Offered to %(name)s. They will be told by email.") % {"name": networker},
        )
    return redirect("support:detail", programme=request.programme.slug, pk=pk)


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def close(request, pk: int):
    """Closing asks first (a page with the reasons), then closes."""
    support_request = _load(request, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.support_request_close(
            request=support_request, by=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Request closed."))
        return redirect("support:detail", programme=request.programme.slug, pk=pk)
    return render(
        request,
        "support/close.html",
        {"programme": request.programme, "item": support_request, "form": form},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def withdraw(request, pk: int):
    """Taking an offer back asks first (a page saying what happens), then does it."""
    support_request = _load(request, pk)
    if request.method == "POST":
        try:
            services.support_request_withdraw(
                request=support_request,
                by=request.user,
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(
                request,
                _("The offer is taken back and the request is waiting for a networker again."),
            )
        return redirect("support:detail", programme=request.programme.slug, pk=pk)
    return render(
        request, "support/withdraw.html", {"programme": request.programme, "item": support_request}
    )


# --- Networkers: the requests assigned to them ----------------------------------------------


def _networker(request) -> Networker:
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None:
        raise Http404
    return networker


def _own(request, pk: int) -> tuple[Networker, SupportRequest]:
    networker = _networker(request)
    return networker, get_for_programme(
        request, selectors.requests_of_networker(networker=networker), pk=pk
    )


@programme_role_required(*NETWORKERS)
def mine(request):
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    requests = (
        selectors.requests_of_networker(networker=networker)
        if networker
        else SupportRequest.objects.none()
    )
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "support/mine.html", {"programme": request.programme, "page": page})


@programme_role_required(*NETWORKERS)
def offer(request, pk: int):
    networker, support_request = _own(request, pk)
    shows_contact = support_request.state in (State.ACCEPTED, State.CONTACTED)
    if shows_contact:
        services.support_contact_viewed(
            request=support_request, user=request.user, client_address=client_address(request)
        )
    return render(
        request,
        "support/offer.html",
        {
            "programme": request.programme,
            "item": support_request,
            "shows_contact": shows_contact,
            "advisers": (
                selectors.regulated_advisers(programme=request.programme)
                if support_request.touches_immigration
                else []
            ),
            "contact_log_url": reverse("contacts:record", args=[request.programme.slug]),
        },
    )


@require_POST
@programme_role_required(*NETWORKERS)
def accept(request, pk: int):
    networker, support_request = _own(request, pk)
    try:
        services.support_request_accept(request=support_request, networker=networker)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Thank you. The person's contact details are below."))
    return redirect("support:offer", programme=request.programme.slug, pk=pk)


@require_http_methods(["GET", "POST"])
@programme_role_required(*NETWORKERS)
def decline(request, pk: int):
    networker, support_request = _own(request, pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_request_decline(
                request=support_request,
                networker=networker,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            _error(request, error)
            return redirect("support:offer", programme=request.programme.slug, pk=pk)
        messages.success(request, _("Thank you. The request has gone back to the coordinators."))
        return redirect("support:mine", programme=request.programme.slug)
    return render(
        request,
        "support/decline.html",
        {"programme": request.programme, "item": support_request, "form": form},
    )


@require_POST
@programme_role_required(*NETWORKERS)
def contacted(request, pk: int):
    networker, support_request = _own(request, pk)
    try:
        services.support_request_contacted(request=support_request, networker=networker)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("Recorded: you contacted the person."))
    return redirect("support:offer", programme=request.programme.slug, pk=pk)
