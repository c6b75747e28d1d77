"""Community voice pages. Networkers and coordinators raise, read and back issues; coordinators
merge, route, resolve and close them and hold the agenda; provider staff answer the issues
routed to their organisation; a named council contact answers through a signed link."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core.exports import table_response
from bridges.core.forms import filter_values
from bridges.core.net import client_address

from . import agenda as agenda_documents
from . import selectors, services
from . import similar as similar_search
from .forms import (
    AnswerForm,
    CloseForm,
    FilterForm,
    IssueForm,
    MergeForm,
    ResolveForm,
    RouteForm,
    SupportForm,
)
from .models import Issue, IssueRoute, ServiceArea

MEMBERS = (Role.NETWORKER, Role.COORDINATOR)
COORDINATORS = (Role.COORDINATOR,)
PAGE_SIZE = 25


def _issue(request, pk: int) -> Issue:
    return get_for_programme(request, selectors.issue_detail(), pk=pk)


@programme_role_required(*MEMBERS)
def issue_list(request):
    today = timezone.localdate()
    filters = FilterForm(request.GET or None)
    values = filter_values(filters)
    issues = selectors.issue_list(
        programme=request.programme,
        state=values.get("state") or "",
        service_area=values.get("service_area") or "",
        today=today,
    )
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "voice/list.html",
        {
            "programme": request.programme,
            "filters": filters,
            "page": page,
            "counts": selectors.issue_counts(programme=request.programme, today=today),
            "query": query.urlencode(),
            "is_coordinator": Role.COORDINATOR in request.roles,
        },
    )


@programme_role_required(*COORDINATORS)
def export(request):
    filters = FilterForm(request.GET or None)
    values = filter_values(filters)
    issues = selectors.issue_list(
        programme=request.programme,
        state=values.get("state") or "",
        service_area=values.get("service_area") or "",
    )
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="voice:issues",
        client_address=client_address(request),
    )
    areas = dict(ServiceArea.choices)
    rows = (
        [
            issue.reference,
            issue.raised_at.date().isoformat(),
            issue.get_state_display(),
            str(areas.get(issue.service_area, issue.service_area)),
            issue.get_urgency_display(),
            issue.people_affected,
            issue.supporter_count,
            "yes" if issue.overdue else "",
            issue.summary,
        ]
        for issue in issues.iterator(chunk_size=500)
    )
    return table_response(
        format=request.GET.get("format", "csv"),
        filename="community-issues",
        header=[
            _("Reference"),
            _("Raised"),
            _("State"),
            _("Service area"),
            _("Urgency"),
            _("People affected (about)"),
            _("Networkers backing it"),
            _("Answer overdue"),
            _("What is happening"),
        ],
        rows=rows,
    )


def _source(request, prefill) -> tuple[str, int | None]:
    if prefill is not None:
        return prefill.source, prefill.source_id
    cascade = selectors.cascade_source(request.POST.get("source") or request.GET.get("source"))
    return ("cascade", cascade) if cascade else ("", None)


@require_http_methods(["GET", "POST"])
@programme_role_required(*MEMBERS)
def issue_raise(request):
    programme = request.programme
    contact = request.POST.get("contact") or request.GET.get("contact")
    prefill = (
        selectors.contact_suggestions(user=request.user, programme=programme, pk=contact)
        if contact
        else None
    )
    source, source_id = _source(request, prefill)
    checking = request.method == "POST" and "check" in request.POST
    if request.method == "POST" and not checking:
        form = IssueForm(request.POST, programme=programme)
        if form.is_valid():
            issue, created = services.issue_raise(
                programme=programme,
                raised_by=request.user,
                client_id=form.cleaned_data["client_id"],
                data=form.issue_data(source=source, source_id=source_id),
            )
            if created:
                messages.success(
                    request, _("Issue raised. Thank you for speaking up for your community.")
                )
            else:
                messages.info(request, _("This issue was already raised."))
            return redirect("voice:detail", programme=programme.slug, pk=issue.pk)
    elif checking:
        form = IssueForm(initial=request.POST.dict(), programme=programme)
        form.initial["communities"] = request.POST.getlist("communities")
        form.initial["areas"] = request.POST.getlist("areas")
    else:
        initial = {
            "summary": (request.GET.get("summary") or "")[:200],
            "language": translation.get_language() or "en",
            "source": f"{source}:{source_id}" if source == "cascade" else "",
        }
        if prefill is not None:
            initial.update(
                service_area=prefill.service_area,
                language=prefill.language or initial["language"],
                areas=list(prefill.areas),
            )
        form = IssueForm(initial=IssueForm.fresh_initial(**initial), programme=programme)
    summary = form["summary"].value() or ""
    return render(
        request,
        "voice/raise.html",
        {
            "programme": programme,
            "form": form,
            "contact": prefill.source_id if prefill else None,
            "source": source,
            "suggestions": similar_search.suggestions(programme=programme, text=summary)
            if summary
            else [],
            "checked": checking,
        },
    )


@programme_role_required(*MEMBERS)
def similar(request):
    text = (request.GET.get("summary") or "")[:200]
    found = similar_search.suggestions(programme=request.programme, text=text) if text else []
    response = render(
        request,
        "voice/similar.html#suggestions" if request.htmx else "voice/similar.html",
        {"programme": request.programme, "suggestions": found, "summary": text, "checked": True},
    )
    response["Vary"] = "HX-Request"
    return response


@programme_role_required(*MEMBERS)
def detail(request, pk: int):
    issue = _issue(request, pk)
    is_coordinator = Role.COORDINATOR in request.roles
    today = timezone.localdate()
    routes = list(issue.routes.all())
    return render(
        request,
        "voice/detail.html",
        {
            "programme": request.programme,
            "issue": issue,
            "evidence": selectors.issue_evidence(issue),
            "events": selectors.issue_events(issue),
            "routes": [(route, route.is_overdue(today)) for route in routes],
            "supporters": issue.supporters.count(),
            "is_supporter": issue.supporters.filter(user=request.user).exists(),
            "is_coordinator": is_coordinator,
            "support_form": SupportForm() if issue.is_open else None,
            "similar": similar_search.suggestions(
                programme=request.programme,
                text=f"{issue.summary} {issue.detail}",
                exclude=issue.pk,
            )
            if issue.is_open and is_coordinator
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*MEMBERS)
def support(request, pk: int):
    issue = _issue(request, pk)
    form = SupportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_support(
                issue=issue,
                user=request.user,
                evidence=form.cleaned_data["evidence"],
                people_affected=form.cleaned_data["people_affected"],
            )
        except services.IssueConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("Your evidence was added to this issue."))
        return redirect("voice:detail", programme=request.programme.slug, pk=issue.pk)
    return render(
        request,
        "voice/support.html",
        {"programme": request.programme, "issue": issue, "form": form},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def merge(request, pk: int):
    issue = _issue(request, pk)
    if not issue.is_open:
        messages.error(request, _("Only open issues can be merged."))
        return redirect("voice:detail", programme=request.programme.slug, pk=issue.pk)
    suggested = [
        found
        for found, _shared, _n in similar_search.suggestions(
            programme=request.programme,
            text=f"{issue.summary} {issue.detail}",
            exclude=issue.pk,
            limit=10,
        )
    ]
    others = list(selectors.issues_to_merge_into(issue=issue)[:40])
    targets = suggested + [other for other in others if other not in suggested]
    initial = {"target": request.GET.get("into")} if request.GET.get("into") else None
    form = MergeForm(request.POST or None, initial=initial, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = get_for_programme(request, Issue, pk=form.cleaned_data["target"])
        try:
            kept = services.issue_merge(source=issue, target=target, by=request.user)
        except (services.IssueConflict, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("voice:detail", programme=request.programme.slug, pk=issue.pk)
        messages.success(
            request,
            _("%(merged)s was merged into %(kept)s: its evidence and supporters are here now.")
            % {"merged": issue.reference, "kept": kept.reference},
        )
        return redirect("voice:detail", programme=request.programme.slug, pk=kept.pk)
    return render(
        request, "voice/merge.html", {"programme": request.programme, "issue": issue, "form": form}
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def route(request, pk: int):
    issue = _issue(request, pk)
    organisations = selectors.organisations_to_route_to(programme=request.programme)
    form = RouteForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_organisation = data["to"] == RouteForm.ORGANISATION
        try:
            services.issue_route(
                issue=issue,
                by=request.user,
                organisation=data["organisation"] if to_organisation else None,
                contact_name="" if to_organisation else data["contact_name"],
                contact_email="" if to_organisation else data["contact_email"],
                message=data["message"],
                site_url=request.build_absolute_uri("/"),
            )
        except services.IssueConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("Issue routed. They have been emailed a link to answer."))
            if not to_organisation:
                audit_record(
                    action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
                    actor=request.user,
                    programme=request.programme,
                    target=f"voice-issue:{issue.pk}",
                    client_address=client_address(request),
                    detail={"routed_to": "named contact"},
                )
        return redirect("voice:detail", programme=request.programme.slug, pk=issue.pk)
    return render(
        request,
        "voice/route.html",
        {
            "programme": request.programme,
            "issue": issue,
            "form": form,
            "days": selectors.overdue_days(),
        },
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def resolve(request, pk: int):
    issue = _issue(request, pk)
    answers = [r.answer for r in issue.routes.all() if r.answer]
    form = ResolveForm(
        request.POST or None,
        initial={"public_summary": issue.summary, "public_answer": "\n\n".join(answers)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_resolve(
                issue=issue,
                by=request.user,
                site_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except services.IssueConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(
                request,
                _(
                    "Issue resolved. It is on the public “you said, we did” page, and the "
                    "networkers who raised it have been told."
                ),
            )
        return redirect("voice:detail", programme=request.programme.slug, pk=issue.pk)
    return render(
        request,
        "voice/resolve.html",
        {"programme": request.programme, "issue": issue, "form": form},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def close(request, pk: int):
    issue = _issue(request, pk)
    form = CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_close(issue=issue, by=request.user, reason=form.cleaned_data["reason"])
        except services.IssueConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("Issue closed."))
        return redirect("voice:detail", programme=request.programme.slug, pk=issue.pk)
    return render(
        request, "voice/close.html", {"programme": request.programme, "issue": issue, "form": form}
    )


@programme_role_required(Role.COORDINATOR, Role.PROVIDER)
def route_list(request):
    today = timezone.localdate()
    overdue_only = request.GET.get("overdue") == "1"
    routes = selectors.route_list(
        user=request.user,
        programme=request.programme,
        roles=request.roles,
        overdue_only=overdue_only,
        today=today,
    )
    page = Paginator(routes, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "voice/routes.html",
        {
            "programme": request.programme,
            "page": page,
            "rows": [(r, r.is_overdue(today)) for r in page],
            "overdue_only": overdue_only,
            "is_coordinator": Role.COORDINATOR in request.roles,
            "days": selectors.overdue_days(),
        },
    )


def _answer_page(request, route: IssueRoute, *, action: str, template_context: dict):
    form = AnswerForm(request.POST if request.method == "POST" and route.is_waiting else None)
    if request.method == "POST" and route.is_waiting and form.is_valid():
        try:
            services.route_answer(
                route=route,
                answer=form.cleaned_data["answer"],
                by=request.user if request.user.is_authenticated else None,
            )
        except services.IssueConflict as conflict:
            messages.error(request, str(conflict))
        else:
            messages.success(request, _("Thank you: your answer has been sent to the programme."))
        return redirect(action)
    return render(
        request,
        "voice/answer.html",
        {"route": route, "issue": route.issue, "form": form, "action": action, **template_context},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(Role.PROVIDER)
def route_answer(request, pk: int):
    found = get_for_programme(
        request, IssueRoute.objects.select_related("issue", "organisation"), pk=pk
    )
    if found.organisation_id not in selectors.provider_organisations(
        user=request.user, programme=request.programme
    ):
        raise Http404
    return _answer_page(
        request,
        found,
        action=request.path,
        template_context={"programme": request.programme, "signed_in": True},
    )


@require_http_methods(["GET", "POST"])
def answer_by_link(request, token: str):
    found = services.route_from_token(token)
    if found is None:
        raise Http404
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED
        if request.method == "GET"
        else AuditEvent.Action.PERSONAL_DATA_CHANGED,
        actor_label=found.contact_email,
        programme=found.issue.programme,
        target=f"voice-route:{found.pk}",
        client_address=client_address(request),
        detail={"by": "answer link"},
    )
    response = _answer_page(
        request,
        found,
        action=request.path,
        template_context={"programme": found.issue.programme, "signed_in": False},
    )
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@programme_role_required(*COORDINATORS)
def agenda(request):
    return render(
        request,
        "voice/agenda.html",
        {
            "programme": request.programme,
            "groups": selectors.agenda(programme=request.programme),
            "today": timezone.localdate(),
        },
    )


@programme_role_required(*COORDINATORS)
def agenda_download(request):
    kind = request.GET.get("format")
    if kind not in ("pdf", "docx"):
        raise Http404
    groups = selectors.agenda(programme=request.programme)
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target=f"voice:agenda.{kind}",
        client_address=client_address(request),
    )
    today = timezone.localdate()
    if kind == "pdf":
        body = agenda_documents.agenda_pdf(request=request, groups=groups, today=today)
        response = HttpResponse(body, content_type="application/pdf")
    else:
        body = agenda_documents.agenda_docx(programme=request.programme, groups=groups, today=today)
        response = HttpResponse(
            body,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    response["Content-Disposition"] = (
        f'attachment; filename="partnership-agenda-{today.isoformat()}.{kind}"'
    )
    return response
