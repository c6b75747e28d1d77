"""One translation of one record into one language, through its states.

A row exists from the first saved draft. It holds two copies of the text:

- the *working* copy (`draft_segments`), which a translator saves and sends for review and a
  reviewer approves or sends back;
- the *published* copy (`published_segments`), the last approved text, which is the only text
  ever shown to readers. Approving copies the working copy over it.

`state` is one of draft, in review, published, out of date; a missing translation has no row.
When the source changes after approval, `out_of_date_since` is set (and a published row's state
becomes out of date); the published copy stays public, with a notice, until a new one is
approved. A row in draft or review may also be out of date: its published copy still is.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.scoping import SharedOrProgrammeOwned, SharedOrProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel


class State(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("translation state", "Draft")
    REVIEW = "review", pgettext_lazy("translation state", "In review")
    PUBLISHED = "published", pgettext_lazy("translation state", "Published")
    OUT_OF_DATE = "out_of_date", pgettext_lazy("translation state", "Out of date")


# Not a stored state: the absence of a row. Listed with the others on the coverage page.
MISSING = "missing"
MISSING_LABEL = pgettext_lazy("translation state", "Missing")


class TranslationQuerySet(SharedOrProgrammeOwnedQuerySet):
    def of_record(self, kind: str, object_id):
        return self.filter(kind=kind, object_id=str(object_id))

    def public(self):
        """Rows whose published copy readers may see."""
        return self.filter(published_at__isnull=False)

    def in_language(self, language: str):
        return self.filter(language=language)


class Translation(SharedOrProgrammeOwned, TimeStampedModel):
    """The translation of one registered record (`kind`, `object_id`) into `language`."""

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="content_translations",
    )
    kind = models.CharField(_("kind of content"), max_length=64)
    object_id = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=16)
    state = models.CharField(_("state"), max_length=16, choices=State.choices)

    draft_segments = models.JSONField(default=dict, blank=True)
    # The source text the working copy was made from, to show what changed since.
    draft_source = models.JSONField(default=dict, blank=True)
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    translator_credit = models.BooleanField(_("name me on the page"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("comment for the translator"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent back by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    published_segments = models.JSONField(default=dict, blank=True)
    # The source text the published copy translates: compared with the source on every save.
    published_source = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_translator_credit = models.BooleanField(default=False)
    published_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_reviewer_credit = models.BooleanField(default=False)
    publish_note = models.CharField(max_length=200, blank=True)
    out_of_date_since = models.DateField(_("out of date since"), null=True, blank=True)

    objects = TranslationQuerySet.as_manager()

    class Meta:
        verbose_name = _("content translation")
        verbose_name_plural = _("content translations")
        ordering = ["kind", "object_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="translation_one_per_language"
            ),
            models.CheckConstraint(
                condition=Q(state__in=[s.value for s in State]), name="translation_state_valid"
            ),
            # Published and out of date mean there is an approved copy.
            models.CheckConstraint(
                condition=~Q(state__in=["published", "out_of_date"])
                | Q(published_at__isnull=False),
                name="translation_published_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["programme", "language", "state"], name="translation_coverage"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language})"

    @property
    def is_public(self) -> bool:
        return self.published_at is not None
