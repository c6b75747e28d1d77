"""What needs attention in a programme: the first thing a member of staff sees.

Each app may have an `attention.py` with one function:

    def items(*, programme, user, roles: set[str]) -> Iterable[AttentionItem]:

It returns an `AttentionItem` for each thing the person could act on in that programme — a
translated label that states the count (use `ngettext`), the count, the address of the list
that shows exactly those records, and a `Severity` — and nothing for roles that cannot act on
it (return `[]` before querying: a networker's home should not cost the coordinator's queries).
Return an item even when its count is 0: the page lists it as checked and clear.

Rules for a contributor:

- a fixed, small number of queries (a COUNT or one aggregate), the same for 5 records or
  5,000: the programme home pins its query count in a test;
- scoped to `programme` through `for_programme()` (or records the installation shares, such
  as core's notifications, for the platform admin only);
- roles are plain strings ("coordinator", "admin", "safeguarding", "provider", "analyst",
  "networker"); a platform admin always holds "admin".

For example, a safeguarding app would add `bridges/safeguarding/attention.py`:

    def items(*, programme, user, roles):
        if not roles & {"safeguarding", "coordinator", "admin"}:
            return []
        n = Concern.objects.for_programme(programme).open().count()
        return [AttentionItem(
            key="safeguarding.concerns_open",
            label=ngettext("%(n)s concern is open", "%(n)s concerns are open", n)
            % {"n": format_number(n)},
            count=n,
            url=reverse("safeguarding:concern_list", args=[programme.slug]) + "?status=open",
            severity=Severity.URGENT,
        )]

Nothing else to register: `attention_for` finds the module of every installed `bridges.*`
app. Core contributes the installation's unsent emails itself (below), to platform admins.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import IntEnum
from functools import cache
from importlib import import_module

from django.apps import apps
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from .locale_format import format_number

ADMIN = "admin"  # the role a platform admin holds everywhere (accounts' Role.ADMIN)


class Severity(IntEnum):
    """Lower comes first."""

    URGENT = 10  # a promise broken, a safeguard lapsed, something failed
    SOON = 20  # will become urgent unless someone acts
    WAITING = 30  # someone is waiting for a decision


@dataclass(frozen=True)
class AttentionItem:
    key: str  # stable, "<app>.<what>", for tests and for the page's ids
    label: str  # translated, with the count in it (ngettext)
    count: int
    url: str  # the list that shows exactly these records
    severity: Severity = Severity.WAITING

    @property
    def level(self) -> str:
        """ "urgent", "soon" or "waiting", for templates."""
        return self.severity.name.lower()


Contributor = Callable[..., Iterable[AttentionItem]]


def notification_items(*, programme=None, user=None, roles: set[str]) -> list[AttentionItem]:
    """Emails the installation failed to send, or that are overdue for their next attempt (the
    retry command is not running). Notifications belong to no programme: platform admins only."""
    if ADMIN not in roles:
        return []
    from .models import Notification

    counts = Notification.objects.aggregate(
        failed=Count("pk", filter=Q(status=Notification.Status.FAILED)),
        stuck=Count(
            "pk",
            filter=Q(status=Notification.Status.PENDING, next_attempt_at__lt=timezone.now()),
        ),
    )
    changelist = reverse("admin:core_notification_changelist")
    failed, stuck = counts["failed"], counts["stuck"]
    return [
        AttentionItem(
            key="core.notifications_failed",
            label=ngettext(
                "%(n)s email could not be sent (all programmes)",
                "%(n)s emails could not be sent (all programmes)",
                failed,
            )
            % {"n": format_number(failed)},
            count=failed,
            url=f"{changelist}?status__exact={Notification.Status.FAILED}",
            severity=Severity.URGENT,
        ),
        AttentionItem(
            key="core.notifications_stuck",
            label=ngettext(
                "%(n)s email is waiting past its next attempt (all programmes)",
                "%(n)s emails are waiting past their next attempt (all programmes)",
                stuck,
            )
            % {"n": format_number(stuck)},
            count=stuck,
            url=f"{changelist}?status__exact={Notification.Status.PENDING}",
            severity=Severity.SOON,
        ),
    ]


@cache
def contributors() -> tuple[Contributor, ...]:
    """Core's own contributor, then each installed app's `attention.items`, in app order."""
    found: list[Contributor] = [notification_items]
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges.") or config.name == "bridges.core":
            continue
        try:
            module = import_module(f"{config.name}.attention")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.attention":
                raise  # attention.py exists but imports something missing: say so
            continue
        found.append(module.items)
    return tuple(found)


def attention_for(*, programme, user, roles: set[str]) -> list[AttentionItem]:
    """Everything the person may act on in the programme: those with a count first, the most
    severe first; then the ones checked and clear. Empty when no app offers their roles any."""
    items = [
        item
        for contributor in contributors()
        for item in contributor(programme=programme, user=user, roles=set(roles))
    ]
    return sorted(items, key=lambda item: (item.count == 0, item.severity, -item.count))
