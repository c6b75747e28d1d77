"""Encrypt what a member of the public typed into a "this listing is wrong" report.

The columns become encrypted text; then every existing report is read (a stored plain value
reads back as itself) and written again, so it is stored encrypted. Empty values become NULL,
as the encrypted fields store them. Reversing writes the plain values back with raw SQL.
"""

import encrypted_fields.fields
from django.db import migrations

BATCH_SIZE = 500
FIELDS = ["details", "reporter_email"]


def encrypt_existing(apps, schema_editor):
    model = apps.get_model("directory", "ListingReport")
    batch = []
    for row in model._base_manager.only("pk", *FIELDS).order_by("pk").iterator(BATCH_SIZE):
        batch.append(row)
        if len(batch) >= BATCH_SIZE:
            model._base_manager.bulk_update(batch, FIELDS)
            batch = []
    if batch:
        model._base_manager.bulk_update(batch, FIELDS)


def decrypt_existing(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    model = apps.get_model("directory", "ListingReport")
    columns = [model._meta.get_field(name).column for name in FIELDS]
    sql = "UPDATE {} SET {} WHERE {} = %s".format(
        quote(model._meta.db_table),
        ", ".join(f"{quote(column)} = %s" for column in columns),
        quote(model._meta.pk.column),
    )
    rows = model._base_manager.values_list("pk", *FIELDS).order_by("pk")
    with connection.cursor() as cursor:
        for pk, *values in rows.iterator(chunk_size=BATCH_SIZE):
            cursor.execute(sql, [*(value or "" for value in values), pk])


class Migration(migrations.Migration):

    dependencies = [
        ('directory', '0008_search_terms_unique_per_programme'),
    ]

    operations = [
        migrations.AlterField(
            model_name='listingreport',
            name='details',
            field=encrypted_fields.fields.EncryptedTextField(blank=True, null=True, verbose_name='details'),
        ),
        migrations.AlterField(
            model_name='listingreport',
            name='reporter_email',
            field=encrypted_fields.fields.EncryptedEmailField(blank=True, max_length=254, null=True, verbose_name='your email (optional)'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
