from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.roles import Role
from bridges.core.navigation import NavItem

# Training progress and refreshers due are linked from the Training page, to keep the bar short
# on phones.
NAV_ITEMS = [
    NavItem(
        pgettext_lazy("the training section", "Training"),
        "training:module_list",
        frozenset(Role.values),
        30,
    ),
    NavItem(
        _("Training sessions"),
        "training:session_list",
        frozenset({Role.COORDINATOR, Role.ADMIN, Role.NETWORKER}),
        31,
    ),
    NavItem(_("My training"), "training:my_record", frozenset({Role.NETWORKER}), 32),
]
