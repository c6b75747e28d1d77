from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafeguardingConfig(AppConfig):
    name = "bridges.safeguarding"
    label = "safeguarding"
    verbose_name = _("Safeguarding")

    def ready(self) -> None:
        from bridges.core import providers

        from . import links

        # Where the contact log sends a networker raising a concern about one of its records.
        providers.safeguarding.provide(links)
