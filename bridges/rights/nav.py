from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Subject access"),
        "rights:search",
        frozenset({Role.COORDINATOR, Role.SAFEGUARDING}),
        order=70,
    ),
]
