"""The few things every capability shares: a base for casework records and reference data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    """Base for casework records: who made or last changed them, and when."""

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True


class Language(models.Model):
    """A human language, keyed by its ISO 639 / BCP 47 code (two letters where one exists)."""

    class Direction(models.TextChoices):
        LTR = "ltr", _("left to right")
        RTL = "rtl", _("right to left")

    code = models.CharField(_("code"), max_length=16, primary_key=True)
    english_name = models.CharField(_("English name"), max_length=100)
    native_name = models.CharField(_("name in the language itself"), max_length=100)
    direction = models.CharField(
        _("script direction"), max_length=3, choices=Direction.choices, default=Direction.LTR
    )
    # Languages a coordinator is likely to meet are listed first in forms.
    common = models.BooleanField(_("commonly used"), default=False)

    class Meta:
        ordering = ["english_name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        if self.native_name and self.native_name != self.english_name:
            return f"{self.english_name} ({self.native_name})"
        return self.english_name

    @property
    def is_rtl(self) -> bool:
        return self.direction == self.Direction.RTL


class Country(models.Model):
    """An ISO 3166-1 country."""

    code = models.CharField(_("ISO 3166 code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name


class AreaQuerySet(models.QuerySet):
    def of_kind(self, kind: str) -> "AreaQuerySet":
        return self.filter(kind=kind)

    def within(self, parent_code: str) -> "AreaQuerySet":
        return self.filter(parent_id=parent_code)


class Area(models.Model):
    """A statistical or administrative area with its ONS GSS code and boundary."""

    class Kind(models.TextChoices):
        REGION = "region", _("region")
        LOCAL_AUTHORITY = "lad", _("local authority")
        WARD = "ward", _("ward")
        MSOA = "msoa", _("middle layer super output area")

    code = models.CharField(_("GSS code"), max_length=9, primary_key=True)
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("within"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    # Boundary as GeoJSON geometry (simplified); drawn as SVG on the server, never by a tile server.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    vintage = models.CharField(_("boundary vintage"), max_length=20, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return self.name
