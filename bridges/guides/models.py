"""Plain-language guides: one task a new arrival may need to do ("register with a GP"), written
once in plain English as structured sections and ordered steps, then translated.

A guide belongs to one programme (each city writes and checks its own), links to published
services of that programme's directory for "where to get help", and carries the date an editor
last checked its facts against the official sources. Only published guides are public."""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.models import Programme
from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel
from bridges.directory.models import Service

# The sections of a guide besides its steps, in reading order: field name and heading.
SECTIONS = (
    ("summary", _("What it is")),
    ("who_can", _("Who can do this")),
    ("what_you_need", _("What you need")),
    ("costs", _("What it costs")),
    ("help", _("Where to get help")),
)
SECTION_MAX = 2000


class GuideQuerySet(ProgrammeOwnedQuerySet):
    def published(self) -> "GuideQuerySet":
        return self.filter(status=Guide.Status.PUBLISHED, programme__is_active=True)


class Guide(ProgrammeOwned, TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("guide status", "Draft")
        PUBLISHED = "published", pgettext_lazy("guide status", "Published")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="guides")
    slug = models.SlugField(
        _("web address name"),
        max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens, like register-with-a-gp."),
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(
        _("what it is"), validators=[MaxLengthValidator(SECTION_MAX)], blank=False
    )
    who_can = models.TextField(
        _("who can do this"), blank=True, validators=[MaxLengthValidator(SECTION_MAX)]
    )
    what_you_need = models.TextField(
        _("what you need"), blank=True, validators=[MaxLengthValidator(SECTION_MAX)]
    )
    costs = models.TextField(
        _("what it costs"), blank=True, validators=[MaxLengthValidator(SECTION_MAX)]
    )
    help = models.TextField(
        _("where to get help"), blank=True, validators=[MaxLengthValidator(SECTION_MAX)]
    )
    official_url = models.URLField(_("official source"), blank=True, max_length=500)
    last_checked = models.DateField(_("facts last checked"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    services = models.ManyToManyField(
        Service, verbose_name=_("services that can help"), blank=True, related_name="+"
    )

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        constraints = [
            models.UniqueConstraint(
                "programme", Lower("slug"), name="guides_guide_slug_unique_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class GuideStep(ProgrammeOwned):
    programme_path = "guide__programme"

    guide = models.ForeignKey(Guide, on_delete=models.CASCADE, related_name="steps")
    number = models.PositiveSmallIntegerField(_("step number"))
    title = models.CharField(_("step"), max_length=200)
    body = models.TextField(
        _("what to do"), blank=True, validators=[MaxLengthValidator(SECTION_MAX)]
    )

    class Meta:
        ordering = ["guide", "number"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        constraints = [
            models.UniqueConstraint(fields=["guide", "number"], name="guides_step_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="guides_step_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
