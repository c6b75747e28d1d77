from django.core.management.base import BaseCommand

from bridges.networkers.tasks import dbs_reminders_send_task


class Command(BaseCommand):
    help = (
        "Queue the daily DBS renewal reminders (one email per check due within 60 days, "
        "sent once). Run daily from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = dbs_reminders_send_task.enqueue()
        self.stdout.write(f"DBS renewal reminders queued ({result.id}).")
