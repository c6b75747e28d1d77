from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard
from bridges.core.programme_links import ProgrammeLink

from .models import Event, Initiative


def _with_events(programmes) -> set[int]:
    return set(
        Event.objects.public()
        .filter(programme__in=[p.pk for p in programmes])
        .order_by()
        .values_list("programme_id", flat=True)
        .distinct()
    )


def _with_initiatives(programmes) -> set[int]:
    return set(
        Initiative.objects.listed()
        .filter(programme__in=[p.pk for p in programmes])
        .order_by()
        .values_list("programme_id", flat=True)
        .distinct()
    )


HOME_CARDS = [
    HomeCard(
        _("Community events"),
        _("Community days, information sessions and groups near you, in many languages."),
        "initiatives_public:events_index",
        order=40,
    ),
]

PROGRAMME_LINKS = [
    ProgrammeLink(
        _("Community events"),
        lambda programme: reverse("initiatives_public:event_list", args=[programme.slug]),
        offered=_with_events,
        missing=_("No events are listed here yet."),
        order=40,
    ),
    ProgrammeLink(
        _("Community initiatives"),
        lambda programme: reverse("initiatives_public:initiative_list", args=[programme.slug]),
        offered=_with_initiatives,
        missing=_("No community initiatives are listed here yet."),
        order=41,
    ),
]
