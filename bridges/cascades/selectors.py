"""Reads of key-message cascades, scoped to a programme, each with a fixed number of queries.

The cascade view reads the summary table only (`ReachSummary`), never the reports: the same
few queries for ten reports or a million. Numbers shown to analysts below
`SMALL_NUMBER` are suppressed (`Suppressed`)."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum

from bridges.contacts.selectors import networker_for_user, programme_wards  # noqa: F401
from bridges.core.locale_format import language_name
from bridges.core.models import Area, Language
from bridges.networkers.models import Community, NetworkerLanguage
from bridges.translations.selectors import translated_many

from .models import Channel, KeyMessage, QuestionGroup, ReachReport, ReachSummary

SMALL_NUMBER = 5


@dataclass(frozen=True)
class Count_:
    """A number as shown: `value`, or `suppressed` (fewer than SMALL_NUMBER, not zero)."""

    value: int
    suppressed: bool = False

    def __int__(self) -> int:
        return self.value


def shown(value: int | None, *, suppress: bool) -> Count_:
    value = int(value or 0)
    if suppress and 0 < value < SMALL_NUMBER:
        return Count_(0, suppressed=True)
    return Count_(value)


# --- Messages -----------------------------------------------------------------------------


def message_list(*, programme, state: str = "", query: str = "") -> QuerySet:
    messages = KeyMessage.objects.for_programme(programme)
    if state == "live":
        messages = messages.live()
    elif state == "upcoming":
        messages = messages.upcoming()
    elif state == "ended":
        messages = messages.ended()
    if query:
        messages = messages.filter(Q(title__icontains=query) | Q(text__icontains=query))
    reported = ReachReport.objects.filter(message=OuterRef("pk"))
    open_questions = QuestionGroup.objects.filter(message=OuterRef("pk"), answered_at=None)
    return (
        messages.select_related("source_language")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("english_name")))
        .annotate(has_reports=Exists(reported), has_open_questions=Exists(open_questions))
    )


def message_detail(*, programme) -> QuerySet:
    return (
        KeyMessage.objects.for_programme(programme)
        .select_related("source_language")
        .prefetch_related(
            Prefetch("languages", queryset=Language.objects.order_by("english_name")),
            Prefetch("communities", queryset=Community.objects.order_by("name")),
        )
    )


@dataclass
class MessageText:
    """A message as shown in one language: the translation where one is published, otherwise
    the text it was written in (`language` says which)."""

    title: str
    text: str
    short_text: str
    language: str
    is_translation: bool
    title_language: str = ""


def message_text(message: KeyMessage, language: str) -> MessageText:
    return message_texts([message], language)[message.pk]


def message_texts(messages, language: str) -> dict[int, MessageText]:
    """Each message in `language`, from the content-translation workflow where it holds a
    published translation, the text as written otherwise (one query)."""
    found = translated_many(messages, language)
    texts = {}
    for message in messages:
        shown = found[message.pk]
        texts[message.pk] = MessageText(
            title=shown.text("title"),
            text=shown.text("text"),
            short_text=shown.text("short_text"),
            language=shown.language_of("text"),
            is_translation=shown.is_translation,
            title_language=shown.language_of("title"),
        )
    return texts


def networker_languages(*, networker) -> list[str]:
    return list(
        NetworkerLanguage.objects.filter(networker=networker)
        .order_by("-level", "language_id")
        .values_list("language_id", flat=True)
    )


def messages_for_networker(*, networker, programme, day: date | None = None) -> list[KeyMessage]:
    """The live messages for the networker's languages (the languages each is for, and
    which of them the networker speaks, as `spoken`)."""
    spoken = networker_languages(networker=networker)
    messages = list(
        KeyMessage.objects.for_programme(programme)
        .live(day)
        .filter(languages__in=spoken)
        .distinct()
        .select_related("source_language")
        .prefetch_related(Prefetch("languages", queryset=Language.objects.order_by("english_name")))
        .order_by("ends_on", "pk")
    )
    order = {code: index for index, code in enumerate(spoken)}
    for message in messages:
        message.spoken = sorted(
            (lang for lang in message.languages.all() if lang.pk in order),
            key=lambda lang: order[lang.pk],
        )
    return messages


def reports_of(*, networker, programme) -> QuerySet:
    return (
        ReachReport.objects.for_programme(programme)
        .filter(networker=networker)
        .select_related("message", "language", "community", "area", "question_group")
    )


def answers_for(*, networker, programme) -> QuerySet:
    """The answered questions this networker reported, newest answer first."""
    asked = ReachReport.objects.filter(question_group=OuterRef("pk"), networker=networker)
    return (
        QuestionGroup.objects.for_programme(programme)
        .exclude(answered_at=None)
        .filter(Exists(asked))
        .select_related("message")
        .order_by("-answered_at")
    )


def report_choices(*, programme, message: KeyMessage, networker=None) -> dict:
    """What the report form offers: the message's languages (and the networker's, first),
    the programme's communities (those the message is for, first) and its wards."""
    targets = list(message.languages.order_by("english_name"))
    codes = {lang.pk for lang in targets}
    own = networker_languages(networker=networker) if networker else []
    extra = [code for code in own if code not in codes]
    if extra:
        targets += list(Language.objects.filter(pk__in=extra).order_by("english_name"))
    languages = sorted(targets, key=lambda lang: (lang.pk not in own, lang.english_name))
    chosen = set(message.communities.values_list("pk", flat=True))
    communities = sorted(
        Community.objects.for_programme(programme),
        key=lambda c: (c.pk not in chosen, c.name.casefold()),
    )
    return {
        "languages": [(lang.pk, str(lang)) for lang in languages],
        "communities": [(str(c.pk), c.name) for c in communities],
        "areas": [(a.pk, a.name) for a in programme_wards(programme=programme)],
    }


