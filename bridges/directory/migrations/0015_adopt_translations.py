"""Listings translated before the content-translation workflow: their translations become
published records of the workflow, approved from the listing's text as it is now (so none is
marked out of date) and crediting nobody. Idempotent; undoing removes only the records it made."""

from django.db import migrations

FIELDS = (
    "name",
    "alert",
    "description",
    "eligibility",
    "referral_how",
    "does_not_do",
    "what_to_bring",
    "fees",
    "complaints",
)
NOTE = "adopted from the listing's earlier translation"


def adopt(apps, schema_editor):
    ServiceTranslation = apps.get_model("directory", "ServiceTranslation")
    Translation = apps.get_model("translations", "Translation")
    from django.utils import timezone

    now = timezone.now()
    existing = set(
        Translation.objects.filter(kind="directory.service").values_list("object_id", "language")
    )
    batch = []
    for copy in ServiceTranslation.objects.select_related("service").iterator(chunk_size=500):
        service = copy.service
        if (str(service.pk), copy.language) in existing:
            continue
        source = {f: getattr(service, f) for f in FIELDS if (getattr(service, f) or "").strip()}
        segments = {f: getattr(copy, f) for f in FIELDS if f in source and getattr(copy, f)}
        batch.append(
            Translation(
                programme_id=service.programme_id,
                kind="directory.service",
                object_id=str(service.pk),
                language=copy.language,
                state="published",
                draft_segments=segments,
                draft_source=source,
                published_segments=segments,
                published_source=source,
                published_at=now,
                publish_note=NOTE,
            )
        )
        if len(batch) >= 500:
            Translation.objects.bulk_create(batch)
            batch = []
    Translation.objects.bulk_create(batch)


def forget(apps, schema_editor):
    Translation = apps.get_model("translations", "Translation")
    Translation.objects.filter(kind="directory.service", publish_note=NOTE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0014_translation_fields"),
        ("translations", "0001_translations"),
    ]

    operations = [migrations.RunPython(adopt, forget)]
