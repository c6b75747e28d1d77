from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bridges.core.homepage import HomeCard, HomeSection
from bridges.core.programme_links import ProgrammeLink

from .models import Service


def _with_services(programmes) -> set[int]:
    """The programmes with a published service, in one query."""
    return set(
        Service.objects.published()
        .filter(programme__in=[p.pk for p in programmes])
        .order_by()
        .values_list("programme_id", flat=True)
        .distinct()
    )


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

PROGRAMME_LINKS = [
    ProgrammeLink(
        _("Find a service"),
        lambda programme: (
            reverse("directory_public:search") + "?" + urlencode({"programme": programme.slug})
        ),
        offered=_with_services,
        missing=_("No services are listed here yet."),
        order=10,
    ),
]
