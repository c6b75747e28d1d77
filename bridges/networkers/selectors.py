"""Reads for networkers. Every selector is scoped to a programme and declares its joins, so the
pipeline board and the overview take the same number of queries for 50 or 5,000 people."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.core import providers
from bridges.core.locale_format import language_name
from bridges.core.models import Area, Language

from .models import (
    Community,
    DBSCheck,
    DBSLevel,
    Networker,
    NetworkerLanguage,
    StageChange,
    VettingRecord,
)

RENEWAL_WINDOW_DAYS = 60
# The stages a person passes through, in order; paused and left sit outside the sequence.
PIPELINE = [
    Networker.Stage.APPLIED,
    Networker.Stage.CONTACTED,
    Networker.Stage.INTERVIEWED,
    Networker.Stage.REFERENCES,
    Networker.Stage.DBS_CHECK,
    Networker.Stage.TRAINING,
    Networker.Stage.ACTIVE,
]


# --- Training, through its provider slot ---------------------------------------------------
# Training imports this app, so this app asks training through `bridges.core.providers`, which
# training fills at start-up. Without training installed these raise ProviderMissing.


def training_missing(*, networker_ids: list[int], programme) -> dict[int, list[str]]:
    """For each networker, the required training modules not yet completed."""
    if not networker_ids:
        return {}
    found = providers.training.get().training_readiness(
        networker_ids=list(networker_ids), programme=programme
    )
    return {pk: list(found.get(pk, [])) for pk in networker_ids}


def training_trained_since(*, programme, since: date) -> int:
    return providers.training.get().training_trained_count(programme=programme, since=since)


def training_sessions_upcoming(*, programme, limit: int = 5) -> list:
    return list(
        providers.training.get().training_upcoming_sessions(programme=programme, limit=limit)
    )


def training_completions(*, networker) -> list:
    """The person's completed modules, newest first."""
    return list(providers.training.get().training_record(networker=networker))


# --- The contact log, through its provider slot --------------------------------------------
# The contact log imports this app, so this app asks it through `bridges.core.providers`.


def contact_hours(*, networker_ids: list[int]) -> dict:
    """For each networker, the hours of support recorded in the contact log."""
    if not networker_ids:
        return {}
    return providers.contacts.get().hours_given(networker_ids=list(networker_ids))


# --- Networkers -----------------------------------------------------------------------------


# How the board may be ordered. By default the Applied stage lists the longest waiting first
# (applicants were promised an answer), every other view lists by name.
SORT_NAME = "name"
SORT_WAITING = "waiting"


def application_response_days() -> int:
    """The days within which applicants are promised an answer (the thanks page says so)."""
    return settings.NETWORKERS_APPLICATION_RESPONSE_DAYS


def application_overdue_before(*, now: datetime | None = None) -> datetime:
    """An application still in the Applied stage since before this moment has waited longer
    than promised."""
    return (now or timezone.now()) - timedelta(days=application_response_days())


def applications_overdue(*, programme) -> QuerySet[Networker]:
    """The programme's applications still waiting for a first contact beyond the promise."""
    return (
        Networker.objects.for_programme(programme)
        .in_stage(Networker.Stage.APPLIED)
        .annotate(since=Coalesce("stage_changed_at", "created_at"))
        .filter(since__lt=application_overdue_before())
    )


@dataclass
class BoardFilters:
    stage: str = ""
    language: str = ""
    community: int | None = None
    area: str = ""
    query: str = ""
    sort: str = ""  # SORT_NAME or SORT_WAITING; empty: waiting for Applied, else name

    @property
    def effective_sort(self) -> str:
        if self.sort in {SORT_NAME, SORT_WAITING}:
            return self.sort
        return SORT_WAITING if self.stage == Networker.Stage.APPLIED else SORT_NAME


def networker_filtered(*, programme, filters: BoardFilters, with_stage: bool = True):
    """The programme's people under the filters SQL can apply. Not the name search: names are
    encrypted, so `networker_board` searches them in Python."""
    networkers = Networker.objects.for_programme(programme)
    if filters.language:
        networkers = networkers.speaking(filters.language)
    if filters.community:
        networkers = networkers.in_community(filters.community)
    if filters.area:
        networkers = networkers.knowing_area(filters.area)
    if with_stage and filters.stage:
        networkers = networkers.in_stage(filters.stage)
    return networkers


TATWEEL = "\u0640"  # Arabic letter stretching: typography, not part of the name


