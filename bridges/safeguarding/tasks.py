"""Background work for safeguarding. Thin: each task calls one service.

Two jobs queue these tasks; the worker (`manage.py db_worker`) runs them. For example, in the
crontab of the user that runs Bridges:

    */15 * * * *  cd /srv/bridges && .venv/bin/python manage.py send_concern_overdue_notices
    40 2 * * *    cd /srv/bridges && .venv/bin/python manage.py purge_expired_concerns

Running either twice does no harm: each notice goes once per concern and stage, and a purge
touches only concerns not purged yet.
"""

from django.conf import settings
from django.tasks import task

from . import services


@task
def concern_overdue_notify_task() -> int:
    """Tell the leads about concerns not acknowledged in time (each stage once)."""
    return services.concern_overdue_notify(site_url=settings.SITE_URL)


@task
def concern_purge_expired_task() -> int:
    """Delete the personal details of concerns past their retention period."""
    return services.concern_purge_expired()
