from django.core.management.base import BaseCommand

from bridges.core.tasks import notifications_retry_task


class Command(BaseCommand):
    help = (
        "Queue the retry of email notifications that failed or whose task was lost (each is "
        "tried at most NOTIFICATIONS_MAX_ATTEMPTS times, 5 by default, and never sent twice). "
        "Run every few minutes from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = notifications_retry_task.enqueue()
        self.stdout.write(f"Pending notifications queued for retry ({result.id}).")
