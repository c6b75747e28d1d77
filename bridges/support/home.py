from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard
from bridges.core.programme_links import ProgrammeLink

HOME_CARDS = [
    HomeCard(
        _("Ask for help"),
        _("Tell us what you need and which language you speak: a networker will contact you."),
        "support_public:ask_index",
        order=40,
    ),
]

PROGRAMME_LINKS = [
    ProgrammeLink(
        _("Ask for help"),
        lambda programme: reverse("support_public:ask", args=[programme.slug]),
        order=30,
    ),
]
