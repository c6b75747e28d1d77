from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Community initiatives"),
        "initiatives:initiative_list",
        frozenset({Role.COORDINATOR, Role.ADMIN}),
        order=15,
    ),
    NavItem(
        _("Events"),
        "initiatives:event_list",
        frozenset({Role.COORDINATOR, Role.ADMIN, Role.NETWORKER}),
        order=16,
    ),
    NavItem(
        _("People at events"),
        "initiatives:attendance_totals",
        frozenset({Role.ANALYST}),
        order=40,
    ),
]
