from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Key messages"), "cascades:mine", frozenset({Role.NETWORKER}), order=6),
    NavItem(
        _("Key messages"), "cascades:list", frozenset({Role.COORDINATOR, Role.ADMIN}), order=15
    ),
    NavItem(_("Reach of key messages"), "cascades:reach", frozenset({Role.ANALYST}), order=15),
]
