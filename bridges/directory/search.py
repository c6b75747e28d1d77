"""Full-text search of services behind one interface: PostgreSQL text search or SQLite FTS5.

Each service keeps a `search_document` (every language's text, its needs' names and English
keywords), written by `services.service_index`. On PostgreSQL the document is matched with
`to_tsvector('simple', …)` under a GIN index on that expression; on SQLite a FTS5 table
`directory_service_fts` (made by migration 0002) holds a copy, kept in step by the same
service function. A query is expanded through `SearchTerm` synonyms before matching, so a query
in Arabic, Farsi or Polish finds services described in English.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

FTS_TABLE = "directory_service_fts"
_WORD = re.compile(r"\w+", re.UNICODE)


def normalise(text: str) -> str:
    """Case-folded, without accents and Arabic diacritics, for matching synonyms."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


def words(text: str) -> list[str]:
    return _WORD.findall(normalise(text))


def expand(query: str, synonyms: dict[str, set[str]]) -> list[set[str]]:
    """The query as groups of alternatives: every group must match, any word of a group may.

    `synonyms` maps a normalised term (a word or phrase) to the keywords it finds. A whole-query
    match is tried first (phrases like "طبيب أسنان"), then each word."""
    whole = normalise(" ".join(words(query)))
    if whole in synonyms and " " in whole:
        return [{w for keyword in synonyms[whole] for w in words(keyword)[:1]}]
    groups = []
    for word in words(query):
        alternatives = {word}
        for keyword in synonyms.get(word, ()):
            alternatives.update(words(keyword)[:1])
        groups.append(alternatives)
    return groups


def _postgres_query(groups: list[set[str]]) -> str:
    return " & ".join(
        "(" + " | ".join(f"{word}:*" for word in sorted(group)) + ")" for group in groups
    )


def _fts5_query(groups: list[set[str]]) -> str:
    return " AND ".join(
        "(" + " OR ".join(f'"{word}"*' for word in sorted(group)) + ")" for group in groups
    )


def filter_matching(queryset: QuerySet, groups: list[set[str]]) -> QuerySet:
    if not groups:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.alias(
            _matches=RawSQL(  # noqa: S611 (fixed SQL; the query is a parameter)
                "to_tsvector('simple', directory_service.search_document) "
                "@@ to_tsquery('simple', %s)",
                [_postgres_query(groups)],
                output_field=BooleanField(),
            )
        ).filter(_matches=True)
    if connection.vendor == "sqlite":
        return queryset.filter(
            id__in=RawSQL(  # noqa: S611 (fixed SQL; the query is a parameter)
                f"SELECT service_id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [_fts5_query(groups)],
            )
        )
    # Any other database: a plain (slow) containment match on the document.
    for group in groups:
        condition = None
        for word in group:
            q = queryset.model.objects.filter(search_document__icontains=word).values("pk")
            condition = q if condition is None else condition.union(q)
        queryset = queryset.filter(pk__in=condition)
    return queryset


IDS_TABLE = "directory_service_fts_ids"


def _fts_rowids(cursor, service_ids: list[str]) -> list[int]:
    found = []
    for start in range(0, len(service_ids), 500):
        chunk = service_ids[start : start + 500]
        marks = ", ".join(["%s"] * len(chunk))
        cursor.execute(
            f"SELECT fts_rowid FROM {IDS_TABLE} WHERE service_id IN ({marks})",  # noqa: S608
            chunk,
        )
        found += [row[0] for row in cursor.fetchall()]
    return found


def index_delete(service_ids: list[str]) -> None:
    """Remove services from the SQLite FTS5 copy. A FTS5 table can only find rows fast by
    rowid, so `directory_service_fts_ids` (migration 0006) maps service ids to FTS rowids."""
    if connection.vendor != "sqlite" or not service_ids:
        return
    with connection.cursor() as cursor:
        rowids = _fts_rowids(cursor, service_ids)
        cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(r,) for r in rowids])  # noqa: S608
        cursor.executemany(
            f"DELETE FROM {IDS_TABLE} WHERE service_id = %s",  # noqa: S608
            [(i,) for i in service_ids],
        )


def index_replace(rows: list[tuple[str, str]]) -> None:
    """Keep the SQLite FTS5 copy in step: rows of (service id hex, document)."""
    if connection.vendor != "sqlite" or not rows:
        return
    index_delete([row[0] for row in rows])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {FTS_TABLE}")  # noqa: S608
        first = cursor.fetchone()[0] + 1
        numbered = [(first + n, service_id, body) for n, (service_id, body) in enumerate(rows)]
        cursor.executemany(
            f"INSERT INTO {FTS_TABLE} (rowid, service_id, body) VALUES (%s, %s, %s)",  # noqa: S608
            numbered,
        )
        cursor.executemany(
            f"INSERT INTO {IDS_TABLE} (service_id, fts_rowid) VALUES (%s, %s)",  # noqa: S608
            [(service_id, rowid) for rowid, service_id, _ in numbered],
        )
