from django.core.management.base import BaseCommand

from ...importers.run import statistics_imports_fail_stale


class Command(BaseCommand):
    help = "Fail statistics imports left running by a worker that died (run at worker start)."

    def handle(self, *args, **options):
        count = statistics_imports_fail_stale()
        self.stdout.write(f"Failed {count} statistics imports left running.")
