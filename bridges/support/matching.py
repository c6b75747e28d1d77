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

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q
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
    person's languages who have not declined it (with their level, and whether they are
    available soon), who knows the area, who has current training for the needs, and each
    one's open requests; then the names of the few suggested.
    """
    today = today or timezone.localdate()
    languages = [code for code in (request.language_id, request.other_language_id) if code]
    if not languages:
        return []
    programme_id = request.programme_id
    current_dbs = DBSCheck.objects.filter(
        networker=OuterRef("networker_id"), renewal_due__gte=today
    )
    soon = [DAY_CODES[(today + timedelta(days=n)).weekday()] for n in range(AVAILABLE_WITHIN_DAYS)]
    # Declared days are a JSON list of codes, matched quoted as the contact log's needs are
    # (exact on both databases): the availability is worked out in SQL, not decoded per row.
    available = Q()
    for code in soon:
        available |= Q(networker__availability_days__icontains=f'"{code}"')
    declined = SupportAssignment.objects.filter(
        request_id=request.pk,
        networker_id=OuterRef("networker_id"),
        answer=SupportAssignment.Answer.DECLINED,
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
        .exclude(Exists(declined))
        .annotate(
            available=ExpressionWrapper(available, output_field=BooleanField()),
            declared=ExpressionWrapper(
                ~Q(networker__availability_days=[]), output_field=BooleanField()
            ),
        )
        .order_by()
        .values_list("networker_id", "language_id", "level", "available", "declared")
    )
    # networker id → [language points, language, level, available soon (None: not declared)];
    # the better of the person's two languages counts.
    spoken: dict[int, list] = {}
    for networker_id, language_id, level, is_available, declared in rows:
        points = LEVEL_POINTS.get(level, 0)
        found = spoken.get(networker_id)
        if found is None or points > found[0]:
            spoken[networker_id] = [
                points, language_id, level, bool(is_available) if declared else None
            ]  # fmt: skip
    if not spoken:
        return []

    # The other facts are read for the whole programme (small sets, by index), never as a
    # list of thousands of ids, and looked up here.
    knows_area: set[int] = set()
    if request.area_id:
        knows_area = set(
            Networker.areas.through.objects.filter(
                area_id=request.area_id, networker__programme_id=programme_id
            ).values_list("networker_id", flat=True)
        )
    modules = training_modules_for(request.needs)
    trained: dict[int, dict[str, str]] = defaultdict(dict)
    if modules:
        for networker_id, slug, title in (
            ModuleCompletion.objects.current(today)
            .filter(
                networker__programme_id=programme_id,
                module__slug__in=set(modules.values()),
                module__is_active=True,
            )
            .order_by()
            .values_list("networker_id", "module__slug", "module__title")
            .distinct()
        ):
            trained[networker_id][slug] = title
    loads = dict(
        SupportRequest.objects.filter(
            programme_id=programme_id, state__in=OPEN_WITH_NETWORKER, networker__isnull=False
        )
        .exclude(pk=request.pk)
        .order_by()
        .values("networker_id")
        .annotate(n=Count("pk"))
        .values_list("networker_id", "n")
    )
    needed = list(modules.values())

    scored = []
    for networker_id, (points, _language, _level, soon_ok) in spoken.items():
        done = trained.get(networker_id)
        covered = sum(1 for slug in needed if slug in done) if done else 0
        load = loads.get(networker_id, 0)
        score = (
            points
            + (AREA_POINTS if networker_id in knows_area else 0)
            + (round(TRAINING_POINTS * covered / len(needed)) if needed else 0)
            - min(LOAD_MAX, LOAD_POINTS * load)
            + (AVAILABLE_POINTS if soon_ok else 0)
        )
        scored.append((-score, load, networker_id))
    scored.sort()

    candidates: dict[int, Suggestion] = {}
    for minus_score, load, networker_id in scored[:limit]:
        points, language_id, level, soon_ok = spoken[networker_id]
        done = trained.get(networker_id, {})
        candidates[networker_id] = Suggestion(
            networker_id=networker_id,
            score=-minus_score,
            language_id=language_id,
            level=level,
            knows_area=networker_id in knows_area,
            trained=sorted(set(done.values())),
            untrained=sum(1 for slug in needed if slug not in done),
            load=load,
            available_soon=soon_ok,
        )
    best = list(candidates.values())
    people = Networker.objects.only("display_name").in_bulk([s.networker_id for s in best])
    language_names = {lang.code: str(lang) for lang in request.languages_list()}
    for s in best:
        s.networker = people.get(s.networker_id)
        s.reasons = _reasons(s, request, language_names)
    return best
