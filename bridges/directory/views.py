"""Staff pages of the directory: overview, proposed edits and approval, reports, imports, export."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core import exports
from bridges.core.concurrency import EditConflict, conflict_changes, conflict_form, version_of
from bridges.core.locale_format import format_number
from bridges.core.net import client_address

from . import exporters, selectors, services
from .forms import (
    DecisionForm,
    FeedForm,
    HeldAllForm,
    HeldDecisionForm,
    ImportForm,
    ResolveForm,
    SearchTermForm,
    ServiceEditForm,
)
from .importers import held, review
from .importers import run as import_run
from .models import (
    DirectoryFeed,
    DirectoryImport,
    HeldListing,
    ListingReport,
    SearchTerm,
    Service,
    ServiceChange,
)
from .tasks import directory_import_run

EDITORS = (Role.COORDINATOR, Role.ADMIN, Role.PROVIDER)
COORDINATORS = (Role.COORDINATOR, Role.ADMIN)


def _is_coordinator(request) -> bool:
    return bool(request.roles & set(COORDINATORS))


@programme_role_required(*EDITORS)
def home(request):
    programme = request.programme
    editable = selectors.services_editable_by(
        user=request.user, programme=programme, roles=request.roles
    )
    days = services.stale_after_days()
    context = {
        "programme": programme,
        "is_coordinator": _is_coordinator(request),
        "stale": editable.published().stale(days=days).order_by("last_verified_at")[:50],
        "stale_days": days,
        "reports": ListingReport.objects.filter(
            programme=programme,
            status=ListingReport.Status.OPEN,
            service__in=editable.values("pk"),
        ).select_related("service")[:50],
        "changes": ServiceChange.objects.filter(
            programme=programme,
            status=ServiceChange.Status.PENDING,
            service__in=editable.values("pk"),
        ).select_related("service", "created_by")[:50],
        "services": editable.order_by("name")[:200],
        "imports": DirectoryImport.objects.filter(programme=programme).defer("payload")[:5]
        if _is_coordinator(request)
        else [],
    }
    return render(request, "directory/home.html", context)


def _editable_service(request, service_id) -> Service:
    return get_for_programme(
        request,
        selectors.services_editable_by(
            user=request.user, programme=request.programme, roles=request.roles
        ),
        pk=service_id,
    )


@programme_role_required(*EDITORS)
def service_edit(request, service_id):
    service = _editable_service(request, service_id)
    current = Service.objects.get(pk=service.pk)
    form = ServiceEditForm(
        request.POST or None, instance=current, initial={"version": version_of(current)}
    )
    conflict_url, conflict_rows = None, []
    if request.method == "POST" and form.is_valid():
        try:
            change = services.service_change_propose(
                service=service,
                user=request.user,
                data=form.cleaned_data,
                expected_version=form.expected_version(),
            )
        except EditConflict as conflict:
            # Keep everything they typed; the form now carries the new version.
            current = Service.objects.get(pk=service.pk)
            form = conflict_form(
                ServiceEditForm,
                request.POST,
                current_version=conflict.current_version,
                instance=Service.objects.get(pk=service.pk),
            )
            conflict_rows = conflict_changes(form, current)
            conflict_url = reverse("directory_public:service_detail", args=[service.pk])
        else:
            if change is None:
                messages.info(request, _("Nothing changed."))
            elif _is_coordinator(request):
                services.service_change_decide(change=change, user=request.user, approve=True)
                messages.success(request, _("Listing updated."))
            else:
                messages.success(request, _("Thank you. A coordinator will check the change."))
            return redirect("directory:home", programme=request.programme.slug)
    return render(
        request,
        "directory/service_edit.html",
        {
            "programme": request.programme,
            "service": service,
            "form": form,
            "conflict_url": conflict_url,
            "conflict_rows": conflict_rows,
            "is_coordinator": _is_coordinator(request),
        },
    )


@require_POST
@programme_role_required(*EDITORS)
def service_verify(request, service_id):
    service = _editable_service(request, service_id)
    services.service_verify(service=service, user=request.user)
    messages.success(request, _("Marked as checked today."))
    return redirect("directory:home", programme=request.programme.slug)


@programme_role_required(*COORDINATORS)
def change_review(request, change_id: int):
    change = get_for_programme(
        request, ServiceChange.objects.select_related("service", "created_by"), pk=change_id
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.service_change_decide(
                change=change,
                user=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("directory:home", programme=request.programme.slug)
    return render(
        request,
        "directory/change_review.html",
        {
            "programme": request.programme,
            "change": change,
            "diff": selectors.change_diff(change=change),
            "form": form,
        },
    )


@programme_role_required(*EDITORS)
def report_detail(request, report_id: int):
    editable = selectors.services_editable_by(
        user=request.user, programme=request.programme, roles=request.roles
    )
    report = get_for_programme(
        request,
        ListingReport.objects.select_related("service"),
        pk=report_id,
        service__in=editable.values("pk"),
    )
    form = ResolveForm(
        request.POST or None, initial={"status": report.status, "resolution": report.resolution}
    )
    if request.method == "POST" and form.is_valid():
        services.listing_report_resolve(
            report=report,
            user=request.user,
            status=form.cleaned_data["status"],
            resolution=form.cleaned_data["resolution"],
        )
        messages.success(request, _("Report updated."))
        return redirect("directory:home", programme=request.programme.slug)
    if report.reporter_email:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
            actor=request.user,
            programme=request.programme,
            target=f"directory report {report.pk}",
            client_address=client_address(request),
        )
    return render(
        request,
        "directory/report_detail.html",
        {"programme": request.programme, "report": report, "form": form},
    )


def _url_fetch_allowed() -> bool:
    return settings.DIRECTORY_IMPORT_ALLOW_URLS


@programme_role_required(*COORDINATORS)
def import_create(request):
    form = ImportForm(request.POST or None, request.FILES or None, allow_url=_url_fetch_allowed())
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data.get("file")
        if upload:
            source, kwargs = upload.name, {"payload": upload.read()}
        else:
            # The background task fetches the feed; the form has checked the address.
            source = form.cleaned_data["url"]
            kwargs = {"source_url": source}
        record = import_run.directory_import_create(
            programme=request.programme,
            user=request.user,
            source_name=source,
            format=form.cleaned_data["format"],
            mode=form.cleaned_data["mode"],
            **kwargs,
        )
        import_run.enqueue(record, directory_import_run)
        return redirect(
            "directory:import_detail", programme=request.programme.slug, import_id=record.pk
        )
    return render(
        request, "directory/import_create.html", {"programme": request.programme, "form": form}
    )


@vary_on_headers("HX-Request")
@programme_role_required(*COORDINATORS)
def import_detail(request, import_id: int):
    record = get_for_programme(request, DirectoryImport.objects.defer("payload"), pk=import_id)
    export = request.GET.get("format")
    if export in exports.FORMATS:
        return exports.table_response(
            format=export,
            filename=f"{request.programme.slug}-import-{record.pk}-problems",
            header=["record", "listing", "name", "problem"],
            rows=selectors.import_problem_rows(record),
        )
    template = "directory/import_detail.html"
    if request.htmx:
        template += "#progress"
    context = {
        "programme": request.programme,
        "record": record,
        "pending": record.held.filter(status=HeldListing.Status.PENDING).count(),
        "previous": selectors.import_previous(record),
        "warnings": Paginator(record.warnings or [], 50).get_page(request.GET.get("page")),
    }
    return render(request, template, context)


@programme_role_required(*COORDINATORS)
def import_review(request, import_id: int):
    """The listings an import held: each with its difference from what is live, to publish or
    reject one by one or all at once (all at once asks first)."""
    record = get_for_programme(request, DirectoryImport.objects.defer("payload"), pk=import_id)
    form = HeldAllForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        # The confirmation page posts back to "?confirm=on": asked, and answered yes.
        if form.cleaned_data["confirm"] or request.GET.get("confirm") == "on":
            count = held.held_listings_decide_all(
                directory_import=record, user=request.user, approve=approve
            )
            messages.success(
                request,
                (
                    ngettext("%(count)s listing published.", "%(count)s listings published.", count)
                    if approve
                    else ngettext(
                        "%(count)s listing rejected.", "%(count)s listings rejected.", count
                    )
                )
                % {"count": format_number(count)},
            )
            return redirect(
                "directory:import_review", programme=request.programme.slug, import_id=record.pk
            )
        pending = record.held.filter(status=HeldListing.Status.PENDING).count()
        return render(
            request,
            "directory/import_review_confirm.html",
            {
                "programme": request.programme,
                "record": record,
                "approve": approve,
                "pending": pending,
            },
        )
    status = request.GET.get("status", HeldListing.Status.PENDING)
    if status not in HeldListing.Status.values:
        status = HeldListing.Status.PENDING
    listings = record.held.filter(status=status).order_by("name", "pk")
    page = Paginator(listings, 20).get_page(request.GET.get("page"))
    for item in page.object_list:
        item.rows = [
            {
                "label": review.label(row["field"]),
                "before": review.display(row["field"], row["before"]),
                "after": review.display(row["field"], row["after"]),
            }
            for row in item.diff
        ]
    counts = dict(
        record.held.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "directory/import_review.html",
        {
            "programme": request.programme,
            "record": record,
            "page": page,
            "status": status,
            "statuses": [
                (value, label, counts.get(value, 0)) for value, label in HeldListing.Status.choices
            ],
        },
    )


@require_POST
@programme_role_required(*COORDINATORS)
def held_decide(request, import_id: int, held_id: int):
    item = get_for_programme(
        request, HeldListing.objects.all(), pk=held_id, directory_import_id=import_id
    )
    form = HeldDecisionForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        held.held_listing_decide(held=item, user=request.user, approve=approve)
        messages.success(
            request,
            (_("%(name)s published.") if approve else _("%(name)s rejected."))
            % {"name": item.name},
        )
    else:
        messages.error(request, _("Choose publish or reject."))
    url = reverse(
        "directory:import_review",
        kwargs={"programme": request.programme.slug, "import_id": import_id},
    )
    page = request.GET.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


@programme_role_required(*COORDINATORS)
def feed(request):
    """The programme's feed address, imported again on a schedule by `directory_feeds_sync`."""
    current = DirectoryFeed.objects.filter(programme=request.programme).first()
    form = FeedForm(request.POST or None, instance=current)
    if not _url_fetch_allowed():
        form.fields["url"].help_text = _("Fetching from an address is not allowed here.")
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.programme = request.programme
        saved.updated_by = request.user
        if saved._state.adding:
            saved.created_by = request.user
        saved.save()
        messages.success(request, _("Feed saved."))
        return redirect("directory:feed", programme=request.programme.slug)
    imports = current.imports.defer("payload").order_by("-created_at")[:20] if current else []
    return render(
        request,
        "directory/feed.html",
        {"programme": request.programme, "form": form, "feed": current, "imports": imports},
    )


