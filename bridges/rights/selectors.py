"""Finding everything held about a named person in one programme.

Names and contact details are encrypted at rest (random nonces), so SQL cannot search them and
no keyed hash of them exists: the search decrypts the programme's own records in Python and
compares them here. At a programme's scale (thousands of records) that is fast enough; it never
reads another programme's rows.

A record matches when its name equals the name asked for (ignoring case and extra spaces) or,
if a contact detail is given, when its contact detail equals it (phone numbers compared by
their digits). A safeguarding concern has no name field: it matches when the name or the
contact detail appears in what happened or where. Concerns are searched only for a
safeguarding lead (see `find`).
"""

from dataclasses import dataclass, field

from bridges.core.locale_format import format_list
from bridges.networkers.models import Networker, NetworkerLanguage
from bridges.referrals.models import Referral
from bridges.safeguarding.models import Concern
from bridges.support.models import SupportRequest


def _name(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _contact(text: str | None) -> str:
    text = (text or "").strip()
    if "@" in text:
        return text.casefold()
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits


def _label(model, name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _display(instance, name: str):
    getter = getattr(instance, f"get_{name}_display", None)
    return getter() if getter else getattr(instance, name)


@dataclass
class Item:
    """One record found: its kind, its audit target ("referral:12"), the fields as
    (key, label, value) for the PDF and the JSON, and whether a legal hold keeps it."""

    kind: str
    target: str
    reference: str
    fields: list[tuple[str, str, object]]
    history: list[dict] = field(default_factory=list)
    held: bool = False
    hold_reason: str = ""
    hold_review_on: object = None


@dataclass
class Found:
    referrals: list[Item] = field(default_factory=list)
    support_requests: list[Item] = field(default_factory=list)
    networkers: list[Item] = field(default_factory=list)
    concerns: list[Item] = field(default_factory=list)
    concerns_searched: bool = False

    @property
    def items(self) -> list[Item]:
        return [*self.referrals, *self.support_requests, *self.networkers, *self.concerns]

    @property
    def erasable(self) -> list[Item]:
        """What an erasure would change: not the concerns (kept under safeguarding's own
        schedule) and not the referrals under a legal hold."""
        return [
            item
            for item in (*self.referrals, *self.support_requests, *self.networkers)
            if not item.held
        ]

    @property
    def held(self) -> list[Item]:
        return [item for item in self.referrals if item.held]


def _fields(instance, names: list[str]) -> list[tuple[str, str, object]]:
    return [(name, _label(type(instance), name), _display(instance, name)) for name in names]


REFERRAL_FIELDS = [
    "referred_at",
    "person_name",
    "contact_method",
    "contact_detail",
    "note",
    "interpreter_needed",
    "consent_given_by",
    "consent_given_at",
    "consent_method",
    "consent_purpose",
    "consent_wording_version",
    "consent_language",
    "consent_withdrawn_at",
    "state",
    "closed_at",
    "outcome_note",
]
SUPPORT_FIELDS = [
    "received_at",
    "name",
    "contact_by",
    "contact_detail",
    "message",
    "consent_version",
    "consent_at",
    "state",
    "closed_at",
]
NETWORKER_FIELDS = ["display_name", "email", "phone", "stage", "skills", "lived_experience"]
CONCERN_FIELDS = [
    "raised_at",
    "about",
    "what_happened",
    "happened_on",
    "place",
    "action_already_taken",
    "state",
    "outcome",
]


def _referral_item(referral: Referral) -> Item:
    fields = _fields(referral, REFERRAL_FIELDS)
    fields.insert(1, ("service", _label(Referral, "service"), referral.service.name))
    fields.insert(5, ("language", _label(Referral, "language"), str(referral.language)))
    return Item(
        kind="referral",
        target=f"referral:{referral.pk}",
        reference=referral.reference,
        fields=fields,
        history=[
            {"kind": event.get_kind_display(), "state": event.get_state_display(), "at": event.at}
            for event in referral.events.order_by("at", "pk")
        ],
        held=referral.on_hold,
        hold_reason=referral.hold_reason,
        hold_review_on=referral.hold_review_on,
    )


def _support_item(request: SupportRequest) -> Item:
    fields = _fields(request, SUPPORT_FIELDS)
    fields.insert(1, ("needs", _label(SupportRequest, "needs"), format_list(request.need_labels())))
    fields.insert(2, ("language", _label(SupportRequest, "language"), str(request.language)))
    return Item(
        kind="support_request",
        target=f"support_request:{request.pk}",
        reference=request.reference,
        fields=fields,
    )


def _networker_item(networker: Networker) -> Item:
    fields = _fields(networker, NETWORKER_FIELDS)
    languages = format_list(
        [str(spoken.language) for spoken in networker.language_skills.select_related("language")]
    )
    fields.append(("languages", str(NetworkerLanguage._meta.verbose_name_plural), languages))
    return Item(
        kind="networker",
        target=f"networker:{networker.pk}",
        reference=f"N-{networker.pk}",
        fields=fields,
    )


def _concern_item(concern: Concern) -> Item:
    return Item(
        kind="concern",
        target=f"safeguarding_concern:{concern.pk}",
        reference=f"C-{concern.pk}",
        fields=_fields(concern, CONCERN_FIELDS),
    )


def find(*, programme, name: str, contact: str = "", include_concerns: bool = False) -> Found:
    """Everything the programme holds about the person. Concerns are included only when
    `include_concerns` (the views pass it for a safeguarding lead alone: a coordinator's
    search never reads or reveals them)."""
    wanted_name = _name(name)
    wanted_contact = _contact(contact)
    if not wanted_name and not wanted_contact:
        return Found()

    def matches(record_name, record_contact) -> bool:
        if wanted_name and _name(record_name) == wanted_name:
            return True
        return bool(wanted_contact) and _contact(record_contact) == wanted_contact

    found = Found(concerns_searched=include_concerns)
    referrals = (
        Referral.objects.for_programme(programme)
        .filter(purged_at__isnull=True)
        .select_related("service", "language")
        .order_by("referred_at", "pk")
    )
    found.referrals = [
        _referral_item(referral)
        for referral in referrals
        if matches(referral.person_name, referral.contact_detail)
    ]
    requests = (
        SupportRequest.objects.for_programme(programme)
        .select_related("language")
        .order_by("received_at", "pk")
    )
    found.support_requests = [
        _support_item(request)
        for request in requests
        if (request.name or request.contact_detail)
        and matches(request.name, request.contact_detail)
    ]
    networkers = Networker.objects.for_programme(programme).order_by("pk")
    found.networkers = [
        _networker_item(networker)
        for networker in networkers
        if matches(networker.display_name, networker.email)
        or (wanted_contact and _contact(networker.phone) == wanted_contact)
    ]
    if include_concerns:
        needles = [n for n in (wanted_name, contact.strip().casefold()) if n]
        found.concerns = [
            _concern_item(concern)
            for concern in Concern.objects.for_programme(programme).order_by("raised_at", "pk")
            if any(
                needle in _name(f"{concern.what_happened or ''} {concern.place or ''}")
                for needle in needles
            )
        ]
    return found


def as_json(found: Found, *, programme, name: str) -> dict:
    """The export's content, readable by a program: keys are the stored field names."""

    def plain(value):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        if value is None or isinstance(value, bool | int | float | list | dict):
            return value
        return str(value)

    def record(item: Item) -> dict:
        data = {
            "reference": item.reference,
            "fields": {key: plain(value) for key, _label, value in item.fields},
        }
        if item.kind == "referral":
            data["history"] = [{k: plain(v) for k, v in event.items()} for event in item.history]
            data["legal_hold"] = (
                {"reason": item.hold_reason, "review_on": plain(item.hold_review_on)}
                if item.held
                else None
            )
        return data

    return {
        "programme": programme.name,
        "searched_for": name,
        "referrals": [record(item) for item in found.referrals],
        "support_requests": [record(item) for item in found.support_requests],
        "networker_records": [record(item) for item in found.networkers],
        "safeguarding_concerns": (
            [record(item) for item in found.concerns] if found.concerns_searched else None
        ),
    }
