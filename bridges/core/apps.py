from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bridges.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import checks  # registers the start-up checks

        checks.spare_unwritable_sqlite_databases()
