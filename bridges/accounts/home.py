from bridges.core.homepage import HomeSection
from bridges.core.programme_links import links_for

from .selectors import programme_list_public

HOME_SECTIONS = [
    HomeSection(
        "accounts/includes/home_programmes.html",
        place="after",
        order=90,
        data=lambda: {"programmes": links_for(programme_list_public())},
    ),
]
