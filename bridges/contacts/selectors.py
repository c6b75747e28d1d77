"""Reads of the contact log, each scoped to a programme (or to one networker's own records)
with its joins declared, so a page of the log takes the same queries for 20 or 40,000 rows."""

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.db import router
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils.functional import cached_property

from bridges.core import providers
from bridges.core.models import Area, Country, Language
from bridges.core.pagecache import per_generation
from bridges.networkers.models import Networker, NetworkerLanguage

from .models import ContactRecord, ContactRecordRevision


def log_rows(queryset: QuerySet) -> QuerySet:
    """The joins a list of records needs."""
    return queryset.select_related("area", "country").prefetch_related(
        Prefetch("languages", queryset=Language.objects.only("code", "english_name"))
    )


def log_page_rows(queryset: QuerySet) -> QuerySet:
    """A page of the log on screen: its joins, without the notes (encrypted, not shown in a
    list, so never decrypted for one)."""
    return log_rows(queryset).defer("note")


def networker_for_user(*, user, programme) -> Networker | None:
    """The signed-in person's networker record: its id and links only, so that the contact
    log's requests decrypt none of the profile's encrypted fields (they load if read)."""
    return (
        Networker.objects.for_programme(programme)
        .filter(user=user)
        .only("pk", "programme", "user")
        .first()
    )


def networker_pk_with_membership(user) -> dict:
    """For `programme_role_required(annotate=...)`: the id of the person's networker record
    in the programme, read in the permission check's own query."""
    return {
        "networker_pk": Subquery(
            Networker.objects.filter(programme=OuterRef("programme"), user=user)
            .order_by("pk")
            .values("pk")[:1]
        )
    }


def networker_of_request(request) -> Networker | None:
    """The signed-in person's networker record in `request.programme`, as `networker_for_user`
    loads it (id, programme and user; other fields load if read). Read by the permission check
    when it was asked to (`networker_pk_with_membership`), otherwise looked up here."""
    annotated = getattr(request, "annotated", None)
    if annotated is None:
        return networker_for_user(user=request.user, programme=request.programme)
    pk = annotated["networker_pk"]
    if pk is None:
        return None
    found = Networker.from_db(
        router.db_for_read(Networker),
        ["id", "programme_id", "user_id"],
        [pk, request.programme.pk, request.user.pk],
    )
    found.programme, found.user = request.programme, request.user
    return found


def contact_records_of(*, networker: Networker) -> QuerySet:
    """A networker's own records, newest first (the loader scopes them to the programme)."""
    return log_rows(ContactRecord.objects.by_networker(networker).newest_first())


def own_log(*, networker: Networker, programme) -> QuerySet:
    """The networker's own log page: their records in this programme, without the notes."""
    return log_page_rows(
        ContactRecord.objects.for_programme(programme).by_networker(networker).newest_first()
    )


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


# The coordinator's log counts at most this many records: beyond it, the page says "more
# than 10,000" and leaves out the totals, rather than read a whole programme's log (a million
# rows take seconds) on every page; filters (dates, a networker, a ward) bring them back.
LOG_COUNT_CAP = 10_000


def contact_log_totals(records: QuerySet, *, cap: int | None = None) -> dict:
    """Records, people helped and hours given, in one query. With `cap`, over at most cap + 1
    records: more than `cap` answers {"records": cap, "more": True} and no totals."""
    records = records.order_by()
    if cap is not None:
        records = records[: cap + 1]
    totals = records.aggregate(
        records=Count("pk"), people=Sum("people_helped"), minutes=Sum("duration_minutes")
    )
    if cap is not None and totals["records"] > cap:
        return {"records": cap, "more": True, "people": None, "hours": None}
    return {
        "records": totals["records"],
        "more": False,
        "people": totals["people"] or 0,
        "hours": _hours(totals["minutes"]),
    }


class LogPaginator(Paginator):
    """Pages of the log, read in two steps: the page's ids in the log's order from the index
    alone (a deep page skips index entries, not whole rows), then those rows with their joins.
    `count`, when given (already known, or capped), is not counted again."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        if self._known_count is not None:
            return self._known_count
        return super().count

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        rows = self.object_list
        ids = list(rows.prefetch_related(None).values_list("pk", flat=True)[bottom:top])
        return self._get_page(list(rows.filter(pk__in=ids)), number, self)


RECENT_LANGUAGES_FROM = 1000


def log_filter_languages(*, programme) -> list[tuple[str, str]]:
    """The languages the coordinator's log can be filtered by: those the programme's networkers
    speak and those of its latest 1,000 records, by name. (Every language ever used in the
    log would mean reading all of its language links: seconds with a million records.)"""
    recent = (
        ContactRecord.objects.for_programme(programme)
        .newest_first()
        .values("pk")[:RECENT_LANGUAGES_FROM]
    )
    spoken = NetworkerLanguage.objects.filter(networker__programme=programme)
    used = ContactRecord.languages.through.objects.filter(contactrecord_id__in=recent)
    return list(
        Language.objects.filter(
            Q(pk__in=spoken.values("language_id")) | Q(pk__in=used.values("language_id"))
        )
        .order_by("english_name")
        .values_list("code", "english_name")
    )


def record_revisions(*, record: ContactRecord) -> QuerySet:
    return ContactRecordRevision.objects.filter(record=record).select_related("changed_by")


@dataclass(frozen=True)
class FormChoices:
    """What the contact form offers and accepts, read once per process and generation."""

    # (code, label) of every known language, in order of English name.
    languages: tuple[tuple[str, str], ...]
    countries: tuple[tuple[str, str], ...]
    wards: tuple[tuple[str, str], ...]


@per_generation
def _form_choices(local_authority_id: str | None) -> FormChoices:
    return FormChoices(
        languages=tuple(
            (language.code, str(language))
            for language in sorted(Language.objects.all(), key=lambda item: item.english_name)
        ),
        countries=tuple(Country.objects.values_list("code", "name")),
        wards=tuple(
            Area.objects.of_kind(Area.Kind.WARD)
            .within(local_authority_id)
            .order_by("name")
            .values_list("code", "name")
        )
        if local_authority_id
        else (),
    )


# How long the API trusts its kept copy of the form's choices without asking whether
# reference data changed (a record that names a value the copy does not know is checked
# again against current data before it is refused).
RECENT_CHOICES_SECONDS = 5.0


def contact_form_choices(*, programme, recent: bool = False) -> FormChoices:
    """The languages, countries and the programme's wards for the contact form: kept in
    memory per process until reference data or a programme changes (the public pages'
    generation, `bridges.core.pagecache`), so a record sent costs one cache read, not three
    queries and 219 languages built as model instances. With `recent`, a copy confirmed
    current in the last few seconds is answered without that read."""
    if recent:
        return _form_choices.recent(programme.local_authority_id, within=RECENT_CHOICES_SECONDS)
    return _form_choices(programme.local_authority_id)


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
    logged = ContactRecord.objects.for_programme(programme).filter(networker=OuterRef("pk"))
    people = Networker.objects.for_programme(programme).filter(Exists(logged)).only("display_name")
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
