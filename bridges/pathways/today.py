"""A networker's one-tap start of a plan for the person beside them (bridges/core/today.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bridges.accounts.roles import Role
from bridges.core.today import TodayAction


def today(*, programme, user, roles: set[str]) -> list[TodayAction]:
    if Role.NETWORKER not in roles:
        return []
    return [
        TodayAction(
            key="pathways.plan",
            label=_("Plan a pathway"),
            url=reverse("pathways:plan_start", args=[programme.slug]),
            order=40,
        )
    ]
