from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadesConfig(AppConfig):
    name = "bridges.cascades"
    label = "cascades"
    verbose_name = _("Key messages")

    def ready(self) -> None:
        from bridges.core import pagecache

        from .models import KeyMessage

        # The public message pages show key messages: a change forgets the cached copies.
        pagecache.connect_public_models(KeyMessage)
