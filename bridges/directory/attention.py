"""What needs attention in the directory (see bridges/core/attention.py): proposed changes to
approve and failed imports for coordinators; reported problems for whoever can fix the listing
(coordinators, and provider staff for their own organisation's services)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.attention import AttentionItem, Severity
from bridges.core.locale_format import format_number

from . import selectors
from .models import DirectoryImport, ListingReport, ServiceChange

COORDINATORS = {Role.COORDINATOR, Role.ADMIN}
EDITORS = COORDINATORS | {Role.PROVIDER}
# A failed import is news for this long; older ones are history, listed on the directory page.
RECENT_IMPORT_DAYS = 14


def items(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    if not roles & EDITORS:
        return []
    home = reverse("directory:home", args=[programme.slug])
    reports = ListingReport.objects.for_programme(programme).filter(
        status=ListingReport.Status.OPEN
    )
    if not roles & COORDINATORS:
        editable = selectors.services_editable_by(user=user, programme=programme, roles=roles)
        reports = reports.filter(service__in=editable.values("pk"))
    n_reports = reports.count()
    found = [
        AttentionItem(
            key="directory.reports_open",
            label=ngettext(
                "%(n)s reported problem with a listing is open",
                "%(n)s reported problems with listings are open",
                n_reports,
            )
            % {"n": format_number(n_reports)},
            count=n_reports,
            url=home,
            severity=Severity.WAITING,
        )
    ]
    if not roles & COORDINATORS:
        return found
    n_changes = (
        ServiceChange.objects.for_programme(programme)
        .filter(status=ServiceChange.Status.PENDING)
        .count()
    )
    failed = list(
        DirectoryImport.objects.for_programme(programme)
        .filter(
            status=DirectoryImport.Status.FAILED,
            created_at__gte=timezone.now() - timedelta(days=RECENT_IMPORT_DAYS),
        )
        .values_list("pk", flat=True)[:100]
    )
    found += [
        AttentionItem(
            key="directory.changes_waiting",
            label=ngettext(
                "%(n)s proposed change to a listing is waiting for approval",
                "%(n)s proposed changes to listings are waiting for approval",
                n_changes,
            )
            % {"n": format_number(n_changes)},
            count=n_changes,
            url=home,
            severity=Severity.WAITING,
        ),
        AttentionItem(
            key="directory.imports_failed",
            label=ngettext(
                "%(n)s directory import failed in the last %(days)s days",
                "%(n)s directory imports failed in the last %(days)s days",
                len(failed),
            )
            % {"n": format_number(len(failed)), "days": format_number(RECENT_IMPORT_DAYS)},
            count=len(failed),
            # One failure: straight to it; several: the directory page lists the recent ones.
            url=reverse("directory:import_detail", args=[programme.slug, failed[0]])
            if len(failed) == 1
            else home,
            severity=Severity.URGENT,
        ),
    ]
    return found
