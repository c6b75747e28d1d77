from django.core.management.base import BaseCommand

from bridges.safeguarding.tasks import concern_purge_expired_task


class Command(BaseCommand):
    help = (
        "Queue the deletion of the personal details of safeguarding concerns closed longer "
        "ago than SAFEGUARDING_RETENTION_YEARS_ADULT / _CHILD (anonymous counts stay). "
        "Run daily from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = concern_purge_expired_task.enqueue()
        self.stdout.write(f"Safeguarding retention purge queued ({result.id}).")
