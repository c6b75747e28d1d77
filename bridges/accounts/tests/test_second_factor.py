"""Staff see no data until they have given their second factor in this sign-in, whichever way
they came in (allauth's sign-in, the Django admin's own sign-in, or a session made otherwise)."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from allauth.mfa.utils import decrypt
from django.urls import reverse

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member

PASSWORD = "correct-horse-battery-staple"


def code_now(secret: str) -> str:
    """The code an authenticator app shows now for `secret`."""
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def totp_code(user) -> str:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return code_now(decrypt(authenticator.data["secret"]))


def data_pages(programme) -> list[str]:
    board = reverse("networkers:board", args=[programme.slug])
    return [
        board,
        f"{board}?format=csv",
        reverse("accounts:audit_log"),
        reverse("accounts:people", args=[programme.slug]),
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
    ]


def assert_sees_no_data(client, programme, user):
    for url in data_pages(programme):
        response = client.get(url)
        assert response.status_code in (302, 403), (url, response.status_code)
        assert user.email not in response.content.decode(), url
        if response.status_code == 302:
            location = response["Location"]
            # (the admin's own sign-in page now sends people on to allauth's: tested below)
            assert location.startswith(
                (reverse("account_login"), reverse("mfa_authenticate"), reverse("admin:login"))
            ), (url, location)


@pytest.mark.django_db
def test_admin_sign_in_with_password_alone_gives_no_data(client, programme, platform_admin):
    response = client.post(
        reverse("admin:login"),
        {"username": platform_admin.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert_sees_no_data(client, programme, platform_admin)


@pytest.mark.django_db
def test_admin_sign_in_page_sends_people_to_the_sign_in_with_a_second_factor(client):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=/admin/accounts/user/" in response["Location"]


@pytest.mark.django_db
def test_allauth_password_alone_gives_no_data(client, programme, platform_admin):
    response = client.post(
        reverse("account_login"), {"login": platform_admin.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert_sees_no_data(client, programme, platform_admin)


@pytest.mark.django_db
def test_a_staff_session_without_the_second_factor_this_sign_in_is_signed_out(
    client, programme, platform_admin, coordinator
):
    """A session made by a plain password sign-in (not through allauth's stages) for someone who
    has a second factor set up but did not use it now."""
    for user in (platform_admin, coordinator):
        client.force_login(user, second_factor=False)
        assert_sees_no_data(client, programme, user)
        # Signed out, not merely turned away.
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_full_sign_in_with_a_code_opens_the_data(client, programme, platform_admin):
    client.post(reverse("account_login"), {"login": platform_admin.email, "password": PASSWORD})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(platform_admin)})
    assert response.status_code == 302, response.content.decode()[:2000]
    for url in data_pages(programme):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_staff_who_set_up_their_second_factor_now_may_go_on(
    client, programme, django_capture_on_commit_callbacks
):
    coordinator = member(programme, Role.COORDINATOR, with_second_factor=False)
    client.post(reverse("account_login"), {"login": coordinator.email, "password": PASSWORD})
    people = reverse("accounts:people", args=[programme.slug])
    assert client.get(people)["Location"].startswith(reverse("mfa_activate_totp"))
    client.get(reverse("mfa_activate_totp"))
    code = code_now(client.session["mfa.totp.secret"])
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get(people).status_code == 200


@pytest.mark.django_db
def test_networkers_need_no_second_factor(client, programme, networker):
    client.force_login(networker, second_factor=False)
    url = reverse("networkers:my_profile", args=[programme.slug])
    assert client.get(url).status_code in (200, 404)


@pytest.mark.django_db
def test_anyone_the_django_admin_lets_in_needs_the_second_factor(client, programme):
    """Someone given the admin's is_staff flag without a staff role (or superuser) is still
    asked for a second factor before the admin opens."""
    person = member(programme, Role.NETWORKER)
    person.is_staff = True
    person.save()
    client.force_login(person)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))
