"""Search of services behind one interface, the same on PostgreSQL and SQLite.

The index: `services.service_index` turns each service's text (its own language and every
translation, its needs' names and keywords, its organisation and places) into `SearchPosting`
rows, one per distinct word, each with the word's stem and the weight of the field it came from
(`WEIGHTS`: a name or need counts more than a description; a translation counts as much as the
source text). Every word also goes into the vocabulary (`SearchWord`) that typo tolerance reads.

A query (`parse`) becomes groups, one per word or per phrase found in the search synonyms
("konto bankowe" → "bank account", both words kept). Each group has alternatives: the words as
written, their stems, synonyms, and, where nothing matched, words of the vocabulary starting with
the word or close to it by trigram similarity (pg_trgm on PostgreSQL, `SearchGram` on SQLite),
which also gives a "did you mean" suggestion. Services are ranked (`rank`) by how many groups
match, then by the weight of what matched, then by name.

Morphology without a stemming library: a light suffix stripper for the Latin and Cyrillic
alphabets (English, Polish, Slovak, Romanian, French, Ukrainian endings) followed by truncation
to `STEM_LENGTH` letters, and Arabic-script article and prefix handling (ال، و، ب، ل، ف، ک).
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F

MAX_QUERY_LENGTH = 200
MAX_WORD_LENGTH = 64
MAX_GROUPS = 8
STEM_LENGTH = 6
FUZZY_THRESHOLD = 0.34

# How much a word counts, by where it is found.
WEIGHTS = {
    "name": 10,
    "need": 8,
    "need_keywords": 6,
    "organisation": 4,
    "parent_need": 3,
    "text": 2,
    "place": 1,
}

# What a match is worth, by how it was made.
EXACT, STEMMED, SYNONYM, SYNONYM_STEMMED, PREFIX, FUZZY = 1.0, 0.75, 1.0, 0.85, 0.6, 0.5

_WORD = re.compile(r"\w+", re.UNICODE)
_FOLD = str.maketrans(
    {
        "ك": "ک",
        "ي": "ی",
        "ى": "ی",
        "ے": "ی",
        "ة": "ه",
        "ۀ": "ه",
        "ہ": "ه",
        "ٱ": "ا",
        "ـ": None,  # tatweel
        "\u200c": None,  # zero-width non-joiner (Persian)
        "ß": "ss",
    }
)


def normalise(text: str) -> str:
    """Case-folded, without accents and Arabic diacritics, Arabic-script letter variants
    unified (ك/ک, ي/ی/ى, ة/ه, أ/إ/آ/ا), for matching."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).translate(_FOLD).strip()


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(normalise(text)) if len(w) <= MAX_WORD_LENGTH]


def _normalised(items) -> tuple[str, ...]:
    return tuple(sorted({normalise(i) for i in items}, key=len, reverse=True))


# Words that say nothing about a need, in the programme's languages: left out of the index and
# of a query (unless a query has nothing else).
STOPWORDS = frozenset(
    _normalised(
        "a an and the of to in on for with at by from or is are be my me i we you it how where "
        "what want need get find help please near "
        "le la les de des du un une et en au aux pour avec sur dans je "
        "și si în cu la pentru un o de din care vreau "
        "i w z ze na do dla o od po jak gdzie chcę szukam "
        "a v vo so na do pre od ako kde chcem "
        "і й в у на до з для як де хочу "
        "na ya wa kwa la za katika ni "
        "و في من على الى إلى عن مع "
        "و در به از با را که برای این است "
        "کا کی کے میں سے کو اور "
        "ናይ".split()
    )
)

_LATIN_SUFFIXES = _normalised(
    [
        # English
        "ations",
        "ation",
        "ings",
        "ing",
        "ies",
        "ied",
        "ed",
        "es",
        "s",
        "ly",
        # Polish, Slovak
        "iego",
        "ego",
        "emu",
        "ach",
        "ami",
        "owi",
        "ów",
        "om",
        "em",
        "ej",
        "ie",
        "y",
        "ą",
        "ę",
        # Romanian
        "ului",
        "ilor",
        "elor",
        "uri",
        "ul",
        "ii",
        "le",
        # Ukrainian
        "ями",
        "ами",
        "ого",
        "ому",
        "ові",
        "ів",
        "ій",
        "ий",
        "их",
        "им",
        "ом",
        "ою",
        "ам",
        "ах",
        "я",
        "а",
        "і",
        "и",
        "у",
        "ю",
        "е",
        "о",
        "ь",
        # Shared endings
        "a",
        "e",
        "i",
        "o",
        "u",
    ]  # fmt: skip
)
_ARABIC_ARTICLES = _normalised(["وال", "بال", "كال", "فال", "لل", "ال"])
_ARABIC_PROCLITICS = _normalised(["و", "ب", "ل", "ف", "ك"])
_ARABIC_SUFFIXES = _normalised(
    ["های", "ها", "ات", "ون", "ين", "ان", "ية", "ه", "ي", "وں"]  # fmt: skip
)


