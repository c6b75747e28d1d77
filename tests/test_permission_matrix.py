"""The permission matrix: every URL of the project × every kind of visitor.

Each app's `tests/access.py` declares `ACCESS = {url_name: Rule}` and may define
`build_world(world)` to add the records its URLs need. A URL pattern with no rule fails
`test_every_url_has_a_rule`, so a new page cannot be added without deciding who may see it.

Record level: every URL that names a record (any argument but `programme`: pk, id, slug,
token…) gets its own case in `test_a_record_of_another_programme_is_not_found`. A member of the
second programme, holding a role the page allows, asks for the first programme's record through
their own programme's address and must get 404 from the record loader. A new URL naming a
record fails there until its app's `build_world` provides the record.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from bridges.accounts.models import Membership
from bridges.accounts.roles import Role
from bridges.accounts.services import invitation_create
from bridges.accounts.tests.factories import ProgrammeFactory, member
from bridges.core.access import ANONYMOUS, EVERYONE, OUTSIDER, ROLES, Rule

# Third-party URL sets, tested by their own projects; reaching them needs no programme data.
EXEMPT_NAMESPACES = {"admin"}
EXEMPT_PREFIXES = ("account_", "mfa_", "bench_")


def _access_modules():
    for config in apps.get_app_configs():
        if config.name.startswith("bridges."):
            try:
                yield import_module(f"{config.name}.tests.access")
            except ModuleNotFoundError:
                continue


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in _access_modules():
        overlap = rules.keys() & module.ACCESS.keys()
        assert not overlap, f"URL names declared twice: {overlap}"
        rules.update(module.ACCESS)
    return rules


def url_arguments(resolver=None, namespace: str = "", outer: frozenset = frozenset()) -> dict:
    """Every named URL of the project (bar exempt third-party sets) → its keyword arguments."""
    resolver = resolver or get_resolver()
    found: dict[str, frozenset[str]] = {}
    for pattern in resolver.url_patterns:
        arguments = outer | frozenset(pattern.pattern.regex.groupindex)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            found.update(url_arguments(pattern, inner, arguments))
        elif isinstance(pattern, URLPattern) and pattern.name:
            if not namespace and pattern.name.startswith(EXEMPT_PREFIXES):
                continue
            found.setdefault(f"{namespace}{pattern.name}", arguments)
    return found


def url_names() -> set[str]:
    return set(url_arguments())


def record_arguments(name: str) -> frozenset[str]:
    """The arguments of a URL that name a record: all but the programme's slug."""
    return url_arguments().get(name, frozenset()) - {"programme"}


def test_every_url_has_a_rule():
    missing = url_names() - all_rules().keys()
    assert not missing, f"Add these URLs to an app's tests/access.py: {sorted(missing)}"


def test_no_rule_for_a_url_that_does_not_exist():
    stale = all_rules().keys() - url_names()
    assert not stale, f"Rules for URLs that no longer exist: {sorted(stale)}"


def build_world() -> dict:
    programme = ProgrammeFactory(name="Matrix Programme", slug="matrix")
    other = ProgrammeFactory(name="Other Programme", slug="other")
    users = {role: member(programme, role) for role in ROLES}
    users[OUTSIDER] = member(other, Role.COORDINATOR)
    _, token = invitation_create(
        email="invitee@example.org",
        programme=programme,
        role=Role.NETWORKER,
        invited_by=users["coordinator"],
    )
    world = {
        "programme": programme,
        "other_programme": other,
        "users": users,
        "token": token,
        "memberships": {m.role: m for m in Membership.objects.filter(programme=programme)},
    }
    for module in _access_modules():
        if hasattr(module, "build_world"):
            module.build_world(world)
    return world


@pytest.fixture
def world(_module_world, db):
    return _module_world


def _matrix_cases():
    for name in sorted(all_rules()):
        for principal in sorted(EVERYONE):
            yield pytest.param(name, principal, id=f"{name}-{principal}")


