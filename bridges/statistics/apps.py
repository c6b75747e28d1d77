from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "bridges.statistics"
    label = "statistics"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .freshness import figures_changed
        from .models import Dataset, Indicator, Observation

        def changed(**_kwargs) -> None:
            figures_changed()

        # Figures saved one by one (the admin, tests); imports move it themselves.
        for model in (Dataset, Indicator, Observation):
            post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"figures-{model}")
            post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"figures-{model}")
