"""The shell in a real browser: layout, languages, right-to-left, small screens, keyboard, no
JavaScript, and an axe-core accessibility check on every page the shell has."""

import pytest

from .conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("language", ["en", "ar"])
def test_home_page_desktop(page, language):
    visit(page, f"/{language}/")
    html = page.locator("html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr")
    assert page.locator("h1").is_visible()
    shot(page, f"home-{language}-desktop")


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("width", [375, 320])
def test_home_page_phone(phone_page, language, width):
    phone_page.set_viewport_size({"width": width, "height": 812})
    visit(phone_page, f"/{language}/")
    assert_no_horizontal_scroll(phone_page)
    # Opening the language list must not push anything off the side either.
    phone_page.locator(".language-switcher summary").click()
    assert phone_page.locator(".language-list").is_visible()
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, f"home-{language}-phone-{width}-languages-open", full_page=False)
    phone_page.locator(".language-switcher summary").click()
    shot(phone_page, f"home-{language}-phone-{width}")
    axe_check(phone_page)


def test_arabic_home_reads_right_to_left_end_to_end(page):
    visit(page, "/ar/")
    # Every block of the page inherits right-to-left; nothing resets it to left-to-right except
    # the language names of other scripts in the switcher.
    directions = page.evaluate(
        """() => [...document.querySelectorAll('header, main, footer, h1, p, li')]
              .filter(el => !el.closest('.language-list'))
              .map(el => getComputedStyle(el).direction)"""
    )
    assert directions and set(directions) == {"rtl"}
    # The brand sits on the right, the account link on the left.
    brand = page.locator(".brand").bounding_box()
    account = page.locator(".account-nav").bounding_box()
    assert brand["x"] > account["x"]
    # The heading is in Arabic script, not English.
    heading = page.locator("h1").inner_text()
    assert any("\u0600" <= ch <= "\u06ff" for ch in heading), heading


def test_language_switcher_works_without_javascript(no_js_page):
    page = no_js_page
    visit(page, "/en/")
    page.locator(".language-switcher summary").click()
    page.get_by_role("link", name="العربية").click()
    page.wait_for_url("**/ar/")
    axe_check(page)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    shot(page, "home-ar-after-switch-no-js")


def test_each_language_is_listed_in_its_own_script(page):
    visit(page, "/en/")
    names = page.locator(".language-list a").all_text_contents()
    for expected in ["English", "العربية", "فارسی", "اردو", "Polski", "Українська", "ትግርኛ"]:
        assert expected in names
    for link in page.locator(".language-list a").all():
        assert link.get_attribute("lang")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page):
    visit(page, "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    assert page.locator(".skip-link").is_visible()  # visible when focused
    shot(page, "skip-link-focused", full_page=False)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_focus_is_visible_on_links(page):
    visit(page, "/en/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_sign_in_page(page):
    visit(page, "/accounts/login/")
    assert page.locator("label[for=id_login]").is_visible()
    shot(page, "sign-in")


def test_sign_in_page_in_arabic_on_a_phone(phone_page):
    visit(phone_page, "/language/ar/?next=/accounts/login/")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "sign-in-ar-phone")


def test_staff_pages_for_a_coordinator(context, page, coordinator, programme):
    login_as(context, coordinator)
    visit(page, "/dashboard/")  # one programme: straight to its home page
    page.wait_for_url(f"**/p/{programme.slug}/")
    assert page.locator(".programme-nav").is_visible()
    shot(page, "programme-home-coordinator")
    visit(page, f"/p/{programme.slug}/people/")
    shot(page, "people")
    visit(page, f"/p/{programme.slug}/invitations/")
    shot(page, "invitations")
    # The form's error summary, after sending it empty.
    page.get_by_role("button", name="Send invitation").click()
    page.locator(".error-summary").wait_for(state="visible")  # waits for the page to come back
    shot(page, "invitations-errors")
    axe_check(page)


def test_staff_pages_on_a_phone(phone_context, phone_page, coordinator, programme):
    login_as(phone_context, coordinator)
    visit(phone_page, f"/p/{programme.slug}/people/")
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "people-phone")


def test_dashboard_and_audit_log_for_an_admin(context, page, platform_admin):
    login_as(context, platform_admin)
    visit(page, "/dashboard/")
    shot(page, "dashboard-admin")
    visit(page, "/audit/")
    assert page.locator("h1").inner_text()
    shot(page, "audit-log")


def test_invitation_acceptance_page(page, programme, coordinator):
    from bridges.accounts.roles import Role
    from bridges.accounts.services import invitation_create

    _, token = invitation_create(
        email="new.networker@example.org",
        programme=programme,
        role=Role.NETWORKER,
        invited_by=coordinator,
    )
    visit(page, f"/invitations/{token}/")
    assert "new.networker@example.org" in page.content()
    shot(page, "invitation-accept")


def test_staff_pages_in_arabic_on_a_phone(phone_context, phone_page, coordinator, programme):
    login_as(phone_context, coordinator)
    visit(phone_page, f"/language/ar/?next=/p/{programme.slug}/invitations/")
    assert phone_page.locator("html").get_attribute("dir") == "rtl"
    phone_page.get_by_role("button", name="أرسل الدعوة").click()  # "Send invitation", empty
    phone_page.locator(".error-summary").wait_for(
        state="visible"
    )  # waits for the page to come back
    assert_no_horizontal_scroll(phone_page)
    shot(phone_page, "invitations-ar-phone-errors")
    axe_check(phone_page)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_page_not_found(page, language):
    response = visit(page, f"/{language}/no-such-page/")
    assert response.status == 404
    shot(page, f"not-found-{language}")


def test_forbidden_page_for_a_role_without_access(context, page, networker, programme):
    login_as(context, networker)
    response = visit(page, f"/p/{programme.slug}/people/")
    assert response.status == 403
    shot(page, "forbidden")


def test_remove_role_confirmation(context, page, coordinator, networker, programme):
    from bridges.accounts.models import Membership

    login_as(context, coordinator)
    membership = Membership.objects.get(user=networker, programme=programme)
    visit(page, f"/p/{programme.slug}/people/{membership.pk}/remove/")
    shot(page, "remove-role")
