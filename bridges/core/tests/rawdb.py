"""Look at what the database really holds, below the ORM (and its decryption)."""

from django.db import connection, models


def tables_containing(text: str) -> dict[str, list[str]]:
    """Every table and column whose stored value contains `text` (any case), by raw SQL over
    every column of every table, each cast to text."""
    quote = connection.ops.quote_name
    found: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quote(table)} "  # noqa: S608 (names from the schema)
                    f"WHERE LOWER(CAST({quote(column)} AS TEXT)) LIKE %s",
                    [f"%{text.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.setdefault(table, []).append(column)
    return found


def raw_column(instance: models.Model, field: str):
    """One column of one row as the database holds it (raw SQL: never decrypted)."""
    model = type(instance)
    quote = connection.ops.quote_name
    column = model._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote(column)} FROM {quote(model._meta.db_table)} "  # noqa: S608
            f"WHERE {quote(model._meta.pk.column)} = %s",
            [instance.pk],
        )
        return cursor.fetchone()[0]


def is_fernet_token(value) -> bool:
    """Fernet tokens are URL-safe base64 starting with version byte 0x80 ("gAAAAA")."""
    return isinstance(value, str) and value.startswith("gAAAAA")
