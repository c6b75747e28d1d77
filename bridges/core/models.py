"""The few things every capability shares: a base for casework records and reference data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.core.locale_format import country_name, language_name


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
        name = self.name
        if self.native_name and self.native_name != name:
            # Isolated (FSI … PDI): a right-to-left name in brackets would otherwise take the
            # closing bracket into its own run: "Dari ((فارسی (افغانستان)".
            return f"{name} (\u2068{self.native_name}\u2069)"
        return name

    @property
    def name(self) -> str:
        """The name in the reader's language (CLDR), else the English name."""
        return language_name(self.code, self.english_name)

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
        return country_name(self.code, self.name)


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
        COUNTRY = "country", _("country")

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


class Notification(models.Model):
    """One email Bridges sends, recorded so that it is sent at most once and a failure is retried.

    Made by `bridges.core.notify.notification_send`; sent by the task worker after the
    transaction that made it commits. (kind, dedupe_key) is unique, so asking twice for the same
    notification sends it once. The message text is kept only until it is sent: it may hold a
    one-time link.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed (gave up)")

    kind = models.CharField(_("kind"), max_length=80)
    dedupe_key = models.CharField(_("key"), max_length=200)
    to = models.JSONField(pgettext_lazy("email recipients", "to"), default=list)
    cc = models.JSONField(_("copy to"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=15)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    html = models.TextField(_("HTML"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "dedupe_key"], name="core_notification_kind_key_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.dedupe_key} ({self.status})"
