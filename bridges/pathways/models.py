"""Pathways: the things a person can get in a programme's city and what each requires.

An item needs **every one** of its requirement groups; a group is met by **any one** of its
alternatives (proof of address: a tenancy agreement, a council tax bill or a letter from a
support organisation). Where no alternative can be had, a coordinator-verified workaround may
meet the group instead. `planner.py` turns this into an ordered plan; docs/pathways.md says more.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel


class Item(ProgrammeOwned, TimeStampedModel):
    """Something a person can get: a document, an account, a registration, a place."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", pgettext_lazy("pathway item kind", "Document")
        ACCOUNT = "account", pgettext_lazy("pathway item kind", "Account or number")
        REGISTRATION = "registration", pgettext_lazy("pathway item kind", "Registration")
        HOME = "home", pgettext_lazy("pathway item kind", "Home")
        BENEFIT = "benefit", pgettext_lazy("pathway item kind", "Benefit or support")
        PLACE = "place", pgettext_lazy("pathway item kind", "Place on a course or at school")

    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="pathway_items"
    )
    slug = models.SlugField(
        _("short name"),
        max_length=80,
        help_text=_("Lower-case letters, numbers and hyphens, such as proof-of-address."),
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(
        pgettext_lazy("pathway item", "kind"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.DOCUMENT,
    )
    description = models.TextField(
        _("what it is and how to get it"),
        blank=True,
        help_text=_("Plain English, a few sentences. It is translated for readers."),
    )
    last_checked = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When someone last checked this against its official source."),
    )

    objects = ProgrammeOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="pathways_item_slug_unique")
        ]
        verbose_name = _("pathway item")
        verbose_name_plural = _("pathway items")

    def __str__(self) -> str:
        return self.name


class RequirementQuerySet(ProgrammeOwnedQuerySet):
    pass


class Requirement(ProgrammeOwned, TimeStampedModel):
    """One requirement group of an item: met by any one of its alternatives."""

    programme_path = "item__programme"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="requirements")
    label = models.CharField(
        _("what is needed"),
        max_length=150,
        help_text=_("Short, such as “Proof of address” or “Photo ID”."),
    )
    alternatives = models.ManyToManyField(
        Item,
        verbose_name=_("any one of"),
        related_name="meets",
        blank=True,
    )
    note = models.TextField(_("note for the reader"), blank=True)
    services = models.ManyToManyField(
        "directory.Service",
        verbose_name=_("services that help"),
        related_name="pathway_requirements",
        blank=True,
    )
    guide_slugs = models.CharField(
        _("guides that help"),
        max_length=500,
        blank=True,
        help_text=_("Short names of guides, separated by commas."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = RequirementQuerySet.as_manager()

    class Meta:
        ordering = ["item", "position", "pk"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")

    def __str__(self) -> str:
        return self.label

    @property
    def guide_slug_list(self) -> list[str]:
        return [s.strip() for s in self.guide_slugs.split(",") if s.strip()]


class WorkaroundQuerySet(ProgrammeOwnedQuerySet):
    def verified(self):
        return self.filter(status=Workaround.Status.VERIFIED)


class Workaround(ProgrammeOwned, TimeStampedModel):
    """A known way round one requirement, proposed by a networker, verified by a coordinator.
    Only verified ones are shown and used by the planner."""

    programme_path = "requirement__item__programme"

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("workaround status", "Waiting to be checked")
        VERIFIED = "verified", pgettext_lazy("workaround status", "Verified")
        REJECTED = "rejected", pgettext_lazy("workaround status", "Not used")

    requirement = models.ForeignKey(
        Requirement,
        verbose_name=_("requirement it gets round"),
        on_delete=models.CASCADE,
        related_name="workarounds",
    )
    text = models.TextField(
        _("the way round"),
        help_text=_("What to do instead, and where it works. Plain English."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("why"), blank=True)
    submission = models.UUIDField(null=True, blank=True, editable=False)

    objects = WorkaroundQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission"],
                condition=Q(submission__isnull=False),
                name="pathways_workaround_submission_once",
            )
        ]
        verbose_name = _("workaround")
        verbose_name_plural = _("workarounds")

    def __str__(self) -> str:
        return self.text[:60]
