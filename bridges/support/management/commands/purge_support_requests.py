from django.core.management.base import BaseCommand

from bridges.support import services
from bridges.support.tasks import support_request_purge_expired_task


class Command(BaseCommand):
    help = (
        "Delete the contact details, name and message of support requests closed longer ago "
        "than SUPPORT_RETENTION_MONTHS (anonymous counts stay). Queued for the task worker; "
        "--now runs it here. Run daily from cron or a systemd timer; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Purge here, not in the worker.")

    def handle(self, *args, **options):
        if options["now"]:
            purged = services.support_request_purge_expired()
            self.stdout.write(f"Support request details deleted: {purged}.")
            return
        result = support_request_purge_expired_task.enqueue()
        self.stdout.write(f"Support request retention purge queued ({result.id}).")