def name_key(name: str | None) -> str:
    """How names compare, for sorting and searching, in any script.

    Names are encrypted, so they are sorted in Python, and no collation library is installed
    (`locale.strxfrm` depends on the process-wide locale, so is unsafe in a server). This key is
    a plain Unicode one: compatibility-decomposed (NFKD, so Arabic presentation forms become the
    ordinary letters and ligatures split), accents and vowel marks dropped (Latin accents, Arabic
    harakat, the tatweel), case-folded, spaces collapsed. "Émile" sorts and is found as "emile";
    an Arabic name typed with vowel marks or in presentation forms sorts with the same name typed
    plainly instead of after every other name.

    Its limits: scripts sort in the order of their Unicode blocks (Latin, then Cyrillic, then
    Arabic, then Ethiopic), whatever the reader's language, and within a script by code point,
    not by a language's own rules (Polish "ł" comes after "z", not after "l"; Arabic letters in
    their Unicode order, which is close to the dictionary order). True per-language collation
    would need ICU."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    kept = "".join(
        char
        for char in decomposed
        if char != TATWEEL and not unicodedata.category(char).startswith("M")
    )
    return " ".join(kept.casefold().split())


def networker_sorted(networkers: Iterable[Networker]) -> list[Networker]:
    """People in order of name. Names are encrypted, so SQL cannot order by them: sort the
    programme's (already scoped) people after loading them (see `name_key`)."""
    return sorted(networkers, key=lambda n: (name_key(n.display_name), n.display_name or "", n.pk))


@dataclass
class Board:
    """Who the pipeline board lists (ids in order of name, under every filter) and how many
    people are in each stage (under every filter but the stage)."""

    ids: list[int]
    counts: dict[str, int]
    sort: str = SORT_NAME


def networker_board(*, programme, filters: BoardFilters) -> Board:
    """The pipeline board's people, in one query whatever the programme's size.

    Names are encrypted at rest, so SQL can neither order nor search by them. This reads the id,
    name, stage and time in the stage of everyone the other filters let through (decrypting only
    the names), then searches, counts, filters by stage and sorts in Python: by name (see
    `name_key`), or by the longest waiting first. Load a page of them with
    `networker_board_page`; what each row shows besides comes from `networker_board_details`."""
    rows = (
        networker_filtered(programme=programme, filters=filters, with_stage=False)
        .annotate(since=Coalesce("stage_changed_at", "created_at"))
        .values_list("pk", "display_name", "stage", "since")
    )
    query = name_key(filters.query)
    counts = {stage: 0 for stage in Networker.Stage.values}
    found: dict[int, tuple[str, str, str, datetime]] = {}
    for pk, name, stage, since in rows:
        key = name_key(name)
        if pk in found or (query and query not in key):
            continue
        found[pk] = (key, name or "", stage, since)
        counts[stage] = counts.get(stage, 0) + 1
    sort = filters.effective_sort
    if sort == SORT_WAITING:

        def order(pk):
            key, name, _stage, since = found[pk]
            return (since, key, name, pk)
    else:

        def order(pk):
            key, name, _stage, _since = found[pk]
            return (key, name, pk)

    ids = sorted(
        (pk for pk, row in found.items() if not filters.stage or row[2] == filters.stage),
        key=order,
    )
    return Board(ids=ids, counts=counts, sort=sort)


def networker_board_page(*, programme, ids: list[int]) -> list[Networker]:
    """The board's rows for these ids, in the order given. Contact details are encrypted and not
    shown on the board, so they are neither loaded nor decrypted."""
    order = {pk: index for index, pk in enumerate(ids)}
    networkers = (
        Networker.objects.for_programme(programme)
        .filter(pk__in=ids)
        .only(
            "pk",
            "programme_id",
            "display_name",
            "stage",
            "stage_changed_at",
            "created_at",
            "dbs_level_needed",
        )
    )
    return sorted(networkers, key=lambda n: order[n.pk])


def networker_board_details(*, networker_ids: list[int]) -> dict[int, dict]:
    """Languages (name, level), communities and areas for each person, as plain values read
    straight from the link tables: no model instances, and never the ward boundaries."""
    details = {pk: {"languages": [], "communities": [], "areas": []} for pk in networker_ids}
    languages = (
        NetworkerLanguage.objects.filter(networker_id__in=networker_ids)
        .order_by("language__english_name")
        .values_list("networker_id", "language_id", "language__english_name", "level")
    )
    for pk, code, english_name, level in languages:
        details[pk]["languages"].append((language_name(code, english_name), level))
    communities = (
        Networker.communities.through.objects.filter(networker_id__in=networker_ids)
        .order_by("community__name")
        .values_list("networker_id", "community__name")
    )
    for pk, name in communities:
        details[pk]["communities"].append(name)
    areas = (
        Networker.areas.through.objects.filter(networker_id__in=networker_ids)
        .order_by("area__name")
        .values_list("networker_id", "area__name")
    )
    for pk, name in areas:
        details[pk]["areas"].append(name)
    return details


