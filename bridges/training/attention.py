"""What needs a coordinator's attention in training (see bridges/core/attention.py)."""

from django.urls import reverse
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.attention import AttentionItem, Severity
from bridges.core.locale_format import format_number

from . import selectors

COORDINATORS = {Role.COORDINATOR, Role.ADMIN}


def items(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    if not roles & COORDINATORS:
        return []
    n = selectors.modules_without_upcoming_session(programme=programme).count()
    url = reverse("training:module_list", args=[programme.slug])
    return [
        AttentionItem(
            key="training.modules_without_session",
            label=ngettext(
                "%(n)s required training module has no upcoming session",
                "%(n)s required training modules have no upcoming session",
                n,
            )
            % {"n": format_number(n)},
            count=n,
            url=f"{url}?without_session=1",
            severity=Severity.SOON,
        )
    ]
