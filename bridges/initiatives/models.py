"""Community initiatives (work clubs, women's groups, a community café…) and their events.

An `Initiative` is a community group networkers started or help: what it is for, what it does,
the languages it works in, where and when it meets, how it is doing, the support it needs and
the networkers involved. A public, running initiative is listed in the programme's directory as
an Open Referral service (`directory_service`, kept by `services.initiative_publish`).

An `Event` happens once or every week, from a first date (and until a last one), between two
local times in the programme's time zone. It belongs to an initiative or to the programme
itself. People who came are counted after each date (`EventAttendance`), optionally per
language: counts, never names.
"""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.locale_format import weekday_name
from bridges.core.models import TimeStampedModel

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class InitiativeQuerySet(ProgrammeOwnedQuerySet):
    def listed(self) -> "InitiativeQuerySet":
        """Those the public may see: public, running and of an active programme."""
        return self.filter(
            public=True,
            status__in=[Initiative.Status.STARTING, Initiative.Status.ACTIVE],
            programme__is_active=True,
        )

    def needing(self, need: str) -> "InitiativeQuerySet":
        field = Initiative.NEED_FIELDS.get(need)
        return self.filter(**{field: True}) if field else self


class Initiative(ProgrammeOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        WORK_CLUB = "work_club", _("Work club")
        WOMENS_GROUP = "womens_group", _("Women's association or group")
        CAFE = "cafe", _("Community café")
        KITCHEN = "kitchen", _("Community kitchen")
        SPORTS = "sports", _("Football or sports club")
        SOCIAL_ENTERPRISE = "social_enterprise", _("Social enterprise")
        LANGUAGE = "language", _("Language or homework club")
        CULTURE = "culture", _("Culture, faith or heritage group")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        IDEA = "idea", _("An idea being talked about")
        STARTING = "starting", _("Getting started")
        ACTIVE = "active", pgettext_lazy("initiative status", "Running")
        PAUSED = "paused", pgettext_lazy("initiative status", "Paused")
        ENDED = "ended", pgettext_lazy("initiative status", "Ended")

    class Need(models.TextChoices):
        VENUE = "venue", _("A venue")
        FUNDING = "funding", _("Funding")
        TRAINING = "training", pgettext_lazy("support an initiative needs", "Training")
        VOLUNTEERS = "volunteers", _("Volunteers")

    NEED_FIELDS = {
        "venue": "needs_venue",
        "funding": "needs_funding",
        "training": "needs_training",
        "volunteers": "needs_volunteers",
    }

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    name = models.CharField(pgettext_lazy("an initiative's name", "name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    purpose = models.TextField(_("what it is for"))
    activities = models.TextField(_("what it does"), blank=True)
    languages = models.ManyToManyField(
        "core.Language",
        verbose_name=_("languages it works in"),
        blank=True,
        related_name="+",
    )
    venue_name = models.CharField(_("venue"), max_length=150, blank=True)
    venue_address = models.CharField(_("address"), max_length=250, blank=True)
    venue_postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    meets_on = models.CharField(_("days it meets"), max_length=40, blank=True)
    opens_at = models.TimeField(_("from"), null=True, blank=True)
    closes_at = models.TimeField(_("until"), null=True, blank=True)
    schedule_notes = models.CharField(_("about when it meets"), max_length=250, blank=True)
    contact_email = models.EmailField(_("public email"), blank=True)
    contact_phone = models.CharField(_("public phone number"), max_length=40, blank=True)
    status = models.CharField(
        pgettext_lazy("an initiative's state", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.STARTING,
    )
    needs_venue = models.BooleanField(_("needs a venue"), default=False)
    needs_funding = models.BooleanField(_("needs funding"), default=False)
    needs_training = models.BooleanField(_("needs training"), default=False)
    needs_volunteers = models.BooleanField(_("needs volunteers"), default=False)
    support_notes = models.TextField(_("about the support it needs"), blank=True)
    networkers = models.ManyToManyField(
        "networkers.Networker",
        verbose_name=_("networkers involved"),
        blank=True,
        related_name="initiatives",
    )
    public = models.BooleanField(_("show it to the public"), default=False)
    # The directory service that lists it while it is public and running (a directory UUID).
    directory_service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("community initiative")
        verbose_name_plural = _("community initiatives")
        indexes = [models.Index(fields=["programme", "status", "public"])]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="initiative_name_once"),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="initiative_closes_after_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def listed(self) -> bool:
        return (
            self.public
            and self.status in (self.Status.STARTING, self.Status.ACTIVE)
            and self.programme.is_active
        )

    @property
    def days(self) -> list[str]:
        return [d for d in self.meets_on.split(",") if d in DAYS]

    @property
    def day_names(self) -> list[str]:
        return [weekday_name(DAYS.index(day)) for day in self.days]

    @property
    def needs(self) -> list[str]:
        return [need for need, field in self.NEED_FIELDS.items() if getattr(self, field)]

    def needs_display(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels[need]) for need in self.needs]


class EventQuerySet(ProgrammeOwnedQuerySet):
    def public(self) -> "EventQuerySet":
        """On the public calendar: public events of an active programme whose initiative (if
        any) is itself public. Cancelled ones stay, marked, so people who planned to come see
        it."""
        return self.filter(public=True, programme__is_active=True).filter(
            Q(initiative__isnull=True)
            | Q(
                initiative__public=True,
                initiative__status__in=[Initiative.Status.STARTING, Initiative.Status.ACTIVE],
            )
        )

    def between(self, start: date, end: date) -> "EventQuerySet":
        """Events that may have a date between these dates (inclusive)."""
        return self.filter(starts_on__lte=end).filter(
            Q(repeats=Event.Repeats.ONCE, starts_on__gte=start)
            | Q(repeats=Event.Repeats.WEEKLY) & (Q(ends_on__isnull=True) | Q(ends_on__gte=start))
        )


class Event(ProgrammeOwned, TimeStampedModel):
    class Kind(models.TextChoices):
        COMMUNITY_DAY = "community_day", _("Community day")
        INFORMATION = "information", _("Information session with service providers")
        DROP_IN = "drop_in", _("Drop-in")
        MEETING = "meeting", _("Group meeting or activity")
        OTHER = "other", _("Other event")

    class Repeats(models.TextChoices):
        ONCE = "once", _("Once")
        WEEKLY = "weekly", _("Every week")

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="community_events",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="events",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Plain text for now; `translatable.event_segments` hands them to the translation workflow.
    title = models.CharField(pgettext_lazy("an event's name", "title"), max_length=150)
    description = models.TextField(_("what happens"), blank=True)
    venue_name = models.CharField(_("venue"), max_length=150)
    venue_address = models.CharField(_("address"), max_length=250, blank=True)
    venue_postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    languages = models.ManyToManyField(
        "core.Language", verbose_name=_("languages spoken"), blank=True, related_name="+"
    )
    repeats = models.CharField(
        _("repeats"), max_length=10, choices=Repeats.choices, default=Repeats.ONCE
    )
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(_("last date"), null=True, blank=True)
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    public = models.BooleanField(_("show it on the public calendar"), default=True)
    cancelled = models.BooleanField(pgettext_lazy("an event", "cancelled"), default=False)
    # RFC 5545 SEQUENCE: goes up with every change a calendar app should notice.
    sequence = models.PositiveIntegerField(default=0, editable=False)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "start_time", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["programme", "public", "starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="event_last_date_after_first",
            ),
        ]

    def __str__(self) -> str:
        return self.title

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

    def starts_at(self, day: date) -> datetime:
        """The aware start of its date `day`, in the programme's time zone."""
        return timezone.make_aware(datetime.combine(day, self.start_time))

    def ends_at(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, self.end_time))

    @property
    def counting_date(self) -> date:
        """The date whose attendance is counted next: its latest date up to today, else its
        first."""
        today = timezone.localdate()
        days = self.occurrence_dates(max(self.starts_on, today - timedelta(days=7)), today)
        return days[-1] if days else self.starts_on

    def has_happened(self, day: date) -> bool:
        return self.ends_at(day) <= timezone.now()


class EventAttendance(ProgrammeOwned):
    """How many people came to one date of an event, entered after it. `by_language` rows may
    split the total; they never add up to more than it."""

    programme_path = "event__programme"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendance")
    date = models.DateField(_("date"))
    total = models.PositiveIntegerField(_("people who came"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("event attendance")
        verbose_name_plural = _("event attendance")
        constraints = [
            models.UniqueConstraint(fields=["event", "date"], name="initiatives_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.date}: {self.total}"


class EventAttendanceLanguage(ProgrammeOwned):
    programme_path = "attendance__event__programme"

    attendance = models.ForeignKey(
        EventAttendance, on_delete=models.CASCADE, related_name="languages"
    )
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    count = models.PositiveIntegerField(_("people"))

    class Meta:
        ordering = ["-count", "language"]
        verbose_name = _("attendance in one language")
        verbose_name_plural = _("attendance by language")
        constraints = [
            models.UniqueConstraint(
                fields=["attendance", "language"], name="initiatives_attendance_language_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attendance_id} {self.language_id}: {self.count}"
