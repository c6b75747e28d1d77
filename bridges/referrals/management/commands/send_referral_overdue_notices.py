from django.core.management.base import BaseCommand

from bridges.referrals.tasks import referral_overdue_notify_task


class Command(BaseCommand):
    help = (
        "Queue the notices about open referrals with no change for more than "
        "REFERRALS_OVERDUE_DAYS days: to the referrer, and to the receiving service's staff "
        "unless the loop is assisted; once per stage, the emails name nobody. Run daily from "
        "cron or a systemd timer."
    )

    def handle(self, *args, **options):
        result = referral_overdue_notify_task.enqueue()
        self.stdout.write(f"Referral overdue notices queued ({result.id}).")
