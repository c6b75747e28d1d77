from django.core.management.base import BaseCommand

from bridges.directory.importers.run import directory_imports_fail_stale, timeout_minutes


class Command(BaseCommand):
    help = (
        "Fail directory imports whose worker died, or still running "
        "DIRECTORY_IMPORT_TIMEOUT_MINUTES after they started. Run it when the task worker "
        "starts and from cron."
    )

    def handle(self, *args, **options):
        count = directory_imports_fail_stale()
        self.stdout.write(
            f"{count} imports marked failed (worker stopped, or running for more than "
            f"{timeout_minutes()} minutes)."
        )
