from django.core.management.base import BaseCommand

from bridges.referrals import services
from bridges.referrals.tasks import referral_purge_expired_task


class Command(BaseCommand):
    help = (
        "Delete the personal details of referrals closed longer ago than "
        "REFERRALS_RETENTION_MONTHS, and of those whose consent was withdrawn, except those "
        "under a legal hold (anonymous counts stay). Queued for the task worker; --now runs it "
        "here. Run daily from cron or a systemd timer; a second run changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Purge here, not in the worker.")

    def handle(self, *args, **options):
        if options["now"]:
            purged = services.referral_purge_expired()
            self.stdout.write(f"Referral details deleted: {purged}.")
            return
        result = referral_purge_expired_task.enqueue()
        self.stdout.write(f"Referral retention purge queued ({result.id}).")
