"""Safeguarding concerns: raised by anyone working with people, seen by the leads alone.

A networker or coordinator who is worried about a child or an adult raises a concern. It goes
at once to the programme's safeguarding leads (Membership role "safeguarding"), and to nobody
else: coordinators, platform admins, analysts and providers never see it, in the app or the
Django admin (the models are not registered there). The person who raised it sees their
receipt and its state, never the lead's notes.

What describes the people involved (what happened, where, what was done, the lead's notes and
outcome) is encrypted at rest and stored as NULL when empty. States and dates stay plain: the
inbox filters, sorts and flags overdue acknowledgements in SQL.

A concern may be raised from a record of the raiser's contact log (`contact`): the concern
knows the contact, the contact log never knows the concern. Once a closed concern has been kept
for its retention period (settings SAFEGUARDING_RETENTION_YEARS_ADULT / _CHILD) its personal
details are purged (`purged_at`): what stays is anonymous (whom it was about, its states and
dates, the kinds of action taken), for counts.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Case, ExpressionWrapper, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from bridges.accounts.models import Programme
from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel

DEFAULT_ACKNOWLEDGE_HOURS = 24


class SafeguardingSettings(ProgrammeOwned, TimeStampedModel):
    """Who to call about safeguarding in one programme, and how fast leads must acknowledge.

    Organisational contact details, not personal data: shown to everyone raising a concern."""

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="safeguarding_settings"
    )
    contact_text = models.CharField(
        _("who to contact"),
        max_length=200,
        blank=True,
        help_text=_("For example: the safeguarding lead at the Civic Hall."),
    )
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("email"), blank=True)
    hours = models.CharField(
        _("hours"),
        max_length=200,
        blank=True,
        help_text=_("When the contact answers, for example: Monday to Friday, 9am to 5pm."),
    )
    acknowledge_within_hours = models.PositiveSmallIntegerField(
        _("acknowledge new concerns within (hours)"), default=DEFAULT_ACKNOWLEDGE_HOURS
    )

    class Meta:
        verbose_name = _("safeguarding settings")
        verbose_name_plural = _("safeguarding settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_within_hours__gte=1, acknowledge_within_hours__lte=720),
                name="safeguarding_acknowledge_hours_in_range",
            )
        ]

    def __str__(self) -> str:
        return str(_("Safeguarding settings of %(programme)s") % {"programme": self.programme})


class ConcernQuerySet(ProgrammeOwnedQuerySet):
    def in_state(self, state: str) -> "ConcernQuerySet":
        return self.filter(state=state)

    def raised_by(self, user) -> "ConcernQuerySet":
        return self.filter(raised_by=user)

    def with_overdue(self, *, hours: int, now=None) -> "ConcernQuerySet":
        """Annotate `overdue`: still new after `hours` hours."""
        cutoff = (now or timezone.now()) - timedelta(hours=hours)
        return self.annotate(
            overdue=Case(
                When(state=Concern.State.NEW, raised_at__lt=cutoff, then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def overdue_since(self, cutoff) -> "ConcernQuerySet":
        """Still new, raised before `cutoff`."""
        return self.filter(state=Concern.State.NEW, raised_at__lt=cutoff)

    def inbox_order(self) -> "ConcernQuerySet":
        """Overdue first, then open before closed, the oldest waiting first."""
        return self.order_by(
            F("overdue").desc(),
            ExpressionWrapper(Q(state=Concern.State.CLOSED), output_field=models.BooleanField()),
            "raised_at",
            "pk",
        )


class Concern(ProgrammeOwned, TimeStampedModel):
    class About(models.TextChoices):
        CHILD = "child", _("A child (under 18)")
        ADULT = "adult", _("An adult")

    class State(models.TextChoices):
        NEW = "new", pgettext_lazy("safeguarding concern state", "New")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTION_TAKEN = "action_taken", _("Action taken")
        CLOSED = "closed", pgettext_lazy("safeguarding concern state", "Closed")

    class Referral(models.TextChoices):
        CHILDRENS_SOCIAL_CARE = "childrens_social_care", _("Referred to children's social care")
        ADULTS_SOCIAL_CARE = "adults_social_care", _("Referred to adults' social care")
        POLICE = "police", _("Referred to the police")
        OTHER = "other", _("Other action")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    about = models.CharField(_("who is it about"), max_length=10, choices=About.choices)
    # Encrypted at rest; stored as NULL when empty (what happened only once purged).
    what_happened = EncryptedTextField(_("what happened"), null=True)
    happened_on = models.DateField(_("when did it happen"), null=True)
    place = EncryptedCharField(_("where"), max_length=300, null=True, blank=True)
    immediate_risk = models.BooleanField(_("is someone at risk right now"))
    action_already_taken = EncryptedTextField(_("action already taken"), null=True, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now, db_index=True)
    # The raiser's own contact record it was raised from, if any. The contact log never links
    # back, and shows nothing of the concern.
    contact = models.ForeignKey(
        "contacts.ContactRecord",
        verbose_name=_("raised from the contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.NEW, db_index=True
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    referral = models.CharField(
        _("action taken"), max_length=30, choices=Referral.choices, blank=True
    )
    # The latest action (each one, with its note, is a ConcernAction).
    action_at = models.DateTimeField(_("action recorded"), null=True, blank=True)
    action_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = EncryptedTextField(
        pgettext_lazy("safeguarding concern", "outcome"), null=True, blank=True
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # When the leads were told it was not acknowledged in time, and reminded again.
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    overdue_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When its personal details were deleted at the end of the retention period.
    purged_at = models.DateTimeField(_("details deleted"), null=True, blank=True, editable=False)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        verbose_name = _("safeguarding concern")
        verbose_name_plural = _("safeguarding concerns")
        ordering = ["raised_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="new") | Q(acknowledged_at__isnull=False),
                name="safeguarding_concern_acknowledged_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state="action_taken") | ~Q(referral=""),
                name="safeguarding_concern_action_has_referral",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="safeguarding_concern_closed_has_time",
            ),
            models.CheckConstraint(
                condition=Q(purged_at__isnull=False) | Q(what_happened__isnull=False),
                name="safeguarding_concern_text_until_purged",
            ),
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True) | Q(state="closed"),
                name="safeguarding_concern_purged_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        # Never the content: this may appear in logs or the audit trail.
        return self.reference

    @property
    def reference(self) -> str:
        return f"SG-{self.pk:05d}" if self.pk else "SG-new"


class ConcernAction(ProgrammeOwned, TimeStampedModel):
    """One thing a lead did about a concern (a referral, or other action), on a date."""

    programme_path = "concern__programme"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("action taken"), max_length=30, choices=Concern.Referral.choices)
    taken_on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), null=True, blank=True)

    class Meta:
        verbose_name = _("action on a safeguarding concern")
        verbose_name_plural = _("actions on safeguarding concerns")
        ordering = ["taken_on", "pk"]

    def __str__(self) -> str:
        # Never the note.
        return f"{self.concern.reference}: {self.kind}"
