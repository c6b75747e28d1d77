"""A networker's next drop-in shift on their programme home (see bridges/core/today.py)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.roles import Role
from bridges.core.locale_format import format_date, format_time_range
from bridges.core.templatetags.bidi import isolate_text
from bridges.core.today import TodayFact

from .selectors import next_shift


def today(*, programme, user, roles: set[str]) -> list[TodayFact]:
    if Role.NETWORKER not in roles:
        return []
    shift = next_shift(user=user, programme=programme)  # one query
    rota_url = reverse("dropins:rota", args=[programme.slug])
    if shift is None:
        return [
            TodayFact(
                key="dropins.next_shift",
                title=_("Your next drop-in shift"),
                lines=(_("You have no drop-in shift booked."),),
                url=rota_url,
                link_label=_("Sign up on the drop-in rota"),
                order=30,
            )
        ]
    session = shift.session
    on_the_day = shift.date == timezone.localdate()
    return [
        TodayFact(
            key="dropins.next_shift",
            title=_("Your next drop-in shift"),
            lines=(
                _("%(session)s, %(date)s, %(time)s")
                % {
                    "session": isolate_text(session.title),
                    "date": format_date(shift.date, "full"),
                    "time": format_time_range(session.start_time, session.end_time),
                },
                _("Where: %(place)s") % {"place": isolate_text(session.place_name)},
            ),
            url=(
                reverse(
                    "dropins:occurrence",
                    args=[programme.slug, session.pk, shift.date.isoformat()],
                )
                if on_the_day
                else rota_url
            ),
            link_label=_("Open the waiting queue") if on_the_day else _("The drop-in rota"),
            order=30,
        )
    ]
