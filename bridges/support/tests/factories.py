import uuid

from django.utils import timezone

from bridges.networkers.tests.factories import language
from bridges.support.consent import CURRENT
from bridges.support.models import SupportRequest


def support_request(programme, **fields) -> SupportRequest:
    """A request as the public form stores it (its fields may be overridden)."""
    now = timezone.now()
    values = {
        "programme": programme,
        "token": uuid.uuid4(),
        "received_at": now,
        "needs": ["housing"],
        "language": fields.pop("language", None) or language("ar", "Arabic", "العربية", rtl=True),
        "contact_by": SupportRequest.ContactBy.PHONE,
        "contact_detail": "07700 900123",
        "consent_version": CURRENT,
        "consent_at": now,
    }
    values.update(fields)
    return SupportRequest.objects.create(**values)
