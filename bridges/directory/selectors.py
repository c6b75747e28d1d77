"""Reads of the directory: public search, service pages, the Open Referral API and export."""

import dataclasses
import datetime
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import Membership, Programme
from bridges.accounts.roles import Role
from bridges.core.locale_format import format_datetime, format_number

from . import near as near_module
from . import search
from .models import (
    DirectoryImport,
    Organization,
    SearchMiss,
    SearchTerm,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceTranslation,
    TaxonomyTerm,
)

PAGE_SIZE = 20


def search_synonyms(*, programme: Programme | None = None) -> dict[str, set[str]]:
    """The search words a programme's search understands: the shared ones plus its own, never
    another programme's. With no programme (a search across programmes), the shared ones."""
    synonyms: dict[str, set[str]] = {}
    for term, keyword in _synonym_pairs(programme):
        synonyms.setdefault(search.normalise(term), set()).add(keyword)
    return synonyms


def _synonym_pairs(programme: Programme | None) -> list[tuple[str, str]]:
    terms = SearchTerm.objects.available_to(programme) if programme else SearchTerm.objects.shared()
    return list(terms.values_list("term", "keyword"))


_SYNONYMS_CACHE: dict = {}
_SYNONYMS_SECONDS = 60


def _synonyms(programme: Programme | None) -> search.Synonyms:
    """The programme's search synonyms, built once a minute per process (or at once when a
    word is added or removed) rather than on every search."""
    terms = SearchTerm.objects.available_to(programme) if programme else SearchTerm.objects.shared()
    version = terms.aggregate(n=Count("id"), last=Max("id"))
    key = (programme.pk if programme else None, version["n"], version["last"])
    cached = _SYNONYMS_CACHE.get(key[0])
    now = time.monotonic()
    if cached and cached[0] == key and now - cached[1] < _SYNONYMS_SECONDS:
        return cached[2]
    synonyms = search.Synonyms.build(terms.values_list("term", "keyword"))
    _SYNONYMS_CACHE[key[0]] = (key, now, synonyms)
    return synonyms


def synonyms_forget(**kwargs) -> None:
    _SYNONYMS_CACHE.clear()


def service_list_prefetch(queryset: QuerySet, *, language: str | None = None) -> QuerySet:
    """The joins a list of services needs, declared once so no page grows with its size."""
    translations = ServiceTranslation.objects.all()
    if language:
        translations = translations.filter(language=language)
    return queryset.select_related("organization", "programme").prefetch_related(
        Prefetch("translations", queryset=translations),
        "taxonomy_terms",
        "languages",
        "schedules",
        "at_locations__location__area",
    )


def public_services(*, programme: Programme | None = None) -> QuerySet:
    services = Service.objects.published()
    if programme is not None:
        services = services.for_programme(programme)
    return services


@dataclass
class SearchInfo:
    """What a search did with the words it was given, for the page and the API to say."""

    query: str = ""
    ignored: str = ""  # why the words were not used: "null", "too_long" or "no_words"
    suggestion: str = ""  # "did you mean": the query with misspelt words corrected
    unmatched: list[str] = dataclasses.field(default_factory=list)  # words that found nothing

    @property
    def notice(self) -> str:
        if self.ignored == "null":
            return _(
                "Your search contained a character that cannot be searched, so it was not used. "
                "Please type your search again."
            )
        if self.ignored == "too_long":
            return _(
                "Your search is longer than %(limit)s characters, so it was not used. Try a few "
                "words, for example “doctor” or “English classes”."
            ) % {"limit": search.MAX_QUERY_LENGTH}
        if self.ignored == "no_words":
            return _(
                "Your search has no letters or numbers, so it was not used. Try a word in any "
                "language."
            )
        return ""


def _filtered_services(
    *,
    programme,
    language,
    taxonomy,
    area,
    free,
    open_now,
    now,
    organization_id,
    taxonomy_id,
    near=None,
    within_m=None,
) -> QuerySet:
    services = public_services(programme=programme)
    if near is not None:
        services = services.filter(pk__in=near_module.services_within(near, within_m or 5000))

    if taxonomy is not None:
        services = services.in_taxonomy(taxonomy)
    if area is not None:
        services = services.in_area(area)
    if language:
        services = services.delivered_in(language)
    if free:
        services = services.free()
    if open_now:
        services = services.open_at(now or timezone.now())
    if organization_id is not None:
        services = services.filter(organization_id=organization_id)
    if taxonomy_id is not None:
        services = services.filter(
            pk__in=Service.taxonomy_terms.through.objects.filter(
                taxonomyterm__taxonomy_id=taxonomy_id
            ).values("service_id")
        )
    return services