@programme_role_required(*COORDINATORS)
def synonyms(request):
    """Search words in any language that find services: the shared list, and this
    programme's own additions, which its coordinators add and remove here."""
    # A search that found nothing can start a word here (`search_misses`).
    initial = {k: request.GET[k][:120] for k in ("term", "language") if k in request.GET}
    form = SearchTermForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.search_term_add(
            programme=request.programme,
            term=form.cleaned_data["term"],
            language=form.cleaned_data["language"],
            keyword=form.cleaned_data["keyword"],
        )
        messages.success(request, _("Search word added."))
        return redirect("directory:synonyms", programme=request.programme.slug)
    terms = SearchTerm.objects.available_to(request.programme).order_by(
        "keyword", "language", "term"
    )
    return render(
        request,
        "directory/synonyms.html",
        {"programme": request.programme, "form": form, "terms": terms},
    )


@programme_role_required(*COORDINATORS)
def search_misses(request):
    """Public searches that found nothing (anonymous counts; rare ones left out), each with a
    link that starts a search word from it."""
    rows, hidden = selectors.search_misses(programme=request.programme)
    export = request.GET.get("format")
    if export in exports.FORMATS:
        return exports.table_response(
            format=export,
            filename=f"{request.programme.slug}-searches-that-found-nothing",
            header=["search", "language", "searches", "last_day"],
            rows=([r.query, r.language, r.searches, r.last_day.isoformat()] for r in rows),
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/search_misses.html",
        {
            "programme": request.programme,
            "page": page,
            "hidden": hidden,
            "threshold": settings.SMALL_NUMBER_THRESHOLD,
        },
    )


