from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

COORDINATORS = frozenset({Role.COORDINATOR, Role.ADMIN})

NAV_ITEMS = [
    NavItem(_("Networkers"), "networkers:overview", COORDINATORS, order=10),
    NavItem(_("Pipeline"), "networkers:board", COORDINATORS, order=11),
    NavItem(_("DBS renewals"), "networkers:renewals", COORDINATORS, order=12),
    NavItem(_("My profile"), "networkers:my_profile", frozenset({Role.NETWORKER}), order=5),
]
