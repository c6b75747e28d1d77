"""Re-encrypt every encrypted column with the current first key, after a key rotation.

Walks every installed model (the history tables of django-simple-history included), finds its
encrypted fields and rewrites, in batches, the rows whose stored value was not written with
the current first key. Only the encrypted columns are written: no `updated_at`, no history
rows, no signals. One transaction per model, so a failure leaves that model as it was.

A stored value that no configured key can decrypt is left alone and reported: rewriting it
would encrypt the ciphertext itself and lose the data. The command then exits with an error,
so do not remove the old key until it runs cleanly.
"""

import json

from cryptography.fernet import Fernet, InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast
from encrypted_fields.fields import EncryptedFieldMixin, EncryptedJSONField

BATCH_SIZE = 500


def encrypted_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and isinstance(field, EncryptedFieldMixin)
    ]


def models_with_encrypted_fields() -> list[tuple[type[models.Model], list[models.Field]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        if fields := encrypted_fields(model):
            found.append((model, fields))
    return sorted(found, key=lambda item: item[0]._meta.label)


def _tokens(field: models.Field, raw: str) -> list[str]:
    """The Fernet tokens in one stored value (a JSON field encrypts each leaf)."""
    if isinstance(field, EncryptedJSONField):
        leaves, stack = [], [json.loads(raw)]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack.extend(value.values())
            elif isinstance(value, list):
                stack.extend(value)
            elif value is not None:
                leaves.append(str(value))
        return leaves
    return [raw]


def stored_state(field: models.Field, raw) -> str:
    """ "empty", "current" (written with the first key), "old" (another configured key) or
    "unreadable" (no configured key decrypts it)."""
    if raw is None or raw == "":
        return "empty"
    first = Fernet(field.keys[0])
    state = "current"
    try:
        tokens = _tokens(field, raw)
    except ValueError:
        return "unreadable"
    for token in tokens:
        data = token.encode("utf-8")
        try:
            first.decrypt(data)
            continue
        except InvalidToken:
            pass
        try:
            field.f.decrypt(data)
        except InvalidToken:
            return "unreadable"
        state = "old"
    return state


class Command(BaseCommand):
    help = (
        "Rewrite every encrypted field with the current first key (FIELD_ENCRYPTION_KEY), "
        "history tables included. Run after putting a new key first, before removing the old."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Count what would be rewritten, without writing anything.",
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, dry_run: bool, batch_size: int, **options):
        total_unreadable = 0
        for model, fields in models_with_encrypted_fields():
            with transaction.atomic():
                counts = self.reencrypt_model(model, fields, dry_run=dry_run, batch_size=batch_size)
            total_unreadable += counts["unreadable"]
            verb = "would rewrite" if dry_run else "rewrote"
            self.stdout.write(
                f"{model._meta.label}: {counts['rows']} rows, {verb} {counts['rewritten']}, "
                f"already current {counts['current']}, unreadable {counts['unreadable']} "
                f"({', '.join(field.name for field in fields)})"
            )
        if total_unreadable:
            raise CommandError(
                f"{total_unreadable} rows hold values that no configured key can decrypt; "
                "they were left unchanged. Keep every old key until this is resolved."
            )
        if dry_run:
            self.stdout.write("Dry run: nothing was written.")

    def reencrypt_model(self, model, fields, *, dry_run: bool, batch_size: int) -> dict:
        manager = model._base_manager
        raw_names = {field.name: f"_raw_{field.name}" for field in fields}
        queryset = (
            manager.only(model._meta.pk.name, *(field.name for field in fields))
            .annotate(
                **{
                    raw_names[field.name]: Cast(field.name, output_field=models.TextField())
                    for field in fields
                }
            )
            .order_by(model._meta.pk.name)
        )
        counts = {"rows": 0, "rewritten": 0, "current": 0, "unreadable": 0}
        batch = []
        for obj in queryset.iterator(chunk_size=batch_size):
            counts["rows"] += 1
            states = {stored_state(field, getattr(obj, raw_names[field.name])) for field in fields}
            if "unreadable" in states:
                counts["unreadable"] += 1
            elif "old" in states:
                counts["rewritten"] += 1
                batch.append(obj)
            else:
                counts["current"] += 1
            if len(batch) >= batch_size:
                self._write(manager, batch, fields, dry_run=dry_run)
                batch = []
        self._write(manager, batch, fields, dry_run=dry_run)
        return counts

    @staticmethod
    def _write(manager, batch, fields, *, dry_run: bool) -> None:
        if batch and not dry_run:
            manager.bulk_update(batch, [field.name for field in fields], batch_size=len(batch))
