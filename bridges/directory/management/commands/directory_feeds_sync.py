from django.core.management.base import BaseCommand

from bridges.directory.importers.held import directory_feeds_sync
from bridges.directory.tasks import directory_import_run


class Command(BaseCommand):
    help = (
        "Queue an import of each programme's directory feed that is due (its 'import every' "
        "hours have passed since the last run and no run of it is waiting). Run hourly from "
        "cron or a systemd timer."
    )

    def handle(self, *args, **options):
        started = directory_feeds_sync(task=directory_import_run)
        for record in started:
            self.stdout.write(f"Queued import {record.pk} of {record.source_name}")
        self.stdout.write(f"{len(started)} feed import(s) queued.")
