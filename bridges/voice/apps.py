from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoiceConfig(AppConfig):
    name = "bridges.voice"
    label = "voice"
    verbose_name = _("Community voice")

    def ready(self) -> None:
        from bridges.core.pagecache import connect_public_models
        from bridges.translations.models import Translation

        from .models import Issue
        from .translations import register_kinds

        # Issues' public words are translated through the shared workflow.
        register_kinds()
        # The public "you said, we did" page is cached; a resolved issue or a published
        # translation forgets it.
        connect_public_models(Issue, Translation)
