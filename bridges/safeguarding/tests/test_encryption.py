"""What describes the people in a concern is ciphertext in the database; the email to the
leads carries none of it, so once sent it is nowhere in plain text."""

from datetime import date

import pytest

from bridges.core.tests.rawdb import is_fernet_token, raw_column, tables_containing
from bridges.safeguarding import services
from bridges.safeguarding.models import Concern

FIELDS = {
    "what_happened": "Quokka-unique account of what happened",
    "place": "Quokka-unique street",
    "action_already_taken": "Quokka-unique action",
    "outcome": "Quokka-unique outcome",
}


@pytest.mark.django_db
def test_concern_fields_are_ciphertext_and_absent_from_every_table(
    programme, networker, lead, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        concern = services.concern_raise(
            programme=programme,
            raised_by=networker,
            about=Concern.About.ADULT,
            what_happened=FIELDS["what_happened"],
            happened_on=date(2026, 1, 5),
            immediate_risk=False,
            place=FIELDS["place"],
            action_already_taken=FIELDS["action_already_taken"],
        )
    services.concern_action_record(
        concern=concern, by=lead, referral=Concern.Referral.OTHER, note="Quokka-unique lead note"
    )
    services.concern_close(concern=concern, by=lead, outcome=FIELDS["outcome"])
    assert len(mailoutbox) == 1
    for field, plain in FIELDS.items():
        stored = raw_column(concern, field)
        assert is_fernet_token(stored) and plain not in stored, field
    stored = raw_column(concern.actions.get(), "note")
    assert is_fernet_token(stored) and "Quokka" not in stored
    assert tables_containing("Quokka") == {}
    concern.refresh_from_db()
    assert {field: getattr(concern, field) for field in FIELDS} == FIELDS
