"""Everything a networker sees after signing in is translated: their profile and its edit form,
their training record, the sessions list and a session, the modules and a module, and a
certificate. The check: no English message of these apps' catalogues that the language leaves
untranslated appears on the page."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.training.models import ModuleCompletion

from .factories import ModuleFactory, SessionFactory, networker_for

pytestmark = pytest.mark.django_db

LANGUAGES = ["ar", "fa", "ur", "pl", "ro", "sk", "uk", "sw", "ti", "fr"]
APPS = ["networkers", "training"]


def _untranslated(code: str) -> set[str]:
    found = set()
    for app in APPS:
        path = Path(settings.BASE_DIR) / "bridges" / app / "locale" / code / "LC_MESSAGES"
        with open(path / "django.po", "rb") as po:
            for message in read_po(po):
                if isinstance(message.id, str) and message.id and not message.string:
                    if "%" not in message.id and len(message.id) > 3:
                        found.add(message.id)
    return found


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", html).replace(" – ", "\n")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_networkers_pages_are_translated(client, programme, code):
    user = member(programme, Role.NETWORKER, display_name="Hana Rahimi")
    user.preferred_language = code
    user.save()
    me = networker_for(user, programme)
    module = ModuleFactory(title="Xyz module", slug="xyz", required=True, refresher_months=12)
    session = SessionFactory(programme=programme, modules=[module], capacity=8, title="Xyz day")
    completion = ModuleCompletion.objects.create(
        networker=me,
        module=module,
        completed_on=timezone.localdate() - timedelta(days=30),
        expires_on=timezone.localdate() + timedelta(days=300),
    )
    client.force_login(user)
    client.get(f"/language/{code}/")
    slug = programme.slug
    pages = [
        reverse("networkers:my_profile", args=[slug]),
        reverse("networkers:my_profile_edit", args=[slug]),
        reverse("training:my_record", args=[slug]),
        reverse("training:session_list", args=[slug]),
        reverse("training:session_detail", args=[slug, session.pk]),
        reverse("training:module_list", args=[slug]),
        reverse("training:module_detail", args=[slug, module.slug]),
        reverse("training:certificate", args=[slug, completion.pk]),
    ]
    untranslated = _untranslated(code)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'lang="{code}"' in html, url
        lines = set(_visible_text(html).splitlines())
        assert not (lines & untranslated), (url, sorted(lines & untranslated))
