import datetime

import factory
from django.utils import timezone

from bridges.accounts.tests.factories import ProgrammeFactory
from bridges.core.models import Area, Language
from bridges.networkers.models import Community, DBSCheck, Networker, NetworkerLanguage


def language(code: str, name: str | None = None, native: str = "", rtl: bool = False):
    found, _ = Language.objects.get_or_create(
        code=code,
        defaults={
            "english_name": name or code.upper(),
            "native_name": native or name or code,
            "direction": "rtl" if rtl else "ltr",
            "common": True,
        },
    )
    return found


def ward(code: str, name: str, parent_code: str = "E08000035"):
    parent, _ = Area.objects.get_or_create(
        code=parent_code, defaults={"name": "Leeds", "kind": Area.Kind.LOCAL_AUTHORITY}
    )
    found, _ = Area.objects.get_or_create(
        code=code, defaults={"name": name, "kind": Area.Kind.WARD, "parent": parent}
    )
    return found


class NetworkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Networker

    programme = factory.SubFactory(ProgrammeFactory)
    display_name = factory.Sequence(lambda n: f"Networker {n}")
    email = factory.Sequence(lambda n: f"networker{n}@example.org")
    stage = Networker.Stage.APPLIED


def speaks(networker, code: str, level: str = NetworkerLanguage.Level.FLUENT):
    return NetworkerLanguage.objects.create(
        networker=networker, language=language(code), level=level
    )


def community(programme, name: str) -> Community:
    return Community.objects.get_or_create(programme=programme, name=name)[0]


def dbs(networker, *, checked_on=None, renewal_due=None, level=DBSCheck.Level.ENHANCED):
    checked_on = checked_on or timezone.localdate() - datetime.timedelta(days=30)
    renewal_due = renewal_due or checked_on + datetime.timedelta(days=3 * 365)
    return DBSCheck.objects.create(
        networker=networker, level=level, checked_on=checked_on, renewal_due=renewal_due
    )


def vetted(networker, *, kinds=None, by=None):
    """Keep the vetting records a person needs before the DBS check stage and beyond."""
    from bridges.networkers.models import VettingRecord

    day = timezone.localdate() - datetime.timedelta(days=40)
    values = {
        VettingRecord.Kind.INTERVIEW: {"held_by": "A. Coordinator"},
        VettingRecord.Kind.REFERENCE: {"referee": "Former manager"},
        VettingRecord.Kind.RIGHT_TO_VOLUNTEER: {"document": VettingRecord.Document.EVISA},
    }
    for kind in kinds or list(values):
        VettingRecord.objects.create(
            networker=networker, kind=kind, done_on=day, created_by=by, **values[kind]
        )
    return networker
