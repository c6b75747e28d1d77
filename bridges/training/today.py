"""A networker's next training session and refreshers on their programme home (see
bridges/core/today.py)."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.roles import Role
from bridges.core.locale_format import format_date, format_time
from bridges.core.templatetags.bidi import isolate_text
from bridges.core.today import TodayFact

from .models import ModuleCompletion, SessionBooking

REFRESHER_WINDOW_DAYS = 60  # as the coordinators' refreshers list


def today(*, programme, user, roles: set[str]) -> list[TodayFact]:
    if Role.NETWORKER not in roles:
        return []
    return [_next_session(programme, user), *_refreshers(programme, user)]


def _next_session(programme, user) -> TodayFact:
    booking = (
        SessionBooking.objects.for_programme(programme)
        .filter(
            networker__user=user,
            session__cancelled=False,
            session__ends_at__gte=timezone.now(),
        )
        .select_related("session")
        .prefetch_related("session__modules")
        .order_by("session__starts_at")
        .first()
    )
    if booking is None:
        return TodayFact(
            key="training.next_session",
            title=_("Your next training"),
            lines=(_("You have no training session booked."),),
            url=reverse("training:session_list", args=[programme.slug]),
            link_label=_("See the sessions you can book"),
            order=10,
        )
    session = booking.session
    return TodayFact(
        key="training.next_session",
        title=_("Your next training"),
        # Typed by a coordinator, perhaps in another script: isolated inside the sentence.
        lines=(
            isolate_text(session.display_title),
            _("%(date)s at %(time)s, %(venue)s")
            % {
                "date": format_date(session.starts_at, "long"),
                "time": format_time(session.starts_at),
                "venue": isolate_text(session.venue),
            },
        ),
        url=reverse("training:session_detail", args=[programme.slug, session.pk]),
        link_label=_("Session details"),
        order=10,
    )


def _refreshers(programme, user) -> list[TodayFact]:
    """The person's own modules whose latest completion expires within the window (or has)."""
    today_ = timezone.localdate()
    latest: dict[int, ModuleCompletion] = {}
    completions = (
        ModuleCompletion.objects.for_programme(programme)
        .filter(networker__user=user)
        .select_related("module")
        .order_by("module_id", "-completed_on")
    )
    for completion in completions:
        latest.setdefault(completion.module_id, completion)
    due = sorted(
        (
            c
            for c in latest.values()
            if c.expires_on and c.expires_on <= today_ + timedelta(days=REFRESHER_WINDOW_DAYS)
        ),
        key=lambda c: c.expires_on,
    )
    if not due:
        return []
    lines = tuple(
        (
            _("%(module)s: refresher overdue since %(date)s")
            if c.expires_on < today_
            else _("%(module)s: refresher due by %(date)s")
        )
        % {"module": c.module.title, "date": format_date(c.expires_on, "long")}
        for c in due
    )
    return [
        TodayFact(
            key="training.refreshers",
            title=_("Refresher training due"),
            lines=lines,
            url=reverse("training:my_record", args=[programme.slug]),
            link_label=_("Your training record"),
            order=30,
            urgent=any(c.expires_on < today_ for c in due),
        )
    ]
