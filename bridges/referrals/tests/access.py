"""Who may open each referral page. A referral is for its referrer, the programme's
coordinators and the receiving service's provider staff: analysts, safeguarding leads, platform
admins and providers of other organisations are refused (tests/test_referral_visibility.py
holds the record-level cases)."""

from bridges.accounts.models import Organisation
from bridges.core.access import Rule, only
from bridges.directory.models import Organization, Service
from bridges.referrals.tests.factories import make_referral

# What the world's referral says about the person: no page may show it to anyone but those
# three (tests/test_permission_matrix.py looks for these in every response).
SECRETS = ("Matrix Person Name", "+44 7700 900123", "Matrix referral note")

VIEWERS = only("networker", "coordinator", "provider")


def build_world(world):
    programme = world["programme"]
    # The provider keeps the organisation another app's world may already have given them
    # (the directory's), so every app's record-level cases hold at once.
    provider = world["memberships"]["provider"]
    if provider.organisation is None:
        provider.organisation = Organisation.objects.create(
            name="Matrix Partner", kind=Organisation.Kind.CHARITY
        )
        provider.save()
    partner = provider.organisation
    partner.programmes.add(programme)
    organization = Organization.objects.create(
        programme=programme, name="Matrix Advice Org", partner=partner
    )
    service = Service.objects.create(
        programme=programme, organization=organization, name="Matrix Advice"
    )
    world["referral"] = make_referral(
        programme=programme,
        service=service,
        referred_by=world["users"]["networker"],
        person_name=SECRETS[0],
        contact_detail=SECRETS[1],
        note=SECRETS[2],
    )
    world.setdefault("secrets", {})[VIEWERS] = SECRETS


def _referral(world):
    return {"pk": world["referral"].pk}


ACCESS = {
    "referrals:list": Rule(VIEWERS),
    "referrals:export": Rule(VIEWERS),
    "referrals:create": Rule(only("networker", "coordinator")),
    "referrals:detail": Rule(VIEWERS, kwargs=_referral),
    # Only the receiving service's staff move a referral to a service on Bridges.
    "referrals:move": Rule(only("provider"), kwargs=_referral),
    "referrals:withdraw": Rule(VIEWERS, kwargs=_referral),
    "referrals:hold": Rule(only("coordinator"), kwargs=_referral),
}
