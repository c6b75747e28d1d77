from django.apps import AppConfig
from django.db.models import fields
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def cache_tables_create(sender, using: str = "default", **kwargs) -> None:
    """After every `migrate`, create the table of any database cache that lacks one, so a
    deployment without Redis needs no extra step (createcachetable skips existing tables)."""
    from django.conf import settings
    from django.core.management import call_command

    if any(
        cache["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
        for cache in settings.CACHES.values()
    ):
        call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "bridges.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from . import (
            checks,
            pagecache,  # registers the start-up checks (the database can be written)
            providers,  # noqa: F401  (registers the check that every slot is filled)
        )

        # Django's "- Select an option -" at the top of a select comes from Django's own
        # catalogues, which lack most of our languages: say it in ours.
        fields.BLANK_CHOICE_LABEL = pgettext_lazy("select with nothing chosen", "Choose one")
        checks.spare_unwritable_sqlite_databases()
        post_migrate.connect(cache_tables_create, sender=self)
        # Public pages show reference data (languages, areas): cached copies go when it changes.
        pagecache.connect_public_models(*self.get_models())
