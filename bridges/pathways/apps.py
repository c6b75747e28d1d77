from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathwaysConfig(AppConfig):
    name = "bridges.pathways"
    label = "pathways"
    verbose_name = _("Pathways")

    def ready(self) -> None:
        from bridges.translations.registry import register

        from .translatable import ITEM

        # Item names and descriptions are translated through the shared workflow.
        register(ITEM)
