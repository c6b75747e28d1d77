from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Translation coverage"), "translations:coverage", frozenset({Role.COORDINATOR}), order=75
    ),
    NavItem(
        _("Translations waiting"), "translations:waiting", frozenset({Role.NETWORKER}), order=76
    ),
]
