"""Speakers and registered content for the translation workflow's tests."""

from django.utils.translation import gettext_lazy

from bridges.accounts.roles import Role
from bridges.accounts.tests.factories import member
from bridges.directory.models import Organization
from bridges.networkers.models import Networker
from bridges.networkers.tests.factories import NetworkerFactory, speaks
from bridges.translations.registry import TranslatableKind

# A kind registered only in tests: a directory organisation's name and description.
TEST_KIND = TranslatableKind(
    key="tests.organization",
    model="directory.Organization",
    label=gettext_lazy("Organisation"),
    segments=lambda obj: {"name": obj.name, "description": obj.description},
    programme=lambda obj: obj.programme,
    is_live=lambda obj: True,
    public_url=lambda obj, language: f"/{language}/organisation/{obj.pk}/",
    multiline=frozenset({"description"}),
    title=lambda obj: obj.name,
)


def speaker(programme, *codes: str, name: str = "Speaker", email: str = "", level="fluent"):
    """A networker who can sign in and speaks these languages at `level`."""
    user = member(
        programme,
        Role.NETWORKER,
        display_name=name,
        **({"email": email} if email else {}),
    )
    networker = NetworkerFactory(
        programme=programme, user=user, display_name=name, stage=Networker.Stage.ACTIVE
    )
    for code in codes:
        speaks(networker, code, level=level)
    return user


def organisation(programme, name="Riverton Advice", description="Free advice on housing."):
    return Organization.objects.create(programme=programme, name=name, description=description)
