from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropinsConfig(AppConfig):
    name = "bridges.dropins"
    label = "dropins"
    verbose_name = _("Drop-ins and groups")