def ranked_services(
    services: QuerySet,
    query: str,
    *,
    programme: Programme | None,
    offset: int = 0,
    limit: int | None = None,
) -> tuple[search.Ranking, SearchInfo]:
    """The services of `services` matching `query`, best first (`limit` of them from `offset`,
    with how many match in all), and what the search did.

    The one search behind the public page, the Open Referral API and the contact log: words,
    stems and synonyms first; words that find nothing then try vocabulary words they begin
    (prefix) and words close to them (typo tolerance), which give the "did you mean". Ranked in
    the database (`search.ranking`); only the page asked for is read."""
    info = SearchInfo(query=query)
    synonyms = _synonyms(programme)
    parsed = search.parse(query, synonyms)
    info.ignored = parsed.ignored
    if not parsed.groups:
        return search.Ranking([], 0, set(), set()), info
    groups = parsed.groups
    result = _ranking(groups, services, offset, limit)
    matched = {g for g, _a in result.hits}
    missing = [g for n, g in enumerate(groups) if n not in matched and " " not in g.text]
    corrections: dict[int, str] = {}
    if missing:
        extra = synonyms.single_words()
        for group in missing:
            for word in search.prefixed(group.text):
                group.add((word,), search.PREFIX, "prefix")
            for word, _similarity in search.close_words(group.text, extra):
                group.close.append(word)
                group.add((word,), search.FUZZY, "fuzzy")
                keywords, _quality = synonyms.find((word,))
                for keyword in keywords:
                    group.add(tuple(search.words(keyword)), search.FUZZY, "fuzzy")
        result = _ranking(groups, services, offset, limit)
        matched = {g for g, _a in result.hits}
        for n, group in enumerate(groups):
            prefixes = [(n, a) for a, alt in enumerate(group.alternatives) if alt.kind == "prefix"]
            if n not in matched or not group.close or result.hits.intersection(prefixes):
                continue
            # A word of this city's index first, else a search word whose synonyms found it.
            indexed = [word for word in group.close if word in result.terms]
            corrections[n] = (indexed or group.close)[0]
    info.unmatched = [g.text for n, g in enumerate(groups) if n not in matched]
    if corrections and result.count:
        info.suggestion = " ".join(corrections.get(n, g.text) for n, g in enumerate(groups))
    return result, info


def _ranking(groups, services, offset, limit) -> search.Ranking:
    result = search.ranking(groups, services, offset=offset, limit=limit)
    if not result.ids and offset:
        # Past the last page: the count, and which words matched, from the first.
        first = search.ranking(groups, services, offset=0, limit=1)
        return search.Ranking([], first.count, first.hits, first.terms)
    return result


class _Ranked:
    """The ids of a ranked search as the paginator sees them: its length is the number of
    matches, and only the page that was read can be sliced."""

    def __init__(self, ranking: search.Ranking, offset: int) -> None:
        self.ranking, self.offset = ranking, offset

    def __len__(self) -> int:
        return self.ranking.count

    def __getitem__(self, window: slice) -> list:
        start = (window.start or 0) - self.offset
        stop = (window.stop if window.stop is not None else self.ranking.count) - self.offset
        if start < 0 or (start and start >= len(self.ranking.ids)):
            raise IndexError("Only the page that was read can be sliced.")
        return self.ranking.ids[start:stop]


