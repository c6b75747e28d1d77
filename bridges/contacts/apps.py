from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "bridges.contacts"
    label = "contacts"
    verbose_name = _("Contact log")

    def ready(self) -> None:
        from bridges.core import providers

        from . import selectors

        # What the networkers app asks of the contact log (hours of support given).
        providers.contacts.provide(selectors)