def networker_stage_counts(*, programme, filters: BoardFilters) -> dict[str, int]:
    """How many people are in each stage, under the same filters but for stage (and but for the
    name search, which only `networker_board` applies)."""
    rows = (
        networker_filtered(programme=programme, filters=filters, with_stage=False)
        .order_by()
        .values("stage")
        .annotate(n=Count("pk", distinct=True))
    )
    counts = {stage: 0 for stage in Networker.Stage.values}
    for row in rows:
        counts[row["stage"]] = row["n"]
    return counts


def networker_dbs_current_ids(*, networker_ids: list[int], today: date) -> set[int]:
    return set(networker_dbs_current_levels(networker_ids=networker_ids, today=today))


def networker_dbs_current_levels(*, networker_ids: list[int], today: date) -> dict[int, set[str]]:
    """For each person with a current DBS check, the levels of their current checks."""
    levels: dict[int, set[str]] = {}
    rows = (
        DBSCheck.objects.filter(networker_id__in=networker_ids)
        .current(today=today)
        .values_list("networker_id", "level")
    )
    for pk, level in rows:
        levels.setdefault(pk, set()).add(level)
    return levels


def dbs_level_short(*, networker: Networker, levels: set[str]) -> bool:
    """True when the person has current checks but none at the level their role needs."""
    needed = networker.dbs_level_needed
    return bool(levels) and not any(DBSLevel.satisfies(level, needed) for level in levels)


def networker_missing(*, networkers: list[Networker], programme, today: date) -> dict:
    """What stands between each person and being ready: a current DBS check at the level their
    role needs, and the required training modules. An empty list means ready. Two queries
    whatever the number."""
    ids = [networker.pk for networker in networkers]
    levels = networker_dbs_current_levels(networker_ids=ids, today=today)
    training = training_missing(networker_ids=ids, programme=programme)
    missing = {}
    for networker in networkers:
        pk = networker.pk
        if pk not in levels:
            items = [_("DBS check")]
        elif dbs_level_short(networker=networker, levels=levels[pk]):
            items = [
                _("%(level)s DBS check") % {"level": DBSLevel(networker.dbs_level_needed).label}
            ]
        else:
            items = []
        items.extend(training.get(pk, []))
        missing[pk] = items
    return missing


def dbs_level_warning(*, networker: Networker, checks: list[DBSCheck], today: date) -> str:
    """What to warn a coordinator of when the person's current check is below what the role
    needs ("This role needs an Enhanced check. The current check is Basic."), else ""."""
    current = [check for check in checks if check.renewal_due >= today]
    if not current or not networker.dbs_level_needed:
        return ""
    if dbs_level_short(networker=networker, levels={check.level for check in current}):
        best = max(current, key=lambda check: list(DBSLevel.values).index(check.level))
        return _(
            "This role needs a DBS check at the level “%(needed)s”, but the current check is "
            "only “%(level)s”. A lower check does not cover the role: ask for a new check at "
            "the level the role needs."
        ) % {
            "needed": DBSLevel(networker.dbs_level_needed).label,
            "level": best.get_level_display(),
        }
    return ""


def networker_profiles() -> QuerySet[Networker]:
    """Networkers with everything a profile page shows (scope it to a programme before use)."""
    return Networker.objects.select_related("user", "programme").prefetch_related(
        Prefetch(
            "language_skills",
            queryset=NetworkerLanguage.objects.select_related("language"),
        ),
        Prefetch("areas", queryset=Area.objects.only("code", "name")),
        "communities",
    )


def networker_get(*, programme, pk: int) -> Networker | None:
    return networker_profiles().for_programme(programme).filter(pk=pk).first()


def networker_for_user(*, user, programme) -> Networker | None:
    if not user.is_authenticated:
        return None
    found = Networker.objects.for_programme(programme).filter(user=user).only("pk").first()
    return networker_get(programme=programme, pk=found.pk) if found else None


def networker_history(*, networker: Networker) -> QuerySet[StageChange]:
    return networker.stage_changes.select_related("changed_by")


