from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Requests for you"), "support:mine", frozenset({Role.NETWORKER}), order=5),
    NavItem(_("Support requests"), "support:queue", frozenset({Role.COORDINATOR}), order=14),
]
