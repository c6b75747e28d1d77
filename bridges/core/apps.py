from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "bridges.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import (
            checks,  # registers the start-up checks (the database can be written)
            providers,  # noqa: F401  (registers the check that every slot is filled)
        )

        checks.spare_unwritable_sqlite_databases()
