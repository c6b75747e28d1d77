"""Concerns a networker raised that are still open, on their programme home (see
bridges/core/today.py). Only how many and in which state: never what a concern says."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.locale_format import format_number
from bridges.core.today import TodayAction, TodayFact

from .models import Concern


def today(*, programme, user, roles: set[str]) -> list[TodayAction | TodayFact]:
    if Role.NETWORKER not in roles:
        return []
    counts = (
        Concern.objects.for_programme(programme)
        .raised_by(user)
        .exclude(state=Concern.State.CLOSED)
        .order_by()
        .aggregate(
            open=Count("pk"),
            **{
                state: Count("pk", filter=Q(state=state))
                for state in (
                    Concern.State.NEW,
                    Concern.State.ACKNOWLEDGED,
                    Concern.State.ACTION_TAKEN,
                )
            },
        )
    )
    n = counts["open"]
    lines = [
        ngettext(
            "%(n)s concern you raised is still open",
            "%(n)s concerns you raised are still open",
            n,
        )
        % {"n": format_number(n)}
    ]
    lines += [
        _("%(state)s: %(n)s")
        % {"state": Concern.State(state).label, "n": format_number(counts[state])}
        for state in (Concern.State.NEW, Concern.State.ACKNOWLEDGED, Concern.State.ACTION_TAKEN)
        if counts[state]
    ]
    return [
        TodayAction(
            key="safeguarding.raise",
            label=_("Raise a safeguarding concern"),
            url=reverse("safeguarding:raise", args=[programme.slug]),
            order=30,
        ),
        TodayFact(
            key="safeguarding.open",
            title=_("Concerns you raised"),
            lines=tuple(lines),
            url=reverse("safeguarding:my_concerns", args=[programme.slug]),
            link_label=_("Your concerns"),
            order=50,
        ),
    ]
