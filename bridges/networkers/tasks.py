"""Background work for networkers. Thin: each task calls one service."""

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
