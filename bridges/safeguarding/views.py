"""Safeguarding pages. The inbox and a concern's page are for the programme's safeguarding leads
ALONE: not coordinators, and not platform admins (whom `programme_role_required` treats as
holding the admin role everywhere, so no view here allows Role.ADMIN)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core.net import client_address

from . import selectors, services
from .forms import (
    ActionForm,
    CloseForm,
    ConcernForm,
    InboxFilterForm,
    SettingsForm,
    StateFilterForm,
)
from .links import CONTACT_PARAMETER
from .models import Concern

LEADS = (Role.SAFEGUARDING,)
# Anyone who works with people in the programme may raise a concern (platform admins as such
# do not: they are not in the programme).
RAISERS = (Role.NETWORKER, Role.COORDINATOR, Role.SAFEGUARDING)
SETTINGS_EDITORS = (Role.COORDINATOR, Role.SAFEGUARDING)
INBOX_PAGE_SIZE = 25


def _guidance(programme) -> dict:
    return {"programme": programme, "contacts": selectors.settings_for(programme=programme)}


# --- Raising a concern, and the raiser's receipts -------------------------------------------


@require_http_methods(["GET", "POST"])
@programme_role_required(*RAISERS)
def concern_raise(request):
    """On its own, or from one of the raiser's contact records (`?contact=<id>`, carried in the
    form). A reference that is not the raiser's own record is dropped, never an error: nothing
    may stop a concern being raised."""
    named = request.POST.get(CONTACT_PARAMETER) or request.GET.get(CONTACT_PARAMETER)
    contact = selectors.contact_of_raiser(programme=request.programme, user=request.user, pk=named)
    initial = {CONTACT_PARAMETER: contact.pk} if contact else {}
    form = ConcernForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        concern = services.concern_raise(
            programme=request.programme,
            raised_by=request.user,
            contact=contact,
            site_url=request.build_absolute_uri("/"),
            **form.concern_data(),
        )
        return redirect("safeguarding:my_concern", programme=request.programme.slug, pk=concern.pk)
    return render(
        request,
        "safeguarding/raise.html",
        {**_guidance(request.programme), "form": form, "contact": contact},
    )


@programme_role_required(*RAISERS)
def my_concerns(request):
    filters = StateFilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    concerns = selectors.concerns_raised_by(
        programme=request.programme, user=request.user, state=state
    )
    page = Paginator(concerns, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "safeguarding/my_concerns.html",
        {**_guidance(request.programme), "page": page, "filters": filters, "state": state},
    )


@programme_role_required(*RAISERS)
def my_concern(request, pk: int):
    """The receipt: reference, when, about whom, and its state. Never the lead's notes."""
    concern = get_for_programme(
        request,
        selectors.concerns_raised_by(programme=request.programme, user=request.user),
        pk=pk,
    )
    return render(
        request,
        "safeguarding/my_concern.html",
        {**_guidance(request.programme), "concern": concern},
    )


# --- The leads' inbox and a concern's page --------------------------------------------------


@programme_role_required(*LEADS)
def inbox(request):
    filters = InboxFilterForm(request.GET or None)
    state = filters.cleaned_data["state"] if filters.is_valid() else ""
    concerns = selectors.concern_inbox(programme=request.programme, state=state)
    page = Paginator(concerns, INBOX_PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.concern_counts(programme=request.programme)
    return render(
        request,
        "safeguarding/inbox.html",
        {
            "programme": request.programme,
            "filters": filters,
            "state": state,
            "page": page,
            "counts": counts,
            "state_counts": [
                {"value": value, "label": label, "count": counts["states"][value]}
                for value, label in Concern.State.choices
            ],
            "deadline": selectors.settings_for(
                programme=request.programme
            ).acknowledge_within_hours,
        },
    )


def _load(request, pk: int) -> Concern:
    return get_for_programme(request, selectors.concern_details(), pk=pk)


@programme_role_required(*LEADS)
def detail(request, pk: int):
    concern = _load(request, pk)
    services.concern_viewed(
        concern=concern, lead=request.user, client_address=client_address(request)
    )
    deadline = selectors.settings_for(programme=request.programme).acknowledge_within_hours
    return render(
        request,
        "safeguarding/detail.html",
        {
            "programme": request.programme,
            "concern": concern,
            "State": Concern.State,
            "purge_on": services.purge_date(concern),
            "overdue": selectors.concern_is_overdue(concern=concern, hours=deadline),
            "deadline": deadline,
        },
    )


@require_POST
@programme_role_required(*LEADS)
def acknowledge(request, pk: int):
    concern = _load(request, pk)
    try:
        services.concern_acknowledge(concern=concern, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Concern acknowledged."))
    return redirect("safeguarding:detail", programme=request.programme.slug, pk=concern.pk)


def _step(request, pk: int, *, form_class, template: str, save, done: str):
    concern = _load(request, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(concern, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("safeguarding:detail", programme=request.programme.slug, pk=concern.pk)
    return render(
        request,
        template,
        {
            "programme": request.programme,
            "concern": concern,
            "form": form,
            "retention_years": services.retention_years(concern.about),
        },
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*LEADS)
def record_action(request, pk: int):
    return _step(
        request,
        pk,
        form_class=ActionForm,
        template="safeguarding/action.html",
        save=lambda concern, data: services.concern_action_record(
            concern=concern,
            by=request.user,
            referral=data["referral"],
            note=data["note"],
            taken_on=data["taken_on"],
        ),
        done=_("Action recorded."),
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*LEADS)
def close(request, pk: int):
    return _step(
        request,
        pk,
        form_class=CloseForm,
        template="safeguarding/close.html",
        save=lambda concern, data: services.concern_close(
            concern=concern, by=request.user, outcome=data["outcome"]
        ),
        done=_("Concern closed."),
    )


# --- The programme's safeguarding contacts and deadline --------------------------------------


@require_http_methods(["GET", "POST"])
@programme_role_required(*SETTINGS_EDITORS)
def settings_edit(request):
    current = selectors.settings_for(programme=request.programme)
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.settings_save(programme=request.programme, by=request.user, **form.cleaned_data)
        messages.success(request, _("Safeguarding settings saved."))
        return redirect("safeguarding:settings", programme=request.programme.slug)
    return render(
        request, "safeguarding/settings.html", {"programme": request.programme, "form": form}
    )
