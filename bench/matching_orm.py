"""The previous version of the suggestions (Django's ORM, three queries), kept for the bench.

bench/bench_matching.py times it in the same run as `bridges.support.matching` and checks
that both give the same networkers, scores and reasons. Below: its text as it was.

Which networkers to suggest for a support request, and why.

Everything the ranking weighs is in this module, in one place:

- NEED_TRAINING: the training module (by its slug in the national curriculum) that prepares a
  networker for each need area of the contact log;
- the points for each reason (language by level, area, training, load, availability).

Only networkers who may take work are suggested: in the "active" stage, with a sign-in (they
answer on their phone), a DBS check that is still current, and who speak one of the person's
languages (a networker without a shared language cannot make the first call). A networker who
declined this request before is not suggested again.

`suggest_networkers(request, limit=…)` scores in the database and reads back only the best few,
in three queries whatever the size of the programme (bench/bench_matching.py measures it with
5,000 networkers).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.contacts.models import Need
from bridges.core.locale_format import format_list, format_number
from bridges.networkers.models import DBSCheck, Networker, NetworkerLanguage
from bridges.support.models import OPEN_WITH_NETWORKER, SupportAssignment, SupportRequest
from bridges.training.models import ModuleCompletion

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

    The score is worked out in one query, in the database, for every eligible networker, and
    only the best `limit` rows come back (with the facts their reasons need); then the
    languages and the training of those few. Three queries whatever the number of networkers.
    The facts that hold for a set of networkers (who knows the area, who has current training
    for a need) are uncorrelated `IN (…)` subqueries, which the database reads once.
    """
    today = today or timezone.localdate()
    languages = [code for code in (request.language_id, request.other_language_id) if code]
    if not languages:
        return []
    programme_id = request.programme_id
    current_dbs = DBSCheck.objects.filter(networker=OuterRef("pk"), renewal_due__gte=today)
    declined = SupportAssignment.objects.filter(
        request_id=request.pk,
        networker_id=OuterRef("pk"),
        answer=SupportAssignment.Answer.DECLINED,
    )
    # The better of the person's two languages counts: a CASE over who speaks one of them at
    # each level (each set read once, not per networker).
    spoken = NetworkerLanguage.objects.filter(language_id__in=languages)
    best_points = Case(
        *(
            When(Q(pk__in=spoken.filter(level=level).values("networker_id")), then=Value(points))
            for level, points in sorted(LEVEL_POINTS.items(), key=lambda item: -item[1])
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    soon = [DAY_CODES[(today + timedelta(days=n)).weekday()] for n in range(AVAILABLE_WITHIN_DAYS)]
    # Declared days are a JSON list of codes, matched quoted as the contact log's needs are
    # (exact on both databases).
    available = Q()
    for code in soon:
        available |= Q(availability_days__icontains=f'"{code}"')
    declared = ~Q(availability_days=[])
    knows_area = (
        Q(
            pk__in=Networker.areas.through.objects.filter(area_id=request.area_id).values(
                "networker_id"
            )
        )
        if request.area_id
        else Q(pk__in=[])
    )
    modules = training_modules_for(request.needs)
    needed = list(modules.values())  # a module may prepare for two needs: it counts twice
    slugs = sorted(set(needed))
    completions = ModuleCompletion.objects.current(today).filter(
        networker__programme_id=programme_id, module__is_active=True
    )
    has_module = {
        slug: Case(
            When(
                Q(pk__in=completions.filter(module__slug=slug).values("networker_id")),
                then=Value(needed.count(slug)),
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        for slug in slugs
    }
    covered = sum(has_module.values(), Value(0)) if slugs else Value(0)
    # round() exactly as Python does it, for every possible share of the needs covered.
    training_points = Case(
        *(
            When(covered=n, then=Value(round(TRAINING_POINTS * n / len(needed))))
            for n in range(1, len(needed) + 1)
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    # The load, read once per networker as one number that carries both the points taken off
    # and the count: penalty × 1000 + open requests (fewer than 1000 each).
    load_key = Coalesce(
        Subquery(
            SupportRequest.objects.filter(
                networker_id=OuterRef("pk"), state__in=OPEN_WITH_NETWORKER
            )
            .exclude(pk=request.pk)
            .order_by()
            .values("networker_id")
            .annotate(
                k=Least(Value(LOAD_MAX), Value(LOAD_POINTS) * Count("pk")) * Value(1000)
                + Count("pk")
            )
            .values("k"),
            output_field=IntegerField(),
        ),
        Value(0),
    )
    rows = (
        Networker.objects.filter(
            programme_id=programme_id,
            stage=Networker.Stage.ACTIVE,
            user__isnull=False,
            user__is_active=True,
        )
        .filter(pk__in=spoken.values("networker_id"))
        .filter(Exists(current_dbs))
        .exclude(Exists(declined))
        .annotate(
            language_points=best_points,
            knows_area=ExpressionWrapper(knows_area, output_field=BooleanField()),
            covered=covered,
            available=ExpressionWrapper(available, output_field=BooleanField()),
            declared=ExpressionWrapper(declared, output_field=BooleanField()),
        )
        .annotate(
            # score × 1000 − open requests: best score first, then the least loaded.
            rank=(
                F("language_points")
                + Case(When(knows_area=True, then=Value(AREA_POINTS)), default=Value(0))
                + training_points
                + Case(
                    When(available=True, declared=True, then=Value(AVAILABLE_POINTS)),
                    default=Value(0),
                )
            )
            * Value(1000)
            - load_key
        )
        .order_by("-rank", "pk")
        .values_list("pk", "display_name", "rank", "knows_area", "available", "declared")[:limit]
    )
    best = []
    for pk, display_name, rank, in_area, is_available, has_declared in rows:
        n_open = -rank % 1000
        score = (rank + n_open) // 1000
        networker = Networker(pk=pk, display_name=display_name)
        best.append(
            Suggestion(
                networker_id=pk,
                score=score,
                language_id="",
                level="",
                knows_area=bool(in_area),
                load=n_open,
                available_soon=bool(is_available) if has_declared else None,
                networker=networker,
            )
        )
    if not best:
        return []
    ids = [s.networker_id for s in best]
    # The language each one scored by: the better level; the person's first language on a tie.
    levels: dict[int, tuple[int, int, str, str]] = {}
    for networker_id, language_id, level in NetworkerLanguage.objects.filter(
        networker_id__in=ids, language_id__in=languages
    ).values_list("networker_id", "language_id", "level"):
        key = (LEVEL_POINTS.get(level, 0), -languages.index(language_id), language_id, level)
        if networker_id not in levels or key > levels[networker_id]:
            levels[networker_id] = key
    trained: dict[int, dict[str, str]] = defaultdict(dict)
    if slugs:
        for networker_id, slug, title in (
            completions.filter(networker_id__in=ids, module__slug__in=slugs)
            .order_by()
            .values_list("networker_id", "module__slug", "module__title")
            .distinct()
        ):
            trained[networker_id][slug] = title
    language_names = {lang.code: str(lang) for lang in request.languages_list()}
    for s in best:
        _points, _first, s.language_id, s.level = levels[s.networker_id]
        done = trained.get(s.networker_id, {})
        s.trained = sorted(set(done.values()))
        s.untrained = sum(1 for slug in needed if slug not in done)
        s.reasons = _reasons(s, request, language_names)
    return best
