"""A concern is for its programme's safeguarding leads alone. With the whole project's test
world (tests/test_permission_matrix.py), people who might expect to see it — a platform admin
who also coordinates the same programme, a coordinator, an analyst, a provider, a networker who
did not raise it, a lead of another programme — open every safeguarding page, every page,
download and search of the project, and the Django admin: none shows them any of its content,
and every concern page answers them 403 or 404. The raiser sees its receipt and state only.
Every page that shows a lead the content writes an audit row."""

import pytest
from django.contrib import admin
from django.urls import reverse

from bridges.accounts.models import AuditEvent
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import MembershipFactory, member
from bridges.safeguarding.tests.access import ACCESS, SECRETS
from tests.test_permission_matrix import _url, all_rules, response_text

pytestmark = [pytest.mark.django_db]

# The concern's own pages: nobody but a lead gets past them.
CONCERN_PAGES = [
    "safeguarding:inbox",
    "safeguarding:detail",
    "safeguarding:acknowledge",
    "safeguarding:action",
    "safeguarding:close",
    "safeguarding:my_concern",
]


def _others(world) -> dict:
    programme, other = world["programme"], world["other_programme"]
    admin_coordinator = member(programme, Role.ADMIN, email="admin-coord@example.org")
    MembershipFactory(user=admin_coordinator, programme=programme, role=Role.COORDINATOR)
    return {
        "platform admin who coordinates it": admin_coordinator,
        "platform admin": world["users"]["admin"],
        "coordinator": world["users"]["coordinator"],
        "analyst": world["users"]["analyst"],
        "provider": world["users"]["provider"],
        "networker who did not raise it": member(programme, Role.NETWORKER),
        "lead of another programme": member(other, Role.SAFEGUARDING),
    }


def _viewed(world):
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        target=f"safeguarding_concern:{world['concern'].pk}",
    )


def _assert_hidden(text: str, who: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"the {who} saw {secret!r} at {where}"


def test_nobody_but_the_programmes_leads_sees_a_concern(client, world):
    concern = world["concern"]
    state_before = concern.state
    for who, user in _others(world).items():
        client.force_login(user)
        for name, rule in ACCESS.items():
            url = _url(name, rule, world)
            response = getattr(client, rule.method)(url, rule.data)
            if name in CONCERN_PAGES:
                assert response.status_code in (403, 404), (who, name, response.status_code)
            _assert_hidden(response_text(response), who, name)
        # The lead of another programme, through their own programme's address, too.
        if who == "lead of another programme":
            slug = world["other_programme"].slug
            for name in ("safeguarding:detail", "safeguarding:action", "safeguarding:close"):
                response = client.get(reverse(name, args=[slug, concern.pk]))
                assert response.status_code == 404, (name, response.status_code)
    concern.refresh_from_db()
    assert concern.state == state_before
    assert not _viewed(world).exists()


def test_no_page_download_or_search_of_the_project_shows_it_to_an_admin_who_coordinates(
    client, world
):
    user = _others(world)["platform admin who coordinates it"]
    client.force_login(user)
    asked = downloads = 0
    for name, rule in sorted(all_rules().items()):
        if rule.method != "get":
            continue
        url = _url(name, rule, world)
        for query in ({}, {"format": "csv"}, {"format": "xlsx"}, {"q": "Matrix"}):
            response = client.get(url, {**rule.data, **query})
            text = response_text(response)
            if query.get("format") == "xlsx" and response.get("Content-Type", "").startswith(
                "application/vnd.openxmlformats"
            ):
                text = _xlsx_text(response)
            _assert_hidden(text, "platform admin who coordinates it", f"{url} {query}")
            asked += 1
            downloads += "attachment" in response.get("Content-Disposition", "")
    assert asked > 200 and downloads >= 4  # the people, contacts and audit downloads at least
    assert not _viewed(world).exists()


def _xlsx_text(response) -> str:
    import io
    import zipfile

    body = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return " ".join(
            archive.read(name).decode("utf-8", errors="replace")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def test_the_django_admin_has_no_concern_and_shows_none_of_it(client, world):
    assert not [m for m in admin.site._registry if m._meta.app_label == "safeguarding"]
    client.force_login(_others(world)["platform admin who coordinates it"])
    for path in (
        "/admin/safeguarding/",
        "/admin/safeguarding/concern/",
        f"/admin/safeguarding/concern/{world['concern'].pk}/change/",
        "/admin/safeguarding/concernaction/",
    ):
        assert client.get(path).status_code == 404, path
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    for model in admin.site._registry:
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        response = client.get(url, {"q": "Matrix"})
        assert response.status_code in (200, 302), (url, response.status_code)
        _assert_hidden(response_text(response), "platform admin", url)


def test_the_raiser_sees_that_it_was_received_and_its_state_only(client, world):
    client.force_login(world["users"]["networker"])
    concern = world["concern"]
    slug = world["programme"].slug
    for url in (
        reverse("safeguarding:my_concern", args=[slug, concern.pk]),
        reverse("safeguarding:my_concerns", args=[slug]),
    ):
        text = client.get(url).content.decode()
        assert concern.reference in text and "Action taken" in text
        _assert_hidden(text, "raiser", url)
        assert "Referred to the police" not in text
    for name in ("safeguarding:detail", "safeguarding:action", "safeguarding:close"):
        assert client.get(reverse(name, args=[slug, concern.pk])).status_code == 403


def test_every_page_that_shows_a_lead_the_content_is_audited(client, world):
    client.force_login(world["users"]["safeguarding"])
    shown = 0
    for name, rule in ACCESS.items():
        if rule.method != "get":
            continue
        before = _viewed(world).count()
        response = client.get(_url(name, rule, world))
        text = response_text(response)
        shows = any(secret in text for secret in SECRETS)
        assert _viewed(world).count() == before + shows, name
        shown += shows
    assert shown >= 1  # the concern's page
    event = _viewed(world).get()
    assert event.actor == world["users"]["safeguarding"] and event.programme == world["programme"]
