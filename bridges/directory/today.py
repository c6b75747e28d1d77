"""The directory search, one tap from a networker's programme home (see bridges/core/today.py)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from bridges.accounts.roles import Role
from bridges.core.today import TodayAction


def today(*, programme, user, roles: set[str]) -> list[TodayAction]:
    if Role.NETWORKER not in roles:
        return []
    return [
        TodayAction(
            key="directory.search",
            label=_("Find a service"),
            url=reverse("directory_public:search") + "?" + urlencode({"programme": programme.slug}),
            order=20,
        )
    ]
