import uuid

from django.utils import timezone

from bridges.core.models import Language
from bridges.referrals import consent
from bridges.referrals.models import Referral, ReferralEvent, State


def language(code: str = "fa", name: str = "Persian", native: str = "فارسی") -> Language:
    found, _created = Language.objects.get_or_create(
        code=code, defaults={"english_name": name, "native_name": native}
    )
    return found


def make_referral(*, programme, service, referred_by, state=State.SENT, **fields) -> Referral:
    """A referral stored directly (the services are tested on their own)."""
    now = timezone.now()
    values = {
        "person_name": "Test Person",
        "contact_method": "phone",
        "contact_detail": "07700 900000",
        "note": "",
        "language": fields.pop("language", None) or language(),
        "consent_given_by": "person",
        "consent_given_at": now,
        "consent_method": "spoken",
        "consent_purpose": "To be contacted about this referral.",
        "consent_wording_version": consent.CURRENT,
        "consent_language": "en",
        "state": state,
        "state_changed_at": now,
        "closed_at": now if state not in (State.SENT, State.ACCEPTED, State.IN_PROGRESS) else None,
        **fields,
    }
    referral = Referral.objects.create(
        programme=programme,
        client_id=uuid.uuid4(),
        content_hash="x",
        service=service,
        referred_by=referred_by,
        **values,
    )
    ReferralEvent.objects.create(referral=referral, kind=ReferralEvent.Kind.SENT, state="sent")
    return referral