def _url(name: str, rule: Rule, world: dict) -> str:
    kwargs = dict(rule.kwargs(world)) if rule.kwargs else {}
    try:
        return reverse(name, kwargs={"programme": world["programme"].slug, **kwargs})
    except Exception:
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "principal"), list(_matrix_cases()))
def test_permission_matrix(client, world, name, principal):
    rule = all_rules()[name]
    if principal != ANONYMOUS:
        client.force_login(world["users"][principal])
    url = _url(name, rule, world)
    response = getattr(client, rule.method)(url, rule.data)
    login_redirect = response.status_code == 302 and "/accounts/login/" in response["Location"]
    if principal in rule.allowed:
        assert response.status_code < 400 and not login_redirect, (
            f"{principal} should reach {name} ({url}) but got {response.status_code}"
        )
    else:
        assert response.status_code in (403, 404) or login_redirect, (
            f"{principal} must not reach {name} ({url}) but got {response.status_code}"
        )
    assert_no_secret_shown(world, principal, name, response)


def response_text(response) -> str:
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return body.decode("utf-8", errors="replace")


def assert_no_secret_shown(world: dict, principal: str, name: str, response) -> None:
    """Content that only some role may read (a safeguarding concern's text: its programme's
    leads alone) is in no page, list, count or download anybody else opens."""
    text = response_text(response)
    for only_for, secrets in world.get("secrets", {}).items():
        # Keyed by the one principal who may read them, or a frozenset of those who may.
        if principal == only_for or (isinstance(only_for, frozenset) and principal in only_for):
            continue
        for secret in secrets:
            assert secret not in text, f"{principal} saw {secret!r} at {name}"


# --- Record level: another programme's record, asked for through one's own programme --------

# The role a member of the other programme holds for each case: the first the page allows.
ROLE_PREFERENCE = ("coordinator", "networker", "provider", "safeguarding", "analyst", "admin")


def _record_cases():
    rules = all_rules()
    for name, arguments in sorted(url_arguments().items()):
        rule = rules.get(name)
        if arguments - {"programme"} and not (rule and rule.unscoped_because):
            yield pytest.param(name, id=name)


def test_only_urls_outside_a_programme_skip_the_record_check():
    arguments = url_arguments()
    for name, rule in all_rules().items():
        if not rule.unscoped_because:
            continue
        assert "programme" not in arguments.get(name, ()), (
            f"{name} is under a programme's address, so its records belong to that programme: "
            "remove unscoped_because and let the record check run"
        )
        assert record_arguments(name), f"{name} names no record; remove unscoped_because"


def record_url_kwargs(name: str, rule: Rule, world: dict) -> dict:
    """The URL's record arguments from the test world, or a failure saying what is missing."""
    needed = record_arguments(name)
    given = dict(rule.kwargs(world)) if rule.kwargs else {}
    missing = sorted(needed - given.keys())
    if missing:
        pytest.fail(
            f"{name} names a record by {missing} but the test world has none: give its Rule "
            "kwargs=... in the app's tests/access.py (and make the record in build_world), or, "
            "for a public URL outside any programme, unscoped_because=...",
            pytrace=False,
        )
    if "programme" not in url_arguments()[name]:
        pytest.fail(
            f"{name} names a record but its address has no programme: put it under "
            "/p/<programme>/ and load with get_for_programme, or, if the record is public, "
            "declare unscoped_because=... on its Rule",
            pytrace=False,
        )
    return given


def test_a_url_naming_a_record_without_world_data_is_reported():
    name = "networkers:detail"  # takes <int:pk>
    with pytest.raises(pytest.fail.Exception, match=r"names a record by \['pk'\]"):
        record_url_kwargs(name, Rule(frozenset({"coordinator"})), {})


@pytest.mark.parametrize("name", list(_record_cases()))
def test_a_record_of_another_programme_is_not_found(client, world, name):
    rule = all_rules().get(name)
    assert rule is not None, f"Add {name} to an app's tests/access.py"
    kwargs = record_url_kwargs(name, rule, world)
    other = world["other_programme"]
    role = next((r for r in ROLE_PREFERENCE if r in rule.allowed), None)
    assert role, f"{name} is under a programme's address but allows no role of a programme"
    client.force_login(member(other, role))
    url = reverse(name, kwargs={**kwargs, "programme": other.slug})
    response = getattr(client, rule.method)(url, rule.data)
    # The visitor got past programme_role_required in their own programme…
    assert getattr(response.wsgi_request, "programme", None) == other, (
        f"{name} ({url}) did not reach its view as a {role} of {other.slug} "
        f"(status {response.status_code})"
    )
    # …and the record, which belongs to the first programme, was not found there.
    assert response.status_code == 404, (
        f"A {role} of {other.slug} asked for another programme's record at {url} and got "
        f"{response.status_code}; load it with get_for_programme(request, ...)"
    )
