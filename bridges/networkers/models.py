"""Migrant Community Networkers: the volunteers at the heart of the programme.

A Networker record exists from the moment someone applies (before they have a sign-in) and
follows them through the pipeline. `user` is set once they are invited to sign in.

The record describes what a person brings (languages, communities, areas they know, skills,
lived experience), not what they lack. What identifies or describes the person (name, contact
details, skills, lived experience, the reasons given for moving them along the pipeline) is
encrypted at rest, so it cannot be searched or sorted in SQL: selectors sort and search by name
in Python after scoping (`networker_sorted`). For DBS checks
only the status is kept: level, date, who saw the certificate and when it is due for renewal;
never the certificate number or its contents.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField, EncryptedTextField

from bridges.accounts.scoping import ProgrammeOwned, ProgrammeOwnedQuerySet
from bridges.core.models import TimeStampedModel


class NetworkerQuerySet(ProgrammeOwnedQuerySet):
    def active(self) -> "NetworkerQuerySet":
        return self.filter(stage=Networker.Stage.ACTIVE)

    def in_stage(self, stage: str) -> "NetworkerQuerySet":
        return self.filter(stage=stage)

    def speaking(self, language_code: str) -> "NetworkerQuerySet":
        return self.filter(language_skills__language_id=language_code)

    def in_community(self, community_id: int) -> "NetworkerQuerySet":
        return self.filter(communities__id=community_id)

    def knowing_area(self, area_code: str) -> "NetworkerQuerySet":
        return self.filter(areas__code=area_code)


class DBSLevel(models.TextChoices):
    """The levels of a DBS check, from the least to the most information (UK-FACTS.md, 16)."""

    BASIC = "basic", _("Basic")
    STANDARD = "standard", _("Standard")
    ENHANCED = "enhanced", _("Enhanced")
    ENHANCED_BARRED = "enhanced_barred", _("Enhanced with barred list")

    @classmethod
    def satisfies(cls, level: str, needed: str) -> bool:
        """Whether a check at `level` is enough for a role that needs `needed` (or nothing)."""
        if not needed:
            return True
        order = list(cls.values)
        return level in order and needed in order and order.index(level) >= order.index(needed)


class Networker(ProgrammeOwned, TimeStampedModel):
    class Stage(models.TextChoices):
        APPLIED = "applied", _("Applied")
        CONTACTED = "contacted", _("Contacted")
        INTERVIEWED = "interviewed", _("Interviewed")
        REFERENCES = "references", _("References")
        DBS_CHECK = "dbs_check", _("DBS check")
        TRAINING = "training", pgettext_lazy("networker stage", "Training")
        ACTIVE = "active", pgettext_lazy("networker stage", "Active")
        PAUSED = "paused", _("Paused")
        LEFT = "left", _("Left")

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        MESSAGING = "messaging", _("Messaging app")

    class Interest(models.TextChoices):
        SUPPORT = "support", _("Help people find and use local services")
        INFORMATION = "information", _("Share information with my community")
        GROUPS = "groups", _("Start or run a community group or activity")
        TRANSLATION = "translation", _("Translate and check guides")
        DROP_IN = "drop_in", _("Help at drop-in sessions")
        VOICE = "voice", _("Tell the council what my community needs")

    class Day(models.TextChoices):
        MON = "mon", _("Monday")
        TUE = "tue", _("Tuesday")
        WED = "wed", _("Wednesday")
        THU = "thu", _("Thursday")
        FRI = "fri", _("Friday")
        SAT = "sat", _("Saturday")
        SUN = "sun", _("Sunday")

    class TimeOfDay(models.TextChoices):
        MORNING = "morning", _("Mornings")
        AFTERNOON = "afternoon", _("Afternoons")
        EVENING = "evening", _("Evenings")

    programme = models.ForeignKey(
        "accounts.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="networkers",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sign-in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="networker",
    )
    # Personal data, encrypted at rest (see the module docstring).
    display_name = EncryptedCharField(pgettext_lazy("a person's name", "name"), max_length=150)
    stage = models.CharField(
        _("stage"), max_length=16, choices=Stage.choices, default=Stage.APPLIED, db_index=True
    )
    stage_changed_at = models.DateTimeField(_("in this stage since"), null=True, blank=True)

    # Contact details: personal data, encrypted at rest.
    # Encrypted fields store an empty value as NULL.
    email = EncryptedEmailField(_("email address"), max_length=254, null=True, blank=True)
    phone = EncryptedCharField(_("phone number"), max_length=40, null=True, blank=True)
    preferred_contact = models.CharField(
        _("preferred way to contact"),
        max_length=16,
        choices=Channel.choices,
        default=Channel.EMAIL,
    )

    # What they bring.
    communities = models.ManyToManyField(
        "networkers.Community",
        verbose_name=_("communities"),
        blank=True,
        related_name="networkers",
    )
    areas = models.ManyToManyField(
        "core.Area",
        verbose_name=_("areas they know"),
        blank=True,
        related_name="networkers",
    )
    # Encrypted at rest; stored as NULL when empty.
    skills = EncryptedTextField(_("skills"), null=True, blank=True)
    lived_experience = EncryptedTextField(_("lived experience"), null=True, blank=True)
    interests = models.JSONField(_("what they would like to do"), default=list, blank=True)
    availability_days = models.JSONField(_("days available"), default=list, blank=True)
    availability_times = models.JSONField(_("times available"), default=list, blank=True)
    # The DBS check the person's role is eligible for and needs; empty until a coordinator
    # has checked the role's eligibility. A lower check does not make them ready.
    dbs_level_needed = models.CharField(
        _("DBS check the role needs"), max_length=16, choices=DBSLevel.choices, blank=True
    )
    hours_given = models.DecimalField(_("hours given"), max_digits=8, decimal_places=1, default=0)

    # The last invitation to sign in sent to them: links their sign-in once accepted.
    invitation = models.ForeignKey(
        "accounts.Invitation",
        verbose_name=_("invitation to sign in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Consent and retention of the application.
    consent_at = models.DateTimeField(_("consent to store given"), null=True, blank=True)
    retain_until = models.DateField(_("keep the application until"), null=True, blank=True)
    # A token carried by the application form so that a resent form makes one application.
    application_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    objects = NetworkerQuerySet.as_manager()

    class Meta:
        # Not by name: the name is encrypted. Lists sort by name in Python.
        ordering = ["pk"]
        verbose_name = _("networker")
        verbose_name_plural = _("networkers")
        indexes = [models.Index(fields=["programme", "stage"], name="networker_prog_stage")]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_given__gte=0), name="networker_hours_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class Community(ProgrammeOwned):
    """A community a networker is connected to, as people name it ("Eritrean community",
    "Polish parish in Harehills"). Kept per programme, so coordinators can filter by it."""

    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="communities"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="community_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class NetworkerLanguage(ProgrammeOwned):
    programme_path = "networker__programme"

    class Level(models.TextChoices):
        BASIC = "basic", _("Basic")
        CONVERSATIONAL = "conversational", _("Conversational")
        FLUENT = "fluent", _("Fluent")
        NATIVE = "native", _("Native or first language")

    networker = models.ForeignKey(
        Networker, on_delete=models.CASCADE, related_name="language_skills"
    )
    language = models.ForeignKey(
        "core.Language",
        verbose_name=_("language"),
        on_delete=models.PROTECT,
        related_name="networker_skills",
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)

    class Meta:
        ordering = ["networker", "language__english_name"]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")
        constraints = [
            models.UniqueConstraint(
                fields=["networker", "language"], name="networker_language_unique"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["basic", "conversational", "fluent", "native"]),
                name="networker_language_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.get_level_display()})"


class StageChange(ProgrammeOwned):
    """Who moved a person along the pipeline, when, from where to where, and why."""

    programme_path = "networker__programme"

    networker = models.ForeignKey(Networker, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(
        _("from"), max_length=16, choices=Networker.Stage.choices, blank=True
    )
    to_stage = models.CharField(
        pgettext_lazy("stage change", "to"), max_length=16, choices=Networker.Stage.choices
    )
    # Free text about the person: encrypted at rest, NULL when empty.
    reason = EncryptedTextField(_("reason"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("when"), db_index=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")

    def __str__(self) -> str:
        return f"{self.networker}: {self.from_stage} → {self.to_stage}"


class DBSCheckQuerySet(ProgrammeOwnedQuerySet):
    def current(self, *, today: date) -> "DBSCheckQuerySet":
        return self.filter(renewal_due__gte=today)

    def due_by(self, *, today: date, until: date) -> "DBSCheckQuerySet":
        return self.filter(renewal_due__gte=today, renewal_due__lte=until)


class DBSCheck(ProgrammeOwned, TimeStampedModel):
    """The status of a Disclosure and Barring Service check. Never the certificate number nor
    anything the certificate says: only that it was seen, by whom, and when to renew."""

    programme_path = "networker__programme"

    Level = DBSLevel

    networker = models.ForeignKey(Networker, on_delete=models.CASCADE, related_name="dbs_checks")
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    checked_on = models.DateField(_("date of the certificate"))
    certificate_seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("certificate seen by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on_update_service = models.BooleanField(_("on the DBS Update Service"), default=False)
    renewal_due = models.DateField(_("renewal due"), db_index=True)
    reminder_sent_at = models.DateTimeField(_("renewal reminder sent"), null=True, blank=True)

    objects = DBSCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        verbose_name = _("DBS check")
        verbose_name_plural = _("DBS checks")
        constraints = [
            models.CheckConstraint(
                condition=Q(renewal_due__gt=F("checked_on")), name="dbs_renewal_after_check"
            ),
            models.CheckConstraint(
                condition=Q(level__in=["basic", "standard", "enhanced", "enhanced_barred"]),
                name="dbs_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.networker}: {self.get_level_display()} ({self.checked_on})"


class VettingRecord(ProgrammeOwned, TimeStampedModel):
    """What was done at a vetting stage: an interview held (when, by whom), a reference
    received (when, from whom: their role or relationship to the person, never a copy), the
    right to volunteer seen (when, which kind of document, never a copy).

    Restricted: shown to the programme's coordinators only, never to the networker, and each
    view is audited. Free text is encrypted at rest. Kept with the person: deleted with their
    record by the retention schedule (`networker_purge_expired`)."""

    programme_path = "networker__programme"

    class Kind(models.TextChoices):
        INTERVIEW = "interview", _("Interview")
        REFERENCE = "reference", _("Reference")
        RIGHT_TO_VOLUNTEER = "right_to_volunteer", _("Right to volunteer")

    class Document(models.TextChoices):
        EVISA = "evisa", _("eVisa, seen online with a share code")
        PASSPORT = "passport", _("British or Irish passport")
        DECISION_LETTER = "decision_letter", _("Home Office letter")
        ARC = "arc", _("Application Registration Card (ARC)")
        OTHER = "other", _("Another document")

    networker = models.ForeignKey(
        Networker, on_delete=models.CASCADE, related_name="vetting_records"
    )
    kind = models.CharField(_("what was done"), max_length=20, choices=Kind.choices)
    done_on = models.DateField(_("date"))
    # Interview: who held it. Encrypted at rest, NULL when empty.
    held_by = EncryptedCharField(_("held by"), max_length=200, null=True, blank=True)
    # Reference: who gave it, as a role or relationship ("former manager"). Encrypted.
    referee = EncryptedCharField(_("from"), max_length=200, null=True, blank=True)
    # Right to volunteer: the kind of document seen, never its number or a copy.
    document = models.CharField(
        _("document seen"), max_length=20, choices=Document.choices, blank=True
    )
    note = EncryptedTextField(_("note"), null=True, blank=True)

    class Meta:
        ordering = ["-done_on", "-pk"]
        verbose_name = _("vetting record")
        verbose_name_plural = _("vetting records")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["interview", "reference", "right_to_volunteer"]),
                name="vetting_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind="right_to_volunteer") | ~Q(document=""),
                name="vetting_document_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.networker}: {self.get_kind_display()} ({self.done_on})"
