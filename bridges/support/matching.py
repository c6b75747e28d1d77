"""Which networkers to suggest for a support request, and why.

Everything the ranking weighs is in this module, in one place:

- NEED_TRAINING: the training module (by its slug in the national curriculum) that prepares a
  networker for each need area of the contact log;
- the points for each reason (language by level, area, training, load, availability).

Only networkers who may take work are suggested: in the "active" stage, with a sign-in (they
answer on their phone), a DBS check that is still current, and who speak one of the person's
languages (a networker without a shared language cannot make the first call). A networker who
declined this request before is not suggested again.

`suggest_networkers(request, limit=…)` scores in the database and reads back only the best few
with everything their reasons need, in one query whatever the size of the programme
(bench/bench_matching.py measures it with 5,000 networkers; test_matching.py checks the order
against these rules worked out one networker at a time). The score is worked out, not stored:
a networker's open requests are counted each time (few rows, by index), so it cannot drift.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.contacts.models import Need
from bridges.core.locale_format import format_list, format_number
from bridges.networkers.models import Networker, NetworkerLanguage

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


def _ranking_sql(
    request: SupportRequest,
    *,
    languages: list[str],
    needed: list[str],
    slugs: list[str],
    soon: list[str],
    today: date,
    limit: int,
) -> tuple[str, list]:
    """The one query that scores every eligible networker and returns the best `limit`.

    Plain SQL that PostgreSQL and SQLite both run, so that a call is one round trip and no
    query building: each fact that holds for a set of networkers is read once, grouped by
    networker and joined (who speaks the person's languages and how well, the training they
    hold for the request's needs, their open requests), not worked out row by row. Only
    values go in as parameters; the text is made of this module's constants.
    """
    # The better level among the person's languages, in points; the key also says which
    # language it was: points × 10, plus 1 for the person's first language (it wins a tie).
    level_case = (
        "CASE l.level "
        + " ".join(f"WHEN %s THEN {points}" for points in LEVEL_POINTS.values())
        + " ELSE 0 END"
    )
    level_codes = [str(level) for level in LEVEL_POINTS]
    spoken = (
        f"SELECT l.networker_id, MAX({level_case}) AS points, "  # noqa: S608
        f"MAX(({level_case}) * 10 + CASE WHEN l.language_id = %s THEN 1 ELSE 0 END) AS lkey "
        f"FROM networkers_networkerlanguage l "
        f"WHERE l.language_id IN ({', '.join(['%s'] * len(languages))}) "
        "GROUP BY l.networker_id"
    )
    joins = [f"INNER JOIN ({spoken}) sp ON sp.networker_id = n.id"]
    join_params: list = [*level_codes, *level_codes, languages[0], *languages]
    # Open requests with each networker, this one apart: few rows, read by the programme-and-
    # state index.
    joins.append(
        "LEFT OUTER JOIN (SELECT r.networker_id, COUNT(*) AS n_open "  # noqa: S608
        "FROM support_supportrequest r WHERE r.programme_id = %s "
        f"AND r.state IN ({', '.join(['%s'] * len(OPEN_WITH_NETWORKER))}) "
        "AND r.networker_id IS NOT NULL AND r.id <> %s "
        "GROUP BY r.networker_id) ld ON ld.networker_id = n.id"
    )
    join_params += [request.programme_id, *OPEN_WITH_NETWORKER, request.pk or 0]
    if request.area_id:
        joins.append(
            "LEFT OUTER JOIN networkers_networker_areas na "
            "ON na.networker_id = n.id AND na.area_id = %s"
        )
        join_params.append(request.area_id)
        knows_area = "na.networker_id IS NOT NULL"
    else:
        knows_area = "1 = 0"
    covered = "0"
    if slugs:
        # The title of the current training each networker holds for each module needed.
        titles = ", ".join(
            f"MAX(CASE WHEN m.slug = %s THEN m.title END) AS t{index}"
            for index in range(len(slugs))
        )
        joins.append(
            f"LEFT OUTER JOIN (SELECT c.networker_id, {titles} "  # noqa: S608
            "FROM training_modulecompletion c "
            "INNER JOIN training_module m ON m.id = c.module_id "
            f"WHERE m.is_active = %s AND m.slug IN ({', '.join(['%s'] * len(slugs))}) "
            "AND (c.expires_on IS NULL OR c.expires_on >= %s) "
            "GROUP BY c.networker_id) tr ON tr.networker_id = n.id"
        )
        join_params += [*slugs, True, *slugs, today]
        # A module may prepare for two of the needs: it counts twice.
        covered = " + ".join(
            f"CASE WHEN tr.t{index} IS NOT NULL THEN {needed.count(slug)} ELSE 0 END"
            for index, slug in enumerate(slugs)
        )
    # round() exactly as Python does it, for every possible share of the needs covered.
    training_points = "0"
    if needed:
        training_points = (
            f"CASE ({covered}) "
            + " ".join(
                f"WHEN {count} THEN {round(TRAINING_POINTS * count / len(needed))}"
                for count in range(1, len(needed) + 1)
            )
            + " ELSE 0 END"
        )
    # Declared days are a JSON list of codes, matched quoted and in capitals on both databases
    # (as the contact log matches its needs).
    days = "UPPER(CAST(n.availability_days AS TEXT))"
    available = "(" + " OR ".join(f"{days} LIKE %s" for _code in soon) + ")"
    available_params = [f'%"{code.upper()}"%' for code in soon]
    declared = "CAST(n.availability_days AS TEXT) <> %s"
    n_open = "COALESCE(ld.n_open, 0)"
    penalty = f"CASE WHEN {n_open} * %s > %s THEN %s ELSE {n_open} * %s END"
    score = (
        f"sp.points + CASE WHEN {knows_area} THEN {AREA_POINTS} ELSE 0 END + {training_points} "
        f"+ CASE WHEN {available} AND {declared} THEN {AVAILABLE_POINTS} ELSE 0 END "
        f"- ({penalty})"
    )
    select_params = [
        *available_params, "[]", LOAD_POINTS, LOAD_MAX, LOAD_MAX, LOAD_POINTS,
        *available_params, "[]",
    ]  # fmt: skip
    trained_columns = "".join(f", tr.t{index}" for index in range(len(slugs)))
    sql = (
        f"SELECT n.id, n.display_name, {score} AS score, {n_open} AS open_count, sp.lkey, "  # noqa: S608
        f"CASE WHEN {knows_area} THEN 1 ELSE 0 END, CASE WHEN {available} THEN 1 ELSE 0 END, "
        f"CASE WHEN {declared} THEN 1 ELSE 0 END{trained_columns} "
        "FROM networkers_networker n "
        "INNER JOIN accounts_user u ON u.id = n.user_id AND u.is_active = %s "
        f"{' '.join(joins)} "
        "WHERE n.programme_id = %s AND n.stage = %s "
        "AND EXISTS (SELECT 1 FROM networkers_dbscheck d "
        "WHERE d.networker_id = n.id AND d.renewal_due >= %s) "
        "AND NOT EXISTS (SELECT 1 FROM support_supportassignment a "
        "WHERE a.request_id = %s AND a.networker_id = n.id AND a.answer = %s) "
        "ORDER BY score DESC, open_count ASC, n.id ASC LIMIT %s"
    )
    where_params = [
        request.programme_id,
        str(Networker.Stage.ACTIVE),
        today,
        request.pk or 0,
        str(SupportAssignment.Answer.DECLINED),
    ]
    return sql, [*select_params, True, *join_params, *where_params, limit]


def suggest_networkers(
    request: SupportRequest, *, limit: int = DEFAULT_LIMIT, today: date | None = None
) -> list[Suggestion]:
    """The networkers best placed to take `request`, best first, each with its reasons.

    One query scores every eligible networker in the database and returns only the best
    `limit` rows, with everything their reasons need (the language and level they scored by,
    the area, the titles of the training they hold, their open requests, their days): one
    round trip whatever the number of networkers, and no query building in Django
    (bench/bench_matching.py measures it with 5,000 networkers).
    """
    today = today or timezone.localdate()
    languages = [code for code in (request.language_id, request.other_language_id) if code]
    if not languages:
        return []
    needed = list(training_modules_for(request.needs).values())
    slugs = sorted(set(needed))
    soon = [DAY_CODES[(today + timedelta(days=n)).weekday()] for n in range(AVAILABLE_WITHIN_DAYS)]
    sql, params = _ranking_sql(
        request,
        languages=languages,
        needed=needed,
        slugs=slugs,
        soon=soon,
        today=today,
        limit=limit,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    name_field = Networker._meta.get_field("display_name")
    level_of = {points: level for level, points in LEVEL_POINTS.items()}
    language_names = {lang.code: str(lang) for lang in request.languages_list()}
    best = []
    for pk, display_name, score, n_open, key, in_area, is_available, has_declared, *held in rows:
        points, first = divmod(int(key), 10)
        done = {slug: title for slug, title in zip(slugs, held, strict=True) if title is not None}
        suggestion = Suggestion(
            networker_id=pk,
            score=int(score),
            language_id=languages[0] if first else languages[-1],
            level=level_of.get(points, ""),
            knows_area=bool(in_area),
            trained=sorted(set(done.values())),
            untrained=sum(1 for slug in needed if slug not in done),
            load=int(n_open),
            available_soon=bool(is_available) if has_declared else None,
            networker=Networker(
                pk=pk, display_name=name_field.from_db_value(display_name, None, connection)
            ),
        )
        suggestion.reasons = _reasons(suggestion, request, language_names)
        best.append(suggestion)
    return best
