"""Every form of the project, sent empty, shows its errors in the GOV.UK pattern
(core/templates/core/forms/): an error summary at the top whose links lead to fields that
exist, each error next to its field, and `aria-describedby` pointing only at ids on the page.

The pages come from the permission matrix's rules (every URL of every app), so a new form is
checked without being listed here: each page is opened as someone allowed to see it, and each
`<form method="post">` on it with a required field is sent with only its hidden inputs.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django import forms
from django.conf import settings
from django.core import validators
from django.urls import reverse
from django.utils import translation

from bridges.core.access import ANONYMOUS
from tests.test_permission_matrix import _url, all_rules, world  # noqa: F401 (fixture)

SUMMARY_TITLE = {"en": "There is a problem", "ar": "توجد مشكلة"}
# Who opens each page, in this order of preference among those allowed.
PRINCIPALS = ("coordinator", "admin", "networker", "provider", "safeguarding", "analyst", ANONYMOUS)
# Sign-in pages (allauth's URLs, outside the matrix) that anyone can open.
EXTRA_PAGES = ("account_login", "account_reset_password")


class Page(HTMLParser):
    """The parts of a page these checks need: ids, aria-describedby, forms, the summary."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.described: list[tuple[str, dict]] = []  # (tag, attrs) with aria-describedby
        self.forms: list[dict] = []
        self.summaries: list[dict] = []
        self.error_ids: list[str] = []
        self._form: dict | None = None
        self._summary_depth = 0
        self._in_summary_h2 = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        classes = attrs.get("class", "").split()
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "aria-describedby" in attrs:
            self.described.append((tag, attrs))
        if "error-message" in classes:
            self.error_ids.append(attrs.get("id", ""))
        if tag == "form":
            self._form = {"attrs": attrs, "hidden": {}, "required": False}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea"):
            if attrs.get("type") == "hidden" and attrs.get("name"):
                self._form["hidden"][attrs["name"]] = attrs.get("value", "")
            elif "required" in attrs:
                self._form["required"] = True
        if "error-summary" in classes:
            self.summaries.append({"attrs": attrs, "links": [], "title": ""})
            self._summary_depth = 1
        elif self._summary_depth and tag not in ("br", "input", "img"):
            self._summary_depth += 1
            if tag == "a":
                self.summaries[-1]["links"].append(attrs.get("href", ""))
            self._in_summary_h2 = tag == "h2"

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        if self._summary_depth:
            self._summary_depth -= 1
            self._in_summary_h2 = False

    def handle_data(self, data):
        if self._in_summary_h2:
            self.summaries[-1]["title"] += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def assert_errors_follow_the_pattern(
    page: Page, where: str, language: str, *, linked: bool = True
) -> None:
    ids = set(page.ids)
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, f"{where}: ids used twice {duplicates}"
    assert len(page.summaries) == 1, f"{where}: expected one error summary"
    summary = page.summaries[0]
    assert summary["attrs"].get("role") == "alert", where
    assert summary["attrs"].get("tabindex") == "-1", where
    assert summary["title"].strip() == SUMMARY_TITLE[language], where
    internal = [href for href in summary["links"] if href.startswith("#")]
    if linked:
        assert internal, f"{where}: the summary links to no field"
    for href in internal:
        assert href[1:] in ids, f"{where}: the summary links to {href}, which is not on the page"
    for tag, attrs in page.described:
        for target in attrs["aria-describedby"].split():
            assert target in ids, f"{where}: <{tag} id={attrs.get('id')}> describedby {target}"
    described_by = {
        target for _, attrs in page.described for target in attrs["aria-describedby"].split()
    }
    for error_id in page.error_ids:
        assert error_id, f"{where}: an error message without an id"
        assert error_id in described_by, f"{where}: no field is described by #{error_id}"
    for tag, attrs in page.described:
        if tag == "fieldset" or "_error" not in attrs["aria-describedby"]:
            continue
        assert attrs.get("aria-invalid") == "true", f"{where}: #{attrs.get('id')} not aria-invalid"


