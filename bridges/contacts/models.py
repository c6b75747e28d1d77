"""The contact log: each piece of support a networker gives, recorded anonymously.

A record says what kind of help was given, to how many people, in which languages and where,
never who: no names, dates of birth or contact details. The optional note is short, encrypted at
rest, and the form asks for no names in it.

Every record carries `client_id`, a UUID made where the record was first written (the form, or
a phone's offline queue), unique within its programme: sending the same record again stores
nothing new (`services.contact_record`). `content_hash` is the digest of what was first sent,
so a repeat can be told from a different record reusing the id.

A networker's corrections are kept as `ContactRecordRevision` rows: who, when, and which fields
changed from what to what (the note's words are not copied into the history).
"""

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedTextField

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel

NOTE_MAX_LENGTH = 500


class Channel(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone or messaging")
    GROUP = "group", _("Group session")
    DROP_IN = "drop_in", _("Drop-in")
    HOME_VISIT = "home_visit", _("Home visit")
    ACCOMPANIED = "accompanied", _("Accompanied to a service")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("Under 18")
    AGE_18_25 = "18_25", _("18 to 25")
    AGE_26_40 = "26_40", _("26 to 40")
    AGE_41_64 = "41_64", _("41 to 64")
    AGE_65_PLUS = "65_plus", _("65 or over")
    MIXED = "mixed", _("Mixed ages (a group)")


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    OTHER = "other", _("In another way")
    MIXED = "mixed", _("Mixed (a group)")
    NOT_SAID = "not_said", _("Not said")


class TimeInUK(models.TextChoices):
    UNDER_6_MONTHS = "under_6m", _("Less than 6 months")
    UNDER_2_YEARS = "6m_2y", _("6 months to 2 years")
    UNDER_5_YEARS = "2y_5y", _("2 to 5 years")
    OVER_5_YEARS = "over_5y", _("More than 5 years")


class Need(models.TextChoices):
    HOUSING = "housing", _("Housing")
    BENEFITS = "benefits", _("Benefits")
    WORK = "work", _("Work")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    IMMIGRATION = "immigration", _("Immigration (signposted to a regulated adviser only)")
    MENTAL_HEALTH = "mental_health", _("Mental health")
    MONEY = "money", _("Money and debt")
    FOOD = "food", _("Food and crisis")
    ENGLISH = "english", _("English")
    DIGITAL = "digital", _("Digital")
    HATE_CRIME = "hate_crime", _("Hate crime")
    SAFEGUARDING = "safeguarding", _("Safeguarding")


class Action(models.TextChoices):
    INFORMATION = "information", _("Information given")
    SIGNPOSTED = "signposted", _("Signposted to a service")
    REFERRED = "referred", _("Referred")
    ACCOMPANIED = "accompanied", _("Accompanied")
    INTERPRETED = "interpreted", _("Interpreted")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("Need met")
    PARTLY = "partly", _("Partly met")
    ONGOING = "ongoing", _("Ongoing")
    NOT_MET = "not_met", _("Not met")
    UNKNOWN = "unknown", _("Not known yet")


class ContactRecordQuerySet(ProgrammeOwnedQuerySet):
    def by_networker(self, networker) -> "ContactRecordQuerySet":
        return self.filter(networker=networker)

    def between(self, start=None, end=None) -> "ContactRecordQuerySet":
        if start:
            self = self.filter(date__gte=start)
        if end:
            self = self.filter(date__lte=end)
        return self

    def with_need(self, need: str) -> "ContactRecordQuerySet":
        if connections[self.db].vendor == "postgresql":  # containment: the GIN index's
            return self.filter(needs__contains=[need])
        # A JSON list of codes; no code is part of another once quoted, so this is exact.
        return self.filter(needs__icontains=f'"{need}"')

    def signposted_to(self, service_ids: list[str]) -> "ContactRecordQuerySet":
        """Records signposting to any of these services (ids quoted, as `with_need`)."""
        if not service_ids:
            return self.none()
        matches = Q()
        for pk in service_ids:
            matches |= Q(services__icontains=f'"{pk}"')
        return self.filter(matches)

    def in_language(self, code: str) -> "ContactRecordQuerySet":
        if connections[self.db].vendor == "postgresql":  # containment: the GIN index's
            return self.filter(language_codes__contains=[code])
        return self.filter(
            pk__in=ContactRecord.languages.through.objects.filter(language_id=code).values(
                "contactrecord_id"
            )
        )

    def newest_first(self) -> "ContactRecordQuerySet":
        return self.order_by("-date", "-created_at", "-pk")


class ContactRecord(ProgrammeOwned, TimeStampedModel):
    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="contact_records",
    )
    # Kept when the networker's own record goes: the support was still given.
    networker = models.ForeignKey(
        "networkers.Networker",
        verbose_name=_("networker"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_records",
    )
    client_id = models.UUIDField(_("record identifier"), editable=False)
    content_hash = models.CharField(max_length=64, editable=False)

    date = models.DateField(_("date"), db_index=True)
    channel = models.CharField(_("how"), max_length=16, choices=Channel.choices)
    people_helped = models.PositiveSmallIntegerField(_("people helped"), default=1)
    duration_minutes = models.PositiveSmallIntegerField(
        _("time given (minutes)"), null=True, blank=True
    )
    languages = models.ManyToManyField(
        "core.Language", verbose_name=_("languages used"), related_name="contact_records"
    )
    # The codes of `languages`, kept on the record too (written with it, by the services), so
    # that the coordinator's filters by need and language are one index look-up on PostgreSQL
    # (GIN indexes on both lists, migration 0003) rather than a join over the links.
    language_codes = models.JSONField(default=list, blank=True, editable=False)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country of origin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    age_band = models.CharField(_("age"), max_length=10, choices=AgeBand.choices, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    time_in_uk = models.CharField(
        _("time in the UK"), max_length=10, choices=TimeInUK.choices, blank=True
    )
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    needs = models.JSONField(_("needs"), default=list, blank=True)
    actions = models.JSONField(
        pgettext_lazy("help given in a contact", "what was done"), default=list, blank=True
    )
    # Ids of the directory's services signposted to (the directory answers for them).
    services = models.JSONField(_("services signposted to"), default=list, blank=True)
    outcome = models.CharField(
        pgettext_lazy("contact record", "outcome"),
        max_length=10,
        choices=Outcome.choices,
        blank=True,
    )
    follow_up = models.BooleanField(_("follow-up needed"), default=False)
    # Free text: encrypted at rest, NULL when empty; the form asks for no names.
    note = EncryptedTextField(_("note"), null=True, blank=True)

    objects = ContactRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")
        # Both in the log's order, so a page is read from the index in order. The networker's
        # also holds the programme and the minutes, so their count and hours come from the
        # index alone.
        indexes = [
            models.Index(
                fields=["programme", "-date", "-created_at", "-id"], name="contact_prog_newest"
            ),
            models.Index(
                fields=[
                    "networker",
                    "programme",
                    "-date",
                    "-created_at",
                    "-id",
                    "duration_minutes",
                ],
                name="contact_networker_newest",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "client_id"], name="contact_client_id_unique"
            ),
            models.CheckConstraint(
                condition=Q(people_helped__gte=1), name="contact_people_helped_positive"
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1),
                name="contact_duration_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_channel_display()} ({self.people_helped})"

    def need_labels(self) -> list[str]:
        return [str(Need(code).label) for code in self.needs if code in Need.values]

    def action_labels(self) -> list[str]:
        return [str(Action(code).label) for code in self.actions if code in Action.values]


class ContactRecordRevision(ProgrammeOwned):
    """One correction of a record: who made it, when, and each field's value before and after
    (for the note, only that it changed)."""

    programme_path = "record__programme"

    record = models.ForeignKey(ContactRecord, on_delete=models.CASCADE, related_name="revisions")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.record_id} {self.changed_at:%Y-%m-%d %H:%M}"

    def changed_labels(self) -> list[str]:
        """The names of the fields this correction changed, as the form calls them."""
        labels = []
        for name in self.changes:
            try:
                labels.append(str(ContactRecord._meta.get_field(name).verbose_name))
            except FieldDoesNotExist:  # a field since removed
                labels.append(name)
        return labels
