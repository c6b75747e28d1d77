"""Shared search words of the second pass (data/search_words.json): Slovak, Swahili and French,
phrases people type, and phrases moved from a one-word keyword to the phrase they mean
("konto bankowe" finds "bank account", not every bank). Idempotent; the reverse removes what
this migration adds (the moved words come back with 0003's data on a fresh database)."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "search_words.json"


def seed(apps, schema_editor):
    SearchTerm = apps.get_model("directory", "SearchTerm")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for keyword, terms in data["moved"].items():
        SearchTerm.objects.filter(programme=None, keyword=keyword, term__in=terms).delete()
    for keyword, by_language in data["synonyms"].items():
        for language, terms in by_language.items():
            for term in terms:
                SearchTerm.objects.get_or_create(
                    programme=None, term=term, keyword=keyword, defaults={"language": language}
                )


def unseed(apps, schema_editor):
    SearchTerm = apps.get_model("directory", "SearchTerm")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for keyword, by_language in data["synonyms"].items():
        for terms in by_language.values():
            SearchTerm.objects.filter(programme=None, keyword=keyword, term__in=terms).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0010_search_postings")]
    operations = [migrations.RunPython(seed, unseed)]
