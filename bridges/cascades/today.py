"""A networker's key messages on their programme home (see bridges/core/today.py): the live
messages for their languages, each title in their first language."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridges.accounts.roles import Role
from bridges.core.locale_format import format_date, format_number
from bridges.core.today import TodayAction, TodayFact

from . import selectors

SHOWN = 3


def today(*, programme, user, roles: set[str]) -> list[TodayAction | TodayFact]:
    if Role.NETWORKER not in roles:
        return []
    networker = selectors.networker_for_user(user=user, programme=programme)
    if networker is None:
        return []
    live = selectors.messages_for_networker(networker=networker, programme=programme)
    if not live:
        return []
    url = reverse("cascades:mine", args=[programme.slug])
    first = live[0].spoken[0].pk if live[0].spoken else ""
    texts = selectors.message_texts(live[:SHOWN], first)
    n = len(live)
    lines = [
        ngettext(
            "%(n)s key message to share in your languages",
            "%(n)s key messages to share in your languages",
            n,
        )
        % {"n": format_number(n)}
    ]
    lines += [
        _("“%(title)s”, until %(day)s")
        % {"title": f"\u2068{texts[m.pk].title}\u2069", "day": format_date(m.ends_on)}
        for m in live[:SHOWN]
    ]
    return [
        TodayAction(key="cascades.share", label=_("Share a key message"), url=url, order=20),
        TodayFact(
            key="cascades.messages",
            title=_("Key messages to share"),
            lines=tuple(lines),
            url=url,
            link_label=_("Copy, share and report"),
            order=30,
        ),
    ]
