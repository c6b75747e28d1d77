"""What needs a coordinator's attention in community voice: routes waiting too long for an
answer, and issues raised but not yet routed. Two COUNTs."""

from django.urls import reverse
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.attention import AttentionItem, Severity
from bridges.core.locale_format import format_number

from .models import Issue, IssueRoute, State


def items(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    if Role.COORDINATOR not in roles:
        return []
    found = []
    overdue = (
        IssueRoute.objects.for_programme(programme).overdue().values("issue").distinct().count()
    )
    url = reverse("voice:list", args=[programme.slug])
    if overdue:
        found.append(
            AttentionItem(
                key="voice.overdue",
                label=ngettext(
                    "%(n)s community issue has waited too long for an answer",
                    "%(n)s community issues have waited too long for an answer",
                    overdue,
                )
                % {"n": format_number(overdue)},
                count=overdue,
                url=f"{url}?state=overdue",
                severity=Severity.SOON,
            )
        )
    raised = Issue.objects.for_programme(programme).filter(state=State.RAISED).count()
    if raised:
        found.append(
            AttentionItem(
                key="voice.raised",
                label=ngettext(
                    "%(n)s community issue is waiting to be routed",
                    "%(n)s community issues are waiting to be routed",
                    raised,
                )
                % {"n": format_number(raised)},
                count=raised,
                url=f"{url}?state=raised",
                severity=Severity.WAITING,
            )
        )
    return found