@require_POST
@programme_role_required(*COORDINATORS)
def synonym_delete(request, term_id: int):
    term = get_for_programme(request, SearchTerm, pk=term_id)
    term.delete()
    messages.success(request, _("Search word removed."))
    return redirect("directory:synonyms", programme=request.programme.slug)


@programme_role_required(*COORDINATORS)
def export(request):
    if request.GET.get("format") == "json":
        content = exporters.export_json(programme=request.programme)
        response = HttpResponse(content, content_type="application/json")
        filename = f"{request.programme.slug}-directory-hsds.json"
    else:
        content = exporters.export_datapackage(programme=request.programme)
        response = HttpResponse(content, content_type="application/zip")
        filename = f"{request.programme.slug}-directory-hsds.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="directory (HSDS 3.0)",
        client_address=client_address(request),
    )
    return response


def _programme_service(request, service_id) -> Service:
    return get_for_programme(request, Service.objects.select_related("organization"), pk=service_id)


@programme_role_required(*COORDINATORS)
def service_history(request, service_id):
    """Every version of the listing's own fields: who changed what and when, each restorable."""
    service = _programme_service(request, service_id)
    page, versions = selectors.service_versions(
        service=service, page_number=request.GET.get("page")
    )
    return render(
        request,
        "directory/service_history.html",
        {"programme": request.programme, "service": service, "page": page, "versions": versions},
    )


