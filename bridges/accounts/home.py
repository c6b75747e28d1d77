from bridges.core.homepage import HomeSection

from .selectors import programme_list_public

HOME_SECTIONS = [
    HomeSection(
        "accounts/includes/home_programmes.html",
        place="after",
        order=90,
        data=lambda: {"programmes": programme_list_public()},
    ),
]
