from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Service directory"),
        "directory:home",
        frozenset({Role.COORDINATOR, Role.ADMIN, Role.PROVIDER}),
        40,
    ),
]
