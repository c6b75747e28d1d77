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

        from bridges.translations.registry import register

        from .translatable import SERVICE

        # Listings are translated through the shared workflow (bridges.translations).
        register(SERVICE)

        from django.db.models.signals import post_delete, post_save

        from .models import SearchTerm

        # A search word added, changed or removed in this process is used at once (others
        # notice a new or removed word at once, a changed one within a minute).
        for signal in (post_save, post_delete):
            signal.connect(
                selectors.synonyms_forget, sender=SearchTerm, dispatch_uid=f"synonyms-{signal}"
            )
