from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "bridges.initiatives"
    label = "initiatives"
    verbose_name = _("Community initiatives and events")

    def ready(self) -> None:
        from bridges.core.pagecache import connect_public_models

        from .models import Event, EventAttendance, Initiative

        # The public calendar and initiative pages show these.
        connect_public_models(Initiative, Event, EventAttendance)
