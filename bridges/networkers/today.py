"""A networker's own DBS check on their programme home (see bridges/core/today.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.roles import Role
from bridges.core.locale_format import format_date
from bridges.core.today import TodayFact

from . import selectors
from .models import DBSCheck


def today(*, programme, user, roles: set[str]) -> list[TodayFact]:
    if Role.NETWORKER not in roles:
        return []
    check = (
        DBSCheck.objects.for_programme(programme)
        .filter(networker__user=user)
        .order_by("-renewal_due")
        .only("renewal_due")
        .first()
    )
    today_ = timezone.localdate()
    urgent = False
    if check is None:
        line = _("No DBS check is recorded for you yet. Your coordinator will arrange one.")
    else:
        due = format_date(check.renewal_due, "long")
        if check.renewal_due < today_:
            line = _("Your DBS check lapsed on %(date)s. Please ask your coordinator.") % {
                "date": due
            }
            urgent = True
        else:
            line = _("Your DBS check is due for renewal on %(date)s.") % {"date": due}
            days = (check.renewal_due - today_).days
            urgent = days <= selectors.RENEWAL_WINDOW_DAYS
    return [
        TodayFact(
            key="networkers.dbs",
            title=_("Your DBS check"),
            lines=(line,),
            url=reverse("networkers:my_profile", args=[programme.slug]),
            link_label=_("Your profile"),
            order=20,
            urgent=urgent,
        )
    ]
