"""The service directory, in the Open Referral (HSDS 3.0, UK profile) data model.

Ids of organisations, services, locations and everything the API publishes are UUIDs, as HSDS
asks, so API ids stay stable across imports and exports. Every record belongs to a programme.

Beyond the standard, for the people Bridges serves, a service records: the languages it is
actually delivered in and whether interpreters are available; what to bring; whether a referral
is needed and how; who is eligible including immigration-status limits (No Recourse to Public
Funds); what it does NOT do; how to complain; and when and by whom it was last verified.

Multilingual content: the source language lives on the record; translations of the free text a
reader needs (name, description, what it does not do, what to bring, eligibility) are rows of
`ServiceTranslation` (one per language). A plain table, not django-parler, because the search
document, the importers and the API read every language at once and a table is simpler to join.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedEmailField, EncryptedTextField
from simple_history.models import HistoricalRecords

from bridges.accounts.scoping import (
    ProgrammeOwned,
    ProgrammeOwnedQuerySet,
    SharedOrProgrammeOwned,
)
from bridges.core.locale_format import format_list, weekday_name
from bridges.core.models import TimeStampedModel

DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class Taxonomy(models.Model):
    """A vocabulary of needs (HSDS taxonomy). Shared by every programme."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    uri = models.URLField(_("address"), blank=True)
    version = models.CharField(_("version"), max_length=40, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A need people search by: "GP practice", "Food bank". Keywords feed the search index."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, verbose_name=_("taxonomy"), on_delete=models.CASCADE, related_name="terms"
    )
    code = models.SlugField(_("code"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    keywords = models.TextField(
        _("search keywords"), blank=True, help_text=_("English words that should find this need.")
    )
    term_uri = models.URLField(_("term address"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="taxonomy_term_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SearchTerm(SharedOrProgrammeOwned):
    """A word in any language that should find services: "طبيب" → "doctor".

    Shared words (no programme) serve every programme's search; a programme's coordinators add
    their own, which serve only their programme's search (`available_to`). `keyword` is an
    English word that appears in service search documents (usually one of a taxonomy term's
    keywords)."""

    term = models.CharField(_("word or phrase"), max_length=120)
    language = models.CharField(_("language"), max_length=16, blank=True)
    # Empty for the shared vocabulary; set for words a programme's coordinators added.
    programme = models.ForeignKey(
        "accounts.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="directory_search_terms",
    )
    keyword = models.CharField(_("finds"), max_length=80)
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, null=True, blank=True, on_delete=models.SET_NULL, related_name="search_terms"
    )

    class Meta:
        ordering = ["keyword", "language", "term"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        constraints = [
            # A word is listed once among the shared words, and once among each programme's.
            models.UniqueConstraint(
                fields=["term", "keyword"],
                condition=Q(programme__isnull=True),
                name="search_term_unique_shared",
            ),
            models.UniqueConstraint(
                fields=["programme", "term", "keyword"], name="search_term_unique_per_programme"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} → {self.keyword}"


class Organization(ProgrammeOwned, TimeStampedModel):
    """An organisation providing services (HSDS organization)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_organizations"
    )
    # Provider staff whose Membership.organisation is this partner edit this organisation's
    # services (see selectors.services_editable_by).
    partner = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("partner organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_organizations",
    )
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    logo = models.URLField(_("logo"), max_length=500, blank=True)
    uri = models.URLField(_("address of its record"), max_length=500, blank=True)
    source = models.CharField(_("imported from"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


def _history_user(instance=None, request=None, **kwargs):
    """Who made a change: the signed-in person, else (imports, tasks) the record's updater."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    return getattr(instance, "updated_by", None)


class ServiceQuerySet(ProgrammeOwnedQuerySet):
    def published(self) -> "ServiceQuerySet":
        return self.filter(
            status=Service.Status.ACTIVE, programme__is_active=True, removed_at__isnull=True
        )

    def listed(self) -> "ServiceQuerySet":
        """Not removed (removed listings wait in the bin for their purge)."""
        return self.filter(removed_at__isnull=True)

    def removed(self) -> "ServiceQuerySet":
        return self.filter(removed_at__isnull=False)

    # Filters are `pk IN (subquery)` on indexed link tables: the database runs each subquery
    # once rather than once per service, which matters at tens of thousands of services.
    def in_taxonomy(self, term) -> "ServiceQuerySet":
        terms = [
            term.pk,
            *TaxonomyTerm.objects.filter(parent_id=term.pk).values_list("pk", flat=True),
        ]
        return self.filter(
            pk__in=Service.taxonomy_terms.through.objects.filter(taxonomyterm_id__in=terms).values(
                "service_id"
            )
        )

    def in_area(self, area) -> "ServiceQuerySet":
        return self.filter(
            Q(pk__in=Service.areas.through.objects.filter(area_id=area.pk).values("service_id"))
            | Q(
                pk__in=ServiceAtLocation.objects.filter(location__area_id=area.pk).values(
                    "service_id"
                )
            )
        )

    def delivered_in(self, language_code: str) -> "ServiceQuerySet":
        return self.filter(
            pk__in=Service.languages.through.objects.filter(language_id=language_code).values(
                "service_id"
            )
        )

    def free(self) -> "ServiceQuerySet":
        return self.filter(free=True)

    def open_at(self, when) -> "ServiceQuerySet":
        local = timezone.localtime(when)
        return self.filter(
            pk__in=Schedule.objects.filter(
                byday__contains=DAYS[local.weekday()],
                opens_at__lte=local.time(),
                closes_at__gt=local.time(),
            ).values("service_id")
        )

    def stale(self, *, days: int) -> "ServiceQuerySet":
        cutoff = timezone.now() - timezone.timedelta(days=days)
        return self.filter(Q(last_verified_at__isnull=True) | Q(last_verified_at__lt=cutoff))


class Service(ProgrammeOwned, TimeStampedModel):
    """A service (HSDS service) with what networkers need to signpost well."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("service status", "Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", pgettext_lazy("service status", "Closed")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    class Referral(models.TextChoices):
        NONE = "none", _("No referral needed: people can go or get in touch themselves")
        SELF_OR_REFERRAL = "either", _("People can refer themselves or be referred")
        REQUIRED = "required", _("A referral is needed")
        # What an import sets when its feed does not say: never a claim the source did not make.
        UNKNOWN = "unknown", _("Not known: ask the service")

    class Recourse(models.TextChoices):
        ANY = "any", _("Open to everyone, whatever their immigration status")
        NRPF_OK = "nrpf_ok", _("People with No Recourse to Public Funds can use it")
        NRPF_NOT = "nrpf_not", _("Not for people with No Recourse to Public Funds")
        ASK = "ask", _("Depends on immigration status: ask the service")
        UNKNOWN = "unknown", _("Not known: ask the service")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_services"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=250)
    description = models.TextField(_("what it is"), blank=True)
    url = models.URLField(_("website"), max_length=500, blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    fees = models.TextField(_("fees"), blank=True)
    free = models.BooleanField(_("free of charge"), default=False)
    accreditations = models.TextField(_("accreditations"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    # Beyond HSDS: what networkers need to signpost well.
    eligibility = models.TextField(_("who it is for"), blank=True)
    recourse = models.CharField(
        _("immigration status"), max_length=10, choices=Recourse.choices, default=Recourse.ANY
    )
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    referral = models.CharField(
        _("referral"), max_length=10, choices=Referral.choices, default=Referral.NONE
    )
    referral_how = models.TextField(_("how to be referred"), blank=True)
    does_not_do = models.TextField(_("what it does not do"), blank=True)
    complaints = models.TextField(_("how to complain"), blank=True)
    interpreters = models.BooleanField(_("interpreters available"), default=False)
    languages = models.ManyToManyField(
        "core.Language",
        verbose_name=_("languages it is delivered in"),
        blank=True,
        related_name="directory_services",
    )
    taxonomy_terms = models.ManyToManyField(
        TaxonomyTerm, verbose_name=_("needs"), blank=True, related_name="services"
    )
    areas = models.ManyToManyField(
        "core.Area", verbose_name=_("areas served"), blank=True, related_name="directory_services"
    )
    last_verified_at = models.DateTimeField(_("last verified"), null=True, blank=True)
    last_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    stale_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    source = models.CharField(_("imported from"), max_length=200, blank=True)
    # Everything a reader may search for, in every language; kept by services.service_index.
    search_document = models.TextField(blank=True, editable=False)
    # Removal is soft: a removed listing is hidden everywhere, can be put back, and is deleted
    # for good DIRECTORY_REMOVED_PURGE_DAYS later (`directory_purge_removed`).
    removed_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ServiceQuerySet.as_manager()
    # Every change to the listing's own fields, with who made it and when (the history page
    # shows each as a difference and can put an earlier version back).
    history = HistoricalRecords(
        excluded_fields=["search_document", "stale_notified_at", "created_at", "updated_at"],
        get_user=_history_user,
        cascade_delete_history=True,
        bases=[ProgrammeOwned],
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["programme", "status"], name="directory_service_pub"),
            models.Index(fields=["name"], name="directory_service_by_name"),
            # The ranked search joins its candidates to the published services by id and sorts
            # ties by name: this index answers both without reading the (wide) service rows.
            models.Index(
                fields=["status", "programme", "id", "name"], name="directory_service_listed"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_age_range_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def translated(self, language_code: str) -> "ServiceText":
        """The reader's translation where one exists, field by field, else the source text."""
        found = None
        for translation in self.translations.all():  # prefetched
            if translation.language == language_code:
                found = translation
        return ServiceText(self, found, reader_language=language_code)


class ServiceText:
    # Every public text field of a listing, in the order the public page shows them.
    FIELDS = (
        "name",
        "alert",
        "description",
        "eligibility",
        "referral_how",
        "does_not_do",
        "what_to_bring",
        "fees",
        "complaints",
    )

    def __init__(
        self,
        service: Service,
        translation: "ServiceTranslation | None",
        *,
        reader_language: str = "",
    ):
        self.language = translation.language if translation else ""
        self.reader_language = reader_language or self.language
        # The language each field is actually in: a field left blank in the translation shows
        # the source text, so a page can mark it `lang="en" dir="ltr"` (see core's `bidi`).
        self.languages = {}
        for field in self.FIELDS:
            value = getattr(translation, field, "") if translation else ""
            setattr(self, field, value or getattr(service, field))
            self.languages[field] = translation.language if value else settings.LANGUAGE_CODE

    @property
    def untranslated(self) -> list[str]:
        """The fields with text that a reader of another language sees in the source
        language (issue #10: nothing told the reader)."""
        if not self.reader_language or self.reader_language == settings.LANGUAGE_CODE:
            return []
        return [
            field
            for field in self.FIELDS
            if getattr(self, field) and self.languages[field] != self.reader_language
        ]

    @property
    def untranslated_labels(self) -> list[str]:
        labels = {
            "name": _("its name"),
            "alert": _("the alert"),
            "description": _("what it is"),
            "eligibility": _("who it is for"),
            "referral_how": _("how to be referred"),
            "does_not_do": _("what it does not do"),
            "what_to_bring": _("what to bring"),
            "fees": _("the cost"),
            "complaints": _("how to complain"),
        }
        return [str(labels[field]) for field in self.untranslated]


class ServiceTranslation(ProgrammeOwned):
    programme_path = "service__programme"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=16, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("what it is"), blank=True)
    eligibility = models.TextField(_("who it is for"), blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    does_not_do = models.TextField(_("what it does not do"), blank=True)
    # Written by the content-translation workflow when a translation is approved.
    alert = models.TextField(_("alert"), blank=True)
    referral_how = models.TextField(_("how to be referred"), blank=True)
    fees = models.TextField(_("fees"), blank=True)
    complaints = models.TextField(_("how to complain"), blank=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="service_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} ({self.language})"


class Location(ProgrammeOwned):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_locations"
    )
    location_type = models.CharField(max_length=20, default="physical")
    name = models.CharField(_("name"), max_length=250, blank=True)
    description = models.TextField(_("how to get there"), blank=True)
    address_1 = models.CharField(_("address"), max_length=250, blank=True)
    city = models.CharField(_("town or city"), max_length=120, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=12, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    area = models.ForeignKey(
        "core.Area",
        verbose_name=_("ward"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_locations",
    )
    accessibility = models.TextField(_("accessibility"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or self.address_1


class ServiceAtLocation(ProgrammeOwned):
    programme_path = "service__programme"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="at_services")

    class Meta:
        verbose_name = _("service at a location")
        verbose_name_plural = _("services at locations")
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="service_location_unique")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id}"


class Phone(ProgrammeOwned):
    programme_path = "service__programme"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(_("number"), max_length=40)
    description = models.CharField(_("description"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Contact(ProgrammeOwned):
    programme_path = "service__programme"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(pgettext_lazy("job title", "role"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.title


class Schedule(ProgrammeOwned):
    """Weekly opening (HSDS schedule, RFC 5545 style): byday like "MO,TU", local times."""

    programme_path = "service__programme"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, default="WEEKLY")
    byday = models.CharField(_("days"), max_length=40)
    opens_at = models.TimeField(_("opens"))
    closes_at = models.TimeField(_("closes"))
    description = models.CharField(_("notes"), max_length=250, blank=True)

    class Meta:
        ordering = ["opens_at"]
        verbose_name = _("opening time")
        verbose_name_plural = _("opening times")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lt=models.F("closes_at")), name="schedule_opens_before_close"
            )
        ]

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"

    @property
    def days_display(self) -> str:
        codes = [code.strip() for code in self.byday.split(",")]
        if codes == DAYS:
            return str(_("Every day"))
        return format_list([weekday_name(DAYS.index(c)) for c in codes if c in DAYS], "unit")


class CostOption(ProgrammeOwned):
    programme_path = "service__programme"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(_("what it is for"), max_length=250, blank=True)
    amount = models.DecimalField(
        _("amount (£)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    amount_description = models.CharField(_("details"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("cost")
        verbose_name_plural = _("costs")

    def __str__(self) -> str:
        return self.option or str(self.amount)


class ServiceChange(ProgrammeOwned, TimeStampedModel):
    """An edit proposed by provider staff, public only after a coordinator approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_changes"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="changes")
    proposed = models.JSONField(_("proposed values"))
    original = models.JSONField(_("values when proposed"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    note = models.TextField(_("note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")

    def __str__(self) -> str:
        return f"{self.service_id} ({self.status})"


class ListingReport(ProgrammeOwned, TimeStampedModel):
    """ "This listing is wrong": anyone may send one; owners and the coordinator resolve it."""

    class Problem(models.TextChoices):
        CLOSED = "closed", _("The service has closed or moved")
        CONTACT = "contact", _("The phone, email or address is wrong")
        TIMES = "times", _("The opening times are wrong")
        ELIGIBILITY = "eligibility", _("Who can use it is wrong")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("listing problem report status", "Open")
        FIXED = "fixed", _("Fixed")
        NOT_A_PROBLEM = "not_a_problem", _("Not a problem")

    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_reports"
    )
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    problem = models.CharField(_("what is wrong"), max_length=16, choices=Problem.choices)
    # What a member of the public typed: encrypted at rest, NULL when empty. The details are
    # about the listing but may name the reporter or someone else.
    details = EncryptedTextField(_("details"), null=True, blank=True)
    reporter_email = EncryptedEmailField(_("your email (optional)"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    resolution = models.TextField(
        pgettext_lazy("listing problem report", "what was done"), blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("listing report")
        verbose_name_plural = _("listing reports")

    def __str__(self) -> str:
        return f"{self.service_id}: {self.problem}"


class DirectoryImport(ProgrammeOwned, TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        ORUK_V1 = "oruk_v1", _("Open Referral UK v1 /services feed (JSON)")
        HSDS_JSON = "hsds_json", _("HSDS 3.0 services (JSON)")
        HSDS_CSV = "hsds_csv", _("HSDS 3.0 data package (zip of CSV files)")

    programme = models.ForeignKey(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_imports"
    )
    source_name = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(
        _("address fetched from"),
        max_length=2000,
        blank=True,
        help_text=_("Fetched by the background task when no file was uploaded."),
    )

    class Mode(models.TextChoices):
        PUBLISH = "publish", _("Publish at once")
        REVIEW = "review", _("Hold new and changed listings for review")

    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    mode = models.CharField(
        _("what to do with new and changed listings"),
        max_length=10,
        choices=Mode.choices,
        default=Mode.PUBLISH,
    )
    # Set when the import is a scheduled sync of the programme's feed.
    feed = models.ForeignKey(
        "DirectoryFeed",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imports",
    )
    payload = models.BinaryField(editable=False, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Parts of records that were dropped or cleaned, per record: [{id, name, reasons: [...]}].
    warnings = models.JSONField(default=list, blank=True)
    # What the run changed: {"created": [{id, name}], "updated": [...], "missing": [...]}
    # ("missing": listings from the same source that this run no longer holds).
    changes = models.JSONField(default=dict, blank=True)
    unchanged_count = models.PositiveIntegerField(default=0)
    held_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("directory import")
        verbose_name_plural = _("directory imports")

    def __str__(self) -> str:
        return self.source_name

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0


class HeldListing(ProgrammeOwned, TimeStampedModel):
    """A new or changed listing an import held for review: the record as the feed gave it, and
    how it differs from what is live. Approving writes it exactly as the import would have."""

    programme_path = "directory_import__programme"

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", pgettext_lazy("held listing", "Published")
        REJECTED = "rejected", pgettext_lazy("held listing", "Rejected")

    directory_import = models.ForeignKey(
        DirectoryImport, on_delete=models.CASCADE, related_name="held"
    )
    service_id = models.UUIDField(_("listing"))
    name = models.CharField(_("name"), max_length=250)
    is_new = models.BooleanField(_("new listing"), default=False)
    record = models.JSONField()
    # [{"field": label key, "before": text, "after": text}], see importers.review.
    diff = models.JSONField(default=list)
    warnings = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("listing held for review")
        verbose_name_plural = _("listings held for review")
        constraints = [
            models.UniqueConstraint(
                fields=["directory_import", "service_id"], name="held_listing_once_per_import"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DirectoryFeed(ProgrammeOwned, TimeStampedModel):
    """A programme's feed address, imported again on a schedule (`directory_feeds_sync`)."""

    programme = models.OneToOneField(
        "accounts.Programme", on_delete=models.CASCADE, related_name="directory_feed"
    )
    url = models.URLField(_("feed address"), max_length=2000)
    format = models.CharField(
        _("format"),
        max_length=12,
        choices=DirectoryImport.Format.choices,
        default=DirectoryImport.Format.ORUK_V1,
    )
    mode = models.CharField(
        _("what to do with new and changed listings"),
        max_length=10,
        choices=DirectoryImport.Mode.choices,
        default=DirectoryImport.Mode.REVIEW,
    )
    every_hours = models.PositiveSmallIntegerField(
        _("import every (hours)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 28)],
    )
    active = models.BooleanField(_("import on schedule"), default=True)
    last_enqueued_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("directory feed")
        verbose_name_plural = _("directory feeds")

    def __str__(self) -> str:
        return self.url

    def due(self, now) -> bool:
        if not self.active:
            return False
        if self.last_enqueued_at is None:
            return True
        return now - self.last_enqueued_at >= timezone.timedelta(hours=self.every_hours)


class SearchPosting(ProgrammeOwned):
    """One word of a service's search document: the precomputed, normalised index the search
    reads (bridges/directory/search.py), rebuilt by `services.service_index` on every save
    through the services layer and every import. `term` is the word as written (case-folded,
    accents and Arabic letter variants unified), `stem` its stem (search.stem), `weight` how much
    the field it comes from counts (a name more than a description), `language` the language of
    the text it was read from (empty for the needs vocabulary)."""

    programme_path = "service__programme"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_postings")
    term = models.CharField(max_length=64)
    stem = models.CharField(max_length=64)
    weight = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=16, blank=True)

    class Meta:
        indexes = [
            # Covering: the ranked search reads postings from the index alone.
            models.Index(
                fields=["term", "service", "stem", "weight"], name="directory_posting_term_all"
            ),
            models.Index(
                fields=["stem", "service", "term", "weight"], name="directory_posting_stem_all"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.term} ({self.service_id})"


class SearchWord(models.Model):
    """Every word any service's search document holds: what typo tolerance compares a query
    word with (pg_trgm on PostgreSQL, `SearchGram` elsewhere)."""

    word = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return self.word


class SearchGram(models.Model):
    """The character trigrams of each `SearchWord`, where the database has no trigram index
    of its own (SQLite; PostgreSQL without pg_trgm)."""

    gram = models.CharField(max_length=12, db_index=True)
    word = models.ForeignKey(SearchWord, on_delete=models.CASCADE, related_name="grams")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gram", "word"], name="directory_searchgram_unique")
        ]

    def __str__(self) -> str:
        return self.gram


class SearchMiss(SharedOrProgrammeOwned):
    """Public searches that found nothing, counted per day: what coordinators read to improve
    the directory and its search words (`views.search_misses`).

    Anonymous by design: no person, address, session or time of day, only the query's words as
    the search reads them (`search.words`, case-folded, without punctuation) and the language of
    the page. A query that looks like a phone number or email address is not kept
    (`services.search_miss_record`). With no programme, a search of every programme's services.
    Rows older than `KEEP_DAYS` are deleted as new ones are written."""

    KEEP_DAYS = 365

    programme = models.ForeignKey(
        "accounts.Programme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="directory_search_misses",
    )
    query = models.CharField(_("search"), max_length=200)
    language = models.CharField(_("language"), max_length=16, blank=True)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("searches"), default=1)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        indexes = [
            models.Index(fields=["programme", "day"], name="directory_miss_programme_day"),
            models.Index(fields=["day"], name="directory_miss_day"),
        ]

    def __str__(self) -> str:
        return self.query
