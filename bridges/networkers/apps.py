from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkersConfig(AppConfig):
    name = "bridges.networkers"
    label = "networkers"
    verbose_name = _("Networkers")
