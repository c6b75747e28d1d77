"""Key-message cascades: information out to communities, reach and questions back.

A coordinator writes a `KeyMessage` (a title, the full text, a short version for messaging
apps, the languages and communities it is for, and the days it runs). Networkers share it in
their languages and report each time they did (`ReachReport`): the channel, how many people it
reached, in which language, community and area, and any question that came back. Reports carry
a `client_id` made where the report was first written (the form or the phone's offline queue):
a report sent twice is stored once.

Questions are grouped per message (`QuestionGroup`); the coordinator answers a group and the
answer goes back to every networker who reported one of its questions.

The cascade view reads `ReachSummary`, one row per message, month, language, community, area
and channel, kept up to date as each report is stored (`services.reach_report`) and rebuilt
from the reports by `manage.py cascades_rebuild_summary`. A reach report names no one.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel

SHORT_MAX_LENGTH = 500
QUESTION_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 2000
PEOPLE_MAX = 5000  # more than one announcement could honestly reach


class Channel(models.TextChoices):
    MESSAGING_GROUP = "messaging_group", _("Messaging group (WhatsApp, Telegram…)")
    WORSHIP = "worship", _("Announcement at a place of worship")
    SCHOOL_GATE = "school_gate", _("At the school gate")
    ONE_TO_ONE = "one_to_one", _("One to one")
    COMMUNITY_EVENT = "community_event", _("Community group or event")
    RADIO = "radio", _("Community radio")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Another way")


class KeyMessageQuerySet(ProgrammeOwnedQuerySet):
    def live(self, day=None) -> "KeyMessageQuerySet":
        day = day or timezone.localdate()
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def ended(self, day=None) -> "KeyMessageQuerySet":
        return self.filter(ends_on__lt=day or timezone.localdate())

    def upcoming(self, day=None) -> "KeyMessageQuerySet":
        return self.filter(starts_on__gt=day or timezone.localdate())

    def for_languages(self, codes) -> "KeyMessageQuerySet":
        return self.filter(languages__in=list(codes)).distinct()


class KeyMessage(ProgrammeOwned, TimeStampedModel):
    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="key_messages"
    )
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(
        _("the message"),
        max_length=4000,
        help_text=_("Plain words: what changed, who it is for, what to do and by when."),
    )
    short_text = models.TextField(
        _("short version for messaging apps"),
        max_length=SHORT_MAX_LENGTH,
        help_text=_("One or two sentences. A link to the full message is added when shared."),
    )
    source_language = models.ForeignKey(
        "core.Language",
        verbose_name=_("written in"),
        on_delete=models.PROTECT,
        related_name="+",
        default="en",
    )
    languages = models.ManyToManyField(
        "core.Language",
        verbose_name=_("languages to reach"),
        related_name="key_messages",
    )
    communities = models.ManyToManyField(
        "networkers.Community",
        verbose_name=_("communities to reach"),
        blank=True,
        related_name="key_messages",
    )
    checked_on = models.DateField(
        _("facts last checked"),
        null=True,
        blank=True,
        help_text=_("The day someone checked the facts in it against their source."),
    )
    starts_on = models.DateField(_("share from"))
    ends_on = models.DateField(
        _("share until"), help_text=_("After this day networkers no longer see it.")
    )

    objects = KeyMessageQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("key message")
        verbose_name_plural = _("key messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="keymessage_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_live(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.starts_on <= day <= self.ends_on


class QuestionGroup(ProgrammeOwned, TimeStampedModel):
    """Questions that came back about one message, asked in much the same words: answered
    once, the answer goes to every networker who reported one of them."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        KeyMessage, on_delete=models.CASCADE, related_name="question_groups"
    )
    summary = models.CharField(_("question"), max_length=QUESTION_MAX_LENGTH)
    # The summary in lower case with spaces and end punctuation tidied: alike questions meet.
    key = models.CharField(max_length=QUESTION_MAX_LENGTH, editable=False)
    answer = models.TextField(_("answer"), max_length=ANSWER_MAX_LENGTH, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["answered_at", "-pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["message", "key"], name="questiongroup_unique_key")
        ]

    def __str__(self) -> str:
        return self.summary


class ReachReportQuerySet(ProgrammeOwnedQuerySet):
    def of_message(self, message) -> "ReachReportQuerySet":
        return self.filter(message=message)


class ReachReport(ProgrammeOwned):
    """One time a networker shared a message: how, in which language, with how many people."""

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(KeyMessage, on_delete=models.CASCADE, related_name="reports")
    networker = models.ForeignKey(
        "networkers.Networker",
        null=True,
        on_delete=models.SET_NULL,
        related_name="reach_reports",
    )
    client_id = models.UUIDField(editable=False)
    content_hash = models.CharField(max_length=64, editable=False)
    date = models.DateField(_("date shared"))
    channel = models.CharField(_("how you shared it"), max_length=20, choices=Channel.choices)
    language = models.ForeignKey(
        "core.Language", verbose_name=_("language"), on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        "networkers.Community",
        verbose_name=_("community"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    people_reached = models.PositiveIntegerField(
        _("people reached"), validators=[MinValueValidator(1), MaxValueValidator(PEOPLE_MAX)]
    )
    question = models.CharField(
        _("questions or reactions that came back"), max_length=QUESTION_MAX_LENGTH, blank=True
    )
    question_group = models.ForeignKey(
        QuestionGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ReachReportQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("reach report")
        verbose_name_plural = _("reach reports")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "client_id"], name="reachreport_unique_client_id"
            ),
            models.CheckConstraint(
                condition=Q(people_reached__gte=1), name="reachreport_people_at_least_one"
            ),
        ]
        indexes = [models.Index(fields=["networker", "-date"], name="reachreport_mine")]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.people_reached}"


class ReachSummary(ProgrammeOwned):
    """The reports of one message added up by month along one dimension at a time (language,
    community, area, channel): what the cascade view reads. A report adds to four rows, one per
    dimension, so the table stays small (messages × months × the values seen) however many
    reports there are. Kept up to date on each report; see the module docstring."""

    class Dimension(models.TextChoices):
        LANGUAGE = "language", _("language")
        COMMUNITY = "community", _("community")
        AREA = "area", _("area")
        CHANNEL = "channel", _("channel")

    programme = models.ForeignKey("accounts.Programme", on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(KeyMessage, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()  # the first day of the month
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    # The language code, community id, area code or channel; "" when the report left it out.
    value = models.CharField(max_length=20, blank=True)
    reports = models.PositiveIntegerField(default=0)
    people = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("reach summary")
        verbose_name_plural = _("reach summaries")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "month", "dimension", "value"], name="reachsummary_unique"
            )
        ]
        indexes = [
            models.Index(fields=["programme", "dimension", "month"], name="reachsummary_dim")
        ]
