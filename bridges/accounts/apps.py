from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bridges.accounts"
    label = "accounts"
    verbose_name = _("Accounts and programmes")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (audits sign-ins and admin actions)
