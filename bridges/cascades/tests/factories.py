import uuid
from datetime import date, timedelta

from django.utils import timezone

from bridges.cascades.models import Channel, KeyMessage
from bridges.cascades.services import ReachData, reach_report


def key_message(programme, *, languages=("ar", "en"), communities=(), **values) -> KeyMessage:
    today = timezone.localdate()
    values.setdefault("title", "Winter vaccinations")
    values.setdefault("text", "Free flu vaccinations are open for people over 65 and children.")
    values.setdefault("short_text", "Free flu jabs: ask your GP or a pharmacy.")
    values.setdefault("starts_on", today - timedelta(days=10))
    values.setdefault("ends_on", today + timedelta(days=20))
    message = KeyMessage.objects.create(programme=programme, **values)
    message.languages.set(languages)
    message.communities.set(communities)
    return message


def report(message, networker, *, day: date | None = None, client_id=None, **values):
    values.setdefault("channel", Channel.MESSAGING_GROUP)
    values.setdefault("language", "ar")
    values.setdefault("people_reached", 12)
    data = ReachData(date=day or timezone.localdate(), **values)
    stored, _ = reach_report(
        message=message,
        networker=networker,
        client_id=client_id or uuid.uuid4(),
        data=data,
        recorded_by=networker.user if networker else None,
    )
    return stored
