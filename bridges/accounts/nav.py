from django.utils.translation import gettext_lazy as _

from bridges.core.navigation import NavItem

from .roles import Role

NAV_ITEMS = [
    NavItem(_("Overview"), "accounts:programme_home", frozenset(Role.values), order=0),
    NavItem(
        _("People and roles"), "accounts:people", frozenset({Role.COORDINATOR, Role.ADMIN}), 90
    ),
    NavItem(
        _("Invitations"),
        "accounts:invitation_create",
        frozenset({Role.COORDINATOR, Role.ADMIN}),
        91,
    ),
]
