"""Referrals: a person named to a directory service, with their consent, and the loop closed.

A networker or coordinator refers someone to a service of the programme's directory, from one
of their contact log records or on its own. It is the only place in Bridges where a person
helped is named, and only with their recorded consent: who gave it, when, how, for what, and
the version of the consent wording they were shown (bridges/referrals/consent.py), in which
language.

Only what the service needs is kept: a name, how to contact them (the number or address), a
short note, their preferred language and whether they need an interpreter. The name, the
contact detail and every free-text note are encrypted at rest and stored as NULL when empty or
purged. States, dates, the service, the language and the reasons stay plain, for the lists,
the overdue flag and the anonymous counts that outlive the purge.

The loop: sent → accepted → in progress → completed, or declined (with a reason), or could not
contact (services.TRANSITIONS). The receiving organisation's provider staff move it along; a
service with nobody on Bridges (`assisted`) is followed up by the referrer, who records the
outcome. Consent may be withdrawn at any time: the details are hidden from everyone at once
and deleted on the next purge. A legal hold (reason, review date) keeps a referral's details
past its retention period until lifted.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel


class State(models.TextChoices):
    SENT = "sent", pgettext_lazy("referral state", "Sent")
    ACCEPTED = "accepted", pgettext_lazy("referral state", "Accepted")
    IN_PROGRESS = "in_progress", pgettext_lazy("referral state", "In progress")
    COMPLETED = "completed", pgettext_lazy("referral state", "Completed")
    DECLINED = "declined", pgettext_lazy("referral state", "Declined")
    NOT_CONTACTED = "not_contacted", pgettext_lazy("referral state", "Could not contact")
    WITHDRAWN = "withdrawn", pgettext_lazy("referral state", "Consent withdrawn")


OPEN_STATES = (State.SENT, State.ACCEPTED, State.IN_PROGRESS)
CLOSED_STATES = (State.COMPLETED, State.DECLINED, State.NOT_CONTACTED, State.WITHDRAWN)


class ContactMethod(models.TextChoices):
    PHONE = "phone", _("Phone call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    THROUGH_NETWORKER = "networker", _("Through the networker")


class ConsentGivenBy(models.TextChoices):
    PERSON = "person", _("The person themselves")
    PARENT = "parent", _("A parent or guardian (for a child)")
    REPRESENTATIVE = "representative", _("Someone with legal authority to act for them")


class ConsentMethod(models.TextChoices):
    SPOKEN = "spoken", _("Spoken")
    WRITTEN = "written", _("Written")
    INTERPRETED = "interpreted", _("Through an interpreter")


class DeclineReason(models.TextChoices):
    NOT_ELIGIBLE = "not_eligible", _("Not eligible for the service")
    NO_CAPACITY = "no_capacity", _("No capacity at the moment")
    WRONG_SERVICE = "wrong_service", _("Another service would suit better")
    PERSON_DECLINED = "person_declined", _("The person did not want the service")
    OTHER = "other", _("Another reason")


class ReferralQuerySet(ProgrammeOwnedQuerySet):
    def open(self) -> "ReferralQuerySet":
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, *, days: int, now=None) -> "ReferralQuerySet":
        """Open with no change for more than `days` days."""
        cutoff = (now or timezone.now()) - timedelta(days=days)
        return self.open().filter(state_changed_at__lt=cutoff)

    def newest_first(self) -> "ReferralQuerySet":
        return self.order_by("-referred_at", "-pk")


class Referral(ProgrammeOwned, TimeStampedModel):
    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Made where the referral was first written (the form), so sending it again stores it once.
    client_id = models.UUIDField(_("referral identifier"), editable=False)
    content_hash = models.CharField(max_length=64, editable=False)

    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The referrer's own contact record it was made from, if any; the contact log never links
    # back.
    contact = models.ForeignKey(
        "contacts.ContactRecord",
        verbose_name=_("made from the contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referred_at = models.DateTimeField(_("referred"), default=timezone.now)

    # What the service needs, and nothing more. Encrypted; NULL once purged.
    person_name = EncryptedCharField(_("name"), max_length=200, null=True)
    contact_method = models.CharField(
        _("how to contact them"), max_length=10, choices=ContactMethod.choices
    )
    contact_detail = EncryptedCharField(
        _("phone number or email"), max_length=200, null=True, blank=True
    )
    note = EncryptedTextField(_("note for the service"), null=True, blank=True)
    language = models.ForeignKey(
        "core.Language",
        verbose_name=_("preferred language"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)

    # Consent: who gave it, when, how, for what, and the wording shown (version and language).
    consent_given_by = models.CharField(
        _("consent given by"), max_length=16, choices=ConsentGivenBy.choices
    )
    consent_given_at = models.DateTimeField(_("consent given"))
    consent_method = models.CharField(
        _("how consent was given"), max_length=12, choices=ConsentMethod.choices
    )
    consent_purpose = models.CharField(_("consent given for"), max_length=300)
    consent_wording_version = models.CharField(_("consent wording version"), max_length=20)
    consent_language = models.CharField(_("consent wording shown in"), max_length=16)
    consent_withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    consent_withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # The loop.
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.SENT, db_index=True
    )
    state_changed_at = models.DateTimeField(_("last change"), default=timezone.now)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # True when the receiving organisation had nobody on Bridges when it was sent: the referrer
    # follows it up and records the outcome.
    assisted = models.BooleanField(_("followed up by the referrer"), default=False)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    outcome_note = EncryptedTextField(_("outcome note"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The stage the referrer was last told is overdue, as that stage's `state_changed_at`:
    # one notice per stage (a later change starts a new stage, which may be overdue again).
    overdue_notified_stage = models.DateTimeField(null=True, blank=True, editable=False)

    # Legal hold: the details are kept past the retention period until it is lifted.
    hold_reason = models.CharField(_("reason for the legal hold"), max_length=300, blank=True)
    hold_review_on = models.DateField(_("review the hold on"), null=True, blank=True)
    hold_set_at = models.DateTimeField(null=True, blank=True, editable=False)
    hold_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    # When its personal details were deleted (retention, or consent withdrawn).
    purged_at = models.DateTimeField(_("details deleted"), null=True, blank=True, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_at", "-pk"]
        indexes = [
            # The list and its counts read this index alone (index-only scans): the order,
            # then every column the visibility filter, the state filters and the counts need
            # (as key columns, not INCLUDE, so SQLite's covering index works the same way).
            models.Index(
                fields=[
                    "programme",
                    "-referred_at",
                    "-id",
                    "service",
                    "state",
                    "state_changed_at",
                    "language",
                ],
                name="referral_prog_newest",
            ),  # fmt: skip
            models.Index(fields=["service", "-referred_at", "-id"], name="referral_service_newest"),
            # A provider's counts: one short range per service of theirs, read from the index.
            models.Index(
                fields=["programme", "service", "state", "state_changed_at"],
                name="referral_prog_service_state",
            ),
            models.Index(fields=["referred_by", "-referred_at"], name="referral_referrer_newest"),
            models.Index(fields=["state", "state_changed_at"], name="referral_state_changed"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "client_id"], name="referral_client_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(purged_at__isnull=False) | Q(person_name__isnull=False),
                name="referral_name_until_purged",
            ),
            models.CheckConstraint(
                condition=Q(state__in=OPEN_STATES) | Q(closed_at__isnull=False),
                name="referral_closed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.DECLINED) | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.WITHDRAWN) | Q(consent_withdrawn_at__isnull=False),
                name="referral_withdrawn_has_time",
            ),
            models.CheckConstraint(
                condition=Q(purged_at__isnull=True) | ~Q(state__in=OPEN_STATES),
                name="referral_purged_only_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(hold_reason="") | Q(hold_review_on__isnull=False),
                name="referral_hold_has_review_date",
            ),
        ]

    def __str__(self) -> str:
        # Never the person: this may appear in logs or the audit trail.
        return self.reference

    @property
    def reference(self) -> str:
        return f"RF-{self.pk:06d}" if self.pk else "RF-new"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def on_hold(self) -> bool:
        return bool(self.hold_reason)

    @property
    def details_shared(self) -> bool:
        """Whether the person's details may be shown at all: not after consent is withdrawn,
        nor once purged."""
        return self.consent_withdrawn_at is None and self.purged_at is None


class ReferralEvent(ProgrammeOwned):
    """One step of a referral's history: a state change, consent withdrawn, a hold set or
    lifted, a purge. No personal details: the reason codes only."""

    programme_path = "referral__programme"

    class Kind(models.TextChoices):
        SENT = "sent", pgettext_lazy("referral event", "Sent")
        STATE = "state", _("State changed")
        WITHDRAWN = "withdrawn", _("Consent withdrawn")
        HOLD_SET = "hold_set", _("Legal hold set")
        HOLD_LIFTED = "hold_lifted", _("Legal hold lifted")
        PURGED = "purged", _("Details deleted")

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral_id} {self.kind} {self.state}"
