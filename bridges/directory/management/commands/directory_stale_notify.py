from django.core.management.base import BaseCommand

from bridges.directory.tasks import directory_stale_notify


class Command(BaseCommand):
    help = (
        "Queue the emails to owners of directory listings not checked for "
        "DIRECTORY_STALE_AFTER_DAYS days (at most once per period per listing). Run daily from "
        "cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = directory_stale_notify.enqueue()
        self.stdout.write(f"Stale listing emails queued ({result.id}).")
