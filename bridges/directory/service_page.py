"""What the public service page works out for its reader: whether the listing is out of date,
whether the service is open now (in the programme's time zone), plain-words explanations of the
jargon it uses, and directions. Plain functions of what the page already loaded: no queries."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from bridges.core.locale_format import weekday_name

from .models import DAYS, Service

# A listing not checked for longer than this gets a warning.
STALE_AFTER = timedelta(days=365)

# When the explanations below were last checked against our sourced facts (UK-FACTS.md,
# sections 3 and 4: GOV.UK "Public funds" guidance and the NRPF Network), so the page can say so.
EXPLANATIONS_CHECKED = date(2026, 11, 22)


def listing_stale(service: Service, *, now: datetime | None = None) -> bool:
    """True when the listing was never checked, or last checked more than a year ago."""
    now = now or timezone.now()
    return service.last_verified_at is None or now - service.last_verified_at > STALE_AFTER


def programme_zone(programme) -> ZoneInfo:
    """The programme's time zone: its own if it has one, else the installation's."""
    return ZoneInfo(getattr(programme, "time_zone", "") or settings.TIME_ZONE)


@dataclass
class OpenNow:
    open: bool
    closes_at: time | None = None  # when open: today's closing time
    next_day: str = ""  # when closed: the day it next opens ("today", "tomorrow", a weekday)
    next_opens: time | None = None


def open_now(schedules, *, zone: ZoneInfo, now: datetime | None = None) -> OpenNow | None:
    """Whether the service is open at this moment by its weekly opening times, read in the
    programme's time zone; None when it lists no opening times."""
    schedules = list(schedules)
    if not schedules:
        return None
    local = timezone.localtime(now or timezone.now(), zone)
    today = DAYS[local.weekday()]

    def days(schedule) -> set[str]:
        return {code.strip() for code in schedule.byday.split(",")}

    current = [
        s
        for s in schedules
        if today in days(s) and s.opens_at <= local.time().replace(tzinfo=None) < s.closes_at
    ]
    if current:
        return OpenNow(open=True, closes_at=max(s.closes_at for s in current))
    for ahead in range(8):
        index = (local.weekday() + ahead) % 7
        opening = sorted(
            s.opens_at
            for s in schedules
            if DAYS[index] in days(s) and (ahead or s.opens_at > local.time().replace(tzinfo=None))
        )
        if opening:
            if ahead == 0:
                day = pgettext("opens…", "today")
            elif ahead == 1:
                day = pgettext("opens…", "tomorrow")
            else:
                day = weekday_name(index)
            return OpenNow(open=False, next_day=day, next_opens=opening[0])
    return OpenNow(open=False)


@dataclass
class Explanation:
    term: str
    text: list[str]


def explanations(service: Service) -> list[Explanation]:
    """Plain words, in the reader's language, for the terms the listing uses."""
    found = []
    if service.recourse in (Service.Recourse.NRPF_OK, Service.Recourse.NRPF_NOT):
        found.append(
            Explanation(
                term=_("What does “No Recourse to Public Funds” mean?"),
                text=[
                    _(
                        "No Recourse to Public Funds (NRPF) is a condition on many visas, and "
                        "applies to people waiting for an asylum decision or without permission "
                        "to stay. People with NRPF cannot claim most benefits (such as Universal "
                        "Credit, Child Benefit, Housing Benefit or Council Tax Reduction), or get "
                        "council housing or homelessness help. Claiming them can harm a later "
                        "visa application."
                    ),
                    _(
                        "NRPF does not stop you from using the NHS, sending your children to "
                        "school (free school meals included) or getting help from charities. A "
                        "council may still have to help a family with a child in need, or an "
                        "adult with care needs."
                    ),
                    _(
                        "Not sure if you have NRPF? It is shown with your immigration status, "
                        "for example on your eVisa. For advice on your own case, ask a regulated "
                        "immigration adviser."
                    ),
                ],
            )
        )
    if service.referral in (Service.Referral.REQUIRED, Service.Referral.SELF_OR_REFERRAL):
        found.append(
            Explanation(
                term=_("What is a referral?"),
                text=[
                    _(
                        "A referral is when someone who already helps you, such as your doctor "
                        "(GP), a school, a social worker or a support worker, asks this service "
                        "to help you. They send your details, with your agreement."
                    )
                ],
            )
        )
    return found


@dataclass
class Directions:
    address: str  # one line to copy
    geo: str  # a geo: URI, or ""


def directions(location) -> Directions:
    """A plain address to copy, and a `geo:` link (RFC 5870) that opens the phone's own maps
    app, when the location has coordinates."""
    parts = [location.name, location.address_1, location.city, location.postal_code]
    address = ", ".join(part.strip() for part in parts if part and part.strip())
    geo = ""
    if location.latitude is not None and location.longitude is not None:
        geo = f"geo:{location.latitude:.6f},{location.longitude:.6f}"
    return Directions(address=address, geo=geo)
