"""Coordinators' pages: the programme's guides (filter, download), writing and editing a guide
with the readability of its source shown as they write, publishing, and deleting (asked
first)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core import locale_format
from bridges.core.exports import table_response
from bridges.core.forms import filter_values

from . import selectors, services
from .forms import GuideForm, StaffFilterForm, StepFormSet
from .models import Guide
from .readability import guide_readability, readability

EDITORS = (Role.COORDINATOR, Role.ADMIN)
PAGE_SIZE = 25


def _filtered(request):
    form = StaffFilterForm(request.GET or None)
    values = filter_values(form)
    guides = selectors.guide_list(
        programme=request.programme,
        status=values.get("status") or "",
        query=values.get("q") or "",
    )
    return form, guides


@programme_role_required(*EDITORS)
def guide_list(request):
    form, guides = _filtered(request)
    page = Paginator(guides, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "guides/list.html",
        {"programme": request.programme, "form": form, "page": page},
    )


@programme_role_required(*EDITORS)
def guide_download(request):
    _form, guides = _filtered(request)
    rows = (
        [
            guide.title,
            guide.slug,
            guide.get_status_display(),
            guide.step_count,
            guide.last_checked.isoformat(),
            guide.official_url,
        ]
        for guide in guides
    )
    return table_response(
        format=request.GET.get("format", "csv"),
        filename="guides",
        header=[
            _("Title"),
            _("Web address name"),
            _("Status"),
            _("Steps"),
            _("Facts last checked"),
            _("Official source"),
        ],
        rows=rows,
    )


def _step_texts(formset) -> list[services.StepText]:
    kept = [
        form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return [
        services.StepText(title=form.cleaned_data["title"], body=form.cleaned_data.get("body", ""))
        for form in kept
    ]


def _edit(request, guide: Guide | None):
    instance = guide or Guide(programme=request.programme)
    data = request.POST if request.method == "POST" else None
    form = GuideForm(data, instance=instance, programme=request.programme)
    formset = StepFormSet(data, instance=instance, prefix="steps")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = services.guide_save(
            guide=form.save(commit=False),
            steps=_step_texts(formset),
            services=form.cleaned_data["services"],
            by=request.user,
        )
        score = guide_readability(saved)
        messages.success(
            request,
            _("The guide was saved. Reading ease: %(score)s (aim for %(target)s or more).")
            % {
                "score": locale_format.format_number(score.score)
                if score.score is not None
                else "–",
                "target": locale_format.format_number(score.target),
            },
        )
        return redirect("guides:edit", programme=request.programme.slug, guide_id=saved.pk)
    if guide is not None and request.method != "POST":
        score = guide_readability(guide)
    else:
        score = readability(*_posted_texts(request))
    return render(
        request,
        "guides/edit.html",
        {
            "programme": request.programme,
            "guide": guide,
            "form": form,
            "formset": formset,
            "score": score,
            "public_url": selectors.public_url(guide, "en") if guide and guide.is_published else "",
        },
    )


def _posted_texts(request) -> list[str]:
    """The texts of the edit form that are scored (title and slug excluded)."""
    if request.method != "POST":
        return []
    keys = ("summary", "who_can", "what_you_need", "costs", "help")
    texts = [request.POST.get(key, "") for key in keys]
    for key, value in request.POST.items():
        if key.startswith("steps-") and key.endswith(("-title", "-body")):
            texts.append(value)
    return texts


@programme_role_required(*EDITORS)
def guide_create(request):
    return _edit(request, None)


@programme_role_required(*EDITORS)
def guide_edit(request, guide_id):
    guide = get_for_programme(
        request, Guide.objects.prefetch_related("steps", "services"), pk=guide_id
    )
    return _edit(request, guide)


@require_POST
@programme_role_required(*EDITORS)
def guide_status(request, guide_id):
    guide = get_for_programme(request, Guide, pk=guide_id)
    status = request.POST.get("status")
    if status not in Guide.Status.values:
        messages.error(request, _("Choose whether to publish the guide or take it back"))
    else:
        services.guide_status_set(guide=guide, status=status, by=request.user)
        if status == Guide.Status.PUBLISHED:
            messages.success(request, _("The guide is published."))
        else:
            messages.success(request, _("The guide is a draft again: the public cannot see it."))
    return redirect("guides:edit", programme=request.programme.slug, guide_id=guide.pk)


@programme_role_required(*EDITORS)
def guide_delete(request, guide_id):
    guide = get_for_programme(request, Guide, pk=guide_id)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        title = guide.title
        services.guide_delete(guide=guide)
        messages.success(request, _("The guide “%(title)s” was deleted.") % {"title": title})
        return redirect("guides:list", programme=request.programme.slug)
    return render(request, "guides/delete.html", {"programme": request.programme, "guide": guide})


@require_POST
@vary_on_headers("HX-Request")
@programme_role_required(*EDITORS)
def readability_check(request):
    """The score of the texts being written, drawn as the edit page's score panel (the page's
    small script sends the form here as one types; without it, the score shows on saving)."""
    return render(
        request,
        "guides/edit.html#score",
        {"programme": request.programme, "score": readability(*_posted_texts(request))},
    )
