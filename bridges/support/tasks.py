"""Background work for support requests. Thin: each task calls one service.

The purge is queued by `manage.py purge_support_requests` (for example nightly, from cron:
`50 2 * * * cd /srv/bridges && .venv/bin/python manage.py purge_support_requests`) or run at once
with `--now`. Running it twice does no harm: a purge touches only requests not purged yet.
"""

from django.tasks import task

from . import services


@task
def support_request_purge_expired_task() -> int:
    """Delete the personal details of support requests past their retention period."""
    return services.support_request_purge_expired()
