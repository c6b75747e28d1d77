"""What a listing says, as plain text per field, so an import can tell whether a record changes
what is live and show a reviewer the difference (`snapshot`, `diff`).

The snapshot is read from the database, before and after the record is written inside a
savepoint: it shows exactly what approving would change, children (phones, opening times,
places) included, in the words a coordinator reads on the listing."""

import datetime
import uuid

from django.utils.translation import gettext_lazy as _

from bridges.core.locale_format import format_list, format_time_range, weekday_name

from ..models import DAYS, Service

CHOICES = {
    "status": Service.Status.choices,
    "recourse": Service.Recourse.choices,
    "referral": Service.Referral.choices,
}

# Keys stored in a held listing's diff, with the label shown to the reviewer.
LABELS = {
    "name": _("Name"),
    "organization": _("Organisation"),
    "status": _("Status"),
    "description": _("What it is"),
    "url": _("Website"),
    "email": _("Email"),
    "phones": _("Phones"),
    "schedules": _("Opening times"),
    "locations": _("Places"),
    "eligibility": _("Who it is for"),
    "recourse": _("Immigration status"),
    "referral": _("Referral"),
    "referral_how": _("How to be referred"),
    "ages": _("Ages"),
    "fees": _("Fees"),
    "free": _("Free of charge"),
    "what_to_bring": _("What to bring"),
    "does_not_do": _("What it does not do"),
    "complaints": _("How to complain"),
    "languages": _("Languages"),
    "interpreters": _("Interpreters available"),
    "needs": _("Needs"),
    "areas": _("Areas served"),
    "alert": _("Alert"),
    "accreditations": _("Accreditations"),
    "verified": _("Last verified"),
    "cost_options": _("Costs"),
    "contacts": _("Contacts"),
}


def label(key: str) -> str:
    return str(LABELS.get(key, key))


def _schedule_line(line: str) -> str:
    days, _, rest = line.partition(" ")
    times, _, note = rest.partition(" ")
    opens, _, closes = times.partition("–")
    try:
        span = format_time_range(
            datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes)
        )
    except ValueError:
        return line
    names = format_list(
        [weekday_name(DAYS.index(code)) for code in days.split(",") if code in DAYS], "unit"
    )
    return " ".join(part for part in (names, span, note) if part)


def display(key: str, value: str) -> str:
    """A snapshot value in the reader's words: choices by their label, days by their names."""
    if not value:
        return value
    if key in CHOICES:
        return str(dict(CHOICES[key]).get(value, value))
    if key in ("free", "interpreters"):
        return str(_("Yes") if value == "yes" else _("No"))
    if key == "schedules":
        return "\n".join(_schedule_line(line) for line in value.splitlines())
    return value


def _lines(values) -> str:
    return "\n".join(sorted(v for v in values if v))


def snapshot(service_id: uuid.UUID) -> dict[str, str] | None:
    """The listing's fields as text (codes for choices, so it does not depend on the reader's
    language), or None when there is no such listing."""
    service = (
        Service.objects.filter(pk=service_id)
        .select_related("organization")
        .prefetch_related(
            "phones",
            "schedules",
            "at_locations__location",
            "languages",
            "taxonomy_terms",
            "areas",
            "cost_options",
            "contacts",
        )
        .first()
    )
    if service is None:
        return None
    ages = ""
    if service.minimum_age is not None or service.maximum_age is not None:
        low = "" if service.minimum_age is None else service.minimum_age
        high = "" if service.maximum_age is None else service.maximum_age
        ages = f"{low}–{high}"
    return {
        "name": service.name,
        "organization": service.organization.name,
        "status": service.status,
        "description": service.description,
        "url": service.url,
        "email": service.email,
        "phones": _lines(f"{p.number} {p.description}".strip() for p in service.phones.all()),
        "schedules": _lines(
            f"{s.byday} {s.opens_at:%H:%M}–{s.closes_at:%H:%M} {s.description}".strip()
            for s in service.schedules.all()
        ),
        "locations": _lines(
            ", ".join(
                part
                for part in (
                    at.location.name,
                    at.location.address_1,
                    at.location.city,
                    at.location.postal_code,
                )
                if part
            )
            for at in service.at_locations.all()
        ),
        "eligibility": service.eligibility,
        "recourse": service.recourse,
        "referral": service.referral,
        "referral_how": service.referral_how,
        "ages": ages,
        "fees": service.fees,
        "free": "yes" if service.free else "no",
        "what_to_bring": service.what_to_bring,
        "does_not_do": service.does_not_do,
        "complaints": service.complaints,
        "languages": _lines(language.pk for language in service.languages.all()),
        "interpreters": "yes" if service.interpreters else "no",
        "needs": _lines(term.code for term in service.taxonomy_terms.all()),
        "areas": _lines(area.pk for area in service.areas.all()),
        "alert": service.alert,
        "accreditations": service.accreditations,
        "verified": service.last_verified_at.date().isoformat() if service.last_verified_at else "",
        "cost_options": _lines(
            f"{c.option} {c.amount if c.amount is not None else ''} {c.amount_description}".strip()
            for c in service.cost_options.all()
        ),
        "contacts": _lines(f"{c.name} {c.title}".strip() for c in service.contacts.all()),
    }


def diff(before: dict[str, str] | None, after: dict[str, str]) -> list[dict]:
    """The fields that differ, in the order a listing shows them."""
    before = before or {}
    return [
        {"field": key, "before": before.get(key, ""), "after": after.get(key, "")}
        for key in LABELS
        if before.get(key, "") != after.get(key, "")
    ]
