"""The one note a concern held before actions were kept one by one becomes its first action,
with its date, still encrypted; and back."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from bridges.core.tests.rawdb import is_fernet_token, raw_column

BEFORE = [("safeguarding", "0001_concerns_and_settings")]
AFTER = [("safeguarding", "0002_contact_actions_reminders_retention")]
NOTE = "Pangolin-unique lead note"


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_concerns_note_becomes_its_first_action_and_back():
    old = _migrate(BEFORE)
    programme = old.get_model("accounts", "Programme").objects.create(name="Old", slug="old")
    Concern = old.get_model("safeguarding", "Concern")
    common = dict(
        programme=programme, about="adult", happened_on=date(2026, 1, 5), immediate_risk=False
    )
    acted = Concern.objects.create(
        **common,
        what_happened="x",
        state="action_taken",
        acknowledged_at=datetime(2026, 1, 6, 9, tzinfo=UTC),
        referral="police",
        action_at=datetime(2026, 1, 7, 9, tzinfo=UTC),
        action_note=NOTE,
    )
    waiting = Concern.objects.create(**common, what_happened="y")
    try:
        new = _migrate(AFTER)
        actions = new.get_model("safeguarding", "ConcernAction").objects.all()
        assert [(a.concern_id, a.kind, a.taken_on, a.note) for a in actions] == [
            (acted.pk, "police", date(2026, 1, 7), NOTE)
        ]
        stored = raw_column(actions[0], "note")
        assert is_fernet_token(stored) and NOTE not in stored
        assert not actions.filter(concern_id=waiting.pk).exists()

        back = _migrate(BEFORE)
        assert back.get_model("safeguarding", "Concern").objects.get(pk=acted.pk).action_note == (
            NOTE
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
