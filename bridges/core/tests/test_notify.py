"""The notification service: once per (kind, key), only after commit, failures retried."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from bridges.core.models import Notification
from bridges.core.notify import Addressee, notification_send, notifications_retry
from bridges.core.tasks import notification_deliver_task

KIND = "directory.change_proposed"  # any kind with templates will do
CONTEXT = {"service": {"name": "Canal Street Surgery"}}
# Nothing listens on port 1: a real connection refused, not a mock.
UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 1, "timeout": 5},
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def send(key="change-1", to=("coordinator@example.org",), language=""):
    return notification_send(
        kind=KIND, key=key, addressee=Addressee(to=list(to), language=language), context=CONTEXT
    )


@pytest.mark.django_db
def test_the_message_comes_from_the_templates_in_the_recipients_language(
    django_capture_on_commit_callbacks,
):
    context = {
        "completion": {"module": {"title": "Safeguarding"}},
        "networker": {"display_name": "Amina", "programme": {"name": "Northgate"}},
    }
    with django_capture_on_commit_callbacks(execute=True):
        for language in ("en", "ar"):
            notification_send(
                kind="training.refresher_reminder",
                key=language,
                addressee=Addressee(to=["amina@example.org"], language=language),
                context=context,
            )
    english, arabic = mail.outbox
    assert english.subject == "Training refresher due: Safeguarding"
    # The name is isolated (FSI … PDI), so it reads right in any script.
    assert "Dear \u2068Amina\u2069" in english.body and "Northgate" in english.body
    assert "Safeguarding" in arabic.subject and "refresher" not in arabic.subject
    assert "Amina" in arabic.body and "Dear" not in arabic.body
    sent = Notification.objects.get(dedupe_key="ar")
    assert sent.status == Notification.Status.SENT and sent.attempts == 1
    assert sent.language == "ar" and sent.body == ""  # the text is not kept once sent


@pytest.mark.django_db
def test_asking_twice_sends_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = send()
        second = send()
    assert first is not None and second is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    # The worker given the same notification again (a task queued twice) sends nothing.
    notification_deliver_task.enqueue(notification_id=first.pk)
    notification_deliver_task.enqueue(notification_id=first.pk)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_address_no_notification(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send(to=("",)) is None
    assert not Notification.objects.exists() and mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_sent_only_after_the_transaction_commits():
    with transaction.atomic():
        send()
        assert mail.outbox == []  # not while the transaction is open
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send()
        raise RuntimeError("the action failed")
    assert mail.outbox == []
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_a_failure_is_recorded_and_retried_later(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.MAILERS = UNREACHABLE
    with django_capture_on_commit_callbacks(execute=True):
        notification = send()
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "Connection" in notification.last_error
    assert notification.next_attempt_at > timezone.now()
    assert "Could not send notification" in caplog.text

    settings.MAILERS = LOCMEM
    call_command("send_pending_notifications", stdout=StringIO())
    assert mail.outbox == []  # its wait has not passed yet
    assert notifications_retry(now=timezone.now() + timedelta(hours=1)) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 2
    assert [m.subject for m in mail.outbox] == [notification.subject]
    assert notifications_retry(now=timezone.now() + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_after_the_last_attempt_it_is_marked_failed(settings, django_capture_on_commit_callbacks):
    settings.MAILERS = UNREACHABLE
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=True):
        notification = send()
    later = timezone.now() + timedelta(days=1)
    assert notifications_retry(now=later) == 0
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED and notification.attempts == 2
    settings.MAILERS = LOCMEM
    assert notifications_retry(now=later + timedelta(days=1)) == 0  # given up: not tried again
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_notification_whose_task_was_lost_is_sent_by_the_command():
    notification = send()  # recorded, but the transaction never "commits" here: no task ran
    assert mail.outbox == []
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    call_command("send_pending_notifications", stdout=StringIO())
    assert len(mail.outbox) == 1