def _script(word: str) -> str:
    first = word[0]
    if "\u0600" <= first <= "\u06ff" or "\u0750" <= first <= "\u077f":
        return "arabic"
    if "\u1200" <= first <= "\u139f":
        return "ethiopic"
    return "other"


def stem(word: str) -> str:
    """A light stem: what the word's inflected and plural forms share (see the module text)."""
    if len(word) <= 3:
        return word
    script = _script(word)
    if script == "ethiopic":
        return word[:4]
    if script == "arabic":
        for article in _ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 2:
                word = word[len(article) :]
                break
        for suffix in _ARABIC_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        return word[:STEM_LENGTH]
    if word.isdigit():
        return word
    for suffix in _LATIN_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word[:STEM_LENGTH]


def variants(word: str) -> list[str]:
    """The word, and for Arabic script the word without a one-letter prefix (و، ب، ل، ف، ک) or
    the article (ال), which may or may not be part of it."""
    found = [word]
    if len(word) >= 4 and _script(word) == "arabic":
        for article in _ARABIC_ARTICLES:
            if word.startswith(article) and len(word) - len(article) >= 2:
                found.append(word[len(article) :])
                break
        if word[0] in _ARABIC_PROCLITICS:
            found.append(word[1:])
    return found


def index_terms(text: str) -> list[str]:
    """The words of a text the index keeps."""
    return [w for w in words(text) if w not in STOPWORDS]