def service_search(
    *,
    query: str = "",
    programme: Programme | None = None,
    language: str | None = None,
    taxonomy: TaxonomyTerm | None = None,
    area=None,
    free: bool | None = None,
    open_now: bool | None = None,
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
    reader_language: str | None = None,
    now=None,
    organization_id=None,
    taxonomy_id=None,
    near=None,
    within_m=None,
    refine=None,
) -> Page:
    """Published services matching a free-text query (in any language) and filters: the best
    matches first (`ranked_services`), or in order of name without a query. The page's
    `search` tells what was done with the words (`SearchInfo`)."""
    services = _filtered_services(
        programme=programme,
        language=language,
        taxonomy=taxonomy,
        area=area,
        free=free,
        open_now=open_now,
        now=now,
        organization_id=organization_id,
        taxonomy_id=taxonomy_id,
        near=near,
        within_m=within_m,
    )
    if refine is not None:  # the API's further filters (`api.ServiceFilters`)
        services = refine(services)
    if not query.strip():
        services = service_list_prefetch(services.order_by("name", "pk"), language=reader_language)
        result = Paginator(services, page_size).get_page(page)
        result.search = SearchInfo()
        return result
    paginator = Paginator([], page_size)
    try:
        number = paginator.validate_number(page)
    except PageNotAnInteger:
        number = 1
    except EmptyPage:
        number = max(1, int(page))
    ranking, info = ranked_services(
        services,
        query,
        programme=programme,
        offset=(number - 1) * page_size,
        limit=page_size,
    )
    pages = max(1, -(-ranking.count // page_size))
    if number > pages:  # as get_page: past the end, the last page
        number = pages
        ranking, info = ranked_services(
            services,
            query,
            programme=programme,
            offset=(number - 1) * page_size,
            limit=page_size,
        )
    result = Paginator(_Ranked(ranking, (number - 1) * page_size), page_size).page(number)
    found = service_list_prefetch(
        Service.objects.filter(pk__in=list(result.object_list)), language=reader_language
    ).in_bulk()
    result.object_list = [found[pk] for pk in result.object_list if pk in found]
    result.search = info
    return result


def service_public_detail(*, service_id, reader_language: str | None = None) -> Service | None:
    return (
        service_list_prefetch(public_services(), language=reader_language)
        .prefetch_related("phones", "cost_options", "areas", "contacts")
        .select_related("last_verified_by")
        .filter(pk=service_id)
        .first()
    )


def needs() -> list[TaxonomyTerm]:
    """Every need to browse by, parents included: the top needs, each with its `children`."""
    children = TaxonomyTerm.objects.filter(parent__isnull=False).order_by("name")
    return list(
        TaxonomyTerm.objects.filter(parent__isnull=True)
        .order_by("name")
        .prefetch_related(Prefetch("children", queryset=children))
    )


def programmes_with_directory() -> QuerySet:
    return Programme.objects.filter(
        Exists(Service.objects.filter(programme=OuterRef("pk"))), is_active=True
    )


# --- Staff ------------------------------------------------------------------------------------


@dataclass
class MissRow:
    query: str
    language: str
    searches: int
    last_day: object

    @property
    def language_name(self) -> str:
        return str(dict(settings.LANGUAGES).get(self.language, self.language))


def search_misses(*, programme: Programme, days: int = 90) -> tuple[list[MissRow], int]:
    """Searches that found nothing in the last `days` days, in this programme's directory or
    across every programme's (`SearchMiss`), most frequent first: rows made at least
    SMALL_NUMBER_THRESHOLD times, and how many rarer queries were left out (a query one person
    typed may say something about them, so it is never shown)."""
    since = timezone.localdate() - timezone.timedelta(days=days)
    rows = (
        SearchMiss.objects.available_to(programme)
        .filter(day__gte=since)
        .values("query", "language")
        .annotate(searches=Sum("count"), last_day=Max("day"))
        .order_by("-searches", "query", "language")
    )
    threshold = settings.SMALL_NUMBER_THRESHOLD
    shown, hidden = [], 0
    for row in rows:
        if row["searches"] >= threshold:
            shown.append(MissRow(**row))
        else:
            hidden += 1
    return shown, hidden


def partner_ids_of(*, user, programme) -> list[int]:
    return list(
        Membership.objects.filter(
            user=user, programme=programme, role=Role.PROVIDER, organisation__isnull=False
        ).values_list("organisation_id", flat=True)
    )


def services_editable_by(*, user, programme, roles) -> QuerySet:
    """Coordinators and admins edit every service of the programme; provider staff those of the
    directory organisations linked to their own partner organisation."""
    services = Service.objects.for_programme(programme).listed().select_related("organization")
    if roles & {Role.COORDINATOR, Role.ADMIN}:
        return services
    return services.filter(
        organization__partner_id__in=partner_ids_of(user=user, programme=programme)
    )


@dataclass
class DiffRow:
    field: str
    label: str
    before: object
    after: object


def change_diff(*, change: ServiceChange) -> list[DiffRow]:
    rows = []
    for field, after in change.proposed.items():
        label = Service._meta.get_field(field).verbose_name
        rows.append(DiffRow(field, str(label), change.original.get(field), after))
    return rows


# --- Open Referral API --------------------------------------------------------------------------


def api_services() -> QuerySet:
    return (
        public_services()
        .select_related("organization")
        .prefetch_related(
            "languages",
            "schedules",
            "cost_options",
            "contacts",
            "areas",
            "taxonomy_terms__taxonomy",
            "at_locations__location",
        )
    )


def export_services(*, programme) -> QuerySet:
    """Every listed service of the programme, whatever its status, with what the export
    writes (removed listings are not exported)."""
    return (
        Service.objects.for_programme(programme)
        .listed()
        .select_related("organization")
        .prefetch_related(
            "languages",
            "schedules",
            "cost_options",
            "contacts",
            "areas",
            "phones",
            "taxonomy_terms__taxonomy",
            "at_locations__location",
        )
        .order_by("name", "pk")
    )


def api_organizations() -> QuerySet:
    return Organization.objects.filter(
        programme__is_active=True,
        services__status=Service.Status.ACTIVE,
        services__removed_at__isnull=True,
    ).distinct()


def api_service_at_locations() -> QuerySet:
    return (
        ServiceAtLocation.objects.filter(
            service__status=Service.Status.ACTIVE,
            service__programme__is_active=True,
            service__removed_at__isnull=True,
        )
        .select_related("location", "service")
        .order_by("pk")
    )


# --- For the contact log, through bridges.core.providers.directory -------------------------


def services_search(
    *, programme: Programme, query: str = "", limit: int = 50, need: str = ""
) -> list[tuple]:
    """The programme's published services matching `query` (all if empty) and meeting the
    need coded `need` (if given), as (id, name) pairs, the best matches first (in order of name
    without a query): what a networker may signpost to."""
    services = public_services(programme=programme)
    if need:
        term = TaxonomyTerm.objects.filter(code=need).order_by("pk").first()
        services = services.in_taxonomy(term) if term else services.none()
    if not query.strip():
        found = services.order_by("name", "pk").values_list("pk", "name")[:limit]
        return [(str(pk), name) for pk, name in found]
    ranking, _info = ranked_services(services, query, programme=programme, limit=limit)
    names = dict(Service.objects.filter(pk__in=ranking.ids).values_list("pk", "name"))
    return [(str(pk), names[pk]) for pk in ranking.ids if pk in names]


def services_by_ids(*, programme: Programme, ids: list[str]) -> dict[str, str]:
    """Of these ids, the services the programme publishes: id → name. Ids of the wrong shape
    or of another programme's services are left out."""
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    found = public_services(programme=programme).filter(pk__in=valid).values_list("pk", "name")
    return {str(pk): name for pk, name in found}


def import_problem_rows(record: DirectoryImport):
    """The import's skipped records and the parts of records it dropped or cleaned, one row per
    problem (the download of the result page)."""
    for error in record.errors or []:
        yield [error.get("id", ""), "", "", error.get("reason", "")]
    for warning in record.warnings or []:
        for reason in warning.get("reasons", []):
            yield [
                warning.get("source_id", ""),
                warning.get("id", ""),
                warning.get("name", ""),
                reason,
            ]


def import_previous(record: DirectoryImport) -> DirectoryImport | None:
    """The last finished import of the same feed before this one ("since the last run")."""
    if not record.feed_id:
        return None
    return (
        DirectoryImport.objects.filter(
            feed_id=record.feed_id,
            status=DirectoryImport.Status.DONE,
            created_at__lt=record.created_at,
        )
        .defer("payload")
        .order_by("-created_at")
        .first()
    )


# The fields the history page compares, in the order a listing shows them.
HISTORY_FIELDS = (
    "name",
    "status",
    "description",
    "url",
    "email",
    "eligibility",
    "recourse",
    "referral",
    "referral_how",
    "minimum_age",
    "maximum_age",
    "fees",
    "free",
    "what_to_bring",
    "does_not_do",
    "complaints",
    "interpreters",
    "alert",
    "accreditations",
    "last_verified_at",
    "removed_at",
)


@dataclass
class Version:
    record: object
    rows: list


def _shown(version, name: str):
    field = Service._meta.get_field(name)
    value = getattr(version, name)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, datetime.datetime):
        return format_datetime(value)
    if isinstance(value, int):
        return format_number(value)
    return "" if value is None else value


def service_versions(*, service: Service, page_number) -> tuple:
    """A page of the listing's history, newest first, each version with what it changed from
    the one before (who and when are on the version)."""
    versions = service.history.select_related("history_user").order_by("-history_date", "-pk")
    page = Paginator(versions, 20).get_page(page_number)
    items = list(page.object_list)
    oldest = items[-1] if items else None
    before_oldest = (
        service.history.filter(history_date__lt=oldest.history_date)
        .order_by("-history_date")
        .first()
        if oldest
        else None
    )
    result = []
    for index, version in enumerate(items):
        previous = items[index + 1] if index + 1 < len(items) else before_oldest
        rows = []
        for name in HISTORY_FIELDS:
            after = _shown(version, name)
            before = _shown(previous, name) if previous else ""
            if previous is None and after in ("", None):
                continue
            if before != after:
                label = Service._meta.get_field(name).verbose_name
                rows.append(DiffRow(field=name, label=label, before=before, after=after))
        result.append(Version(record=version, rows=rows))
    return page, result


def version_diff(*, current, version) -> list[DiffRow]:
    """What putting `version` back would change in the current listing."""
    rows = []
    for name in HISTORY_FIELDS:
        if name == "removed_at":
            continue
        now, then = _shown(current, name), _shown(version, name)
        if now != then:
            label = Service._meta.get_field(name).verbose_name
            rows.append(DiffRow(field=name, label=label, before=now, after=then))
    return rows
