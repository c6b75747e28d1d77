"""Subject access: a coordinator (or the safeguarding lead) finds everything the programme holds
about a named person, exports it (PDF and JSON) and, a coordinator only, erases it.

Searches are sent by POST so that the name never appears in an address or a server log; every
search, export and erasure is audited without the name. Safeguarding concerns are searched and
shown only when the person searching is the programme's safeguarding lead: a coordinator never
learns whether a concern mentions the person (the simplest honest reading of "if the lead
allows"). Platform admins are not let in: the page shows people's details."""

import json

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.core import locale_format
from bridges.core.net import client_address

from . import selectors, services
from .forms import EraseForm, HiddenSearchForm, SearchForm

READERS = (Role.COORDINATOR, Role.SAFEGUARDING)
ERASERS = (Role.COORDINATOR,)


def _find(request, form) -> selectors.Found:
    return selectors.find(
        programme=request.programme,
        name=form.cleaned_data["name"],
        contact=form.cleaned_data.get("contact", ""),
        include_concerns=Role.SAFEGUARDING in request.roles,
    )


def _sections(found: selectors.Found) -> list[tuple[str, list]]:
    sections = [
        (_("Referrals"), found.referrals),
        (_("Support requests"), found.support_requests),
        (_("Networker records"), found.networkers),
    ]
    if found.concerns_searched:
        sections.append((_("Safeguarding concerns"), found.concerns))
    return sections


@programme_role_required(*READERS)
def search(request):
    form = SearchForm(request.POST or None)
    found = None
    slug = {"programme": request.programme.slug}
    if request.method == "POST" and form.is_valid():
        found = _find(request, form)
        services.subject_access_searched(
            programme=request.programme,
            by=request.user,
            found=found,
            client_address=client_address(request),
        )
    return render(
        request,
        "rights/search.html",
        {
            "programme": request.programme,
            "form": form,
            "found": found,
            "sections": _sections(found) if found else [],
            "hidden": HiddenSearchForm(request.POST, auto_id=False) if found else None,
            "export_actions": [
                (reverse("rights:export_pdf", kwargs=slug), _("Download as PDF")),
                (reverse("rights:export_json", kwargs=slug), _("Download as JSON")),
            ],
            "is_lead": Role.SAFEGUARDING in request.roles,
            "can_erase": Role.COORDINATOR in request.roles,
        },
    )


def _export(request, fmt: str):
    form = SearchForm(request.POST)
    if not form.is_valid():
        return None, None
    found = _find(request, form)
    services.subject_access_exported(
        programme=request.programme,
        by=request.user,
        found=found,
        form=fmt,
        client_address=client_address(request),
    )
    return form, found


@require_POST
@programme_role_required(*READERS)
def export_json(request):
    form, found = _export(request, "json")
    if form is None:
        return redirect("rights:search", programme=request.programme.slug)
    data = selectors.as_json(found, programme=request.programme, name=form.cleaned_data["name"])
    data["exported_at"] = timezone.now().isoformat()
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="subject-access.json"'
    return response


@require_POST
@programme_role_required(*READERS)
def export_pdf(request):
    from weasyprint import CSS, HTML

    form, found = _export(request, "pdf")
    if form is None:
        return redirect("rights:search", programme=request.programme.slug)
    html = render_to_string(
        "rights/export_pdf.html",
        {
            "programme": request.programme,
            "name": form.cleaned_data["name"],
            "found": found,
            "sections": _sections(found),
            "exported_at": timezone.now(),
        },
        request=request,
    )
    stylesheet = CSS(filename=finders.find("rights/export.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="subject-access.pdf"'
    return response


@require_POST
@programme_role_required(*ERASERS)
def erase(request):
    """The first POST (from the results) asks first: the confirmation page lists what will be
    erased and what a legal hold keeps, and asks why. The second erases."""
    if Role.COORDINATOR not in request.roles:  # pragma: no cover (the decorator checks)
        raise PermissionDenied
    confirming = request.POST.get("confirm") == "yes"
    form = EraseForm(
        request.POST if confirming else None, initial={**request.POST.dict(), "confirm": "yes"}
    )
    search_form = SearchForm(request.POST)
    if not search_form.is_valid():
        return redirect("rights:search", programme=request.programme.slug)
    found = selectors.find(
        programme=request.programme,
        name=search_form.cleaned_data["name"],
        contact=search_form.cleaned_data["contact"],
    )
    if confirming and form.is_valid():
        if not found.erasable:
            messages.info(request, _("Nothing is left to erase: no record was changed."))
            return redirect("rights:search", programme=request.programme.slug)
        record = services.subject_erase(
            programme=request.programme,
            by=request.user,
            found=found,
            reason=form.cleaned_data["reason"],
            client_address=client_address(request),
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request,
            _("The details were erased (erasure %(number)s).")
            % {"number": locale_format.format_number(record.pk)},
        )
        return redirect("rights:search", programme=request.programme.slug)
    return render(
        request,
        "rights/erase.html",
        {"programme": request.programme, "form": form, "found": found},
    )
