"""Staff pages of pathways: the graph (coordinators edit, networkers read and propose ways
round), the queue of proposed workarounds, and the networker's "start a plan" page."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core import exports
from bridges.core.forms import filter_values
from bridges.core.net import client_address
from bridges.guides.selectors import guides_for_slugs

from . import selectors, services
from .forms import (
    DecisionForm,
    ItemFilterForm,
    ItemForm,
    PlanStartForm,
    RequirementForm,
    WorkaroundForm,
)
from .models import Item, Requirement, Workaround

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
READERS = (Role.COORDINATOR, Role.ADMIN, Role.NETWORKER)
PAGE_SIZE = 25


def _is_coordinator(request) -> bool:
    return bool(request.roles & set(COORDINATORS))


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _item(request, pk: int) -> Item:
    return get_for_programme(request, Item.objects.select_related("programme"), pk=pk)


def _requirement(request, pk: int) -> Requirement:
    return get_for_programme(request, Requirement.objects.select_related("item__programme"), pk=pk)


# The graph -----------------------------------------------------------------------------------


@programme_role_required(*READERS)
def item_list(request):
    form = ItemFilterForm(request.GET or None)
    filters = filter_values(form)
    found = selectors.item_list(
        request.programme, query=filters.get("q") or "", kind=filters.get("kind") or ""
    )
    if request.GET.get("format") in exports.FORMATS and _is_coordinator(request):
        return _download(request, found)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "pathways/item_list.html",
        {
            "programme": request.programme,
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "is_coordinator": _is_coordinator(request),
            "waiting": selectors.waiting_workaround_count(request.programme)
            if _is_coordinator(request)
            else 0,
        },
    )


def _download(request, found):
    requirements = selectors.requirements_with_details(
        request.programme, item_ids=[item.pk for item in found]
    )
    by_item: dict[int, list[Requirement]] = {}
    for requirement in requirements:
        by_item.setdefault(requirement.item_id, []).append(requirement)
    rows = []
    for item in found:
        for requirement in by_item.get(item.pk, []) or [None]:
            rows.append(
                [
                    item.slug,
                    item.name,
                    item.get_kind_display(),
                    item.last_checked.isoformat() if item.last_checked else "",
                    requirement.label if requirement else "",
                    "; ".join(a.slug for a in requirement.alternatives.all())
                    if requirement
                    else "",
                    "; ".join(s.name for s in requirement.published_services)
                    if requirement
                    else "",
                    len(requirement.verified_workarounds) if requirement else 0,
                ]
            )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="pathways:items",
        client_address=client_address(request),
    )
    return exports.table_response(
        format=request.GET["format"],
        filename=f"pathways-{request.programme.slug}",
        header=[
            _("Short name"),
            _("Name"),
            _("Kind"),
            _("Last checked"),
            _("Requirement"),
            _("Any one of"),
            _("Services that help"),
            _("Verified workarounds"),
        ],
        rows=rows,
    )


@programme_role_required(*READERS)
def item_detail(request, pk: int):
    item = _item(request, pk)
    is_coordinator = _is_coordinator(request)
    requirements = list(selectors.requirements_with_details(request.programme, item_ids=[item.pk]))
    proposals = {
        requirement.pk: list(
            selectors.workarounds_of(
                request.programme,
                requirement=requirement,
                user=request.user,
                can_decide=is_coordinator,
            ).exclude(status=Workaround.Status.VERIFIED)
        )
        for requirement in requirements
    }
    slugs = sorted({slug for r in requirements for slug in r.guide_slug_list})
    guides = {
        slug: (title, url)
        for slug, title, url in guides_for_slugs(
            slugs, translation.get_language() or "en", programme=request.programme
        )
    }
    for requirement in requirements:
        requirement.other_workarounds = proposals[requirement.pk]
        requirement.guides = [
            (slug, *guides.get(slug, ("", ""))) for slug in requirement.guide_slug_list
        ]
    needed_for = (
        Item.objects.for_programme(request.programme)
        .filter(requirements__alternatives=item)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "pathways/item_detail.html",
        {
            "programme": request.programme,
            "item": item,
            "requirements": requirements,
            "needed_for": needed_for,
            "is_coordinator": is_coordinator,
        },
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def item_create(request):
    form = ItemForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                programme=request.programme, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Item added. Now add what it requires."))
            return redirect("pathways:item_detail", request.programme.slug, item.pk)
    return render(
        request,
        "pathways/item_form.html",
        {"programme": request.programme, "form": form, "item": None},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def item_edit(request, pk: int):
    item = _item(request, pk)
    form = ItemForm(_posted(request), instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(item=item, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Item saved."))
            return redirect("pathways:item_detail", request.programme.slug, item.pk)
    return render(
        request,
        "pathways/item_form.html",
        {"programme": request.programme, "form": form, "item": item},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def item_delete(request, pk: int):
    """GET asks to confirm; POST deletes."""
    item = _item(request, pk)
    if request.method == "POST":
        services.item_delete(item=item)
        messages.success(request, _("Item deleted. Plans no longer show it."))
        return redirect("pathways:item_list", request.programme.slug)
    needed_for = (
        Item.objects.for_programme(request.programme)
        .filter(requirements__alternatives=item)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "pathways/item_delete.html",
        {"programme": request.programme, "item": item, "needed_for": needed_for},
    )


def _requirement_form(request, item, instance=None):
    return RequirementForm(
        _posted(request),
        instance=instance,
        item=item,
        alternatives=selectors.items(request.programme),
        services=selectors.published_services(request.programme),
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def requirement_create(request, pk: int):
    item = _item(request, pk)
    form = _requirement_form(request, item)
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_create(item=item, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Requirement added."))
            return redirect("pathways:item_detail", request.programme.slug, item.pk)
    return render(
        request,
        "pathways/requirement_form.html",
        {"programme": request.programme, "form": form, "item": item, "requirement": None},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def requirement_edit(request, pk: int):
    requirement = _requirement(request, pk)
    item = requirement.item
    form = _requirement_form(request, item, instance=requirement)
    if request.method == "POST" and form.is_valid():
        try:
            services.requirement_update(
                requirement=requirement, updated_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Requirement saved."))
            return redirect("pathways:item_detail", request.programme.slug, item.pk)
    return render(
        request,
        "pathways/requirement_form.html",
        {"programme": request.programme, "form": form, "item": item, "requirement": requirement},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def requirement_delete(request, pk: int):
    """GET asks to confirm; POST deletes."""
    requirement = _requirement(request, pk)
    item = requirement.item
    if request.method == "POST":
        services.requirement_delete(requirement=requirement)
        messages.success(request, _("Requirement deleted."))
        return redirect("pathways:item_detail", request.programme.slug, item.pk)
    return render(
        request,
        "pathways/requirement_delete.html",
        {
            "programme": request.programme,
            "item": item,
            "requirement": requirement,
            "workaround_count": requirement.workarounds.count(),
        },
    )


# Workarounds ---------------------------------------------------------------------------------


@programme_role_required(*READERS)
@require_http_methods(["GET", "POST"])
def workaround_propose(request, pk: int):
    requirement = _requirement(request, pk)
    form = WorkaroundForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        services.workaround_propose(
            requirement=requirement,
            text=form.cleaned_data["text"],
            submission=form.cleaned_data["submission"],
            proposed_by=request.user,
        )
        messages.success(
            request, _("Thank you. A coordinator checks the way round before plans show it.")
        )
        return redirect("pathways:item_detail", request.programme.slug, requirement.item_id)
    return render(
        request,
        "pathways/workaround_form.html",
        {"programme": request.programme, "form": form, "requirement": requirement},
    )


@programme_role_required(*COORDINATORS)
def workaround_list(request):
    status = request.GET.get("status")
    if status not in Workaround.Status.values:
        status = Workaround.Status.PROPOSED
    found = selectors.workaround_queue(request.programme, status=status)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pathways/workaround_list.html",
        {
            "programme": request.programme,
            "page": page,
            "status": status,
            "statuses": Workaround.Status.choices,
            "query": urlencode({"status": status}),
        },
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def workaround_decide(request, pk: int):
    workaround = get_for_programme(
        request, Workaround.objects.select_related("requirement__item", "created_by"), pk=pk
    )
    form = DecisionForm(
        _posted(request),
        initial={"decision": "verify" if workaround.status != "rejected" else "reject"},
    )
    if request.method == "POST" and form.is_valid():
        verified = form.cleaned_data["decision"] == "verify"
        services.workaround_decide(
            workaround=workaround,
            verified=verified,
            decided_by=request.user,
            note=form.cleaned_data["note"],
        )
        messages.success(
            request,
            _("Verified: plans now show this way round.")
            if verified
            else _("Set aside: plans do not show this way round."),
        )
        return redirect("pathways:workaround_list", request.programme.slug)
    return render(
        request,
        "pathways/workaround_decide.html",
        {"programme": request.programme, "form": form, "workaround": workaround},
    )


# Starting a plan for someone -----------------------------------------------------------------


@programme_role_required(*READERS)
def plan_start(request):
    """A networker opens the planner in the language of the person beside them. Nothing about
    the person is asked or kept: the plan lives in its address."""
    form = PlanStartForm(
        request.GET or None, initial={"language": translation.get_language() or "en"}
    )
    if form.is_bound and form.is_valid():
        with translation.override(form.cleaned_data["language"]):
            url = reverse("pathways_public:planner", args=[request.programme.slug])
        return redirect(url)
    return render(
        request,
        "pathways/plan_start.html",
        {"programme": request.programme, "form": form},
    )
