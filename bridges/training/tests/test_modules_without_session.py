from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bridges.training.tests.factories import ModuleFactory, SessionFactory, past_session

pytestmark = pytest.mark.django_db


def test_coordinators_can_list_required_modules_no_upcoming_session_teaches(
    client, coordinator, networker, programme
):
    planned = ModuleFactory(programme=programme, required=True, title="Planned")
    SessionFactory(programme=programme, modules=[planned])
    cancelled = ModuleFactory(programme=programme, required=True, title="Cancelled")
    SessionFactory(programme=programme, modules=[cancelled], cancelled=True)
    only_past = ModuleFactory(programme=programme, required=True, title="Only past")
    past_session(programme, modules=[only_past])
    ModuleFactory(programme=programme, required=False, title="Optional")
    national = ModuleFactory(programme=None, required=True, title="National")
    # A session of another programme does not count for this one.
    SessionFactory(modules=[national], starts_at=timezone.now() + timedelta(days=2))

    url = reverse("training:module_list", args=[programme.slug])
    client.force_login(coordinator)
    titles = [
        row["module"].title for row in client.get(url, {"without_session": "1"}).context["rows"]
    ]
    assert sorted(titles) == ["Cancelled", "National", "Only past"]
    assert len(client.get(url).context["rows"]) == 5

    # Networkers see the whole curriculum whatever the address says.
    client.force_login(networker)
    assert len(client.get(url, {"without_session": "1"}).context["rows"]) == 5
