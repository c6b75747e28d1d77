"""Background work shared by every app. Thin: each task calls one service."""

from django.tasks import task

from . import notify


@task
def notification_deliver_task(notification_id: int) -> str:
    """Send one recorded notification (queued after the transaction that made it commits)."""
    return notify.notification_deliver(notification_id=notification_id)


@task
def notifications_retry_task() -> int:
    """Send the pending notifications that are due again (failed earlier, or lost)."""
    return notify.notifications_retry()