@programme_role_required(*COORDINATORS)
def service_version_restore(request, service_id, history_id: int):
    """Put an earlier version back: a page that says what will change, then the POST."""
    service = _programme_service(request, service_id)
    version = get_object_or_404(
        service.history.select_related("history_user"), history_id=history_id
    )
    if request.method == "POST":
        services.service_version_restore(service=service, history_id=history_id, user=request.user)
        messages.success(request, _("The earlier version was put back."))
        return redirect(
            "directory:service_history", programme=request.programme.slug, service_id=service.pk
        )
    current = service.history.order_by("-history_date", "-pk").first()
    rows = selectors.version_diff(current=current, version=version)
    return render(
        request,
        "directory/service_restore.html",
        {"programme": request.programme, "service": service, "version": version, "rows": rows},
    )


@programme_role_required(*COORDINATORS)
def service_remove(request, service_id):
    """Remove a listing (asks first): hidden at once, deleted for good after the stated days."""
    service = _programme_service(request, service_id)
    if request.method == "POST":
        services.service_remove(service=service, user=request.user)
        messages.success(
            request,
            ngettext(
                "%(name)s was removed. It can be put back for %(days)s day.",
                "%(name)s was removed. It can be put back for %(days)s days.",
                services.removed_purge_days(),
            )
            % {"name": service.name, "days": format_number(services.removed_purge_days())},
        )
        return redirect("directory:removed", programme=request.programme.slug)
    return render(
        request,
        "directory/service_remove.html",
        {"programme": request.programme, "service": service, "days": services.removed_purge_days()},
    )


@programme_role_required(*COORDINATORS)
def removed(request):
    """Removed listings, until their purge: each can be put back."""
    listings = (
        Service.objects.for_programme(request.programme)
        .removed()
        .select_related("removed_by")
        .order_by("-removed_at")
    )
    page = Paginator(listings, 50).get_page(request.GET.get("page"))
    for service in page.object_list:
        service.purge_on = service.removed_at + timedelta(days=services.removed_purge_days())
    return render(
        request,
        "directory/removed.html",
        {"programme": request.programme, "page": page, "days": services.removed_purge_days()},
    )


@require_POST
@programme_role_required(*COORDINATORS)
def service_put_back(request, service_id):
    service = _programme_service(request, service_id)
    services.service_put_back(service=service, user=request.user)
    messages.success(request, _("%(name)s was put back.") % {"name": service.name})
    return redirect("directory:removed", programme=request.programme.slug)
