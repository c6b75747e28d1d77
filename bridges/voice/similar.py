"""Merge suggestions: the open issues most like what someone is typing.

An issue's summary and details (and, where they exist, their published translations) become
stems with the directory search's normalisation (bridges/directory/search.py: case, accents,
Arabic-script letter variants, stop words, light suffix stripping), one `IssueTerm` row per
distinct stem. A query's stems are looked up in that index, and issues are ranked by how many
of the query's stems they share, then newest first. One indexed query (bench/RESULTS.md).
"""

from django.db.models import Count

from bridges.directory.search import index_terms, stem

from .models import Issue, IssueTerm

MAX_QUERY_STEMS = 12
MIN_SHARED = 1
LIMIT = 5


def stems(text: str) -> list[str]:
    found: list[str] = []
    for word in index_terms(text):
        term = stem(word)[:64]
        if term and term not in found:
            found.append(term)
    return found


def suggestions(*, programme, text: str, exclude: int | None = None, limit: int = LIMIT) -> list:
    """The open issues of `programme` sharing the most stems with `text`, best first."""
    query = stems(text)[:MAX_QUERY_STEMS]
    if not query:
        return []
    # With one word, any shared word counts; with more, at least two must match (so "the
    # housing" alone does not bring every housing issue).
    needed = MIN_SHARED if len(query) < 3 else 2
    rows = (
        IssueTerm.objects.filter(programme=programme, is_open=True, term__in=query)
        .values("issue")
        .annotate(shared=Count("issue"))
        .filter(shared__gte=needed)
        .order_by("-shared", "-issue")
    )
    if exclude:
        rows = rows.exclude(issue=exclude)
    ranked = [(row["issue"], row["shared"]) for row in rows[:limit]]
    issues = Issue.objects.in_bulk([pk for pk, _shared in ranked])
    return [(issues[pk], shared, len(query)) for pk, shared in ranked if pk in issues]


def baseline(*, programme, text: str, limit: int = LIMIT) -> list:
    """What the suggestions would cost without the index: every open issue's text searched for
    each word (the benchmark's baseline)."""
    from django.db.models import Q

    words = index_terms(text)[:MAX_QUERY_STEMS]
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(summary__icontains=word) | Q(detail__icontains=word)
    return list(
        Issue.objects.for_programme(programme).open().filter(condition).order_by("-pk")[:limit]
    )
