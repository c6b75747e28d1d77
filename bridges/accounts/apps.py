from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bridges.accounts"
    label = "accounts"
    verbose_name = _("Accounts and programmes")

    def ready(self) -> None:
        from bridges.core.pagecache import connect_public_models

        from . import receivers  # noqa: F401  (audits sign-ins and admin actions)
        from .models import Organisation, Programme

        # The public pages list programmes and organisations: cached copies go when they change.
        connect_public_models(Programme, Organisation)
