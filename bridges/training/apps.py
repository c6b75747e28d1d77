from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "bridges.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from bridges.core import providers

        from . import selectors

        # What the networkers app asks of training (readiness, counts, sessions, records).
        providers.training.provide(selectors)
