"""A concern raised from a record of the networker's own contact log: the concern refers to the
contact, the contact log shows a link to raise one and nothing of any concern."""

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.contacts.tests.factories import record
from bridges.networkers.tests.factories import language
from bridges.safeguarding.models import Concern
from bridges.training.tests.factories import networker_for

SECRET = "Okapi-unique worry"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_language(db):
    language("en", "English")


def _data(**extra):
    return {
        "about": "child",
        "immediate_risk": "no",
        "what_happened": SECRET,
        "happened_on": timezone.localdate().isoformat(),
        **extra,
    }


def test_a_networker_raises_a_concern_from_a_contact_of_their_log(
    client, programme, networker, lead
):
    contact = record(programme, networker_for(networker, programme))
    client.force_login(networker)
    detail = reverse("contacts:detail", args=[programme.slug, contact.pk])
    page = client.get(detail).content.decode()
    link = reverse("safeguarding:raise", args=[programme.slug]) + f"?contact={contact.pk}"
    assert f'href="{link}"' in page
    assert "Raise a safeguarding concern about this" in page

    form = client.get(link).content.decode()
    assert f'name="contact" value="{contact.pk}"' in form
    assert "About the contact you logged on" in form
    response = client.post(link, _data(contact=contact.pk))
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.contact == contact

    # The contact record never shows the concern, nor that there is one.
    page = client.get(detail).content.decode()
    assert SECRET not in page and concern.reference not in page
    # The lead sees where it came from.
    client.force_login(lead)
    page = client.get(reverse("safeguarding:detail", args=[programme.slug, concern.pk]))
    assert "A contact the raiser logged on 15 Jan 2026" in page.content.decode()


@pytest.mark.parametrize("whose", ["another networker", "another programme", "nonsense"])
def test_a_reference_to_someone_elses_contact_is_dropped_not_refused(
    client, programme, networker, whose
):
    networker_for(networker, programme)
    if whose == "another networker":
        other = member(programme, Role.NETWORKER)
        named = record(programme, networker_for(other, programme)).pk
    elif whose == "another programme":
        elsewhere = ProgrammeFactory(slug="elsewhere")
        other = member(elsewhere, Role.NETWORKER)
        named = record(elsewhere, networker_for(other, elsewhere)).pk
    else:
        named = "x1"
    client.force_login(networker)
    url = reverse("safeguarding:raise", args=[programme.slug])
    assert "About the contact" not in client.get(url, {"contact": named}).content.decode()
    # The concern is still raised (nothing may stop that), with no reference.
    assert client.post(url, _data(contact=named)).status_code == 302
    assert Concern.objects.get().contact is None


def test_a_concern_raised_from_the_today_page_has_no_contact(client, programme, networker):
    client.force_login(networker)
    home = client.get(reverse("accounts:programme_home", args=[programme.slug])).content.decode()
    url = reverse("safeguarding:raise", args=[programme.slug])
    assert f'href="{url}"' in home
    assert client.post(url, _data()).status_code == 302
    assert Concern.objects.get().contact is None