def bare_django_messages(language: str) -> list[str]:
    """Django's own messages that name no field ("This field is required."), in `language`;
    with the number placeholders cut off, so they match whatever the number was."""
    with translation.override(language):
        messages = [
            forms.Field.default_error_messages["required"],
            forms.ChoiceField.default_error_messages["invalid_choice"],
            forms.DateField.default_error_messages["invalid"],
            forms.IntegerField.default_error_messages["invalid"],
            validators.EmailValidator.message,
            validators.MaxLengthValidator.message,
            validators.MinLengthValidator.message,
        ]
        found = []
        for message in messages:
            # A plural message (the length limits) is empty until it has its number.
            text = str(message % {"limit_value": 1000, "show_value": 1001, "value": "§"})
            found.append(re.split(r"%\(|\d|«|\"|“|§", text)[0].strip())
    return [text for text in found if len(text) > 6]


def assert_no_bare_django_message(html: str, where: str, language: str) -> None:
    for bare in bare_django_messages(language):
        assert bare not in html, f"{where}: Django's bare message {bare!r} shown, naming no field"


def test_bare_messages_are_rewritten_from_the_label():
    from bridges.core.forms import field_errors

    class Sample(forms.Form):
        name = forms.CharField(label="Your name")
        message = forms.CharField(label="Your message", max_length=4000)
        contact = forms.ChoiceField(label="Contact method", choices=[("a", "A")])
        email = forms.EmailField(label="Email address", required=False)
        agree = forms.BooleanField(label="I agree", error_messages={"required": "Tick to agree"})

    form = Sample({"message": "x" * 4001, "email": "nope", "contact": "z"})
    form.is_valid()
    with translation.override("en"):
        assert [e["message"] for e in field_errors(form["name"])] == ["Enter your name"]
        assert [e["message"] for e in field_errors(form["message"])] == [
            "Your message must be 4,000 characters or fewer"
        ]
        assert [e["message"] for e in field_errors(form["contact"])] == [
            "Choose one of the options given for contact method"
        ]
        assert [e["message"] for e in field_errors(form["email"])] == [
            "Enter an email address in the correct format, like name@example.com"
        ]
        # A field's own message is its override, kept as written.
        assert [e["message"] for e in field_errors(form["agree"])] == ["Tick to agree"]
    with translation.override("ar"):
        # The number is written by the locale's rules, whatever the catalogue holds.
        assert "4" in field_errors(form["message"])[0]["message"]
        assert "This field is required" not in field_errors(form["name"])[0]["message"]


def _pages():
    for name in sorted(all_rules()):
        if all_rules()[name].method == "get":
            yield name
    yield from EXTRA_PAGES


def _open(client, world, name, language):  # noqa: F811
    rules = all_rules()
    if name in rules:
        rule = rules[name]
        principal = next(p for p in PRINCIPALS if p in rule.allowed)
        if principal != ANONYMOUS:
            client.force_login(world["users"][principal])
        with translation.override(language):
            url = _url(name, rule, world)
    else:
        with translation.override(language):
            url = reverse(name)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return url, client.get(url, follow=True)


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("name", list(_pages()))
def test_every_form_sent_empty_shows_its_errors_in_the_pattern(client, world, name, language):  # noqa: F811
    url, response = _open(client, world, name, language)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        pytest.skip(f"{name} is not an HTML page")
    forms = [
        form
        for form in parse(response.content.decode()).forms
        if form["attrs"].get("method", "").lower() == "post" and form["required"]
    ]
    if not forms:
        pytest.skip(f"{name} has no form with a required field")
    for form in forms:
        action = form["attrs"].get("action") or response.request["PATH_INFO"]
        sent = client.post(action, form["hidden"])
        where = f"{name} → POST {action} ({language})"
        assert sent.status_code == 200, f"{where}: sent empty, got {sent.status_code}"
        assert_errors_follow_the_pattern(parse(sent.content.decode()), where, language)
        assert_no_bare_django_message(sent.content.decode(), where, language)


