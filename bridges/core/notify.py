"""Email notifications: the one way Bridges sends email.

A notification has a *kind*, named after the app and templates that write it: kind
``"networkers.dbs_reminder"`` renders ``networkers/email/dbs_reminder_subject.txt`` and
``networkers/email/dbs_reminder_body.txt`` (and ``dbs_reminder_body.html`` if there is one) from
the app's templates folder. Its *key* says which event it is about (a check, a completion, an
invitation). ``notification_send``:

1. renders the subject and body in the recipient's language;
2. records a ``core.Notification``; (kind, key) is unique, so asking twice for the same
   notification records it once, and the second request sends nothing;
3. after the surrounding transaction commits (never before, and never if it rolls back), queues
   ``core.tasks.notification_deliver_task``, which the task worker runs.

Delivery first *claims* the notification (pending -> sending, in one conditional UPDATE), so two
workers given the same notification cannot both send it. A failure is logged and recorded
(``attempts``, ``last_error``) and the notification goes back to pending with a later
``next_attempt_at``; the ``send_pending_notifications`` command (run every few minutes) retries
those that are due, up to ``NOTIFICATIONS_MAX_ATTEMPTS`` attempts in all, then marks it failed.
The same command also sends any notification whose queued task was lost (a crash between the
commit and the queue). A message whose sending was interrupted by a crash stays "being sent" and is
not retried: a missed reminder can be seen in the admin, a doubled invitation cannot be unsent.

The text of a message is deleted once it has been sent (it may hold a one-time link); what was
sent to whom, when, stays.

This module is in ``core``: it must not import accounts or any feature app. Callers pass plain
addresses and a language.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

# A queued notification not sent within this time is picked up by send_pending_notifications
# (its task was lost); after a failure the wait doubles with each attempt, from RETRY_AFTER.
LOST_AFTER = timedelta(minutes=10)
RETRY_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Addressee:
    """Who gets a notification, and the language it is written in ("" = the site's default)."""

    to: list[str]
    cc: list[str] = field(default_factory=list)
    language: str = ""


def notification_render(*, kind: str, context: dict, language: str) -> tuple[str, str, str]:
    """The subject, text body and HTML body ("" if there is no HTML template) of a kind."""
    app, name = kind.split(".", 1)
    base = f"{app}/email/{name}"
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
        body = render_to_string(f"{base}_body.txt", context)
        try:
            html = render_to_string(f"{base}_body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return subject[:255], body, html


def notification_send(
    *, kind: str, key: str, addressee: Addressee, context: dict
) -> Notification | None:
    """Record a notification and send it after the current transaction commits.

    Returns the new notification, or None when nothing will be sent: there is no address, or
    the same (kind, key) was recorded before.
    """
    to = sorted({address for address in addressee.to if address})
    cc = sorted({address for address in addressee.cc if address} - set(to))
    if not to or Notification.objects.filter(kind=kind, dedupe_key=key).exists():
        return None
    language = addressee.language or settings.LANGUAGE_CODE
    subject, body, html = notification_render(kind=kind, context=context, language=language)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                dedupe_key=key,
                to=to,
                cc=cc,
                language=language,
                subject=subject,
                body=body,
                html=html,
                next_attempt_at=timezone.now() + LOST_AFTER,
            )
    except IntegrityError:  # the same notification was recorded at the same moment
        return None
    # robust: a queue that cannot be reached is logged and never fails the caller's request;
    # send_pending_notifications picks the notification up later.
    transaction.on_commit(partial(_enqueue, notification.pk), robust=True)
    return notification


def _enqueue(notification_id: int) -> None:
    from .tasks import notification_deliver_task  # tasks imports this module

    notification_deliver_task.enqueue(notification_id=notification_id)


def notification_deliver(*, notification_id: int) -> str:
    """Send one pending notification (the task worker calls this). Returns its new status."""
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.PENDING
    ).update(status=Notification.Status.SENDING, attempts=F("attempts") + 1)
    if not claimed:  # already sent, being sent by another worker, or given up
        return "skipped"
    notification = Notification.objects.get(pk=notification_id)
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body,
        to=notification.to,
        cc=notification.cc,
    )
    if notification.html:
        message.attach_alternative(notification.html, "text/html")
    now = timezone.now()
    try:
        message.send()
    except Exception as error:  # any failure of the mail server is recorded, then retried
        logger.exception(
            "Could not send notification %s (%s), attempt %s",
            notification.pk,
            notification.kind,
            notification.attempts,
        )
        gave_up = notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS
        status = Notification.Status.FAILED if gave_up else Notification.Status.PENDING
        Notification.objects.filter(pk=notification.pk).update(
            status=status,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            next_attempt_at=None
            if gave_up
            else now + RETRY_AFTER * 2 ** (notification.attempts - 1),
        )
        return status
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT,
        sent_at=now,
        body="",
        html="",
        last_error="",
        next_attempt_at=None,
    )
    return Notification.Status.SENT


def notifications_retry(*, now=None) -> int:
    """Send the pending notifications that are due again: those that failed (after their
    wait) and those whose task was lost. Returns how many were sent."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        status=Notification.Status.PENDING, next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    return sum(
        notification_deliver(notification_id=pk) == Notification.Status.SENT for pk in list(due)
    )


def reminders_send(
    *,
    due: models.QuerySet,
    marker: str,
    kind: str,
    message: Callable[[models.Model], tuple[Addressee, dict]],
) -> int:
    """The shape every reminder shares: for each item that is due, mark it as reminded (the
    nullable datetime field `marker`) and record its notification, in one transaction, so a
    reminder goes once per item even if two runs overlap. `message(item)` gives the addressee
    and the template context. Returns how many notifications were recorded."""
    sent = 0
    for item in due:
        with transaction.atomic():
            marked = due.model.objects.filter(pk=item.pk, **{f"{marker}__isnull": True}).update(
                **{marker: timezone.now()}
            )
            if not marked:
                continue
            addressee, context = message(item)
            if notification_send(kind=kind, key=str(item.pk), addressee=addressee, context=context):
                sent += 1
    return sent
