from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "bridges.guides"
    label = "guides"
    verbose_name = _("Guides")

    def ready(self):
        from bridges.translations.registry import register

        from .translatable import GUIDE

        # Guides are translated by networkers through the shared workflow.
        register(GUIDE)
