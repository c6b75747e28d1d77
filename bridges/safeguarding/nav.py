from django.utils.translation import gettext_lazy as _

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

LEADS = frozenset({Role.SAFEGUARDING})
RAISERS = frozenset({Role.NETWORKER, Role.COORDINATOR, Role.SAFEGUARDING})

NAV_ITEMS = [
    NavItem(_("Raise a safeguarding concern"), "safeguarding:raise", RAISERS, order=3),
    NavItem(_("Safeguarding concerns"), "safeguarding:inbox", LEADS, order=4),
    NavItem(_("Concerns I raised"), "safeguarding:my_concerns", RAISERS, order=60),
    NavItem(
        _("Safeguarding contacts"),
        "safeguarding:settings",
        frozenset({Role.COORDINATOR, Role.SAFEGUARDING}),
        order=61,
    ),
]
