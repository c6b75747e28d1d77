"""The shell's part of the apps' offline queues (core/offline.py): a badge and a script on every
signed-in page, none for visitors, and a sign-out page that warns when the phone said records
wait."""

import json

import pytest
from django.urls import reverse

from bridges.core.offline import PhoneQueue, phone_queues, phone_queues_json, phone_scripts

pytestmark = pytest.mark.django_db


def test_the_contact_log_names_its_queue_and_script():
    assert PhoneQueue("bridges-contacts", "queue", "contacts/offline.js") in phone_queues()
    assert {"database": "bridges-contacts", "store": "queue"} in json.loads(phone_queues_json())
    assert "contacts/offline.js" in phone_scripts()


def test_every_signed_in_page_has_the_hidden_badge_and_the_scripts(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("accounts:dashboard"), follow=True).content.decode()
    assert 'id="unsent-badge" class="unsent-badge" hidden' in html
    assert f'data-user="{coordinator.pk}"' in html
    assert "core/phone.js" in html and "contacts/offline.js" in html
    assert "data-signout" in html


def test_visitors_get_neither_badge_nor_scripts(client):
    html = client.get("/en/").content.decode()
    assert "unsent-badge" not in html and "phone.js" not in html and "offline.js" not in html


@pytest.mark.parametrize(
    ("unsent", "said"),
    [
        ("1", "You have 1 record not sent yet. It stays on this phone"),
        ("3", "You have 3 records not sent yet. They stay on this phone and are sent next time"),
    ],
)
def test_signing_out_with_records_waiting_warns_with_the_count(client, coordinator, unsent, said):
    client.force_login(coordinator)
    html = client.get(reverse("account_logout"), {"unsent": unsent}).content.decode()
    assert said in html
    assert "data-signout-confirmed" in html
    assert "Sign out and keep them on this phone" in html


@pytest.mark.parametrize("unsent", ["", "0", "-2", "many"])
def test_without_a_count_the_sign_out_page_asks_as_before(client, coordinator, unsent):
    client.force_login(coordinator)
    html = client.get(reverse("account_logout"), {"unsent": unsent}).content.decode()
    assert "Do you want to sign out of Bridges?" in html
    assert "data-signout-confirmed" not in html and "not sent yet" not in html
