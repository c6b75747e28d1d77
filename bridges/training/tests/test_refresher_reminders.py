from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.networkers.models import Networker
from bridges.training import services
from bridges.training.models import ModuleCompletion

from .factories import ModuleFactory, NetworkerFactory, networker_for

pytestmark = pytest.mark.django_db


def _completion(networker, module, *, completed_days_ago, expires_in):
    today = timezone.localdate()
    return ModuleCompletion.objects.create(
        networker=networker,
        module=module,
        completed_on=today - timedelta(days=completed_days_ago),
        expires_on=today + timedelta(days=expires_in),
    )


def test_a_reminder_goes_once_per_completion_due_within_the_window(
    programme, settings, django_capture_on_commit_callbacks
):
    settings.TRAINING_REFRESHER_WARNING_DAYS = 30
    safeguarding = ModuleFactory(title="Safeguarding", required=True, refresher_months=12)
    due = NetworkerFactory(programme=programme, email="due@example.org")
    later = NetworkerFactory(programme=programme, email="later@example.org")
    refreshed = NetworkerFactory(programme=programme, email="refreshed@example.org")
    lapsed = NetworkerFactory(programme=programme, email="lapsed@example.org")
    gone = NetworkerFactory(
        programme=programme, email="gone@example.org", stage=Networker.Stage.LEFT
    )
    reminded = _completion(due, safeguarding, completed_days_ago=340, expires_in=25)
    _completion(later, safeguarding, completed_days_ago=200, expires_in=165)
    _completion(refreshed, safeguarding, completed_days_ago=345, expires_in=20)
    _completion(refreshed, safeguarding, completed_days_ago=3, expires_in=362)
    _completion(lapsed, safeguarding, completed_days_ago=400, expires_in=-35)
    _completion(gone, safeguarding, completed_days_ago=340, expires_in=25)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.refresher_reminders_send() == 1
    assert [m.to for m in mail.outbox] == [["due@example.org"]]
    assert "Safeguarding" in mail.outbox[0].subject
    assert "needs a refresher by" in mail.outbox[0].body
    reminded.refresh_from_db()
    assert reminded.refresher_reminder_sent_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        assert services.refresher_reminders_send() == 0
    assert len(mail.outbox) == 1


def test_the_reminder_is_in_the_networkers_language(programme, django_capture_on_commit_callbacks):
    user = member(programme, Role.NETWORKER, display_name="Amina Haddad")
    user.preferred_language = "ar"
    user.save()
    me = networker_for(user, programme)
    me.email = "amina@example.org"
    me.save()
    _completion(me, ModuleFactory(title="Safeguarding"), completed_days_ago=350, expires_in=10)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.refresher_reminders_send() == 1
    assert "needs a refresher" not in mail.outbox[0].body
    assert "Safeguarding" in mail.outbox[0].body


def test_the_command_queues_the_task_which_sends_the_reminders(
    programme, django_capture_on_commit_callbacks
):
    person = NetworkerFactory(programme=programme, email="due@example.org")
    _completion(person, ModuleFactory(), completed_days_ago=350, expires_in=10)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_refresher_reminders", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["due@example.org"]]
