"""Full-text search index, per database: a GIN expression index on PostgreSQL, an FTS5 table
on SQLite (kept in step by services.service_index). Other databases get nothing."""

from django.db import migrations

FTS = "directory_service_fts"
GIN = "directory_service_search_gin"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
            "service_id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2')"
        )
        Service = apps.get_model("directory", "Service")
        rows = [(pk.hex, doc) for pk, doc in Service.objects.values_list("pk", "search_document")]
        if rows:
            with schema_editor.connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {FTS} (service_id, body) VALUES (%s, %s)", rows)
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN} ON directory_service "
            "USING gin (to_tsvector('simple', search_document))"
        )


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")
    elif vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_directory")]
    operations = [migrations.RunPython(create, drop)]
