"""Reads for support requests, scoped to a programme, joins declared."""

from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.core import providers
from bridges.core.locale_format import format_list
from bridges.networkers.models import Networker

from .matching import suggest_networkers  # noqa: F401 (the matching selector lives there)
from .models import SupportAssignment, SupportRequest

IMMIGRATION_ADVICE_NEED = "immigration-advice"  # the directory's code for regulated advisers
ADVISERS_SHOWN = 5

# The queue's "waiting for" filter: how long ago the request came in.
AGES = {
    "day": (None, timedelta(days=1)),
    "week": (timedelta(days=1), timedelta(days=7)),
    "older": (timedelta(days=7), None),
}


def support_request_details() -> QuerySet[SupportRequest]:
    return SupportRequest.objects.select_related(
        "programme", "language", "other_language", "area", "networker"
    )


def support_queue(
    *,
    programme,
    state: str = "",
    need: str = "",
    language: str = "",
    age: str = "",
    now=None,
) -> QuerySet[SupportRequest]:
    """The triage queue: the programme's requests, oldest waiting first, filtered."""
    requests = support_request_details().for_programme(programme)
    if state:
        requests = requests.in_state(state)
    if need:
        requests = requests.with_need(need)
    if language:
        requests = requests.in_language(language)
    if age in AGES:
        now = now or timezone.now()
        newer, older = AGES[age]
        requests = requests.received_between(
            start=now - older if older else None, end=now - newer if newer else None
        )
    return requests.order_by("received_at", "pk")


def support_state_counts(*, programme) -> dict[str, int]:
    counts = dict.fromkeys(SupportRequest.State.values, 0)
    for state in (
        SupportRequest.objects.for_programme(programme).order_by().values_list("state", flat=True)
    ):
        counts[state] += 1
    return counts


def support_assignments(*, request: SupportRequest) -> list[SupportAssignment]:
    return list(
        SupportAssignment.objects.filter(request=request)
        .select_related("networker", "assigned_by")
        .order_by("-assigned_at", "-pk")
    )


def support_last_decline(*, request: SupportRequest) -> SupportAssignment | None:
    return (
        SupportAssignment.objects.filter(request=request, answer=SupportAssignment.Answer.DECLINED)
        .order_by("-answered_at", "-pk")
        .first()
    )


def networker_for_user(*, user, programme) -> Networker | None:
    return Networker.objects.for_programme(programme).filter(user=user).first()


def requests_of_networker(*, networker: Networker) -> QuerySet[SupportRequest]:
    """The requests assigned to this networker (offered, accepted, contacted, or closed after
    they had it), newest first."""
    return (
        support_request_details()
        .filter(networker=networker, programme_id=networker.programme_id)
        .order_by("-assigned_at", "-pk")
    )


def regulated_advisers(*, programme) -> list[tuple[str, str]]:
    """The directory's regulated immigration advisers of the programme (id, name), as the
    contact log offers them, through the directory's provider slot."""
    return list(
        providers.directory.get().services_search(
            programme=programme, need=IMMIGRATION_ADVICE_NEED, limit=ADVISERS_SHOWN
        )
    )


def export_rows(requests) -> tuple[list[str], list[list]]:
    """The queue as a table, without any contact details or free text."""
    header = [
        _("Reference"),
        _("Received"),
        _("State"),
        _("Help needed with"),
        _("Language"),
        _("Another language"),
        _("Area"),
        _("Contact by"),
        _("Immigration: signposted to regulated advisers"),
    ]
    rows = []
    for r in requests:
        rows.append(
            [
                r.reference,
                timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
                r.get_state_display(),
                format_list(r.need_labels()),
                str(r.language),
                str(r.other_language) if r.other_language else "",
                r.area.name if r.area else "",
                r.get_contact_by_display(),
                _("Yes") if r.touches_immigration else _("No"),
            ]
        )
    return header, rows
