"""At 360 px, in Farsi (right to left): an issue travels from raised to "you said, we did".
A networker raises it (the suggestions show a similar open issue while they type), a
coordinator routes it to a partner's staff, who answer, the coordinator resolves it with its
public words, and the public page shows them in Farsi. Screenshots in var/screenshots/."""

import pytest
from django.urls import reverse
from django.utils import translation

from bridges.accounts.models import Organisation
from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.networkers.tests.factories import NetworkerFactory, language
from bridges.translations.services import publish_translation
from bridges.voice.models import Issue, State
from bridges.voice.tests.factories import raise_issue
from tests.browser.conftest import assert_no_horizontal_scroll, axe_check, login_as, shot, visit

pytestmark = pytest.mark.browser

NARROW = {"width": 360, "height": 780}


def _in_farsi(page, url: str):
    visit(page, f"/language/fa/?next={url}")
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)


def _send(page, selector: str, url_glob: str):
    page.locator(selector).click()
    page.wait_for_url(url_glob)
    page.wait_for_load_state()
    axe_check(page)
    assert_no_horizontal_scroll(page)


def test_an_issue_travels_from_raised_to_you_said_we_did_in_farsi(phone_context, phone_page):
    page = phone_page
    page.set_viewport_size(NARROW)
    language("en", "English")
    language("fa", "Persian", native="فارسی", rtl=True)
    programme = ProgrammeFactory(slug="riverton-voice", name="Riverton")
    partner = Organisation.objects.create(name="Riverton Health Partnership", kind="health")
    partner.programmes.add(programme)
    networker = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    NetworkerFactory(programme=programme, user=networker, display_name="Hana Rahimi")
    coordinator = member(programme, Role.COORDINATOR, display_name="Cora Lane")
    provider = member(programme, Role.PROVIDER, display_name="Sami Haddad")
    membership = provider.memberships.get()
    membership.organisation = partner
    membership.save()
    earlier = raise_issue(programme, coordinator, summary="مطب پزشک بدون مدرک آدرس ثبت نام نمی کند")
    slug = programme.slug

    # The networker raises it, in Farsi, on a phone.
    login_as(phone_context, networker)
    _in_farsi(page, reverse("voice:issue_raise", args=[slug]))
    page.locator("main form button[type=submit]:not([name])").click()
    page.wait_for_load_state()
    axe_check(page)
    assert page.locator("[role=alert]").first.is_visible()
    assert_no_horizontal_scroll(page)
    shot(page, "voice-raise-errors-fa-360")
    page.fill("input[name=summary]", "ثبت نام پزشک بدون مدرک آدرس")
    # While typing, the similar open issue is suggested (htmx).
    page.wait_for_selector(f"#vc-suggestions a[href$='/voice/{earlier.pk}/']")
    axe_check(page)
    shot(page, "voice-raise-suggestions-fa-360")
    page.select_option("select[name=service_area]", "health")
    page.fill("input[name=people_affected]", "25")
    page.check("input[name=urgency][value=high]")
    page.fill("textarea[name=evidence]", "چند خانواده این ماه در دو مطب رد شدند.")
    page.select_option("select[name=language]", "fa")
    _send(page, "main form button[type=submit]:not([name])", "**/voice/*/")
    issue = Issue.objects.exclude(pk=earlier.pk).get()
    assert issue.state == State.RAISED and issue.language == "fa"
    shot(page, "voice-detail-raised-fa-360")

    # The coordinator routes it to the partner's staff.
    login_as(phone_context, coordinator)
    _in_farsi(page, reverse("voice:route", args=[slug, issue.pk]))
    page.check("input[name=to][value=organisation]")
    page.select_option("select[name=organisation]", str(partner.pk))
    _send(page, "main form button[type=submit]", f"**/voice/{issue.pk}/")
    issue.refresh_from_db()
    assert issue.state == State.ROUTED

    # The partner's staff answer from their list.
    login_as(phone_context, provider)
    _in_farsi(page, reverse("voice:routes", args=[slug]))
    shot(page, "voice-routes-provider-fa-360")
    page.locator("a[href$='/answer/']").first.click()
    page.wait_for_url("**/answer/")
    axe_check(page)
    page.fill(
        "textarea[name=answer]",
        "Reception staff will be reminded that no proof of address is needed.",
    )
    _send(page, "main form button[type=submit]", "**/answer/")
    issue.refresh_from_db()
    assert issue.state == State.ANSWERED

    # The coordinator resolves it with its public words.
    login_as(phone_context, coordinator)
    _in_farsi(page, reverse("voice:resolve", args=[slug, issue.pk]))
    page.fill("textarea[name=public_summary]", "GP surgeries asked for proof of address.")
    page.fill("textarea[name=public_answer]", "Every surgery was reminded that no proof is needed.")
    _send(page, "main form button[type=submit]", f"**/voice/{issue.pk}/")
    issue.refresh_from_db()
    assert issue.state == State.RESOLVED
    shot(page, "voice-detail-resolved-fa-360")
    # A networker's Farsi translation of the public words is published (the workflow's pages
    # are the translations app's own; its service stands in for them here).
    publish_translation(
        issue,
        "fa",
        {
            "summary": "مطب ها برای ثبت نام مدرک آدرس می خواستند.",
            "answer": "به همه مطب ها یادآوری شد که مدرک آدرس لازم نیست.",
        },
    )

    # Anyone reads it on the public page, in Farsi.
    phone_context.clear_cookies()
    with translation.override("fa"):
        public = reverse("voice_public:you_said", args=[slug])
    visit(page, public)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator(f"#issue-{issue.pk}").is_visible()
    assert "به همه مطب ها یادآوری شد" in page.locator(f"#issue-{issue.pk}").inner_text()
    assert "Hana" not in page.content() and "Every surgery" not in page.content()
    answer = page.locator(f"#issue-{issue.pk} p[lang=fa]").last
    assert answer.get_attribute("dir") == "rtl"
    assert_no_horizontal_scroll(page)
    shot(page, "voice-you-said-fa-360")
