from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Guides"), "guides:list", frozenset({Role.COORDINATOR, Role.ADMIN}), order=45),
]
