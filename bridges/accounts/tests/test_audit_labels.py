import csv
import io

import pytest
from django.urls import reverse

from bridges.accounts.models import AuditEvent
from bridges.accounts.services import audit_record
from bridges.networkers.tests.factories import NetworkerFactory

pytestmark = pytest.mark.django_db


def test_the_audit_log_names_what_each_event_is_about_and_the_download_keeps_the_record(
    client, platform_admin, programme
):
    networker = NetworkerFactory(programme=programme, display_name="Amina Yusuf")
    viewed = AuditEvent.Action.PERSONAL_DATA_VIEWED
    for target in (
        f"networker:{networker.pk}",
        "networker:999999",
        "training record: networker 7",
        "directory report 12",
        "someone@example.org",
    ):
        audit_record(action=viewed, actor=platform_admin, programme=programme, target=target)
    client.force_login(platform_admin)
    url = reverse("accounts:audit_log")
    html = client.get(url).content.decode()
    assert f"<td><bdi>Amina Yusuf (networker #{networker.pk})</bdi></td>" in html
    assert "<td><bdi>Networker #999999</bdi></td>" in html
    assert "<td><bdi>Training record of networker #7</bdi></td>" in html
    assert "<td><bdi>Listing report #12</bdi></td>" in html
    assert "<td><bdi>someone@example.org</bdi></td>" in html
    assert f"networker:{networker.pk}" not in html

    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode())))
    about = {row[4] for row in rows[1:]}
    assert {f"networker:{networker.pk}", "directory report 12"} <= about
    assert "Amina Yusuf" not in str(rows)
