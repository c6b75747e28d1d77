from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Drop-in rota"),
        "dropins:rota",
        frozenset({Role.NETWORKER, Role.COORDINATOR, Role.ADMIN}),
        order=5,
    ),
    NavItem(
        _("Drop-ins and groups"),
        "dropins:session_list",
        frozenset({Role.COORDINATOR, Role.ADMIN}),
        order=14,
    ),
]
