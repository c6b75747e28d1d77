"""Reads of the contact log, each scoped to a programme (or to one networker's own records)
with its joins declared, so a page of the log takes the same queries for 20 or 40,000 rows."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet, Sum

from bridges.core import providers
from bridges.core.models import Area, Language
from bridges.networkers.models import Networker

from .models import ContactRecord, ContactRecordRevision


def log_rows(queryset: QuerySet) -> QuerySet:
    """The joins a list of records needs."""
    return queryset.select_related("area", "country").prefetch_related(
        Prefetch("languages", queryset=Language.objects.only("code", "english_name"))
    )


def networker_for_user(*, user, programme) -> Networker | None:
    return Networker.objects.for_programme(programme).filter(user=user).first()


def contact_records_of(*, networker: Networker) -> QuerySet:
    """A networker's own records, newest first (the loader scopes them to the programme)."""
    return log_rows(ContactRecord.objects.by_networker(networker).newest_first())


def contact_last(*, networker: Networker) -> ContactRecord | None:
    """The networker's most recently written record, whose answers the form offers again."""
    return (
        ContactRecord.objects.by_networker(networker)
        .prefetch_related("languages")
        .order_by("-created_at", "-pk")
        .first()
    )


@dataclass
class LogFilters:
    start: date | None = None
    end: date | None = None
    channel: str = ""
    need: str = ""
    language: str = ""
    area: str = ""
    networker: int | None = None
    follow_up: bool | None = None
    # Words naming a directory service: records signposted to a service they match.
    service_query: str = ""


def contact_log(*, programme, filters: LogFilters) -> QuerySet:
    """The programme's records under the filters, newest first."""
    records = ContactRecord.objects.for_programme(programme).between(filters.start, filters.end)
    if filters.channel:
        records = records.filter(channel=filters.channel)
    if filters.need:
        records = records.with_need(filters.need)
    if filters.language:
        records = records.in_language(filters.language)
    if filters.area:
        records = records.filter(area_id=filters.area)
    if filters.networker:
        records = records.filter(networker_id=filters.networker)
    if filters.follow_up is not None:
        records = records.filter(follow_up=filters.follow_up)
    if filters.service_query.strip():
        ids = [pk for pk, _ in services_choices(programme=programme, query=filters.service_query)]
        records = records.signposted_to(ids)
    return records.newest_first()


def contact_log_totals(records: QuerySet) -> dict:
    totals = records.order_by().aggregate(
        people=Sum("people_helped"), minutes=Sum("duration_minutes")
    )
    return {
        "records": records.count(),
        "people": totals["people"] or 0,
        "hours": _hours(totals["minutes"]),
    }


def record_revisions(*, record: ContactRecord) -> QuerySet:
    return ContactRecordRevision.objects.filter(record=record).select_related("changed_by")


def programme_wards(*, programme) -> QuerySet:
    """The wards a networker may choose: those of the programme's local authority."""
    if not programme.local_authority_id:
        return Area.objects.none()
    return (
        Area.objects.of_kind(Area.Kind.WARD).within(programme.local_authority_id).order_by("name")
    )


def programme_networkers(*, programme) -> list[tuple[int, str]]:
    """Networkers who have logged support in the programme, for the coordinator's filter,
    in order of name (names are encrypted, so sorted here)."""
    ids = (
        ContactRecord.objects.for_programme(programme)
        .exclude(networker=None)
        .values("networker_id")
        .distinct()
    )
    people = Networker.objects.for_programme(programme).filter(pk__in=ids).only("display_name")
    return sorted(((n.pk, n.display_name) for n in people), key=lambda item: item[1].casefold())


# --- The directory, through its provider slot ----------------------------------------------


SERVICE_MATCHES = 20
USUAL_SERVICES = 12
USUAL_FROM_RECORDS = 200
IMMIGRATION_ADVICE_NEED = "immigration-advice"  # the directory's code for regulated advisers


def services_choices(
    *, programme, query: str = "", limit: int = 500, need: str = ""
) -> list[tuple[str, str]]:
    """The programme's published services matching the words (all if none), by name."""
    return list(
        providers.directory.get().services_search(
            programme=programme, query=query[:100], limit=limit, need=need
        )
    )


def services_matching(*, programme, query: str) -> list[tuple[str, str]]:
    """What the form's service search offers for the typed words: a few, by name."""
    if not query.strip():
        return []
    return services_choices(programme=programme, query=query, limit=SERVICE_MATCHES)


def services_usual(*, networker: Networker, programme) -> list[tuple[str, str]]:
    """The services this networker signposts to most (from their latest records), then the
    programme's regulated immigration advisers: offered first on the form, and the list the
    form can still choose from with no connection."""
    counts = Counter()
    recent = (
        ContactRecord.objects.for_programme(programme)
        .by_networker(networker)
        .exclude(services=[])
        .order_by("-created_at", "-pk")
        .values_list("services", flat=True)[:USUAL_FROM_RECORDS]
    )
    for ids in recent:
        counts.update(str(pk) for pk in ids)
    ranked = [pk for pk, _ in counts.most_common(USUAL_SERVICES)]
    names = services_named(programme=programme, ids=ranked)
    usual = [(pk, names[pk]) for pk in ranked if pk in names]
    advisers = services_choices(
        programme=programme, need=IMMIGRATION_ADVICE_NEED, limit=USUAL_SERVICES
    )
    return list(dict([*usual, *advisers]).items())


def services_named(*, programme, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    return providers.directory.get().services_by_ids(programme=programme, ids=list(ids))


# --- For networkers, through bridges.core.providers.contacts --------------------------------


def _hours(minutes) -> Decimal:
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def hours_given(*, networker_ids: list[int]) -> dict[int, Decimal]:
    """For each networker, the hours of support in the log (rounded to a tenth)."""
    found = dict(
        ContactRecord.objects.filter(networker_id__in=networker_ids)
        .order_by()
        .values("networker_id")
        .annotate(minutes=Sum("duration_minutes"))
        .values_list("networker_id", "minutes")
    )
    return {pk: _hours(found.get(pk)) for pk in networker_ids}
