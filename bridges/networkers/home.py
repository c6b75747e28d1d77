from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard

HOME_CARDS = [
    HomeCard(
        _("Become a networker"),
        _("Your languages, skills and experience can help others. We train and support you."),
        "networkers_public:join_index",
        order=20,
    ),
]
