"""SQLite only: map service ids to FTS5 rowids, so replacing a service's search entry is a
rowid lookup rather than a scan of the whole FTS5 table."""

from django.db import migrations

FTS = "directory_service_fts"
IDS = "directory_service_fts_ids"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {IDS} (service_id TEXT PRIMARY KEY, fts_rowid INTEGER NOT NULL)"
    )
    schema_editor.execute(
        f"INSERT OR REPLACE INTO {IDS} (service_id, fts_rowid) SELECT service_id, rowid FROM {FTS}"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {IDS}")


class Migration(migrations.Migration):
    dependencies = [("directory", "0005_search_term_programme")]
    operations = [migrations.RunPython(create, drop)]
