"""Validate HSDS 3.0-shaped service dicts and write them (insert or update by id)."""

import datetime
import html
import math
import re
import uuid
from collections.abc import Iterable

import nh3
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from bridges.core.models import Area, Language

from ..hsds import NAMESPACE
from ..models import (
    DAYS,
    Contact,
    CostOption,
    Location,
    Organization,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

STATUSES = {s.value for s in Service.Status}
_TAG_BREAK = re.compile(r"</p>|<br\s*/?>|</li>|</h\d>", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters a reader never sees but that change what they see: C0/C1 controls (not tab or new
# line), and the bidi embeddings, overrides and isolates (U+202E turns "exe.txt" into
# "txt.exe"). Imports remove them and say so for the record.
_CONTROLS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_PHONE = re.compile(r"^\+?[0-9 ()\-.]{6,30}((ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
WEEKDAYS = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
    **{str(number): code for number, code in enumerate(DAYS, start=1)},
    **{code.lower(): code for code in DAYS},
    **{
        name[:3]: code
        for name, code in zip(
            ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
            DAYS,
            strict=True,
        )
    },
}
# How deeply a record's values may nest (a full HSDS service needs about six levels).
MAX_DEPTH = 12
# CostOption.amount holds 9 digits, 2 of them after the point.
MAX_AMOUNT = 9_999_999.99
# Lists of objects a record may hold, and objects inside those objects.
OBJECT_LISTS = (
    "schedules",
    "regular_schedules",
    "service_at_locations",
    "contacts",
    "cost_options",
    "phones",
    "attributes",
    "service_areas",
    "service_taxonomys",
    "eligibilitys",
)
NESTED = {
    "service_at_locations": ("location",),
    "attributes": ("taxonomy_term",),
    "service_taxonomys": ("taxonomy",),
}


class ImportFailed(Exception):
    """The whole import cannot go on; the message is for the coordinator (translated)."""


class InvalidRecord(Exception):
    """One record is skipped; the message is the reason shown beside its id (translated)."""


def remove_controls(value, path: str = "") -> tuple[object, list[str]]:
    """The value with invisible control characters removed from every text in it, and the
    names of the fields they were removed from."""
    found: list[str] = []
    if isinstance(value, str):
        cleaned = _CONTROLS.sub("", value)
        if cleaned != value:
            found.append(path or "value")
        return cleaned, found
    if isinstance(value, dict):
        result = {}
        for key, item in value.items():
            result[key], inner = remove_controls(item, f"{path}.{key}" if path else str(key))
            found.extend(inner)
        return result, found
    if isinstance(value, list):
        result = []
        for item in value:
            cleaned, inner = remove_controls(item, path)
            result.append(cleaned)
            found.extend(inner)
        return result, found
    return value, found


def weekdays(value) -> tuple[str, list[str]]:
    """RFC 5545 days ("MO,TU") from HSDS `byday` or a v1 `weekday` ("Monday", "1"), and the
    parts not understood."""
    codes, unknown = [], []
    for part in re.split(r"[,\s]+", clean_str(value or "").strip()):
        if not part:
            continue
        code = WEEKDAYS.get(part.lower())
        if code is None:
            unknown.append(part[:20])
        elif code not in codes:
            codes.append(code)
    return ",".join(sorted(codes, key=DAYS.index)), unknown


def clean_str(value) -> str:
    """Text any database and JSON encoder accept: no NUL characters, no lone surrogates."""
    text = value if isinstance(value, str) else str(value)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return _SURROGATE.sub("\ufffd", text)


def error_id(raw, number: int) -> str:
    """A record's id as shown in the list of skipped records."""
    if raw is None or raw == "" or isinstance(raw, dict | list):
        return f"#{number}"
    return clean_str(raw)[:200]


def plain_text(value) -> str:
    """Feeds often hold HTML descriptions: keep the words, not the markup."""
    if not value:
        return ""
    text = _TAG_BREAK.sub("\n", clean_str(value))
    text = html.unescape(nh3.clean(text, tags=set()))
    text = text.replace("\xa0", " ")
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def _text(value, limit: int) -> str:
    return plain_text(value)[:limit]


def _email(value) -> str:
    value = clean_str(value or "").strip()
    try:
        EmailValidator()(value)
    except ValidationError:
        return ""
    return value[:254]


def _url(value) -> str:
    value = clean_str(value or "").strip()
    try:
        URLValidator()(value)
    except ValidationError:
        return ""
    return value[:500]


def _age(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        age = int(float(value))
    except (TypeError, ValueError, OverflowError) as error:
        raise InvalidRecord(
            _("age is not a number: %(value)s") % {"value": clean_str(value)[:50]}
        ) from error
    if not 0 <= age <= 130:
        raise InvalidRecord(_("age out of range: %(age)s") % {"age": age})
    return age


def _number(value) -> float | None:
    """A number from a feed, or None when it is empty or not a number; a value that is a number
    but not finite is refused (the database, the export and the API could not hold it)."""
    if value in (None, "") or isinstance(value, bool):
        return None
    if isinstance(value, dict | list):
        raise InvalidRecord(_("a number was expected"))
    try:
        number = float(clean_str(value).strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(number):
        raise InvalidRecord(_("a number is not finite"))
    return number


def _amount(value) -> float | None:
    amount = _number(value)
    if amount is None:
        return None
    if not 0 <= amount <= MAX_AMOUNT:
        raise InvalidRecord(_("cost amount out of range: %(amount)s") % {"amount": amount})
    return round(amount, 2)


def _coordinate(value, *, limit: int, name: str) -> float | None:
    number = _number(value)
    if number is not None and not -limit <= number <= limit:
        raise InvalidRecord(_("%(name)s out of range: %(value)s") % {"name": name, "value": number})
    return number


def _latitude(value) -> float | None:
    return _coordinate(value, limit=90, name="latitude")


def _longitude(value) -> float | None:
    return _coordinate(value, limit=180, name="longitude")


def _time(value) -> datetime.time | None:
    if not value:
        return None
    try:
        return datetime.time.fromisoformat(clean_str(value)[:8])
    except ValueError:
        return None


def record_id(programme, raw, taken_elsewhere: set) -> uuid.UUID:
    """The source's UUID where it has one and no other programme uses it; else a stable UUID5
    of (programme, source id), so re-importing finds the same record."""
    raw = clean_str(raw)
    try:
        found = uuid.UUID(raw)
    except (ValueError, TypeError):
        found = None
    if found is None or found in taken_elsewhere:
        return uuid.uuid5(NAMESPACE, f"import:{programme.pk}:{raw}")
    return found


def _too_deep(value) -> bool:
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        if isinstance(item, dict):
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    return False


def _objects(value, key: str) -> list:
    """The items of a list of objects; a value of another shape refuses the record."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRecord(_("%(field)s is not a list") % {"field": key})
    for number, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise InvalidRecord(
                _("%(field)s: item %(number)s is not an object") % {"field": key, "number": number}
            )
    return value


def _object(value, key: str) -> dict:
    if value in (None, ""):
        return {}
    if not isinstance(value, dict):
        raise InvalidRecord(_("%(field)s is not an object") % {"field": key})
    return value


def _scalar(value, key: str) -> None:
    if isinstance(value, dict | list):
        raise InvalidRecord(_("%(field)s is not text") % {"field": key})


def validate(record: dict) -> None:
    """Refuse a record the writer could not store whole, or that would store a value the export
    or the API could not publish. Every check the writer relies on is made here."""
    if not isinstance(record, dict):
        raise InvalidRecord(_("not an object"))
    if _too_deep(record):
        raise InvalidRecord(_("nested too deeply"))
    for key in ("id", "name", "status"):
        _scalar(record.get(key), key)
    if not clean_str(record.get("id") or "").strip():
        raise InvalidRecord(_("no id"))
    if not plain_text(record.get("name")).strip():
        raise InvalidRecord(_("no name"))
    status = clean_str(record.get("status") or "active").lower()
    if status not in STATUSES:
        raise InvalidRecord(_("unknown status %(status)s") % {"status": repr(status[:50])})
    _object(record.get("organization"), "organization")
    low, high = _age(record.get("minimum_age")), _age(record.get("maximum_age"))
    if low is not None and high is not None and low > high:
        raise InvalidRecord(_("minimum_age is above maximum_age"))
    for key in OBJECT_LISTS:
        for item in _objects(record.get(key), key):
            for inner in NESTED.get(key, ()):
                _object(item.get(inner), f"{key}.{inner}")
    languages = record.get("languages")
    if languages is not None and not isinstance(languages, list):
        raise InvalidRecord(_("%(field)s is not a list") % {"field": "languages"})
    for number, item in enumerate(languages or [], start=1):
        if not isinstance(item, str | dict):
            raise InvalidRecord(
                _("%(field)s: item %(number)s is not a language")
                % {"field": "languages", "number": number}
            )
    for contact in record.get("contacts") or []:
        _objects(contact.get("phones"), "contacts.phones")
    for item in record.get("cost_options") or []:
        _amount(item.get("amount"))
    for item in record.get("service_at_locations") or []:
        location = _object(item.get("location"), "service_at_locations.location")
        _latitude(location.get("latitude"))
        _longitude(location.get("longitude"))
        for key in ("addresses", "physical_addresses"):
            _objects(location.get(key), f"location.{key}")


class Writer:
    """Upserts validated records for one programme. Caches lookups across a whole import."""

    def __init__(self, programme, *, source: str, user=None):
        self.programme = programme
        self.source = source[:200]
        self.user = user
        self.languages = {
            code.lower(): code for code in Language.objects.values_list("pk", flat=True)
        }
        self.language_names = {
            name.lower(): code for code, name in Language.objects.values_list("pk", "english_name")
        }
        self.areas = set()
        self.terms = {str(t.pk): t for t in TaxonomyTerm.objects.all()}
        self.terms_by_code = {t.code: t for t in self.terms.values()}
        self.other_services = set(
            Service.objects.exclude(programme=programme).values_list("pk", flat=True)
        )
        self.other_orgs = set(
            Organization.objects.exclude(programme=programme).values_list("pk", flat=True)
        )
        self.other_locations = set(
            Location.objects.exclude(programme=programme).values_list("pk", flat=True)
        )
        self.organizations: dict[uuid.UUID, Organization] = {}
        self.created = 0
        self.updated = 0
        self.touched: list[uuid.UUID] = []
        # What was dropped or cleaned in the record being written (translated reasons).
        self.notes: list[str] = []

    def note(self, reason: str) -> None:
        if reason not in self.notes:
            self.notes.append(reason)

    def _checked_email(self, value, field: str) -> str:
        email = _email(value)
        if value and not email:
            self.note(
                _("%(field)s dropped: not an email address (%(value)s)")
                % {"field": field, "value": clean_str(value)[:80]}
            )
        return email

    def _checked_url(self, value, field: str) -> str:
        url = _url(value)
        if value and not url:
            self.note(
                _("%(field)s dropped: not a web address (%(value)s)")
                % {"field": field, "value": clean_str(value)[:80]}
            )
        return url

    def _phone(self, value) -> str:
        number = clean_str(value or "").strip()
        if not _PHONE.match(number) or sum(c.isdigit() for c in number) < 6:
            self.note(_("phone dropped: not a phone number (%(value)s)") % {"value": number[:40]})
            return ""
        return number[:40]

    def _choice(self, value, choices, field: str) -> str:
        """A choice the feed states, else "not known": never a default that claims something."""
        raw = clean_str(value or "").strip().lower()
        if raw in choices.values:
            return raw
        if raw:
            self.note(
                _("%(field)s not understood (%(value)s): shown as not known")
                % {"field": field, "value": raw[:40]}
            )
        return choices.UNKNOWN

    def organization(self, data: dict | None, fallback_name: str) -> Organization:
        data = data or {}
        raw_id = data.get("id") or f"org:{data.get('name') or fallback_name}"
        pk = record_id(self.programme, raw_id, self.other_orgs)
        if pk in self.organizations:
            return self.organizations[pk]
        name = _text(data.get("name") or fallback_name, 250)
        organization, _ = Organization.objects.update_or_create(
            pk=pk,
            defaults={
                "programme": self.programme,
                "name": name,
                "description": _text(data.get("description"), 10000),
                "email": self._checked_email(data.get("email"), "organization.email"),
                "website": self._checked_url(
                    data.get("website") or data.get("url"), "organization.website"
                ),
                "logo": _url(data.get("logo")),
                "uri": _url(data.get("uri")),
                "source": self.source,
            },
        )
        self.organizations[pk] = organization
        return organization

    def _language_codes(self, items: Iterable) -> list[str]:
        codes = []
        for item in items or []:
            if isinstance(item, str):
                raw = item
            else:
                raw = item.get("code") or item.get("language") or item.get("name") or ""
            raw = clean_str(raw).strip().lower()
            code = self.languages.get(raw) or self.language_names.get(raw)
            if code and code not in codes:
                codes.append(code)
            elif not code and raw:
                self.note(_("language not known here, dropped: %(value)s") % {"value": raw[:40]})
        return codes

    def service_id(self, record: dict) -> uuid.UUID:
        return record_id(self.programme, record["id"], self.other_services)

    def write(self, record: dict) -> Service:
        """Insert or update the record's service. What was dropped or cleaned on the way is in
        `self.notes` afterwards."""
        self.notes = []
        record, cleaned = remove_controls(record)
        if cleaned:
            self.note(
                _("invisible control characters removed from: %(fields)s")
                % {"fields": ", ".join(dict.fromkeys(cleaned))}
            )
        pk = self.service_id(record)
        organization = self.organization(record.get("organization"), record["name"])
        fees = _text(record.get("fees_description") or record.get("fees"), 2000)
        verified = record.get("assured_date")
        verified_at = None
        if verified:
            try:
                day = datetime.date.fromisoformat(clean_str(verified)[:10])
                verified_at = datetime.datetime.combine(day, datetime.time(12), datetime.UTC)
            except ValueError:
                verified_at = None
        eligibility = record.get("eligibility_description") or "\n".join(
            _text(e.get("eligibility") or e.get("description"), 500)
            for e in record.get("eligibilitys") or []
            if isinstance(e, dict)
        )
        service, created = Service.objects.update_or_create(
            pk=pk,
            defaults={
                "programme": self.programme,
                "organization": organization,
                "name": _text(record["name"], 250),
                "description": _text(record.get("description"), 20000),
                "url": self._checked_url(record.get("url"), "url"),
                "email": self._checked_email(record.get("email"), "email"),
                "status": clean_str(record.get("status") or "active").lower(),
                "fees": fees,
                "free": bool(record.get("x_bridges_free"))
                or fees.strip().lower() in {"free", "no charge", "none", "£0"},
                "accreditations": _text(record.get("accreditations"), 2000),
                "minimum_age": _age(record.get("minimum_age")),
                "maximum_age": _age(record.get("maximum_age")),
                "alert": _text(record.get("alert"), 2000),
                "eligibility": _text(eligibility, 5000),
                "referral_how": _text(record.get("application_process"), 5000),
                "recourse": self._choice(
                    record.get("x_bridges_recourse"), Service.Recourse, "x_bridges_recourse"
                ),
                "referral": self._choice(
                    record.get("x_bridges_referral"), Service.Referral, "x_bridges_referral"
                ),
                "interpreters": bool(record.get("interpretation_services")),
                "what_to_bring": _text(record.get("x_bridges_what_to_bring"), 5000),
                "does_not_do": _text(record.get("x_bridges_does_not_do"), 5000),
                "complaints": _text(record.get("x_bridges_complaints"), 5000),
                "last_verified_at": verified_at,
                "source": self.source,
                "updated_by": self.user,
            },
        )
        if created:
            self.created += 1
        else:
            self.updated += 1
        self._children(service, record, fresh=created)
        self.touched.append(service.pk)
        return service

    def _child_id(self, model, service: Service, raw, kind: str, number: int) -> uuid.UUID:
        """The feed's id for a phone, opening time or service-at-location where it is a UUID
        no other service's child holds (so an export imports back with the same ids), else a
        UUID5 stable across re-imports of the same record."""
        try:
            found = uuid.UUID(clean_str(raw)) if raw else None
        except (ValueError, TypeError):
            found = None
        if found is not None and not model.objects.filter(pk=found).exists():
            return found
        return uuid.uuid5(NAMESPACE, f"import:{service.pk}:{kind}:{clean_str(raw or number)}")

    def _children(self, service: Service, record: dict, *, fresh: bool) -> None:
        """Replace the service's children with the record's (a new service has none yet)."""
        if not fresh:
            for model in (Schedule, Phone, Contact, CostOption, ServiceAtLocation):
                model.objects.filter(service=service).delete()
        schedules = list(record.get("schedules") or []) + list(
            record.get("regular_schedules") or []
        )
        for number, item in enumerate(schedules, start=1):
            if not isinstance(item, dict):
                continue
            opens, closes = _time(item.get("opens_at")), _time(item.get("closes_at"))
            byday, unknown = weekdays(item.get("byday") or item.get("weekday"))
            if unknown:
                self.note(
                    _("opening time: day not understood (%(value)s)")
                    % {"value": ", ".join(unknown)}
                )
            if opens and closes and opens < closes and byday:
                Schedule.objects.create(
                    pk=self._child_id(Schedule, service, item.get("id"), "schedule", number),
                    service=service,
                    byday=byday,
                    opens_at=opens,
                    closes_at=closes,
                    description=_text(item.get("description"), 250),
                )
            elif byday or opens or closes:
                self.note(
                    _("opening time dropped: needs a day, an opening and a later closing time")
                )
        phones = [(item, item.get("description")) for item in record.get("phones") or []]
        for contact in record.get("contacts") or []:
            if isinstance(contact, dict):
                phones.extend((phone, "") for phone in contact.get("phones") or [])
        for number, (item, description) in enumerate(phones, start=1):
            if not isinstance(item, dict) or not item.get("number"):
                continue
            if phone := self._phone(item["number"]):
                Phone.objects.create(
                    pk=self._child_id(Phone, service, item.get("id"), "phone", number),
                    service=service,
                    number=phone,
                    description=_text(description, 250),
                )
        for item in record.get("contacts") or []:
            if isinstance(item, dict):
                Contact.objects.create(
                    service=service,
                    name=_text(item.get("name"), 200),
                    title=_text(item.get("title"), 200),
                )
        for item in record.get("cost_options") or []:
            if isinstance(item, dict):
                CostOption.objects.create(
                    service=service,
                    option=_text(item.get("option"), 250),
                    amount=_amount(item.get("amount")),
                    amount_description=_text(item.get("amount_description"), 250),
                )
        codes = self._language_codes(record.get("languages"))
        if codes or not fresh:
            service.languages.set(codes)
        terms, unknown_terms = [], []
        for item in record.get("attributes") or []:
            if isinstance(item, dict):
                inner = item.get("taxonomy_term") or {}
                raw = item.get("taxonomy_term_id") or inner.get("id")
                term = self.terms.get(clean_str(raw)) or self.terms_by_code.get(
                    clean_str(inner.get("code") or "").lower()
                )
                if term:
                    terms.append(term)
                else:
                    unknown_terms.append(clean_str(inner.get("name") or raw or "?")[:60])
        for item in record.get("service_taxonomys") or []:
            if isinstance(item, dict):
                taxonomy = item.get("taxonomy") or {}
                term = self.terms.get(clean_str(taxonomy.get("id"))) or self.terms_by_code.get(
                    clean_str(taxonomy.get("name") or "").lower()
                )
                if term:
                    terms.append(term)
                else:
                    unknown_terms.append(
                        clean_str(taxonomy.get("name") or taxonomy.get("id") or "?")[:60]
                    )
        for name in unknown_terms:
            self.note(_("need not known here, dropped: %(term)s") % {"term": name})
        if terms or not fresh:
            service.taxonomy_terms.set(terms)
        area_codes = []
        for item in record.get("service_areas") or []:
            if isinstance(item, dict):
                code = clean_str(item.get("extent") or item.get("service_area") or "")[:9]
                if code:
                    area_codes.append(code)
        areas = list(Area.objects.filter(pk__in=area_codes))
        for code in sorted(set(area_codes) - {area.pk for area in areas}):
            self.note(_("area not known here, dropped: %(code)s") % {"code": code})
        if area_codes or not fresh:
            service.areas.set(areas)
        seen = set()
        for number, item in enumerate(record.get("service_at_locations") or [], start=1):
            if not isinstance(item, dict):
                continue
            data = item.get("location") or {}
            if not data:
                continue
            location = self._location(data)
            if location.pk not in seen:
                seen.add(location.pk)
                ServiceAtLocation.objects.create(
                    pk=self._child_id(
                        ServiceAtLocation, service, item.get("id"), "service_at_location", number
                    ),
                    service=service,
                    location=location,
                )

    def _location(self, data: dict) -> Location:
        pk = record_id(
            self.programme, data.get("id") or f"loc:{data.get('name')}", self.other_locations
        )
        addresses = data.get("addresses") or data.get("physical_addresses") or []
        address = addresses[0] if isinstance(addresses, list) and addresses else {}
        location, _ = Location.objects.update_or_create(
            pk=pk,
            defaults={
                "programme": self.programme,
                "name": _text(data.get("name"), 250),
                "description": _text(data.get("description"), 5000),
                "address_1": _text(address.get("address_1"), 250),
                "city": _text(address.get("city"), 120),
                "postal_code": _text(address.get("postal_code"), 12),
                "latitude": _latitude(data.get("latitude")),
                "longitude": _longitude(data.get("longitude")),
                "location_type": clean_str(data.get("location_type") or "physical")[:20],
            },
        )
        return location
