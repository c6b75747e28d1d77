from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CascadesConfig(AppConfig):
    name = "bridges.cascades"
    label = "cascades"
    verbose_name = _("Key messages")

    def ready(self) -> None:
        from bridges.core import pagecache
        from bridges.translations.models import Translation
        from bridges.translations.registry import register

        from .models import KeyMessage
        from .translation import KEY_MESSAGE

        # Title, message and short version are translated through the shared workflow.
        register(KEY_MESSAGE)

        # The public message pages show key messages and their published translations: a
        # change to either forgets the cached copies.
        pagecache.connect_public_models(KeyMessage, Translation)
