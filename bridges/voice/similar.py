"""Merge suggestions: the open issues most like what someone is typing.

An issue's summary and details (and, where they exist, their published translations) become
stems with the directory search's normalisation (bridges/directory/search.py: case, accents,
Arabic-script letter variants, stop words, light suffix stripping), one `IssueTerm` row per
distinct stem. A query's stems are looked up in that index, and issues are ranked by how many
of the query's stems they share, then newest first (`suggestions`; bench/RESULTS.md).
"""

from django.db.models import Count

from bridges.directory.search import index_terms, stem

from .models import Issue, IssueTerm

MAX_QUERY_STEMS = 12
MIN_SHARED = 1
LIMIT = 5
# Postings read to find candidates, and how many candidates are scored on every stem.
CANDIDATE_ROWS = 3_000
CANDIDATES = 50


def stems(text: str) -> list[str]:
    found: list[str] = []
    for word in index_terms(text):
        term = stem(word)[:64]
        if term and term not in found:
            found.append(term)
    return found


def suggestions(*, programme, text: str, exclude: int | None = None, limit: int = LIMIT) -> list:
    """The open issues of `programme` sharing the most stems with `text`, best first.

    Three indexed queries, however many issues there are: how many open issues hold each typed
    stem; the candidates among the issues holding the rarest stems (the words that say most
    about an issue, as inverse document frequency does), up to about CANDIDATE_ROWS postings;
    then those candidates scored on every typed stem."""
    query = stems(text)[:MAX_QUERY_STEMS]
    if not query:
        return []
    open_terms = IssueTerm.objects.filter(programme=programme, is_open=True)
    frequency = dict(
        open_terms.filter(term__in=query)
        .values_list("term")
        .annotate(n=Count("pk"))
        .values_list("term", "n")
    )
    if not frequency:
        return []
    chosen, postings = [], 0
    for term in sorted(frequency, key=lambda t: (frequency[t], t)):
        if chosen and postings + frequency[term] > CANDIDATE_ROWS:
            break
        chosen.append(term)
        postings += frequency[term]
    candidates = (
        open_terms.filter(term__in=chosen)
        .values("issue")
        .annotate(shared=Count("issue"))
        .order_by("-shared", "-issue")
    )
    if exclude:
        candidates = candidates.exclude(issue=exclude)
    candidate_ids = [row["issue"] for row in candidates[:CANDIDATES]]
    if not candidate_ids:
        return []
    # With one or two words, any shared word counts; with more, at least two must match (so
    # "the housing" alone does not bring every housing issue).
    needed = MIN_SHARED if len(query) < 3 else 2
    scored = (
        IssueTerm.objects.filter(issue__in=candidate_ids, term__in=query)
        .values("issue")
        .annotate(shared=Count("issue"))
        .filter(shared__gte=needed)
        .order_by("-shared", "-issue")
    )
    ranked = [(row["issue"], row["shared"]) for row in scored[:limit]]
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
