from django.core.management.base import BaseCommand, CommandError

from ...importers import run
from ...models import Dataset
from ...shipped import SHIPPED


class Command(BaseCommand):
    help = (
        "Load the national statistics shipped with Bridges (Census 2021 and NINo registrations "
        "for Yorkshire and The Humber; see bridges/statistics/data/SOURCE.md). Run after "
        "load_reference_data: figures are checked against the loaded areas."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Skip if national statistics are loaded."
        )

    def handle(self, *args, if_empty: bool, **options):
        if if_empty and Dataset.objects.shared().exists():
            self.stdout.write("Statistics already loaded.")
            return
        total = left_out = 0
        for path, layout in SHIPPED:
            record = run.statistics_import_create(
                programme=None,
                user=None,
                source_name=path.name,
                layout=layout,
                payload=path.read_bytes(),
            )
            record = run.statistics_import_execute(import_id=record.pk)
            if record.status != record.Status.DONE:
                raise CommandError(f"{path.name}: {record.failure}")
            total += record.created_count + record.updated_count
            left_out += record.skipped_count
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {total} figures from {len(SHIPPED)} files ({left_out} figures left out: "
                "areas not among the loaded boundaries)."
            )
        )
