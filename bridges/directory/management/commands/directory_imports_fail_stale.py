from django.core.management.base import BaseCommand

from bridges.directory.importers.run import directory_imports_fail_stale, timeout_minutes


class Command(BaseCommand):
    help = (
        "Fail directory imports still running DIRECTORY_IMPORT_TIMEOUT_MINUTES after they "
        "started (their worker died). Run it when the task worker starts and from cron."
    )

    def handle(self, *args, **options):
        count = directory_imports_fail_stale()
        self.stdout.write(
            f"{count} imports running for more than {timeout_minutes()} minutes marked failed."
        )
