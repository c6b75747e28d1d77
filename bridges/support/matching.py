"""Which networkers to suggest for a support request, and why.

Everything the ranking weighs is in this module, in one place:

- NEED_TRAINING: the training module (by its slug in the national curriculum) that prepares a
  networker for each need area of the contact log;
- the points for each reason (language by level, area, training, load, availability).

Only networkers who may take work are suggested: in the "active" stage, with a sign-in (they
answer on their phone), a DBS check that is still current, and who speak one of the person's
languages (a networker without a shared language cannot make the first call). A networker who
declined this request before is not suggested again.

`suggest_networkers(request, limit=…)` runs a fixed handful of small queries whatever the size
of the programme (bench/bench_matching.py measures it with 5,000 networkers).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.contacts.models import Need
from bridges.core.locale_format import format_list, format_number
from bridges.networkers.models import DBSCheck, Networker, NetworkerLanguage
from bridges.training.models import ModuleCompletion

from .models import OPEN_WITH_NETWORKER, SupportAssignment, SupportRequest

Level = NetworkerLanguage.Level

# The need areas of the contact log → the training module that prepares a networker for each.
# A need without a module here (English, digital, hate crime) adds no training points.
NEED_TRAINING: dict[str, str] = {
    Need.HOUSING: "housing",
    Need.BENEFITS: "benefits-and-nrpf",
    Need.MONEY: "benefits-and-nrpf",
    Need.FOOD: "benefits-and-nrpf",
    Need.WORK: "employment-and-right-to-work",
    Need.HEALTH: "health-and-gp-registration",
    Need.MENTAL_HEALTH: "health-and-gp-registration",
    Need.EDUCATION: "education-and-school-admissions",
    Need.IMMIGRATION: "limits-of-immigration-advice",
    Need.SAFEGUARDING: "safeguarding-adults-and-children",
}

# Points. The language counts most: a first call in the person's own language.
LEVEL_POINTS = {Level.NATIVE: 40, Level.FLUENT: 35, Level.CONVERSATIONAL: 20, Level.BASIC: 5}
AREA_POINTS = 15
TRAINING_POINTS = 20  # all the request's needs covered by current training; a share for some
LOAD_POINTS = 10  # taken off for each request the networker already has open…
LOAD_MAX = 40  # …up to this many points
AVAILABLE_POINTS = 5  # declared availability on one of the next few days
AVAILABLE_WITHIN_DAYS = 3
DEFAULT_LIMIT = 10

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def training_modules_for(needs: list[str]) -> dict[str, str]:
    """The need codes of a request that have a training module → that module's slug."""
    return {need: NEED_TRAINING[need] for need in needs if need in NEED_TRAINING}


@dataclass
class Suggestion:
    networker_id: int
    score: int
    language_id: str
    level: str
    knows_area: bool
    trained: list[str] = field(default_factory=list)  # module titles with a current completion
    untrained: int = 0  # needs with a module the networker has not (currently) completed
    load: int = 0
    available_soon: bool | None = None  # None: no availability declared
    networker: Networker | None = None
    reasons: list[str] = field(default_factory=list)


def _available_soon(days: list, today: date) -> bool | None:
    if not days:
        return None
    soon = {DAY_CODES[(today + timedelta(days=n)).weekday()] for n in range(AVAILABLE_WITHIN_DAYS)}
    return bool(soon & set(days))


def _reasons(s: Suggestion, request: SupportRequest, language_names: dict[str, str]) -> list[str]:
    """The reasons in words, in the reader's language (call inside the right translation)."""
    reasons = [
        _("Speaks %(language)s: %(level)s")
        % {
            "language": language_names.get(s.language_id, s.language_id),
            "level": str(Level(s.level).label).lower() if s.level in Level.values else s.level,
        }
    ]
    if request.area_id:
        if s.knows_area:
            reasons.append(_("Knows %(area)s") % {"area": request.area.name})
        else:
            reasons.append(_("Does not know %(area)s") % {"area": request.area.name})
    if s.trained:
        reasons.append(
            ngettext(
                "Completed the training %(modules)s",
                "Completed the trainings %(modules)s",
                len(s.trained),
            )
            % {"modules": format_list([f"“{title}”" for title in s.trained])}
        )
    if s.untrained:
        reasons.append(
            ngettext(
                "Not yet trained for %(n)s of the needs",
                "Not yet trained for %(n)s of the needs",
                s.untrained,
            )
            % {"n": format_number(s.untrained)}
        )
    if s.load:
        reasons.append(
            ngettext(
                "Already has %(n)s open request",
                "Already has %(n)s open requests",
                s.load,
            )
            % {"n": format_number(s.load)}
        )
    else:
        reasons.append(_("Has no open requests"))
    if s.available_soon is None:
        reasons.append(_("Has not said when they are available"))
    elif s.available_soon:
        reasons.append(_("Usually available in the next few days"))
    else:
        reasons.append(_("Not usually available in the next few days"))
    return reasons


