"""Support requests: a member of the public asks for help, a coordinator matches a networker.

The public form ("I need help with…, I speak…, I live in…, contact me by…") stores what the
person needs (the contact log's need areas), their languages and, if they say, their ward; how
to reach them is encrypted at rest and shown only to the programme's coordinators and, once they
have accepted the request, to the networker it was assigned to (every view audited).

Each form carries a token, unique within its programme: the same form sent twice stores one
request (`services.support_request_submit`). The consent the person gave for their contact
details is recorded with the version of the wording shown (`consent.py`).

The life of a request: new (in triage) → assigned (offered to a networker) → accepted →
contacted, or closed by a coordinator. A networker who declines returns it to triage with a
reason; every offer and answer is kept as a `SupportAssignment`. SUPPORT_RETENTION_MONTHS after
a request is closed, `manage.py purge_support_requests` deletes its personal details.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.contacts.models import Need
from bridges.core.models import TimeStampedModel

MESSAGE_MAX_LENGTH = 500

# The states in which a request is with a networker: they count towards the networker's load.
OPEN_WITH_NETWORKER = ("assigned", "accepted")


class SupportRequestQuerySet(ProgrammeOwnedQuerySet):
    def in_state(self, state: str) -> "SupportRequestQuerySet":
        return self.filter(state=state)

    def with_need(self, need: str) -> "SupportRequestQuerySet":
        # A JSON list of codes, quoted as the contact log does it (exact on both databases).
        return self.filter(needs__icontains=f'"{need}"')

    def in_language(self, code: str) -> "SupportRequestQuerySet":
        return self.filter(Q(language_id=code) | Q(other_language_id=code))

    def received_between(self, start=None, end=None) -> "SupportRequestQuerySet":
        if start is not None:
            self = self.filter(received_at__gte=start)
        if end is not None:
            self = self.filter(received_at__lt=end)
        return self

    def assigned_to(self, networker) -> "SupportRequestQuerySet":
        return self.filter(networker=networker)

    def open_with_networker(self) -> "SupportRequestQuerySet":
        return self.filter(state__in=OPEN_WITH_NETWORKER)


class SupportRequest(ProgrammeOwned, TimeStampedModel):
    class State(models.TextChoices):
        NEW = "new", pgettext_lazy("support request state", "Waiting for a networker")
        ASSIGNED = "assigned", pgettext_lazy("support request state", "Offered to a networker")
        ACCEPTED = "accepted", pgettext_lazy("support request state", "Accepted")
        CONTACTED = "contacted", pgettext_lazy("support request state", "Person contacted")
        CLOSED = "closed", pgettext_lazy("support request state", "Closed")

    class ContactBy(models.TextChoices):
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        MESSAGING = "messaging", _("A messaging app (for example WhatsApp)")
        EMAIL = "email", _("Email")

    class CloseReason(models.TextChoices):
        HELPED = "helped", _("Help given")
        NO_ANSWER = "no_answer", _("Could not reach the person")
        ELSEWHERE = "elsewhere", _("Helped elsewhere or no longer needed")
        DUPLICATE = "duplicate", _("A duplicate of another request")
        NO_NETWORKER = "no_networker", _("No networker could take it")

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="support_requests",
    )
    token = models.UUIDField(_("form identifier"), editable=False)
    received_at = models.DateTimeField(_("received"), db_index=True)

    needs = models.JSONField(_("help needed with"), default=list)
    language = models.ForeignKey(
        "core.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    other_language = models.ForeignKey(
        "core.Language",
        verbose_name=_("another language"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_by = models.CharField(_("contact by"), max_length=12, choices=ContactBy.choices)
    # Personal data: encrypted at rest; NULL when empty.
    contact_detail = EncryptedCharField(_("contact details"), max_length=254, null=True)
    name = EncryptedCharField(
        pgettext_lazy("what to call a person", "name"), max_length=100, null=True, blank=True
    )
    message = EncryptedTextField(_("message"), null=True, blank=True)
    consent_version = models.CharField(_("consent wording version"), max_length=20)
    consent_at = models.DateTimeField(_("consent given"))

    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.NEW, db_index=True
    )
    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="support_requests",
    )
    assigned_at = models.DateTimeField(_("offered"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    contacted_at = models.DateTimeField(_("person contacted"), null=True, blank=True)
    closed_at = models.DateTimeField(
        pgettext_lazy("support request", "closed"), null=True, blank=True
    )
    close_reason = models.CharField(
        _("why closed"), max_length=16, choices=CloseReason.choices, blank=True
    )
    # When the retention schedule deleted the contact details, name and message (what stays
    # names nobody: the needs, languages, area, dates and states, for anonymous counts).
    purged_at = models.DateTimeField(_("details deleted"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["received_at", "pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        indexes = [
            models.Index(fields=["programme", "state", "received_at"], name="support_prog_state"),
            models.Index(fields=["networker", "state"], name="support_networker_state"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["programme", "token"], name="support_token_unique"),
            models.CheckConstraint(
                condition=Q(state__in=["new", "closed"]) | Q(networker__isnull=False),
                name="support_with_networker_has_one",
            ),
            models.CheckConstraint(
                condition=~Q(state="closed") | Q(closed_at__isnull=False),
                name="support_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        # Never the contact details: this may appear in logs or the audit trail.
        return self.reference

    @property
    def reference(self) -> str:
        return f"SR-{self.pk:05d}" if self.pk else "SR-new"

    @property
    def touches_immigration(self) -> bool:
        return Need.IMMIGRATION in self.needs

    def need_labels(self) -> list[str]:
        return [str(Need(code).label) for code in self.needs if code in Need.values]

    def languages_list(self) -> list:
        return [lang for lang in (self.language, self.other_language) if lang is not None]


class SupportAssignment(ProgrammeOwned):
    """One offer of a request to a networker, and their answer."""

    programme_path = "request__programme"

    class Answer(models.TextChoices):
        WAITING = "waiting", _("Waiting for an answer")
        ACCEPTED = "accepted", pgettext_lazy("an offer", "Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn by the coordinator")

    class DeclineReason(models.TextChoices):
        NOT_AVAILABLE = "not_available", _("I am not available in the next few days")
        LANGUAGE = "language", _("I do not speak the language well enough")
        NEED = "need", _("I do not know enough about this need")
        TOO_MANY = "too_many", _("I am already helping too many people")
        OTHER = "other", _("Another reason")

    request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="assignments"
    )
    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("offered by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("offered"))
    answer = models.CharField(
        _("answer"), max_length=12, choices=Answer.choices, default=Answer.WAITING
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=16, choices=DeclineReason.choices, blank=True
    )
    # The networker's own words: encrypted at rest, NULL when empty.
    decline_note = EncryptedTextField(_("note"), null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("offer of a support request")
        verbose_name_plural = _("offers of support requests")
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer="declined") | ~Q(decline_reason=""),
                name="support_decline_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.answer}"
