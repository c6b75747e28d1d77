"""Background work for training. Thin: each task calls one service.

A daily job queues the task and the worker (`manage.py db_worker`) runs it, for example from the
crontab of the user that runs Bridges:

    20 7 * * *  cd /srv/bridges && .venv/bin/python manage.py send_refresher_reminders

Running it twice on one day does no harm: a reminder is sent once per completion.
"""

from django.tasks import task

from . import services


@task
def refresher_reminders_send_task() -> int:
    """Send the refresher reminders that are due (each once)."""
    return services.refresher_reminders_send()
