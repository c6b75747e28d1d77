"""Background work for networkers. Thin: each task calls one service.

Two daily jobs queue these tasks; the worker (`manage.py db_worker`) runs them. For example,
in the crontab of the user that runs Bridges:

    15 7 * * *  cd /srv/bridges && .venv/bin/python manage.py send_dbs_reminders
    30 2 * * *  cd /srv/bridges && .venv/bin/python manage.py purge_expired_applications

(or two systemd timers). Running either twice on one day does no harm: a reminder is sent
once per check, and a purge only removes what is past its date.
"""

from django.tasks import task

from . import services


@task
def dbs_reminders_send_task() -> int:
    """Send the DBS renewal reminders that are due (each once)."""
    return services.dbs_reminders_send()


@task
def networker_purge_expired_task() -> int:
    """Delete applications kept past their retention date."""
    return services.networker_purge_expired()
