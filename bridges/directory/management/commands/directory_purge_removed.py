from django.core.management.base import BaseCommand

from bridges.directory.services import removed_purge_days, removed_services_purge


class Command(BaseCommand):
    help = (
        "Delete for good the directory listings removed more than DIRECTORY_REMOVED_PURGE_DAYS "
        "days ago, with their history. Run daily from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        count = removed_services_purge()
        self.stdout.write(
            f"{count} listing(s) removed more than {removed_purge_days()} days ago deleted."
        )
