from django.core.management.base import BaseCommand

from bridges.directory.models import Service
from bridges.directory.services import service_index


class Command(BaseCommand):
    help = (
        "Rebuild the search index (postings and vocabulary) of every service. Run once after "
        "migration 0010 on a database that already holds services; saves and imports keep it "
        "up to date after that."
    )

    def handle(self, *args, **options):
        count = service_index(service_ids=Service.objects.values_list("pk", flat=True))
        self.stdout.write(f"Search index rebuilt for {count} services.")
