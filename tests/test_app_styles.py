"""Each app's stylesheet reaches every page of the app in one way: the page extends the app's
base template (`<app>/base.html`), which extends the shell and links `<app>/<app>.css`. A page
that extended the shell directly would come out unstyled."""

from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import ExtendsNode
from django.test import RequestFactory


def _styled_apps():
    for config in apps.get_app_configs():
        if not config.name.startswith("bridges."):
            continue
        stylesheet = Path(config.path) / "static" / config.label / f"{config.label}.css"
        if stylesheet.exists():
            yield config


def _pages(config):
    folder = Path(config.path) / "templates" / config.label
    for path in sorted(folder.rglob("*.html")):
        name = path.relative_to(folder.parent).as_posix()
        if name != f"{config.label}/base.html" and "{% extends" in path.read_text():
            yield name


def _parents(name: str) -> list[str]:
    chain = []
    template = get_template(name).template
    while nodes := template.nodelist.get_nodes_by_type(ExtendsNode):
        parent = nodes[0].parent_name.resolve(Context())
        chain.append(parent)
        template = get_template(parent).template
    return chain


STYLED = list(_styled_apps())
PAGES = [(config.label, name) for config in STYLED for name in _pages(config)]


def test_there_are_styled_apps():
    assert {"directory", "networkers", "training"} <= {config.label for config in STYLED}


@pytest.mark.parametrize(("label", "name"), PAGES)
def test_every_page_extends_its_apps_base(label, name):
    chain = _parents(name)
    assert chain[-1] == "base.html", f"{name} does not extend the shell: {chain}"
    assert f"{label}/base.html" in chain, (
        f"{name} extends {chain[0]}, not {label}/base.html, so {label}.css would be missing"
    )


@pytest.mark.parametrize("config", STYLED, ids=lambda config: config.label)
def test_each_apps_base_links_its_stylesheet(rf: RequestFactory, config, db):
    request = rf.get("/")
    request.user = AnonymousUser()
    html = render_to_string(f"{config.label}/base.html", request=request)
    assert f'/{config.label}/{config.label}.css"' in html
    assert "css/bridges.css" in html  # and the shell's own
