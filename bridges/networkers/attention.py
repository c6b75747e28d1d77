"""What needs a coordinator's attention in the networkers app (see bridges/core/attention.py)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.attention import AttentionItem, Severity
from bridges.core.locale_format import format_number

from . import selectors
from .models import Networker

COORDINATORS = {Role.COORDINATOR, Role.ADMIN}


def items(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    if not roles & COORDINATORS:
        return []
    days = selectors.application_response_days()
    overdue = selectors.applications_overdue(programme=programme).count()
    today = timezone.localdate()
    dbs = selectors.dbs_renewals_due(programme=programme, today=today).aggregate(
        lapsed=Count("pk", filter=Q(renewal_due__lt=today)),
        soon=Count("pk", filter=Q(renewal_due__gte=today)),
    )
    board = reverse("networkers:board", args=[programme.slug])
    renewals = reverse("networkers:renewals", args=[programme.slug])
    return [
        AttentionItem(
            key="networkers.applications_overdue",
            label=ngettext(
                "%(n)s application has waited more than %(days)s days for a first contact",
                "%(n)s applications have waited more than %(days)s days for a first contact",
                overdue,
            )
            % {"n": format_number(overdue), "days": format_number(days)},
            count=overdue,
            url=f"{board}?stage={Networker.Stage.APPLIED}&sort={selectors.SORT_WAITING}",
            severity=Severity.URGENT,
        ),
        AttentionItem(
            key="networkers.dbs_lapsed",
            label=ngettext(
                "%(n)s DBS check has lapsed", "%(n)s DBS checks have lapsed", dbs["lapsed"]
            )
            % {"n": format_number(dbs["lapsed"])},
            count=dbs["lapsed"],
            url=renewals,
            severity=Severity.URGENT,
        ),
        AttentionItem(
            key="networkers.dbs_due",
            label=ngettext(
                "%(n)s DBS check is due for renewal within %(days)s days",
                "%(n)s DBS checks are due for renewal within %(days)s days",
                dbs["soon"],
            )
            % {
                "n": format_number(dbs["soon"]),
                "days": format_number(selectors.RENEWAL_WINDOW_DAYS),
            },
            count=dbs["soon"],
            url=renewals,
            severity=Severity.SOON,
        ),
    ]
