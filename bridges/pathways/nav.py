from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Pathways"),
        "pathways:item_list",
        frozenset({Role.NETWORKER, Role.COORDINATOR, Role.ADMIN}),
        order=16,
    ),
]
