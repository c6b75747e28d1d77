from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "bridges.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from bridges.core import providers

        from . import selectors

        # What the contact log asks of the directory (the services a networker signposts to).
        providers.directory.provide(selectors)
