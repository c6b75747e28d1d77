from django.core.management.base import BaseCommand

from bridges.training.tasks import refresher_reminders_send_task


class Command(BaseCommand):
    help = (
        "Queue the daily training refresher reminders (one email per completion whose refresher "
        "is due within TRAINING_REFRESHER_WARNING_DAYS, 60 by default, sent once). Run daily "
        "from cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = refresher_reminders_send_task.enqueue()
        self.stdout.write(f"Training refresher reminders queued ({result.id}).")
