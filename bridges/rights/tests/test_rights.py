"""Subject access and erasure on a person with records of every kind."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.directory.tests.factories import make_service
from bridges.networkers.models import Networker, StageChange
from bridges.referrals.models import Referral
from bridges.referrals.tests.factories import make_referral
from bridges.rights import selectors
from bridges.rights.models import ErasureRecord
from bridges.safeguarding.tests.factories import make_concern
from bridges.support.models import SupportRequest
from bridges.support.tests.factories import support_request
from bridges.training.tests.test_certificate import _glyph_map, _pdf_streams

pytestmark = pytest.mark.django_db

NAME = "Leila Ahmadi"
PHONE = "07700 900321"


@pytest.fixture
def people():
    programme = ProgrammeFactory(name="Riverton", slug="riverton")
    other = ProgrammeFactory(name="Elsewhere", slug="elsewhere")
    coordinator = member(programme, Role.COORDINATOR, email="coord@example.org")
    lead = member(programme, Role.SAFEGUARDING, email="lead@example.org")
    networker_user = member(programme, Role.NETWORKER, email="net@example.org")
    service = make_service(programme, name="Housing advice")
    referral = make_referral(
        programme=programme,
        service=service,
        referred_by=networker_user,
        person_name="  leila   AHMADI ",
        contact_detail=PHONE,
        note="Needs help with a tenancy",
    )
    by_phone = make_referral(
        programme=programme,
        service=service,
        referred_by=networker_user,
        person_name="L. Ahmadi",
        contact_detail="+44 7700 900321",
    )
    held = make_referral(
        programme=programme,
        service=service,
        referred_by=networker_user,
        person_name=NAME,
        hold_reason="Court proceedings",
        hold_review_on=timezone.localdate() + timedelta(days=90),
        hold_set_at=timezone.now(),
    )
    someone_else = make_referral(
        programme=programme, service=service, referred_by=networker_user, person_name="Sam Lee"
    )
    request = support_request(programme, name=NAME, contact_detail=PHONE, message="Ask in Farsi")
    networker = Networker.objects.create(
        programme=programme, display_name=NAME, email="leila@example.org", phone=PHONE
    )
    StageChange.objects.create(
        networker=networker,
        from_stage="",
        to_stage="applied",
        reason="Said at interview",
        changed_at=timezone.now(),
    )
    concern = make_concern(programme, what_happened=f"{NAME} said she was threatened")
    # The same person in another programme: never found from Riverton.
    other_service = make_service(other, name="Elsewhere advice")
    other_referral = make_referral(
        programme=other,
        service=other_service,
        referred_by=member(other, Role.NETWORKER),
        person_name=NAME,
        contact_detail=PHONE,
    )
    other_request = support_request(other, name=NAME, contact_detail=PHONE)
    other_networker = Networker.objects.create(programme=other, display_name=NAME)
    return locals()


def test_finds_every_kind_of_record_and_concerns_only_for_the_lead(people):
    found = selectors.find(programme=people["programme"], name=NAME, contact=PHONE)
    targets = {item.target for item in found.items}
    assert targets == {
        f"referral:{people['referral'].pk}",
        f"referral:{people['by_phone'].pk}",
        f"referral:{people['held'].pk}",
        f"support_request:{people['request'].pk}",
        f"networker:{people['networker'].pk}",
    }
    assert not found.concerns_searched
    as_lead = selectors.find(
        programme=people["programme"], name=NAME, contact=PHONE, include_concerns=True
    )
    assert [item.target for item in as_lead.concerns] == [
        f"safeguarding_concern:{people['concern'].pk}"
    ]
    # The other programme's records are never among them.
    for key in ("other_referral", "other_request", "other_networker"):
        assert str(people[key].pk) not in {t.split(":")[1] for t in targets if key[6:9] in t}
    assert f"referral:{people['other_referral'].pk}" not in targets


def test_search_page_for_a_coordinator_and_for_the_lead(client, people):
    url = reverse("rights:search", kwargs={"programme": "riverton"})
    client.force_login(people["coordinator"])
    page = client.post(url, {"name": NAME}).content.decode()
    assert "Needs help with a tenancy" in page and "Ask in Farsi" in page
    assert "leila@example.org" in page
    assert "threatened" not in page
    assert "Legal hold" in page
    searched = AuditEvent.objects.get(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED, target="subject access"
    )
    assert NAME not in json.dumps(searched.detail)
    client.force_login(people["lead"])
    page = client.post(url, {"name": NAME}).content.decode()
    assert "threatened" in page


def test_exports_json_and_pdf_audited(client, people):
    client.force_login(people["coordinator"])
    base = {"programme": "riverton"}
    response = client.post(reverse("rights:export_json", kwargs=base), {"name": NAME})
    data = json.loads(response.content)
    assert {r["fields"]["note"] for r in data["referrals"]} >= {"Needs help with a tenancy"}
    assert data["support_requests"][0]["fields"]["message"] == "Ask in Farsi"
    assert data["networker_records"][0]["fields"]["email"] == "leila@example.org"
    assert data["safeguarding_concerns"] is None
    held = [r for r in data["referrals"] if r["legal_hold"]]
    assert held[0]["legal_hold"]["reason"] == "Court proceedings"
    pdf = client.post(reverse("rights:export_pdf", kwargs=base), {"name": NAME})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT, target="subject access")
    assert sorted(e.detail["format"] for e in exports) == ["json", "pdf"]
    assert all(NAME not in json.dumps(e.detail) for e in exports)


def test_pdf_in_arabic_is_shaped(client, people):
    """The PDF draws an Arabic name with embedded fonts, shaped (letters joined)."""
    arabic = "أمينة حداد"
    people["request"].name = arabic
    people["request"].save()
    client.force_login(people["coordinator"])
    client.cookies["django_language"] = "ar"
    response = client.post(
        reverse("rights:export_pdf", kwargs={"programme": "riverton"}), {"name": arabic}
    )
    assert response.content.startswith(b"%PDF")
    streams = _pdf_streams(response.content)
    forms = _glyph_map(streams)
    assert all(letter in forms for letter in arabic.replace(" ", ""))
    # In "حداد" the first dal joins the letter before it and the second stands alone.
    assert len(forms["د"]) == 2


def test_erasure_asks_first_needs_a_reason_and_keeps_holds_and_audit(client, people):
    client.force_login(people["coordinator"])
    url = reverse("rights:erase", kwargs={"programme": "riverton"})
    audit_before = AuditEvent.objects.count()
    first = client.post(url, {"name": NAME, "contact": PHONE})
    page = first.content.decode()
    assert "legal hold" in page and Referral.objects.filter(purged_at__isnull=False).count() == 0
    no_reason = client.post(url, {"name": NAME, "contact": PHONE, "confirm": "yes"})
    assert "Say why the details are erased." in no_reason.content.decode()
    assert not ErasureRecord.objects.exists()
    done = client.post(
        url, {"name": NAME, "contact": PHONE, "confirm": "yes", "reason": "Request of 1 Dec"}
    )
    assert done.status_code == 302
    for key in ("referral", "by_phone"):
        people[key].refresh_from_db()
        assert people[key].person_name is None and people[key].contact_detail is None
        assert people[key].purged_at is not None
        assert people[key].service_id  # the anonymous columns stay
    people["held"].refresh_from_db()
    assert people["held"].person_name == NAME and people["held"].purged_at is None
    people["someone_else"].refresh_from_db()
    assert people["someone_else"].person_name == "Sam Lee"
    request = SupportRequest.objects.get(pk=people["request"].pk)
    assert (request.name, request.contact_detail, request.message) == (None, None, None)
    networker = Networker.objects.get(pk=people["networker"].pk)
    assert (networker.email, networker.phone) == (None, None)
    assert networker.display_name != NAME
    assert not StageChange.objects.filter(networker=networker, reason__isnull=False).exists()
    people["concern"].refresh_from_db()
    assert "threatened" in people["concern"].what_happened  # safeguarding keeps its own
    # Another programme's records are untouched.
    people["other_referral"].refresh_from_db()
    assert people["other_referral"].person_name == NAME
    assert SupportRequest.objects.get(pk=people["other_request"].pk).name == NAME
    record = ErasureRecord.objects.get()
    assert record.erased_by == people["coordinator"] and record.reason == "Request of 1 Dec"
    assert record.held == [f"referral:{people['held'].pk}"]
    assert len(record.erased) == 4
    assert NAME not in json.dumps([record.erased, record.held, record.reason])
    # Audit rows are kept (none deleted) and each erased record has one more.
    assert AuditEvent.objects.count() >= audit_before + 4
    changed = AuditEvent.objects.filter(action=AuditEvent.Action.PERSONAL_DATA_CHANGED)
    assert {e.target for e in changed} >= set(record.erased)
    # Sent twice: nothing more is stored.
    again = client.post(
        url, {"name": NAME, "contact": PHONE, "confirm": "yes", "reason": "Request of 1 Dec"}
    )
    assert again.status_code == 302 and ErasureRecord.objects.count() == 1


def test_lead_may_search_but_not_erase(client, people):
    client.force_login(people["lead"])
    url = reverse("rights:erase", kwargs={"programme": "riverton"})
    assert client.post(url, {"name": NAME}).status_code == 403


def test_outsider_finds_nothing_of_riverton(client, people):
    outsider = member(people["other"], Role.COORDINATOR, email="out@example.org")
    client.force_login(outsider)
    page = client.post(
        reverse("rights:search", kwargs={"programme": "elsewhere"}), {"name": NAME}
    ).content.decode()
    assert "Needs help with a tenancy" not in page and "Ask in Farsi" not in page
    assert client.post(
        reverse("rights:search", kwargs={"programme": "riverton"}), {"name": NAME}
    ).status_code in (403, 404)


def test_each_value_carries_its_own_direction_on_an_arabic_page(client, people):
    """The PDF renderer does not work out dir="auto": every value says its direction, from its
    first strong letter, left to right when it has none (a phone number stays in order)."""
    from bridges.rights.templatetags.rights import shown, text_dir

    assert text_dir("07700 900321") == "ltr"
    assert text_dir("أمينة حداد") == "rtl"
    assert text_dir("(2) To be contacted about this referral.") == "ltr"
    assert text_dir("—") == "ltr"
    assert shown("  leila   AHMADI ") == "leila   AHMADI"
    people["request"].name = "أمينة حداد"
    people["request"].save()
    client.force_login(people["coordinator"])
    client.cookies["django_language"] = "ar"
    page = client.post(
        reverse("rights:search", kwargs={"programme": "riverton"}), {"name": NAME}
    ).content.decode()
    assert '<dd dir="ltr"><bdi>07700 900321</bdi></dd>' in page
    assert '<dd dir="ltr"><bdi>Needs help with a tenancy</bdi></dd>' in page
