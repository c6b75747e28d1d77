"""Migrant Community Networkers: the volunteers at the heart of the programme.

A Networker record exists from the moment someone applies (before they have a sign-in) and
follows them through the pipeline. `user` is set once they are invited to sign in.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from bridges.core.models import TimeStampedModel


class NetworkerQuerySet(models.QuerySet):
    def for_programme(self, programme) -> "NetworkerQuerySet":
        return self.filter(programme=programme)

    def active(self) -> "NetworkerQuerySet":
        return self.filter(stage=Networker.Stage.ACTIVE)


class Networker(TimeStampedModel):
    class Stage(models.TextChoices):
        APPLIED = "applied", _("Applied")
        CONTACTED = "contacted", _("Contacted")
        INTERVIEWED = "interviewed", _("Interviewed")
        REFERENCES = "references", _("References")
        DBS_CHECK = "dbs_check", _("DBS check")
        TRAINING = "training", _("Training")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="networkers",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networker",
    )
    display_name = models.CharField(_("name"), max_length=150)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.APPLIED, db_index=True
    )

    objects = NetworkerQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("networker")
        verbose_name_plural = _("networkers")

    def __str__(self) -> str:
        return self.display_name
