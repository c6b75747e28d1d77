"""Official statistics: datasets, their indicators, and one observation per indicator × area ×
period × category.

The figures are aggregate public data (Census 2021, DWP National Insurance number
registrations…). A dataset with no programme is national, shared by every programme (loaded by
`manage.py load_statistics` or `import_statistics` from a shell); a dataset a programme's
coordinator imports from a page belongs to that programme, so no programme can change the
figures another one sees.

An observation names its area by GSS code and the vintage (year) of that code system, as the
file gave them, and copies the area's kind at import so that a map layer is one index scan
(`values_for_map` in selectors.py). Category "" is the indicator's total for the area; a
non-empty category comes with its dimension ("nationality", "ethnic group"…).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bridges.accounts.scoping import SharedOrProgrammeOwned
from bridges.core.models import Area, TimeStampedModel


class Dataset(SharedOrProgrammeOwned):
    """A published table or release: where the figures came from and under which licence."""

    programme = models.ForeignKey(
        "accounts.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statistics_datasets",
        help_text=_("Empty for national figures shared by every programme."),
    )
    slug = models.SlugField(_("key"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("The table or release it came from.")
    )
    publisher = models.CharField(_("publisher"), max_length=200)
    licence = models.CharField(_("licence"), max_length=200)
    url = models.URLField(_("address"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    released_on = models.DateField(_("release date"), null=True, blank=True)
    last_checked_on = models.DateField(_("last checked"), null=True, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("dataset")
        verbose_name_plural = _("datasets")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(programme__isnull=True),
                name="statistics_dataset_slug_unique_shared",
            ),
            models.UniqueConstraint(
                fields=["programme", "slug"], name="statistics_dataset_slug_unique_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(SharedOrProgrammeOwned):
    """What is counted or measured: "people whose address a year ago was outside the UK"."""

    class Measure(models.TextChoices):
        COUNT = "count", _("count")
        PERCENTAGE = "percentage", _("percentage")
        RATE = "rate", _("rate")

    programme_path = "dataset__programme"

    dataset = models.ForeignKey(
        Dataset, verbose_name=_("dataset"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=80)
    label = models.CharField(_("label"), max_length=300)
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    measure = models.CharField(
        _("measure"), max_length=12, choices=Measure.choices, default=Measure.COUNT
    )
    denominator = models.CharField(
        _("denominator"),
        max_length=300,
        blank=True,
        help_text=_("For a percentage or rate: of whom or of what."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["dataset__title", "label"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "code"], name="statistics_indicator_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class Observation(SharedOrProgrammeOwned):
    """One figure: an indicator's value for an area, a period and (optionally) a category."""

    class Marker(models.TextChoices):
        NONE = "", _("none")
        SUPPRESSED = "suppressed", _("suppressed")
        PROVISIONAL = "provisional", _("provisional")
        ESTIMATED = "estimated", _("estimated")

    programme_path = "indicator__dataset__programme"

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    area_code = models.CharField(_("GSS code"), max_length=9)
    area_vintage = models.CharField(_("code vintage"), max_length=20, blank=True)
    area_kind = models.CharField(_("area kind"), max_length=8, choices=Area.Kind.choices)
    period = models.CharField(
        _("period"), max_length=20, help_text=_("2021, 2025, 2025-Q1 or 2025-01.")
    )
    category_dimension = models.CharField(_("category dimension"), max_length=80, blank=True)
    category = models.CharField(
        _("category"), max_length=300, blank=True, help_text=_("Empty for the total.")
    )
    # Empty where the publisher suppressed the figure (the marker says so). Ten decimal places:
    # a published share such as 0.000994777, stored as a percentage, keeps every digit.
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=10, null=True, blank=True)
    marker = models.CharField(
        _("marker"), max_length=12, choices=Marker.choices, default=Marker.NONE, blank=True
    )

    class Meta:
        ordering = ["indicator", "period", "area_code", "category_dimension", "category"]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        constraints = [
            # Importing the same figure again updates it.
            models.UniqueConstraint(
                fields=["indicator", "area_code", "period", "category_dimension", "category"],
                name="statistics_observation_unique",
            )
        ]
        indexes = [
            # A map layer: one indicator, period, kind of area and category.
            models.Index(
                fields=["indicator", "period", "area_kind", "category"],
                name="statistics_obs_map",
            ),
            # An area's profile: everything known about one area.
            models.Index(fields=["area_code", "indicator"], name="statistics_obs_area"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area_code} {self.period} {self.category}: {self.figure}"

    @property
    def figure(self) -> str:
        """The value as written in a table: "5810", "12.5"; "" where there is none."""
        return "" if self.value is None else format(self.value.normalize(), "f")


class StatisticsImport(SharedOrProgrammeOwned, TimeStampedModel):
    """One import of a statistics file, run by the task worker (or from a shell), with its
    progress and, per row, the area codes it could not use."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey(
        "accounts.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="statistics_imports",
        help_text=_("Empty for an import of national figures from a shell."),
    )
    source_name = models.CharField(_("file"), max_length=300)
    layout = models.CharField(_("layout"), max_length=40)
    options = models.JSONField(_("options"), default=dict, blank=True)
    payload = models.BinaryField(editable=False, blank=True)
    dataset = models.ForeignKey(
        Dataset, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    # [{"line": 12, "code": "E02999999", "kind": "unknown_area" | "vintage" | …, "reason": "…"}]
    problems = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("statistics import")
        verbose_name_plural = _("statistics imports")

    def __str__(self) -> str:
        return self.source_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