def test_the_check_finds_forms(client, world):  # noqa: F811
    """The page walk above really reaches forms: the known ones are among them."""
    found = set()
    for name in _pages():
        _, response = _open(client, world, name, "en")
        client.logout()
        html = "html" in response.get("Content-Type", "")
        if response.status_code == 200 and html and b'method="post"' in response.content:
            found.add(name)
    assert {
        "accounts:invitation_create",
        "networkers_public:join",
        "networkers:edit",
        "networkers:dbs_record",
        "training:module_create",
        "directory_public:service_detail",
        "account_login",
    } <= found


# GET filter forms given a value no one could choose: (URL name, query, message shown, whether
# the summary links to a field). The pipeline's stage is chosen by links, so its error has no
# field to link to.
CHOOSE_ONE = "Choose one of the options given for"
INVALID_FILTERS = [
    ("accounts:people", {"q": "x" * 201}, "must be 200 characters or fewer", True),
    ("accounts:audit_log", {"action": "nope"}, CHOOSE_ONE, True),
    ("training:progress", {"stage": "nope"}, CHOOSE_ONE, True),
    ("training:session_list", {"when": "tomorrow", "kind": "party"}, CHOOSE_ONE, True),
    ("networkers:board", {"language": "zz", "community": "abc"}, CHOOSE_ONE, True),
    ("networkers:board", {"stage": "nope"}, "There is no such stage", False),
    ("directory_public:search", {"need": "nope", "q": "doctor"}, CHOOSE_ONE, True),
]


@pytest.mark.parametrize(
    ("name", "query", "message", "linked"),
    INVALID_FILTERS,
    ids=[f"{case[0]}-{'-'.join(case[1])}" for case in INVALID_FILTERS],
)
def test_a_filter_given_an_invalid_value_says_so_in_the_error_summary(
    client,
    world,  # noqa: F811
    name,
    query,
    message,
    linked,
):
    rule = all_rules()[name]
    principal = next(p for p in PRINCIPALS if p in rule.allowed)
    if principal != ANONYMOUS:
        client.force_login(world["users"][principal])
    with translation.override("en"):
        url = _url(name, rule, world)
    response = client.get(url, query)
    assert response.status_code == 200, f"{name}: got {response.status_code}"
    html = response.content.decode()
    assert message in html
    assert_errors_follow_the_pattern(parse(html), f"{name} {query}", "en", linked=linked)
    assert_no_bare_django_message(html, f"{name} {query}", "en")


def test_a_valid_filter_shows_no_error_summary(client, world):  # noqa: F811
    client.force_login(world["users"]["coordinator"])
    url = _url("networkers:board", all_rules()["networkers:board"], world)
    html = client.get(url, {"stage": "active", "q": "someone"}).content.decode()
    assert "error-summary" not in html


# Every input is drawn by the field partial (core/templates/core/forms/) or by its widget;
# these templates may write one by hand, for the reason given.
HAND_WRITTEN_INPUTS = {
    "bridges/templates/allauth/elements/field.html": (
        "allauth's single-field element: the same markup and ids as core/forms/field.html"
    ),
    "bridges/templates/mfa/authenticate.html": (
        "the Cancel button's own sign-out form, which carries only where to go next"
    ),
    "bridges/networkers/templates/networkers/move.html": (
        "a hidden `next`: which page to go back to, not something anyone fills in"
    ),
}
ROOT = Path(__file__).resolve().parent.parent
FORM_PARTIALS = ROOT / "bridges/core/templates/core/forms"


def test_no_template_writes_an_input_by_hand():
    """Button-only forms (book, cancel, sign out, remove) have no fields and need no partial;
    a form that asks for anything uses a Django form drawn by the partial."""
    found = []
    for path in sorted((ROOT / "bridges").glob("**/templates/**/*.html")):
        if FORM_PARTIALS in path.parents:
            continue
        name = path.relative_to(ROOT).as_posix()
        if name in HAND_WRITTEN_INPUTS:
            continue
        if re.search(r"<(input|select|textarea)\b", path.read_text(), re.IGNORECASE):
            found.append(name)
    assert not found, f"inputs written by hand instead of through core/forms/: {found}"
    for name in HAND_WRITTEN_INPUTS:
        assert re.search(r"<(input|select|textarea)\b", (ROOT / name).read_text()), (
            f"{name} no longer writes an input by hand: take it off the list"
        )
