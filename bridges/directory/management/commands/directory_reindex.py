from django.core.management.base import BaseCommand

from bridges.directory.models import SearchPosting, Service
from bridges.directory.services import service_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index (postings and vocabulary) of every service. Needed once after "
        "migration 0010 on a database that already holds services (`make run` does it with "
        "--if-missing); saves and imports keep it up to date after that."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Only when there are services and no index at all (an upgraded database).",
        )

    def handle(self, *args, **options):
        if options["if_missing"] and (
            SearchPosting.objects.exists() or not Service.objects.exists()
        ):
            return
        count = service_index(service_ids=Service.objects.values_list("pk", flat=True))
        self.stdout.write(f"Search index rebuilt for {count} services.")
