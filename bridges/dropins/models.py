"""Drop-in sessions and group sessions, their rota of networkers, the waiting queue and
anonymous group attendance.

A `DropInSession` happens once or every week on the weekday of its first date, between two
times, at a directory location or a place written in words. One date of it is an occurrence:
occurrences are not stored, they are worked out from the session (`occurrence_dates`), and the
records of one occurrence (shifts, the queue, attendance) carry the session and the date.

Nothing here names the people who come: the queue holds a language, a need and when they
arrived; group attendance is a count per language.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.contacts.models import Need
from bridges.core.models import TimeStampedModel


class DropInSessionQuerySet(ProgrammeOwnedQuerySet):
    def running(self) -> "DropInSessionQuerySet":
        return self.filter(cancelled=False)

    def between(self, start: date, end: date) -> "DropInSessionQuerySet":
        """Sessions that may have an occurrence between these dates (inclusive)."""
        return self.filter(starts_on__lte=end).filter(
            Q(repeats=DropInSession.Repeats.ONCE, starts_on__gte=start)
            | Q(repeats=DropInSession.Repeats.WEEKLY)
            & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        )


class DropInSession(ProgrammeOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        DROP_IN = "drop_in", _("Drop-in")
        GROUP = "group", _("Group session")

    class Repeats(models.TextChoices):
        WEEKLY = "weekly", _("Every week")
        ONCE = "once", _("Once")

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="dropin_sessions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DROP_IN)
    title = models.CharField(pgettext_lazy("a session's name", "name"), max_length=150)
    location = models.ForeignKey(
        "directory.Location",
        verbose_name=_("place in the directory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    place = models.CharField(_("place"), max_length=250, blank=True)
    repeats = models.CharField(
        _("repeats"), max_length=10, choices=Repeats.choices, default=Repeats.WEEKLY
    )
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    helpers_wanted = models.PositiveSmallIntegerField(_("networkers wanted"), default=2)
    cancelled = models.BooleanField(_("cancelled"), default=False)

    objects = DropInSessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "start_time", "pk"]
        verbose_name = _("drop-in or group session")
        verbose_name_plural = _("drop-in and group sessions")
        indexes = [models.Index(fields=["programme", "cancelled", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="dropin_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(helpers_wanted__gte=1), name="dropin_helpers_wanted_positive"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="dropin_last_date_after_first",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def place_name(self) -> str:
        if self.location_id and self.location:
            return str(self.location)
        return self.place

    @property
    def weekday(self) -> int:
        return self.starts_on.weekday()

    def occurs_on(self, day: date) -> bool:
        if day < self.starts_on or (self.ends_on and day > self.ends_on):
            return False
        if self.repeats == self.Repeats.ONCE:
            return day == self.starts_on
        return day.weekday() == self.starts_on.weekday()

    def occurrence_dates(self, start: date, end: date) -> list[date]:
        """Its dates from `start` to `end` inclusive, in order."""
        if self.repeats == self.Repeats.ONCE:
            return [self.starts_on] if start <= self.starts_on <= end else []
        first = max(start, self.starts_on)
        first += timedelta(days=(self.starts_on.weekday() - first.weekday()) % 7)
        last = min(end, self.ends_on) if self.ends_on else end
        days = []
        while first <= last:
            days.append(first)
            first += timedelta(days=7)
        return days


class Shift(ProgrammeOwned):
    """A networker's place on the rota of one occurrence. One per person per occurrence."""

    programme_path = "session__programme"

    session = models.ForeignKey(DropInSession, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField(_("date"))
    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        on_delete=models.CASCADE,
        related_name="dropin_shifts",
    )
    signed_up_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        ordering = ["date", "signed_up_at", "pk"]
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date", "networker"], name="dropin_shift_once"
            )
        ]
        indexes = [models.Index(fields=["networker", "date"], name="dropin_shift_networker")]

    def __str__(self) -> str:
        return f"{self.session} {self.date}"


class QueueEntry(ProgrammeOwned):
    """Someone waiting at an occurrence: their language, what they need, when they arrived.
    Never a name. `client_id` comes with the form, so sending it twice adds one."""

    programme_path = "session__programme"

    session = models.ForeignKey(DropInSession, on_delete=models.CASCADE, related_name="queue")
    date = models.DateField(_("date"))
    client_id = models.UUIDField(editable=False)
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    # The contact log's need codes: "see this person" hands it to the contact form.
    need = models.CharField(_("need"), max_length=20, choices=Need.choices, blank=True)
    arrived_at = models.DateTimeField(_("arrived"))
    seen_at = models.DateTimeField(_("seen"), null=True, blank=True)
    seen_by = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("seen by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When the networker who saw them said they were free again.
    finished_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["arrived_at", "pk"]
        verbose_name = _("person waiting")
        verbose_name_plural = _("people waiting")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "client_id"], name="dropin_queue_client_id_unique"
            )
        ]
        indexes = [models.Index(fields=["session", "date"], name="dropin_queue_occurrence")]

    def __str__(self) -> str:
        return f"{self.session} {self.date} {self.language_id}"

    @property
    def minutes_waiting(self) -> int:
        end = self.seen_at or timezone.now()
        return max(int((end - self.arrived_at).total_seconds() // 60), 0)


class GroupAttendance(ProgrammeOwned):
    """How many people came to one occurrence of a group session, in one language."""

    programme_path = "session__programme"

    session = models.ForeignKey(DropInSession, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("date"))
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveSmallIntegerField(_("people"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "language"]
        verbose_name = _("group attendance")
        verbose_name_plural = _("group attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "date", "language"], name="dropin_attendance_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session} {self.date} {self.language_id}: {self.count}"
