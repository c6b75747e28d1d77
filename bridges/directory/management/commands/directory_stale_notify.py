from django.core.management.base import BaseCommand

from bridges.directory.services import stale_after_days, stale_listings_notify


class Command(BaseCommand):
    help = (
        "Email the owners of directory listings not checked for DIRECTORY_STALE_AFTER_DAYS days "
        "(at most once per period per listing). Run daily from cron or the task worker."
    )

    def handle(self, *args, **options):
        count = stale_listings_notify()
        self.stdout.write(f"{count} listings older than {stale_after_days()} days flagged.")
