"""A networker's contact log on their programme home (see bridges/core/today.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.locale_format import format_number
from bridges.core.today import TodayAction, TodayFact

from .models import ContactRecord
from .selectors import contact_log_totals


def today(*, programme, user, roles: set[str]) -> list[TodayAction | TodayFact]:
    if Role.NETWORKER not in roles:
        return []
    month_start = timezone.localdate().replace(day=1)
    totals = contact_log_totals(
        ContactRecord.objects.for_programme(programme).filter(
            networker__user=user, date__gte=month_start
        )
    )
    n = totals["records"]
    return [
        TodayAction(
            key="contacts.record",
            label=_("Log support"),
            url=reverse("contacts:record", args=[programme.slug]),
            order=10,
            count_id="unsent-count",  # filled by the contact log's offline script
        ),
        TodayFact(
            key="contacts.this_month",
            title=_("Your contact log this month"),
            lines=(
                ngettext(
                    "%(n)s contact recorded this month", "%(n)s contacts recorded this month", n
                )
                % {"n": format_number(n)},
                _("Hours of support this month: %(hours)s")
                % {"hours": format_number(totals["hours"])},
            ),
            url=reverse("contacts:mine", args=[programme.slug]),
            link_label=_("Your contact log"),
            order=40,
        ),
    ]
