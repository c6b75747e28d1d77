"""Subject access exports and erasure.

Erasure removes the person's details from what `selectors.find` found: the referrals (as the
retention purge does, on those ids, leaving the anonymous columns), the support requests (name,
contact detail, message, decline notes) and the networker record (name replaced, contact
details, skills, lived experience and stage-change reasons removed). An open referral is
first closed as withdrawn, and its service told without the details, as when the person
withdraws consent. It leaves:

- the audit log, which names records by id and never holds their details;
- referrals under a legal hold, which keep their details until the hold is lifted (listed on
  the confirmation page and in the ErasureRecord);
- safeguarding concerns, kept under the safeguarding retention schedule (a legal duty to keep
  them outweighs erasure; UK GDPR Art. 17(3)(b)), and never shown to a coordinator here.

Each erasure writes an ErasureRecord (who, when, why, which ids) and an audit row per record.
"""

from django.db import transaction
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.services import audit_record
from bridges.networkers.models import Networker, StageChange
from bridges.referrals.models import OPEN_STATES, Referral, ReferralEvent
from bridges.referrals.services import referral_withdraw_consent
from bridges.support.models import SupportAssignment, SupportRequest

from .models import ErasureRecord
from .selectors import Found

# A networker's name cannot be empty: an erased one reads as a dash, in every language.
ERASED_NAME = "—"


def _ids(items, kind: str) -> list[int]:
    return [int(item.target.rsplit(":", 1)[1]) for item in items if item.kind == kind]


def subject_access_exported(*, programme, by, found: Found, form: str, client_address=None):
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=by,
        programme=programme,
        target="subject access",
        client_address=client_address,
        detail={"format": form, "records": [item.target for item in found.items]},
    )


def subject_access_searched(*, programme, by, found: Found, client_address=None):
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        actor=by,
        programme=programme,
        target="subject access",
        client_address=client_address,
        detail={"records": [item.target for item in found.items]},
    )


@transaction.atomic
def subject_erase(
    *, programme, by, found: Found, reason: str, client_address=None, site_url: str = ""
):
    """Erase the details found (see the module's note) and record it. Returns the
    ErasureRecord. Held referrals are checked again under a lock: a hold set since the search
    still keeps its referral."""
    now = timezone.now()
    referral_ids = _ids(found.erasable, "referral")
    locked = list(
        Referral.objects.for_programme(programme)
        .filter(pk__in=referral_ids, purged_at__isnull=True)
        .select_for_update()
        .values_list("pk", "hold_reason")
    )
    referral_ids = [pk for pk, hold in locked if not hold]
    held = [item.target for item in found.held] + [f"referral:{pk}" for pk, hold in locked if hold]
    # An open referral is closed first, as when the person withdraws consent: the service sees
    # that it was withdrawn (and is told, without the person's details).
    for referral in Referral.objects.filter(pk__in=referral_ids, state__in=OPEN_STATES):
        referral_withdraw_consent(
            referral=referral, by=by, roles={Role.COORDINATOR}, site_url=site_url
        )
    if referral_ids:
        ReferralEvent.objects.bulk_create(
            ReferralEvent(referral_id=pk, kind=ReferralEvent.Kind.PURGED, at=now)
            for pk in referral_ids
        )
        ReferralEvent.objects.filter(referral_id__in=referral_ids).update(by=None)
        Referral.objects.filter(pk__in=referral_ids).update(
            person_name=None,
            contact_detail=None,
            note=None,
            outcome_note=None,
            contact=None,
            referred_by=None,
            state_changed_by=None,
            consent_withdrawn_by=None,
            created_by=None,
            updated_by=None,
            purged_at=now,
        )
    request_ids = _ids(found.erasable, "support_request")
    SupportRequest.objects.for_programme(programme).filter(pk__in=request_ids).update(
        name=None, contact_detail=None, message=None
    )
    SupportAssignment.objects.filter(request_id__in=request_ids).update(decline_note=None)
    networker_ids = _ids(found.erasable, "networker")
    Networker.objects.for_programme(programme).filter(pk__in=networker_ids).update(
        display_name=ERASED_NAME,
        email=None,
        phone=None,
        skills=None,
        lived_experience=None,
    )
    StageChange.objects.filter(networker_id__in=networker_ids).update(reason=None)

    erased = (
        [f"referral:{pk}" for pk in referral_ids]
        + [f"support_request:{pk}" for pk in request_ids]
        + [f"networker:{pk}" for pk in networker_ids]
    )
    record = ErasureRecord.objects.create(
        programme=programme,
        erased_at=now,
        erased_by=by,
        erased_by_label=by.email,
        reason=reason.strip(),
        erased=erased,
        held=held,
    )
    for target in erased:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_CHANGED,
            actor=by,
            programme=programme,
            target=target,
            client_address=client_address,
            detail={"event": "details erased", "erasure": record.pk},
        )
    return record
