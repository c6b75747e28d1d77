from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard

HOME_CARDS = [
    HomeCard(
        _("Guides in your language"),
        _(
            "Step by step: see a doctor, open a bank account, find a school, claim "
            "Universal Credit."
        ),
        "guides_public:list",
        order=20,
    ),
]
