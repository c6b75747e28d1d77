from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Statistics"),
        "statistics:home",
        frozenset({Role.COORDINATOR, Role.ANALYST, Role.ADMIN}),
        order=45,
    ),
]
