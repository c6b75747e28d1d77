from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(_("Log a contact"), "contacts:record", frozenset({Role.NETWORKER}), order=3),
    NavItem(_("My contact log"), "contacts:mine", frozenset({Role.NETWORKER}), order=4),
    NavItem(_("Contact log"), "contacts:log", frozenset({Role.COORDINATOR, Role.ADMIN}), order=13),
]
