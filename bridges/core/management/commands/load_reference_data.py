from pathlib import Path

from django.core.management.base import BaseCommand

from bridges.core.models import Area
from bridges.core.reference import SHIPPED_BOUNDARIES, reference_data_load


class Command(BaseCommand):
    help = "Load languages (ISO 639), countries (ISO 3166) and ONS areas with their boundaries."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Skip if areas are loaded.")
        parser.add_argument("--boundaries-dir", type=Path, default=SHIPPED_BOUNDARIES)

    def handle(self, *args, if_empty: bool, boundaries_dir: Path, **options):
        if if_empty and Area.objects.exists():
            self.stdout.write("Reference data already loaded.")
            return
        counts = reference_data_load(boundaries_dir=boundaries_dir)
        self.stdout.write(
            self.style.SUCCESS(
                "Loaded {languages} languages, {countries} countries, {areas} areas.".format(
                    **counts
                )
            )
        )
