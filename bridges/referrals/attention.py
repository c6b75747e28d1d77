"""What needs a coordinator's attention in referrals (see bridges/core/attention.py): open
referrals with no change for more than REFERRALS_OVERDUE_DAYS days. One COUNT."""

from django.urls import reverse
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.attention import AttentionItem, Severity
from bridges.core.locale_format import format_number

from . import selectors
from .models import Referral


def items(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    # Coordinators see every referral of the programme; a platform admin does not open the
    # referral list, and referrers and providers see theirs on the list itself.
    if Role.COORDINATOR not in roles:
        return []
    days = selectors.overdue_days()
    n = Referral.objects.for_programme(programme).overdue(days=days).count()
    url = reverse("referrals:list", args=[programme.slug])
    return [
        AttentionItem(
            key="referrals.overdue",
            label=ngettext(
                "%(n)s open referral has not changed for more than %(days)s days",
                "%(n)s open referrals have not changed for more than %(days)s days",
                n,
            )
            % {"n": format_number(n), "days": format_number(days)},
            count=n,
            url=f"{url}?state={selectors.OVERDUE}",
            severity=Severity.SOON,
        )
    ]
