from django.core.management.base import BaseCommand

from bridges.safeguarding.tasks import concern_overdue_notify_task


class Command(BaseCommand):
    help = (
        "Queue the notices to safeguarding leads about concerns not acknowledged within their "
        "programme's deadline (once when it passes, a reminder once more a deadline later; "
        "the emails say nothing of the concern). Run every 15 minutes from cron or a systemd "
        "timer."
    )

    def handle(self, *args, **options):
        result = concern_overdue_notify_task.enqueue()
        self.stdout.write(f"Safeguarding overdue notices queued ({result.id}).")
