"""Community voice: issues networkers raise for their communities, and what was done.

A networker (or a coordinator) raises an issue: what is happening, which communities and areas,
the service area, about how many people it affects, how urgent, and evidence. Nothing in it
names a person: the form says so, and an issue raised from a contact record copies only that
record's needs, language and area as suggestions, never the contact itself.

Alike issues are merged into one (`Issue.merged_into`): the evidence and the supporters (the
networkers who raised or backed it) move to the issue kept, so one issue gathers what many
networkers saw. A coordinator routes an issue (`IssueRoute`) to a provider organisation's staff
or to a named council contact, who answers with what they will do. States: raised → routed →
answered → resolved, or closed (not taken forward) or merged. A route not answered within
VOICE_ROUTE_OVERDUE_DAYS is overdue.

Resolved issues appear on the public "you said, we did" page in the coordinator's public
words (`public_summary`, `public_answer`), never the networkers' own text.

`IssueTerm` is the word index the merge suggestions read (services.issue_index): one row per
distinct stem of an issue's summary and details, with the issue's programme and whether it is
open kept beside it, so a suggestion is one indexed query however many issues there are.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.contacts.models import Need
from bridges.core.models import TimeStampedModel

# The service area an issue is about: the contact log's needs, so an issue raised from a
# contact record takes its need as it is.
ServiceArea = Need


class State(models.TextChoices):
    RAISED = "raised", pgettext_lazy("community issue state", "Raised")
    ROUTED = "routed", pgettext_lazy("community issue state", "Routed")
    ANSWERED = "answered", pgettext_lazy("community issue state", "Answered")
    RESOLVED = "resolved", pgettext_lazy("community issue state", "Resolved")
    CLOSED = "closed", pgettext_lazy("community issue state", "Closed")
    MERGED = "merged", pgettext_lazy("community issue state", "Merged")


OPEN_STATES = (State.RAISED, State.ROUTED, State.ANSWERED)


class Urgency(models.TextChoices):
    LOW = "low", pgettext_lazy("community issue urgency", "Can wait")
    MEDIUM = "medium", pgettext_lazy("community issue urgency", "Soon")
    HIGH = "high", pgettext_lazy("community issue urgency", "Urgent")


class Source(models.TextChoices):
    DIRECT = "", _("Raised directly")
    CONTACT = "contact", _("From a contact record")
    CASCADE = "cascade", _("From questions after a cascade")


class IssueQuerySet(ProgrammeOwnedQuerySet):
    def open(self) -> "IssueQuerySet":
        return self.filter(state__in=OPEN_STATES)

    def resolved(self) -> "IssueQuerySet":
        return self.filter(state=State.RESOLVED)

    def newest_first(self) -> "IssueQuerySet":
        return self.order_by("-raised_at", "-pk")


class Issue(ProgrammeOwned, TimeStampedModel):
    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Made when the form was first drawn, so sending it twice stores one issue.
    client_id = models.UUIDField(_("issue identifier"), editable=False)

    summary = models.CharField(_("what is happening"), max_length=200)
    detail = models.TextField(_("more about it"), blank=True)
    service_area = models.CharField(_("service area"), max_length=20, choices=ServiceArea.choices)
    communities = models.ManyToManyField(
        "networkers.Community", verbose_name=_("communities"), blank=True, related_name="+"
    )
    areas = models.ManyToManyField(
        "core.Area", verbose_name=_("areas"), blank=True, related_name="+"
    )
    # The language the summary and details were written in (for translation and suggestions).
    language = models.CharField(_("written in"), max_length=16, default="en")
    people_affected = models.PositiveIntegerField(_("people affected (about)"), default=1)
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM
    )
    source = models.CharField(
        _("raised from"), max_length=8, choices=Source.choices, blank=True, default=""
    )
    # The contact record's or cascade's id (no details of it are copied).
    source_id = models.PositiveIntegerField(null=True, blank=True)

    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RAISED, db_index=True
    )
    state_changed_at = models.DateTimeField(_("last change"), default=timezone.now)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_from",
    )
    # Written by a coordinator for the public page, in words that name nobody.
    public_summary = models.TextField(_("you said (for the public page)"), blank=True)
    public_answer = models.TextField(_("we did (for the public page)"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    close_reason = models.CharField(_("why it was closed"), max_length=300, blank=True)

    objects = IssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("community issue")
        verbose_name_plural = _("community issues")
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(
                fields=["programme", "state", "-raised_at"], name="voice_issue_prog_state"
            ),
            models.Index(fields=["programme", "-resolved_at"], name="voice_issue_prog_resolved"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "client_id"], name="voice_issue_client_id"
            ),
            models.CheckConstraint(
                condition=~Q(state=State.RESOLVED)
                | (Q(resolved_at__isnull=False) & ~Q(public_summary="") & ~Q(public_answer="")),
                name="voice_issue_resolved_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(state=State.MERGED) | Q(merged_into__isnull=False),
                name="voice_issue_merged_has_target",
            ),
            models.CheckConstraint(
                condition=Q(people_affected__gte=1), name="voice_issue_people_affected_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CI-{self.pk:05d}" if self.pk else "CI-new"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class IssueEvidence(ProgrammeOwned):
    """What one networker saw: the first evidence is the raiser's own; others add theirs (or a
    merge brings theirs). Free text that must name nobody."""

    programme_path = "issue__programme"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="evidence")
    text = models.TextField(_("evidence"))
    people_affected = models.PositiveIntegerField(_("people affected (about)"), default=1)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    # The issue it was first given to, when a merge moved it here.
    moved_from = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["added_at", "pk"]

    def __str__(self) -> str:
        return f"{self.issue_id} evidence {self.pk}"


class IssueSupporter(ProgrammeOwned):
    """A networker who raised or backed an issue: told when it is answered and resolved."""

    programme_path = "issue__programme"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="supporters")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        constraints = [
            models.UniqueConstraint(fields=["issue", "user"], name="voice_supporter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} supporter {self.user_id}"


class IssueRouteQuerySet(ProgrammeOwnedQuerySet):
    def waiting(self) -> "IssueRouteQuerySet":
        return self.filter(answered_at__isnull=True, withdrawn_at__isnull=True)

    def overdue(self, *, today=None) -> "IssueRouteQuerySet":
        return self.waiting().filter(due_on__lt=today or timezone.localdate())


def _nonce() -> str:
    return secrets.token_urlsafe(16)


class IssueRoute(ProgrammeOwned):
    """An issue sent to whoever owns it: a provider organisation's staff on Bridges, or a named
    council contact (name and email kept on the route) who answers through a signed link."""

    programme_path = "issue__programme"

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="routes")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contact_name = models.CharField(_("contact's name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact's email"), blank=True)
    message = models.TextField(_("note for them"), blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(_("routed"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    # Part of the named contact's link: a new nonce (re-sending) makes older links useless.
    link_nonce = models.CharField(max_length=32, default=_nonce, editable=False)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = IssueRouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["routed_at", "pk"]
        indexes = [models.Index(fields=["due_on", "answered_at"], name="voice_route_due")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(organisation__isnull=False) & Q(contact_email=""))
                | (Q(organisation__isnull=True) & ~Q(contact_email="") & ~Q(contact_name="")),
                name="voice_route_one_recipient",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="voice_route_answered_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.issue_id} route {self.pk}"

    @property
    def recipient(self) -> str:
        return self.organisation.name if self.organisation_id else self.contact_name

    @property
    def is_waiting(self) -> bool:
        return self.answered_at is None and self.withdrawn_at is None

    def is_overdue(self, today=None) -> bool:
        return self.is_waiting and self.due_on < (today or timezone.localdate())

    @staticmethod
    def due_from(moment) -> "timezone.datetime":
        return timezone.localdate(moment) + timedelta(days=settings.VOICE_ROUTE_OVERDUE_DAYS)


class IssueEvent(ProgrammeOwned):
    """One step of an issue's history (no personal details)."""

    programme_path = "issue__programme"

    class Kind(models.TextChoices):
        RAISED = "raised", pgettext_lazy("community issue event", "Raised")
        SUPPORTED = "supported", _("Evidence added")
        MERGED_IN = "merged_in", _("Another issue merged into this one")
        MERGED_AWAY = "merged_away", _("Merged into another issue")
        ROUTED = "routed", pgettext_lazy("community issue event", "Routed")
        ANSWERED = "answered", pgettext_lazy("community issue event", "Answered")
        RESOLVED = "resolved", pgettext_lazy("community issue event", "Resolved")
        CLOSED = "closed", pgettext_lazy("community issue event", "Closed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what happened"), max_length=12, choices=Kind.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    other = models.ForeignKey(
        Issue, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("issue event")
        verbose_name_plural = _("issue events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.issue_id} {self.kind}"


class IssueTerm(ProgrammeOwned):
    """One stem of an issue's text, for the merge suggestions (see the module text)."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="+")
    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(max_length=64)
    is_open = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issue", "term"], name="voice_term_unique")]
        indexes = [
            models.Index(fields=["programme", "term", "is_open", "issue"], name="voice_term_lookup")
        ]

    def __str__(self) -> str:
        return self.term
