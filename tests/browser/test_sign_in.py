"""The real sign-in in a browser: email and password, then the authenticator code; and a staff
member without a second factor is sent to set one up before seeing any programme data."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member

from .conftest import assert_no_horizontal_scroll, axe_check, shot, visit

pytestmark = pytest.mark.browser

PASSWORD = "correct-horse-battery-staple"  # the factories' password
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def current_code(secret: str) -> str:
    """What an authenticator app shows now (RFC 6238: 30-second steps)."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def sign_in_with_password(page, email: str) -> None:
    visit(page, "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_staff_sign_in_with_password_then_authenticator_code(page, programme):
    coordinator = member(programme, Role.COORDINATOR, with_second_factor=False)
    TOTP.activate(coordinator, SECRET)
    sign_in_with_password(page, coordinator.email)

    page.wait_for_url("**/accounts/2fa/authenticate/")
    shot(page, "sign-in-second-step")
    axe_check(page)
    page.get_by_label("Code", exact=True).fill(current_code(SECRET))
    page.get_by_role("button", name="Continue").click()

    # One programme: the dashboard leads straight to its home page.
    page.wait_for_url(f"**/p/{programme.slug}/")
    axe_check(page)
    assert page.locator("h1").inner_text() == programme.name
    assert page.get_by_role("button", name="Sign out").is_visible()


def test_a_wrong_code_does_not_sign_in(page, programme):
    coordinator = member(programme, Role.COORDINATOR, with_second_factor=False)
    TOTP.activate(coordinator, SECRET)
    sign_in_with_password(page, coordinator.email)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    code = current_code(SECRET)
    wrong = "000000" if code != "000000" else "111111"
    page.get_by_label("Code", exact=True).fill(wrong)
    page.get_by_role("button", name="Continue").click()
    page.locator(".error-summary").wait_for(state="visible")  # waits for the page to come back
    shot(page, "sign-in-wrong-code")
    axe_check(page)
    visit(page, f"/p/{programme.slug}/")
    assert f"/p/{programme.slug}/" not in page.url  # sent back to finish signing in
    assert page.locator("h1").inner_text() != programme.name


def test_staff_without_a_second_factor_must_set_one_up_first(page, programme):
    coordinator = member(programme, Role.COORDINATOR, with_second_factor=False)
    sign_in_with_password(page, coordinator.email)

    # Straight to the set-up page, not to any programme data. Having just given the password,
    # the person is not asked for it again.
    page.wait_for_url("**/accounts/2fa/totp/activate/?required=1")
    assert page.locator(".notice-warning").is_visible()
    visit(page, f"/p/{programme.slug}/people/")
    assert "/accounts/2fa/totp/activate/" in page.url

    # The QR code shows (an image inside our Content Security Policy) and so does the key.
    qr = page.locator("img.qr-code")
    assert qr.is_visible()
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0
    secret = page.locator("#authenticator_secret").inner_text().strip()
    assert len(secret) >= 16
    shot(page, "second-factor-set-up")

    page.get_by_label("Authenticator code").fill(current_code(secret))
    page.get_by_role("button", name="Turn on").click()
    page.wait_for_url("**/accounts/2fa/**")
    shot(page, "second-factor-done")
    axe_check(page)

    visit(page, f"/p/{programme.slug}/people/")
    assert page.locator("h1").inner_text() == "People and roles"


def test_second_factor_set_up_on_a_phone(phone_page, programme):
    coordinator = member(programme, Role.COORDINATOR, with_second_factor=False)
    sign_in_with_password(phone_page, coordinator.email)
    phone_page.wait_for_url("**/accounts/2fa/totp/activate/?required=1")
    axe_check(phone_page)
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "second-factor-set-up-phone")


def test_sign_out_asks_for_confirmation(context, page, programme):
    from .conftest import login_as

    coordinator = member(programme, Role.COORDINATOR)
    login_as(context, coordinator)
    visit(page, "/accounts/logout/")
    shot(page, "sign-out-confirm")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    page.wait_for_url(lambda url: "/accounts/logout/" not in url)  # the sign-out has happened
    axe_check(page)
    visit(page, f"/p/{programme.slug}/")
    assert "/accounts/login/" in page.url


def test_password_reset_page(page):
    visit(page, "/accounts/password/reset/")
    shot(page, "password-reset")
    page.get_by_label("Email").fill("nobody@example.org")
    page.get_by_role("button", name="Send the link").click()
    page.wait_for_url("**/accounts/password/reset/done/")
    shot(page, "password-reset-done")
    axe_check(page)
