from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard, HomeSection


def _home_search() -> dict:
    from .forms import HomeSearchForm

    return {"form": HomeSearchForm()}


HOME_SECTIONS = [
    HomeSection("directory/includes/home_search.html", place="before", order=10, data=_home_search)
]

HOME_CARDS = [
    HomeCard(
        _("Find a service"),
        _("Doctors, schools, housing, benefits, work, English classes and more."),
        "directory_public:search",
        order=10,
    ),
    HomeCard(
        _("Immigration advice"),
        _(
            "Only regulated advisers may give immigration advice. Networkers and services here "
            "can help you find one."
        ),
        "directory_public:search",
        query="need=immigration-advice",
        order=30,
    ),
]
