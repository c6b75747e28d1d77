"""Background work for referrals. Thin: each task calls one service.

The purge is queued by `manage.py purge_referrals` (for example nightly, from cron:
`30 2 * * * cd /srv/bridges && .venv/bin/python manage.py purge_referrals`) or run at once with
`--now`. Running it twice does no harm: a purge touches only referrals not purged yet.

The overdue notices are queued by `manage.py send_referral_overdue_notices` (for example daily:
`35 7 * * * cd /srv/bridges && .venv/bin/python manage.py send_referral_overdue_notices`);
each referral's notice goes once per stage however often it runs.
"""

from django.conf import settings
from django.tasks import task

from . import services


@task
def referral_purge_expired_task() -> int:
    """Delete the personal details of referrals past their retention period or withdrawn."""
    return services.referral_purge_expired()


@task
def referral_overdue_notify_task() -> int:
    """Tell the referrers (and the services' staff) about referrals overdue at this stage."""
    return services.referral_overdue_notify(site_url=settings.SITE_URL)
