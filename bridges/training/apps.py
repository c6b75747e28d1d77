from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class TrainingConfig(AppConfig):
    name = "bridges.training"
    label = "training"
    verbose_name = pgettext_lazy("the training section", "Training")

    def ready(self) -> None:
        from bridges.core import providers

        from . import selectors

        # What the networkers app asks of training (readiness, counts, sessions, records).
        providers.training.provide(selectors)