# --- The cascade view ----------------------------------------------------------------------


@dataclass
class Row:
    label: str
    reports: Count_
    people: Count_
    key: str = ""


@dataclass
class NotReached:
    message: KeyMessage
    languages: list = field(default_factory=list)
    communities: list = field(default_factory=list)


@dataclass
class Cascade:
    reports: Count_
    people: Count_
    by_language: list[Row]
    by_community: list[Row]
    by_area: list[Row]
    by_channel: list[Row]
    months: list[date]
    by_month: list[tuple[str, list[Count_]]]  # channel label, people per month
    month_totals: list[Count_]
    not_reached: list[NotReached]
    suppressed: bool


Dimension = ReachSummary.Dimension


def _labels(values: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """The names of the languages, communities and areas in the rows (three queries)."""
    codes = values.get(Dimension.LANGUAGE, set()) - {""}
    ids = [int(v) for v in values.get(Dimension.COMMUNITY, set()) if v.isdigit()]
    areas = values.get(Dimension.AREA, set()) - {""}
    return {
        Dimension.LANGUAGE: dict(
            Language.objects.filter(pk__in=codes).values_list("pk", "english_name")
        ),
        Dimension.COMMUNITY: {
            str(pk): name
            for pk, name in Community.objects.filter(pk__in=ids).values_list("pk", "name")
        },
        Dimension.AREA: dict(Area.objects.filter(pk__in=areas).values_list("pk", "name")),
        Dimension.CHANNEL: dict(Channel.choices),
    }


def cascade_view(
    *, programme, message: KeyMessage | None = None, start=None, end=None, suppress: bool
) -> Cascade:
    """Reach by language, community, area and channel, and month by month; which languages
    and communities each message has not reached yet. The same few queries whatever the
    number of reports: the summary's rows, the names in them, and what is not reached."""
    summary = ReachSummary.objects.for_programme(programme).order_by()
    if message is not None:
        summary = summary.filter(message=message)
    if start:
        summary = summary.filter(month__gte=start.replace(day=1))
    if end:
        summary = summary.filter(month__lte=end)
    by_value = list(
        summary.values("dimension", "value").annotate(n=Sum("reports"), people=Sum("people"))
    )
    monthly = list(
        summary.filter(dimension=Dimension.CHANNEL)
        .values("month", "value")
        .annotate(n=Sum("reports"), people=Sum("people"))
    )
    seen: dict[str, set[str]] = {}
    for row in by_value:
        seen.setdefault(row["dimension"], set()).add(row["value"])
    labels = _labels(seen)
    tables: dict[str, list[Row]] = {dimension: [] for dimension in Dimension.values}
    for row in sorted(by_value, key=lambda r: (-(r["people"] or 0), r["value"])):
        tables[row["dimension"]].append(
            Row(
                label=labels[row["dimension"]].get(row["value"], ""),
                reports=shown(row["n"], suppress=suppress),
                people=shown(row["people"], suppress=suppress),
                key=row["value"],
            )
        )
    months = sorted({row["month"] for row in monthly})
    grid: dict[str, dict] = {}
    for row in monthly:
        grid.setdefault(row["value"], {})[row["month"]] = row["people"]
    by_month = [
        (label, [shown(grid[code].get(m), suppress=suppress) for m in months])
        for code, label in Channel.choices
        if code in grid
    ]
    month_totals = [
        shown(sum(grid[code].get(m) or 0 for code in grid), suppress=suppress) for m in months
    ]
    reports = sum(row["n"] or 0 for row in by_value if row["dimension"] == Dimension.CHANNEL)
    people = sum(row["people"] or 0 for row in by_value if row["dimension"] == Dimension.CHANNEL)
    return Cascade(
        reports=shown(reports, suppress=suppress),
        people=shown(people, suppress=suppress),
        by_language=tables[Dimension.LANGUAGE],
        by_community=tables[Dimension.COMMUNITY],
        by_area=tables[Dimension.AREA],
        by_channel=tables[Dimension.CHANNEL],
        months=months,
        by_month=by_month,
        month_totals=month_totals,
        not_reached=not_reached(programme=programme, message=message),
        suppressed=suppress,
    )


def not_reached(*, programme, message: KeyMessage | None = None) -> list[NotReached]:
    """For the message (or every live one): the languages and communities it is for that no
    report has reached yet. Four queries."""
    if message is not None:
        messages = [message]
    else:
        messages = list(KeyMessage.objects.for_programme(programme).live().order_by("ends_on"))
    ids = [m.pk for m in messages]
    reached = set(
        ReachSummary.objects.filter(
            message_id__in=ids, dimension__in=[Dimension.LANGUAGE, Dimension.COMMUNITY]
        )
        .order_by()
        .values_list("message_id", "dimension", "value")
        .distinct()
    )
    Languages = KeyMessage.languages.through
    Communities = KeyMessage.communities.through
    wanted: dict[int, NotReached] = {m.pk: NotReached(message=m) for m in messages}
    for link in (
        Languages.objects.filter(keymessage_id__in=ids)
        .select_related("language")
        .order_by("language__english_name")
    ):
        if (link.keymessage_id, Dimension.LANGUAGE, link.language_id) not in reached:
            wanted[link.keymessage_id].languages.append(link.language)
    for link in (
        Communities.objects.filter(keymessage_id__in=ids)
        .select_related("community")
        .order_by("community__name")
    ):
        if (link.keymessage_id, Dimension.COMMUNITY, str(link.community_id)) not in reached:
            wanted[link.keymessage_id].communities.append(link.community)
    return [item for item in wanted.values() if item.languages or item.communities]


def ending_soon_unreached(*, programme, days: int, day: date | None = None) -> int:
    """How many live messages end within `days` with a language not reached yet. One query."""
    from datetime import timedelta

    from django.utils import timezone

    day = day or timezone.localdate()
    Languages = KeyMessage.languages.through
    reached = ReachSummary.objects.filter(
        message_id=OuterRef("keymessage_id"),
        dimension=ReachSummary.Dimension.LANGUAGE,
        value=OuterRef("language_id"),
    )
    unreached = Languages.objects.filter(keymessage_id=OuterRef("pk")).exclude(Exists(reached))
    return (
        KeyMessage.objects.for_programme(programme)
        .live(day)
        .filter(ends_on__lte=day + timedelta(days=days))
        .filter(Exists(unreached))
        .count()
    )


# --- Questions ------------------------------------------------------------------------------


def question_groups(*, programme, message=None, unanswered: bool = False) -> QuerySet:
    groups = QuestionGroup.objects.for_programme(programme)
    if message is not None:
        groups = groups.filter(message=message)
    if unanswered:
        groups = groups.filter(answered_at=None)
    return (
        groups.select_related("message")
        .annotate(asked=Count("reports"), networkers=Count("reports__networker", distinct=True))
        .order_by("answered_at", "-asked", "-pk")
    )


def question_languages(*, groups) -> dict[int, list[str]]:
    """The languages each group's questions came back in (one query)."""
    found: dict[int, set[str]] = {}
    for group_id, code, english_name in (
        ReachReport.objects.filter(question_group__in=[g.pk for g in groups])
        .order_by()
        .values_list("question_group_id", "language_id", "language__english_name")
        .distinct()
    ):
        found.setdefault(group_id, set()).add(language_name(code, english_name))
    return {pk: sorted(names) for pk, names in found.items()}
