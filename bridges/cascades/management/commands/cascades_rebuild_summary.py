"""Recount the cascade view's summary from the reach reports (after an import, or to check it).

manage.py cascades_rebuild_summary [--programme SLUG]
"""

from django.core.management.base import BaseCommand, CommandError

from bridges.accounts.models import Programme
from bridges.cascades.services import summary_rebuild


class Command(BaseCommand):
    help = "Recount the cascade view's summary table from the reach reports."

    def add_arguments(self, parser):
        parser.add_argument("--programme", default="", help="one programme's short name")

    def handle(self, *args, programme="", **options):
        found = None
        if programme:
            found = Programme.objects.filter(slug=programme).first()
            if found is None:
                raise CommandError(f"No programme {programme!r}.")
        rows = summary_rebuild(programme=found)
        self.stdout.write(f"Summary rebuilt: {rows} rows.")
