"""A networker's day: what waits in their languages (translations only: a fixed few queries)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core import providers
from bridges.core.locale_format import format_number
from bridges.core.today import TodayFact

from .models import State, Translation


def today(*, programme, user, roles: set[str]):
    if Role.NETWORKER not in roles:
        return []
    languages = providers.speakers.get().languages_of(user=user, programme=programme)
    if not languages:
        return []
    rows = Translation.objects.available_to(programme).filter(language__in=languages)
    to_review = rows.filter(state=State.REVIEW).exclude(translator=user).count()
    to_update = rows.filter(state=State.OUT_OF_DATE).count()
    lines = []
    if to_review:
        lines.append(
            ngettext(
                "%(n)s translation waits for a reviewer.",
                "%(n)s translations wait for a reviewer.",
                to_review,
            )
            % {"n": format_number(to_review)}
        )
    if to_update:
        lines.append(
            ngettext(
                "%(n)s translation is out of date.",
                "%(n)s translations are out of date.",
                to_update,
            )
            % {"n": format_number(to_update)}
        )
    if not lines:
        return []
    return [
        TodayFact(
            key="translations.waiting",
            title=_("Translations in your languages"),
            lines=tuple(lines),
            url=reverse("translations:waiting", args=[programme.slug]),
            link_label=_("See what is waiting"),
            order=60,
        )
    ]