def networker_dbs_checks(*, networker: Networker) -> QuerySet[DBSCheck]:
    return networker.dbs_checks.select_related("certificate_seen_by")


def networker_vetting_records(*, networker: Networker) -> list[VettingRecord]:
    """The person's vetting records, newest first. Restricted to coordinators: the view that
    shows them audits the viewing."""
    return list(networker.vetting_records.select_related("created_by"))


def vetting_kinds_recorded(*, networker: Networker) -> set[str]:
    return set(networker.vetting_records.values_list("kind", flat=True).distinct())


def community_list(*, programme) -> QuerySet[Community]:
    return Community.objects.filter(programme=programme).order_by("name")


def language_spoken_list(*, programme) -> QuerySet:
    """The languages anyone in the programme speaks, for the board's filter."""
    spoken = NetworkerLanguage.objects.filter(networker__programme=programme).values("language_id")
    return Language.objects.filter(code__in=spoken).order_by("english_name")


# --- DBS renewals ---------------------------------------------------------------------------


def dbs_latest_checks(*, programme=None) -> QuerySet[DBSCheck]:
    """Each person's most recent check only: a renewed check hides the one it replaced."""
    latest = (
        DBSCheck.objects.filter(networker=OuterRef("networker"))
        .order_by("-checked_on", "-pk")
        .values("pk")[:1]
    )
    checks = DBSCheck.objects.filter(pk=Subquery(latest)).exclude(
        networker__stage=Networker.Stage.LEFT
    )
    if programme is not None:
        checks = checks.filter(networker__programme=programme)
    return checks


def dbs_renewals_due(
    *, programme=None, today: date, days: int = RENEWAL_WINDOW_DAYS
) -> QuerySet[DBSCheck]:
    """Each person's latest check, where it is due for renewal within `days` days or has
    already lapsed (a lapsed check needs renewing too)."""
    return (
        dbs_latest_checks(programme=programme)
        .filter(renewal_due__lte=today + timedelta(days=days))
        .select_related("networker", "networker__programme", "certificate_seen_by")
        .order_by("renewal_due", "networker_id")
    )


# --- The programme overview -----------------------------------------------------------------


def networker_overview(*, programme, today: date) -> dict:
    """The coordinator's headline figures, computed live in a fixed number of queries."""
    # Counted from the link tables, joined (not IN-subqueried) to the person: each pair is
    # unique, so no DISTINCT is needed.
    in_programme = {"networker__programme": programme, "networker__stage": Networker.Stage.ACTIVE}
    languages = list(
        NetworkerLanguage.objects.filter(**in_programme)
        .values("language_id", "language__english_name", "language__native_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "language__english_name")
    )
    communities = list(
        Networker.communities.through.objects.filter(**in_programme)
        .values("community_id", "community__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "community__name")
    )
    stages = networker_stage_counts(programme=programme, filters=BoardFilters())
    renewals = dbs_renewals_due(programme=programme, today=today)
    renewal_counts = renewals.aggregate(
        due=Count("pk", filter=Q(renewal_due__gte=today)),
        lapsed=Count("pk", filter=Q(renewal_due__lt=today)),
    )
    year_start = date(today.year, 1, 1)
    return {
        "active": stages[Networker.Stage.ACTIVE],
        "stages": stages,
        "in_pipeline": sum(stages[s] for s in PIPELINE if s != Networker.Stage.ACTIVE),
        "languages": languages,
        "language_count": len(languages),
        "communities": communities,
        "renewals_due": renewal_counts["due"],
        "renewals_lapsed": renewal_counts["lapsed"],
        "trained_this_year": training_trained_since(programme=programme, since=year_start),
        "year_start": year_start,
        "upcoming_sessions": training_sessions_upcoming(programme=programme),
    }


def language_reach(*, programme, language_codes: list[str]) -> dict[str, int]:
    """For each language code, the programme's active networkers who speak it at
    conversational level or better: one query, counts only (the statistics app's coverage
    gap asks through `core.providers.networkers`)."""
    counts = dict(
        NetworkerLanguage.objects.filter(
            networker__programme=programme,
            networker__stage=Networker.Stage.ACTIVE,
            language_id__in=language_codes,
            level__in=[
                NetworkerLanguage.Level.CONVERSATIONAL,
                NetworkerLanguage.Level.FLUENT,
                NetworkerLanguage.Level.NATIVE,
            ],
        )
        .values_list("language_id")
        .annotate(people=Count("networker_id", distinct=True))
        .order_by()
    )
    return {code: counts.get(code, 0) for code in language_codes}