def suggest_networkers(
    request: SupportRequest, *, limit: int = DEFAULT_LIMIT, today: date | None = None
) -> list[Suggestion]:
    """The networkers best placed to take `request`, best first, each with its reasons.

    Five queries at most, whatever the number of networkers: the eligible speakers of the
    person's languages (with their level and declared days), who declined this request, who
    knows the area, who has current training for the needs, and each one's open requests; then
    the names of the few suggested.
    """
    today = today or timezone.localdate()
    languages = [code for code in (request.language_id, request.other_language_id) if code]
    if not languages:
        return []
    programme_id = request.programme_id
    current_dbs = DBSCheck.objects.filter(
        networker=OuterRef("networker_id"), renewal_due__gte=today
    )
    rows = (
        NetworkerLanguage.objects.filter(
            language_id__in=languages,
            networker__programme_id=programme_id,
            networker__stage=Networker.Stage.ACTIVE,
            networker__user__isnull=False,
            networker__user__is_active=True,
        )
        .filter(Exists(current_dbs))
        .order_by()
        .values_list("networker_id", "language_id", "level", "networker__availability_days")
    )
    candidates: dict[int, Suggestion] = {}
    for networker_id, language_id, level, days in rows:
        points = LEVEL_POINTS.get(level, 0)
        found = candidates.get(networker_id)
        if found is None:
            candidates[networker_id] = Suggestion(
                networker_id=networker_id,
                score=points,
                language_id=language_id,
                level=level,
                knows_area=False,
                available_soon=_available_soon(days or [], today),
            )
        elif points > found.score:  # the better of the person's two languages counts
            found.score, found.language_id, found.level = points, language_id, level
    if not candidates:
        return []
    declined = set(
        SupportAssignment.objects.filter(
            request=request, answer=SupportAssignment.Answer.DECLINED
        ).values_list("networker_id", flat=True)
    )
    for networker_id in declined:
        candidates.pop(networker_id, None)
    ids = list(candidates)
    if not ids:
        return []

    if request.area_id:
        through = Networker.areas.through
        for networker_id in through.objects.filter(
            networker_id__in=ids, area_id=request.area_id
        ).values_list("networker_id", flat=True):
            candidates[networker_id].knows_area = True

    modules = training_modules_for(request.needs)
    if modules:
        trained: dict[int, dict[str, str]] = defaultdict(dict)
        for networker_id, slug, title in (
            ModuleCompletion.objects.current(today)
            .filter(
                networker_id__in=ids,
                module__slug__in=set(modules.values()),
                module__is_active=True,
            )
            .order_by()
            .values_list("networker_id", "module__slug", "module__title")
            .distinct()
        ):
            trained[networker_id][slug] = title
        for networker_id, s in candidates.items():
            done = trained.get(networker_id, {})
            s.trained = sorted(set(done.values()))
            s.untrained = sum(1 for slug in modules.values() if slug not in done)

    loads = dict(
        SupportRequest.objects.filter(networker_id__in=ids, state__in=OPEN_WITH_NETWORKER)
        .exclude(pk=request.pk)
        .order_by()
        .values("networker_id")
        .annotate(n=Count("pk"))
        .values_list("networker_id", "n")
    )
    for networker_id, s in candidates.items():
        s.load = loads.get(networker_id, 0)
        if s.knows_area:
            s.score += AREA_POINTS
        if modules:
            covered = len(modules) - s.untrained
            s.score += round(TRAINING_POINTS * covered / len(modules))
        s.score -= min(LOAD_MAX, LOAD_POINTS * s.load)
        if s.available_soon:
            s.score += AVAILABLE_POINTS

    best = sorted(candidates.values(), key=lambda s: (-s.score, s.load, s.networker_id))[:limit]
    people = Networker.objects.only("display_name").in_bulk([s.networker_id for s in best])
    language_names = {lang.code: str(lang) for lang in request.languages_list()}
    for s in best:
        s.networker = people.get(s.networker_id)
        s.reasons = _reasons(s, request, language_names)
    return best
