"""The public calendar and initiative pages, in the reader's language, and the iCalendar
feeds. No JavaScript; cached for visitors without a session."""

from datetime import date

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridges.accounts.models import Programme
from bridges.core.pagecache import anonymous_page_cache

from . import ical, selectors

PAGE_SIZE = 15
FEED_SECONDS = 900


def _programme(request, slug: str) -> Programme:
    """The programme named in the address; the page shows only its records."""
    request.programme = get_object_or_404(Programme, slug=slug, is_active=True)
    return request.programme


def _month_asked(request) -> date:
    """The month in `?month=YYYY-MM`, else this month."""
    today = timezone.localdate().replace(day=1)
    value = request.GET.get("month", "")
    try:
        year, month = (int(part) for part in value.split("-"))
        asked = date(year, month, 1)
    except ValueError:
        return today
    return asked if 2000 <= asked.year <= 2100 else today


@anonymous_page_cache()
def events_index(request):
    programmes = list(Programme.objects.filter(is_active=True).only("name", "slug")[:50])
    if len(programmes) == 1:
        return redirect("initiatives_public:event_list", programme=programmes[0].slug)
    return render(request, "initiatives/public/events_index.html", {"programmes": programmes})


@anonymous_page_cache()
def event_list(request, programme: str):
    programme = _programme(request, programme)
    upcoming = selectors.public_upcoming(programme=programme)
    page = Paginator(upcoming, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    return render(
        request,
        "initiatives/public/event_list.html",
        {"programme": programme, "page": page, "this_month": today.strftime("%Y-%m")},
    )


@anonymous_page_cache()
def month(request, programme: str):
    programme = _programme(request, programme)
    asked = _month_asked(request)
    found = selectors.public_month(programme=programme, year=asked.year, month=asked.month)
    return render(
        request,
        "initiatives/public/month.html",
        {"programme": programme, "month": found, "today": timezone.localdate()},
    )


@anonymous_page_cache()
def event_detail(request, programme: str, pk: int):
    programme = _programme(request, programme)
    event = selectors.public_event(programme=programme, pk=pk)
    if event is None:
        raise Http404
    today = timezone.localdate()
    upcoming = selectors.occurrences([event], today, date(today.year + 1, today.month, 1))[:6]
    return render(
        request,
        "initiatives/public/event_detail.html",
        {
            "programme": event.programme,
            "event": event,
            "upcoming": upcoming,
            "attendance": selectors.public_event_attendance(event=event),
        },
    )


@anonymous_page_cache()
def initiative_list(request, programme: str):
    programme = _programme(request, programme)
    page = Paginator(selectors.public_initiatives(programme=programme), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "initiatives/public/initiative_list.html", {"programme": programme, "page": page}
    )


@anonymous_page_cache()
def initiative_detail(request, programme: str, pk: int):
    programme = _programme(request, programme)
    initiative = selectors.public_initiative(programme=programme, pk=pk)
    if initiative is None:
        raise Http404
    return render(
        request,
        "initiatives/public/initiative_detail.html",
        {
            "programme": initiative.programme,
            "initiative": initiative,
            "upcoming": selectors.public_upcoming(
                programme=initiative.programme, initiative=initiative
            )[:10],
        },
    )


def _feed(request, events, *, name: str, slug: str) -> HttpResponse:
    url = request.build_absolute_uri(
        reverse("initiatives_public:event", args=[slug, 0]).replace("/0/", "/{pk}/")
    )
    body = ical.calendar_for(events, name=name, host=request.get_host().split(":")[0], url=url)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-events.ics"'
    response["Cache-Control"] = f"public, max-age={FEED_SECONDS}"
    return response


def programme_feed(request, programme: str):
    programme = _programme(request, programme)
    events = selectors.public_events(programme=programme)
    return _feed(
        request,
        events,
        name=_("%(programme)s: community events") % {"programme": programme.name},
        slug=programme.slug,
    )


def initiative_feed(request, programme: str, pk: int):
    programme = _programme(request, programme)
    initiative = selectors.public_initiative(programme=programme, pk=pk)
    if initiative is None:
        raise Http404
    events = selectors.public_events(programme=initiative.programme, initiative=initiative)
    return _feed(
        request,
        events,
        name=_("%(initiative)s: events") % {"initiative": initiative.name},
        slug=f"{initiative.programme.slug}-{initiative.pk}",
    )
