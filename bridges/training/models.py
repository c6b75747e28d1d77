"""Training: the curriculum networkers learn, the sessions that teach it, and who completed what.

A module with no programme belongs to the national curriculum (shared by every programme); a
programme may add its own modules (for example "the city's own services"). A completion of a
module with a refresher period expires; a networker is trained when every required module has a
current (unexpired) completion.
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridges.accounts.scoping import (
    ProgrammeOwned,
    ProgrammeOwnedQuerySet,
    SharedOrProgrammeOwned,
    SharedOrProgrammeOwnedQuerySet,
)
from bridges.core.locale_format import format_list
from bridges.core.models import TimeStampedModel


class ModuleQuerySet(SharedOrProgrammeOwnedQuerySet):
    """`for_programme`: the programme's own modules; `available_to`: the national ones too."""

    def active(self) -> "ModuleQuerySet":
        return self.filter(is_active=True)

    def required(self) -> "ModuleQuerySet":
        return self.filter(required=True, is_active=True)


class Module(SharedOrProgrammeOwned, TimeStampedModel):
    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="training_modules",
        help_text=_("Empty for the national curriculum, shared by every programme."),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name for addresses"), max_length=80)
    summary = models.TextField(_("summary"), blank=True)
    # One learning outcome per line.
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One per line.")
    )
    # Plain text: blank lines separate paragraphs, lines starting "- " are list items,
    # lines starting "## " are headings. Escaped when shown; never raw HTML.
    materials = models.TextField(_("materials"), blank=True)
    required = models.BooleanField(_("required before working with the public"), default=False)
    refresher_months = models.PositiveSmallIntegerField(
        _("refresher due after (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty if the module never needs refreshing."),
    )
    last_checked = models.DateField(_("content last checked"))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ModuleQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "slug"], name="training_module_unique_slug_per_programme"
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(programme__isnull=True),
                name="training_module_unique_national_slug",
            ),
            models.CheckConstraint(
                condition=Q(refresher_months__isnull=True) | Q(refresher_months__gte=1),
                name="training_module_refresher_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]


class TrainingSessionQuerySet(ProgrammeOwnedQuerySet):
    def upcoming(self) -> "TrainingSessionQuerySet":
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> "TrainingSessionQuerySet":
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def not_cancelled(self) -> "TrainingSessionQuerySet":
        return self.filter(cancelled=False)

    def with_booking_count(self) -> "TrainingSessionQuerySet":
        return self.annotate(booking_count=Count("bookings", distinct=True))

    def for_listing(self) -> "TrainingSessionQuerySet":
        """Everything a list of sessions shows, in a fixed number of queries."""
        return self.with_booking_count().prefetch_related("modules", "languages")


class TrainingSession(ProgrammeOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        SESSION = "session", _("Training session")
        AWAY_DAY = "away_day", _("Away day")

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="training_sessions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SESSION)
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        help_text=_("Optional. If empty, the module titles are used."),
    )
    modules = models.ManyToManyField(
        Module,
        verbose_name=_("modules covered"),
        blank=True,
        related_name="sessions",
        help_text=_("Attending completes each of these modules."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=300)
    venue_notes = models.TextField(
        _("getting there and access"),
        blank=True,
        help_text=_("Step-free access, buses, parking, childcare, prayer room…"),
    )
    trainer = models.CharField(_("trainer"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    languages = models.ManyToManyField(
        "core.Language",
        verbose_name=_("language support"),
        blank=True,
        related_name="+",
        help_text=_("Languages in which interpreting or bilingual support is available."),
    )
    interpreting_note = models.CharField(_("interpreting note"), max_length=300, blank=True)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="training_session_capacity_positive"
            ),
        ]
        indexes = [models.Index(fields=["programme", "starts_at"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        titles = [module.title for module in self.modules.all()]
        if titles:
            return format_list(titles, "unit")
        return str(self.get_kind_display())

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def places_left(self) -> int | None:
        count = getattr(self, "booking_count", None)
        if count is None:
            return None
        return max(self.capacity - count, 0)


class SessionBooking(ProgrammeOwned):
    """A networker's place on a session. One per person per session."""

    programme_path = "session__programme"

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        on_delete=models.CASCADE,
        related_name="training_bookings",
    )
    booked_at = models.DateTimeField(_("booked"), default=timezone.now)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["booked_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "networker"], name="training_booking_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.networker} @ {self.session_id}"


class Attendance(ProgrammeOwned):
    """Whether a networker attended a session, as recorded by a coordinator."""

    programme_path = "session__programme"

    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        on_delete=models.CASCADE,
        related_name="training_attendance",
    )
    attended = models.BooleanField(_("attended"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "networker"], name="training_attendance_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.networker} @ {self.session_id}: {self.attended}"


class ModuleCompletionQuerySet(ProgrammeOwnedQuerySet):
    def current(self, on=None) -> "ModuleCompletionQuerySet":
        """Completions that have not expired (on the given date, today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(expires_on__isnull=True) | Q(expires_on__gte=on))

    def expiring_between(self, start, end) -> "ModuleCompletionQuerySet":
        return self.filter(expires_on__gte=start, expires_on__lte=end)


class ModuleCompletion(ProgrammeOwned):
    """A networker completed a module on a date, usually by attending a session. It belongs to
    the networker's programme, whether the module is the programme's own or national."""

    programme_path = "networker__programme"

    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        on_delete=models.CASCADE,
        related_name="training_completions",
    )
    module = models.ForeignKey(
        Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="completions"
    )
    completed_on = models.DateField(_("completed on"))
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="completions",
    )
    expires_on = models.DateField(_("refresher due"), null=True, blank=True)
    refresher_reminder_sent_at = models.DateTimeField(
        _("refresher reminder sent"), null=True, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ModuleCompletionQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "module__order"]
        verbose_name = _("module completion")
        verbose_name_plural = _("module completions")
        constraints = [
            models.UniqueConstraint(
                fields=["networker", "module", "completed_on"],
                name="training_completion_once_per_day",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
                name="training_completion_expires_after_completion",
            ),
        ]
        indexes = [models.Index(fields=["expires_on"])]

    def __str__(self) -> str:
        return f"{self.networker}: {self.module} ({self.completed_on})"

    @property
    def certificate_number(self) -> str:
        return f"BT-{self.completed_on:%Y}-{self.pk:06d}"

    @property
    def is_current(self) -> bool:
        return self.expires_on is None or self.expires_on >= timezone.localdate()
