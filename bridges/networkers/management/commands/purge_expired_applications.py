from django.core.management.base import BaseCommand

from bridges.networkers.tasks import networker_purge_expired_task


class Command(BaseCommand):
    help = (
        "Queue the deletion of networker applications kept past their retention date. "
        "Run daily from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = networker_purge_expired_task.enqueue()
        self.stdout.write(f"Retention purge queued ({result.id}).")
