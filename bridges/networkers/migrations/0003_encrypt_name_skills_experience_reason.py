"""Encrypt a networker's name, skills and lived experience, and the reasons for stage changes.

The columns become encrypted text; then every existing row is read (a stored plain value reads
back as itself) and written again, so it is stored encrypted. Empty values become NULL, as the
encrypted fields store them. Reversing writes the plain values back with raw SQL (saving through
the encrypted field would encrypt them again).
"""

import encrypted_fields.fields
from django.db import migrations

BATCH_SIZE = 500
ENCRYPTED = {"Networker": ["display_name", "skills", "lived_experience"], "StageChange": ["reason"]}


def encrypt_existing(apps, schema_editor):
    for model_name, fields in ENCRYPTED.items():
        model = apps.get_model("networkers", model_name)
        rows = model._base_manager.only("pk", *fields).order_by("pk")
        batch = []
        for row in rows.iterator(chunk_size=BATCH_SIZE):
            batch.append(row)
            if len(batch) >= BATCH_SIZE:
                model._base_manager.bulk_update(batch, fields)
                batch = []
        if batch:
            model._base_manager.bulk_update(batch, fields)


def decrypt_existing(apps, schema_editor):
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    for model_name, fields in ENCRYPTED.items():
        model = apps.get_model("networkers", model_name)
        columns = [model._meta.get_field(name).column for name in fields]
        sql = "UPDATE {} SET {} WHERE {} = %s".format(
            quote(model._meta.db_table),
            ", ".join(f"{quote(column)} = %s" for column in columns),
            quote(model._meta.pk.column),
        )
        rows = model._base_manager.values_list("pk", *fields).order_by("pk")
        with connection.cursor() as cursor:
            for pk, *values in rows.iterator(chunk_size=BATCH_SIZE):
                cursor.execute(sql, [*(value or "" for value in values), pk])


class Migration(migrations.Migration):

    dependencies = [
        ('networkers', '0002_profile_languages_stage_history_dbs'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='networker',
            options={'ordering': ['pk'], 'verbose_name': 'networker', 'verbose_name_plural': 'networkers'},
        ),
        migrations.AlterField(
            model_name='networker',
            name='display_name',
            field=encrypted_fields.fields.EncryptedCharField(max_length=150, verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='networker',
            name='lived_experience',
            field=encrypted_fields.fields.EncryptedTextField(blank=True, null=True, verbose_name='lived experience'),
        ),
        migrations.AlterField(
            model_name='networker',
            name='skills',
            field=encrypted_fields.fields.EncryptedTextField(blank=True, null=True, verbose_name='skills'),
        ),
        migrations.AlterField(
            model_name='stagechange',
            name='reason',
            field=encrypted_fields.fields.EncryptedTextField(blank=True, null=True, verbose_name='reason'),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
