"""Seed the needs taxonomy and the multilingual search synonyms from data/needs.json.

Ids are UUID5 of the term code, so every deployment publishes the same taxonomy ids. Idempotent;
the reverse removes only what this migration adds."""

import json
import uuid
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "needs.json"
NAMESPACE = uuid.UUID("6f1c1d6e-5b7a-4d53-9a53-6c1c0bd2a0b1")


def term_id(code):
    return uuid.uuid5(NAMESPACE, f"need:{code}")


def seed(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    SearchTerm = apps.get_model("directory", "SearchTerm")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    taxonomy, _ = Taxonomy.objects.update_or_create(
        id=uuid.uuid5(NAMESPACE, "taxonomy"), defaults=data["taxonomy"]
    )
    for term in data["terms"]:
        TaxonomyTerm.objects.update_or_create(
            id=term_id(term["code"]),
            defaults={
                "taxonomy": taxonomy,
                "code": term["code"],
                "name": term["name"],
                "keywords": term["keywords"],
                "parent_id": term_id(term["parent"]) if term.get("parent") else None,
            },
        )
    for keyword, by_language in data["synonyms"].items():
        for language, terms in by_language.items():
            for term in terms:
                SearchTerm.objects.get_or_create(
                    term=term, keyword=keyword, defaults={"language": language}
                )


def unseed(apps, schema_editor):
    apps.get_model("directory", "SearchTerm").objects.all().delete()
    apps.get_model("directory", "Taxonomy").objects.filter(
        id=uuid.uuid5(NAMESPACE, "taxonomy")
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_search_index")]
    operations = [migrations.RunPython(seed, unseed)]