def trigrams(word: str) -> set[str]:
    """Character trigrams as pg_trgm makes them (two spaces before, one after)."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    ga, gb = trigrams(a), trigrams(b)
    return len(ga & gb) / len(ga | gb) if ga and gb else 0.0


# --- Queries --------------------------------------------------------------------------------


@dataclass
class Alternative:
    """Words that together satisfy a group; `quality` is what a full match of them is worth."""

    words: tuple[str, ...]
    quality: float
    kind: str = "exact"


@dataclass
class Group:
    text: str  # what the reader wrote
    alternatives: list[Alternative] = field(default_factory=list)
    from_synonym: bool = False
    close: list[str] = field(default_factory=list)  # words near it, for "did you mean"

    def add(self, words_: tuple[str, ...], quality: float, kind: str = "exact") -> None:
        for alternative in self.alternatives:
            if alternative.words == words_:
                alternative.quality = max(alternative.quality, quality)
                return
        self.alternatives.append(Alternative(words_, quality, kind))


@dataclass
class Query:
    groups: list[Group]
    ignored: str = ""  # why the query was ignored: "null", "too_long", "no_words"


@dataclass
class Synonyms:
    """The search synonyms (term → English keywords), looked up by words and by stems."""

    exact: dict[tuple[str, ...], set[str]]
    stemmed: dict[tuple[str, ...], set[str]]

    @classmethod
    def build(cls, pairs) -> "Synonyms":
        exact: dict[tuple[str, ...], set[str]] = {}
        stemmed: dict[tuple[str, ...], set[str]] = {}
        for term, keyword in pairs:
            key = tuple(words(term))
            key = tuple(w for w in key if w not in STOPWORDS) or key
            if not key:
                continue
            exact.setdefault(key, set()).add(keyword)
            stemmed.setdefault(tuple(stem(w) for w in key), set()).add(keyword)
        return cls(exact, stemmed)

    def find(self, key: tuple[str, ...]) -> tuple[set[str], float]:
        if key in self.exact:
            return self.exact[key], SYNONYM
        stems = tuple(stem(w) for w in key)
        if stems in self.stemmed and all(len(w) >= 4 for w in key):
            return self.stemmed[stems], SYNONYM_STEMMED
        return set(), 0.0

    def single_words(self) -> list[str]:
        return [key[0] for key in self.exact if len(key) == 1]


def _add_synonyms(group: Group, keywords: set[str], quality: float) -> None:
    for keyword in keywords:
        kw = tuple(words(keyword))
        if kw:
            group.add(kw, quality, "synonym")
            group.from_synonym = True


def parse(query: str, synonyms: Synonyms) -> Query:
    """The query as groups of alternatives (see the module text), or why it is ignored."""
    if "\x00" in query:
        return Query([], ignored="null")
    if len(query) > MAX_QUERY_LENGTH:
        return Query([], ignored="too_long")
    tokens = words(query)
    if not tokens:
        return Query([], ignored="no_words" if query.strip() else "")
    kept = [t for t in tokens if t not in STOPWORDS]
    tokens = kept or tokens
    groups: list[Group] = []
    i = 0
    while i < len(tokens) and len(groups) < MAX_GROUPS:
        matched = False
        for length in range(min(4, len(tokens) - i), 1, -1):
            phrase = tuple(tokens[i : i + length])
            keywords, quality = synonyms.find(phrase)
            if keywords:
                group = Group(" ".join(phrase))
                group.add(phrase, EXACT)
                _add_synonyms(group, keywords, quality)
                groups.append(group)
                i += length
                matched = True
                break
        if matched:
            continue
        token = tokens[i]
        group = Group(token)
        group.add((token,), EXACT)
        for n, variant in enumerate(variants(token)):
            if n:
                group.add((variant,), EXACT * 0.9)
            keywords, quality = synonyms.find((variant,))
            _add_synonyms(group, keywords, quality * (0.9 if n else 1.0))
        groups.append(group)
        i += 1
    return Query(groups)


# --- Ranking ---------------------------------------------------------------------------------


@dataclass
class Scored:
    service_id: object
    name: str
    coverage: float
    score: float


def lookups(groups: list[Group]) -> tuple[set[str], set[str]]:
    """The index terms and stems the groups look for."""
    terms, stems = set(), set()
    for group in groups:
        for alternative in group.alternatives:
            for word in alternative.words:
                terms.add(word)
                if alternative.kind not in {"prefix", "fuzzy"}:
                    stems.add(stem(word))
    return terms, stems


def rank(groups: list[Group], rows) -> tuple[list[Scored], set[int]]:
    """Score services from their postings `rows` of (service id, name, term, stem, weight).

    A group's score for a service is its best alternative's: the quality of the alternative
    times the mean, over its words, of the best weight each word is found with (an exact word
    counts fully, a stem `STEMMED`). Coverage is how many groups match (a phrase alternative
    matched in part counts in part). Returns the services best first, and the groups that
    matched anything."""
    by_term: dict[str, list[tuple[int, int, int]]] = {}
    by_stem: dict[str, list[tuple[int, int, int]]] = {}
    for g, group in enumerate(groups):
        for a, alternative in enumerate(group.alternatives):
            for w, word in enumerate(alternative.words):
                by_term.setdefault(word, []).append((g, a, w))
                if alternative.kind not in {"prefix", "fuzzy"}:
                    by_stem.setdefault(stem(word), []).append((g, a, w))
    best: dict[object, dict[tuple[int, int, int], float]] = {}
    names: dict[object, str] = {}
    for service_id, name, term, stem_, weight in rows:
        names[service_id] = name
        found = best.setdefault(service_id, {})
        for slot in by_term.get(term, ()):
            if found.get(slot, 0) < weight:
                found[slot] = float(weight)
        for slot in by_stem.get(stem_, ()):
            value = weight * STEMMED
            if found.get(slot, 0) < value:
                found[slot] = value
    scored = []
    matched_groups: set[int] = set()
    for service_id, found in best.items():
        coverage = score = 0.0
        for g, group in enumerate(groups):
            group_score = group_cover = 0.0
            for a, alternative in enumerate(group.alternatives):
                n = len(alternative.words)
                values = [found.get((g, a, w), 0.0) for w in range(n)]
                hit = sum(1 for v in values if v)
                if not hit:
                    continue
                cover = hit / n
                value = alternative.quality * sum(values) / n
                group_cover = max(group_cover, cover * min(1.0, alternative.quality / 0.75))
                group_score = max(group_score, value)
            if group_cover:
                matched_groups.add(g)
            coverage += group_cover
            score += group_score
        if score:
            scored.append(Scored(service_id, names[service_id], round(coverage, 2), score))
    scored.sort(key=lambda s: (-s.coverage, -s.score, s.name.casefold(), str(s.service_id)))
    return scored, matched_groups


# --- Ranking in the database ----------------------------------------------------------------


@dataclass
class Ranking:
    """One page of a ranked search: the ids shown, how many services match in all, and which
    (group, alternative) pairs matched any service (for coverage and "did you mean")."""

    ids: list
    count: int
    hits: set[tuple[int, int]]
    terms: set[str]  # words of prefix and fuzzy alternatives that matched


def _num(value: float) -> str:
    return f"{value:.6f}"


def _greatest(expressions: list[str], vendor: str) -> str:
    if len(expressions) == 1:
        return expressions[0]
    return ("GREATEST(%s)" if vendor == "postgresql" else "MAX(%s)") % ", ".join(expressions)


def ranking(groups: list[Group], services, *, offset: int = 0, limit: int | None = None) -> Ranking:
    """Rank the services of the queryset `services` for `groups`, in one query, as `rank` does.

    The postings of the query's words and stems are aggregated per service in the database, one
    column per word of each alternative (its best weight: exact, or stemmed at `STEMMED`); the
    coverage and score of each service are computed from those columns, the services filtered
    by joining the queryset (a CROSS JOIN: SQLite then reads the candidates first and looks
    each service up by id, rather than reading every published service), sorted, and only the
    page asked for is read, with the total count and which alternatives matched anything (window
    aggregates over the whole result). `rank` is kept as the plain-Python statement of the same
    ranking (tests compare the two)."""
    from .models import SearchPosting

    vendor = connection.vendor
    slots: list[tuple[int, int, str, bool]] = []  # (group, alternative, word, stemmed too)
    for g, group in enumerate(groups):
        for a, alternative in enumerate(group.alternatives):
            stemmed = alternative.kind not in {"prefix", "fuzzy"}
            for word in alternative.words:
                slots.append((g, a, word, stemmed))
    columns, params = [], []
    weight = "CAST(p.weight AS DOUBLE PRECISION)"  # floating point: cheaper than numeric
    for n, (_g, _a, word, stemmed) in enumerate(slots):
        if stemmed:
            columns.append(
                f"MAX(CASE WHEN p.term = %s THEN {weight} "
                f"WHEN p.stem = %s THEN {weight} * {_num(STEMMED)} END) AS s{n}"
            )
            params += [word, stem(word)]
        else:
            columns.append(f"MAX(CASE WHEN p.term = %s THEN {weight} END) AS s{n}")
            params.append(word)
    # A word's own postings have its stem too, so a word that is also looked up by its stem
    # needs no lookup of its own: one index range per stem.
    terms = sorted({word for _g, _a, word, stemmed in slots if not stemmed})
    stems = sorted({stem(word) for _g, _a, word, stemmed in slots if stemmed})
    where = []
    if terms:
        where.append(f"p.term IN ({', '.join(['%s'] * len(terms))})")
        params += terms
    if stems:
        where.append(f"p.stem IN ({', '.join(['%s'] * len(stems))})")
        params += stems
    postings = (
        f"SELECT p.service_id, {', '.join(columns)} "  # noqa: S608
        f"FROM {SearchPosting._meta.db_table} p WHERE {' OR '.join(where)} GROUP BY p.service_id"
    )
    covers, scores, flags = [], [], []
    n = 0
    for g, group in enumerate(groups):
        group_covers, group_scores = [], []
        for a, alternative in enumerate(group.alternatives):
            count = len(alternative.words)
            cells = [f"s{n + w}" for w in range(count)]
            hit = " + ".join(f"(CASE WHEN {c} IS NULL THEN 0 ELSE 1 END)" for c in cells)
            total = " + ".join(f"COALESCE({c}, 0)" for c in cells)
            factor = min(1.0, alternative.quality / 0.75) / count
            group_covers.append(f"({hit}) * {_num(factor)}")
            group_scores.append(f"({total}) * {_num(alternative.quality / count)}")
            flags.append(f"MAX({hit}) OVER () AS h{g}_{a}")
            n += count
        covers.append(_greatest(group_covers, vendor))
        scores.append(_greatest(group_scores, vendor))
    try:
        service_sql, service_params = (
            services.order_by()
            .annotate(rank_id=F("pk"), rank_name=F("name"))
            .values_list("rank_id", "rank_name")
            .query.sql_with_params()
        )
    except EmptyResultSet:
        return Ranking([], 0, set(), set())
    sql = (
        f"SELECT m.service_id, CAST(({' + '.join(covers)}) * 100 + 0.5 AS INTEGER) AS coverage, "  # noqa: S608
        f"{' + '.join(scores)} AS score, COUNT(*) OVER () AS total, {', '.join(flags)} "
        f"FROM ({postings}) m CROSS JOIN ({service_sql}) f WHERE f.rank_id = m.service_id "
        f"ORDER BY coverage DESC, score DESC, LOWER(f.rank_name), f.rank_id"
    )
    params += list(service_params)
    if limit is not None:
        sql += " LIMIT %s OFFSET %s"
        params += [limit, offset]
    to_python = SearchPosting._meta.get_field("service").target_field.to_python
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return Ranking([], 0, set(), set())
    first = rows[0]
    hits, names = set(), set()
    column = 4
    for g, group in enumerate(groups):
        for a, alternative in enumerate(group.alternatives):
            if first[column]:
                hits.add((g, a))
                if alternative.kind in {"prefix", "fuzzy"}:
                    names.update(alternative.words)
            column += 1
    return Ranking([to_python(row[0]) for row in rows], first[3], hits, names)


# --- Typo tolerance ---------------------------------------------------------------------------


def has_pg_trgm() -> bool:
    """Whether the database has pg_trgm (created by migration 0010 where allowed)."""
    if connection.vendor != "postgresql":
        return False
    cached = getattr(connection, "_bridges_pg_trgm", None)
    if cached is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            cached = cursor.fetchone() is not None
        connection._bridges_pg_trgm = cached
    return cached


def prefixed(word: str, limit: int = 12) -> list[str]:
    """Vocabulary words that start with `word` (at least three letters)."""
    from .models import SearchWord

    if len(word) < 3:
        return []
    found = (
        SearchWord.objects.filter(word__gte=word, word__lt=word + "\U0010ffff")
        .order_by("word")
        .values_list("word", flat=True)[: limit * 2]
    )
    return [w for w in found if w.startswith(word) and w != word][:limit]


def close_words(word: str, extra: list[str] = (), limit: int = 3) -> list[tuple[str, float]]:
    """Vocabulary (and `extra`) words nearest `word` by trigram similarity, best first."""
    from .models import SearchGram

    if len(word) < 3 or word.isdigit():
        return []
    candidates: dict[str, float] = {}
    if has_pg_trgm():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, similarity(word, %s) FROM directory_searchword "
                "WHERE word %% %s ORDER BY 2 DESC, word LIMIT 10",
                [word, word],
            )
            for found, _ in cursor.fetchall():
                candidates[found] = similarity(word, found)
    else:
        grams = sorted(trigrams(word))
        rows = (
            SearchGram.objects.filter(gram__in=grams)
            .values_list("word__word")
            .annotate(shared=_count())
            .order_by("-shared")[:40]
        )
        for found, _ in rows:
            candidates[found] = similarity(word, found)
    for found in extra:
        if abs(len(found) - len(word)) <= 3:
            candidates[found] = similarity(word, found)
    ranked = sorted(
        ((w, s) for w, s in candidates.items() if s >= FUZZY_THRESHOLD and w != word),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return ranked[:limit]


def _count():
    from django.db.models import Count

    return Count("id")


def index_vocabulary(terms: set[str]) -> None:
    """Add new words to the vocabulary (and their trigrams, where pg_trgm is not there)."""
    from .models import SearchGram, SearchWord

    terms = {t for t in terms if len(t) >= 3 and not t.isdigit()}
    if not terms:
        return
    ordered = sorted(terms)
    existing = set()
    for start in range(0, len(ordered), 500):
        existing.update(
            SearchWord.objects.filter(word__in=ordered[start : start + 500]).values_list(
                "word", flat=True
            )
        )
    new = [t for t in ordered if t not in existing]
    if not new:
        return
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in new], batch_size=1000, ignore_conflicts=True
    )
    if has_pg_trgm():
        return
    grams = []
    for start in range(0, len(new), 500):
        for pk, word in SearchWord.objects.filter(word__in=new[start : start + 500]).values_list(
            "pk", "word"
        ):
            grams += [SearchGram(gram=g, word_id=pk) for g in trigrams(word)]
    SearchGram.objects.bulk_create(grams, batch_size=2000, ignore_conflicts=True)
