from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkersConfig(AppConfig):
    name = "bridges.networkers"
    label = "networkers"
    verbose_name = _("Networkers")

    def ready(self) -> None:
        from bridges.core import providers

        from . import selectors, speakers

        # What the statistics app asks for its coverage gap (networkers per language, counts).
        providers.networkers.provide(selectors)
        # What the content-translation workflow asks: who may translate into a language.
        providers.speakers.provide(speakers)
