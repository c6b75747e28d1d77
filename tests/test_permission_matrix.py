"""The permission matrix: every URL of the project × every kind of visitor.

Each app's `tests/access.py` declares `ACCESS = {url_name: Rule}` and may define
`build_world(world)` to add the records its URLs need. A URL pattern with no rule fails
`test_every_url_has_a_rule`, so a new page cannot be added without deciding who may see it.
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


def url_names(resolver=None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            if pattern.namespace in EXEMPT_NAMESPACES:
                continue
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if not namespace and pattern.name.startswith(EXEMPT_PREFIXES):
                continue
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_a_rule():
    missing = url_names() - all_rules().keys()
    assert not missing, f"Add these URLs to an app's tests/access.py: {sorted(missing)}"


def test_no_rule_for_a_url_that_does_not_exist():
    stale = all_rules().keys() - url_names()
    assert not stale, f"Rules for URLs that no longer exist: {sorted(stale)}"


@pytest.fixture
def world(db):
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
