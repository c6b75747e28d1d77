from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Community issues"),
        "voice:list",
        frozenset({Role.NETWORKER, Role.COORDINATOR}),
        order=7,
    ),
    NavItem(_("Issues routed to you"), "voice:routes", frozenset({Role.PROVIDER}), order=7),
]
