"""Each record's language codes kept on the record (`language_codes`, filled from the links
here), and on PostgreSQL GIN indexes on the needs and the language codes, so that the
coordinator's filters by need and language are index look-ups (`@>` containment) with a
million records. SQLite keeps its plain matches and gets no index."""

from django.db import migrations, models

INDEXES = {
    "contact_needs_gin": "needs",
    "contact_language_codes_gin": "language_codes",
}


def fill_and_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            "UPDATE contacts_contactrecord AS r SET language_codes = links.codes FROM ("
            "SELECT contactrecord_id, jsonb_agg(language_id ORDER BY language_id) AS codes "
            "FROM contacts_contactrecord_languages GROUP BY contactrecord_id) AS links "
            "WHERE links.contactrecord_id = r.id"
        )
        for name, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON contacts_contactrecord "
                f"USING gin ({column} jsonb_path_ops)"
            )
    elif vendor == "sqlite":
        schema_editor.execute(
            "UPDATE contacts_contactrecord SET language_codes = COALESCE(("
            "SELECT json_group_array(language_id) FROM (SELECT language_id "
            "FROM contacts_contactrecord_languages AS l "
            "WHERE l.contactrecord_id = contacts_contactrecord.id ORDER BY language_id)), '[]')"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("contacts", "0002_log_in_order_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="contactrecord",
            name="language_codes",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_and_index, drop_indexes),
    ]
