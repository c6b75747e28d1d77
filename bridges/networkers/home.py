from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard
from bridges.core.programme_links import ProgrammeLink

HOME_CARDS = [
    HomeCard(
        _("Become a networker"),
        _("Your languages, skills and experience can help others. We train and support you."),
        "networkers_public:join_index",
        order=20,
    ),
]

PROGRAMME_LINKS = [
    ProgrammeLink(
        _("Become a networker"),
        lambda programme: reverse("networkers_public:join", args=[programme.slug]),
        order=20,
    ),
]
