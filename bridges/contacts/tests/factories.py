import uuid
from datetime import date

from bridges.contacts.models import Channel
from bridges.contacts.services import ContactData, contact_record


def record(programme, networker, *, day: date | None = None, **values):
    """A stored contact record of this networker (made through the service, as the form does)."""
    values.setdefault("channel", Channel.IN_PERSON)
    values.setdefault("languages", ["en"])
    data = ContactData(date=day or date(2026, 1, 15), **values)
    stored, _ = contact_record(
        programme=programme,
        networker=networker,
        client_id=uuid.uuid4(),
        data=data,
        recorded_by=networker.user if networker else None,
    )
    return stored
