from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.contacts.models import Channel, Need
from bridges.core import exports
from bridges.core.forms import filter_values
from bridges.core.locale_format import format_date
from bridges.core.models import Language
from bridges.core.net import client_address
from bridges.core.templatetags.bidi import isolate_text

from . import selectors, services
from .forms import AttendanceForm, QueueForm, RotaFilterForm, SessionFilterForm, SessionForm
from .models import DropInSession, QueueEntry

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
ROTA_READERS = (Role.COORDINATOR, Role.ADMIN, Role.NETWORKER)
PAGE_SIZE = 20


def _is_coordinator(request) -> bool:
    return bool(request.roles & set(COORDINATORS))


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _session(request, pk: int) -> DropInSession:
    return get_for_programme(
        request, DropInSession.objects.select_related("location", "programme"), pk=pk
    )


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def _occurrence_session(request, pk: int, day: str) -> tuple[DropInSession, date]:
    session = _session(request, pk)
    when = _day(day)
    if not session.occurs_on(when):
        raise Http404
    return session, when


def _posted(request):
    """The sent data of a POST (even an empty one, so that its errors show), else None."""
    return request.POST if request.method == "POST" else None


def _networker(request):
    return selectors.networker_for_user(user=request.user, programme=request.programme)


# Sessions (coordinators) -----------------------------------------------------------------------


@programme_role_required(*COORDINATORS)
def session_list(request):
    form = SessionFilterForm(request.GET or None)
    filters = filter_values(form)
    sessions = selectors.session_list(
        programme=request.programme,
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        query=filters.get("q", ""),
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "dropins/session_list.html",
        {"programme": request.programme, "form": form, "page": page},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def session_create(request):
    form = SessionForm(_posted(request), programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(
                programme=request.programme, created_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("dropins:session_list", request.programme.slug)
    return render(
        request,
        "dropins/session_form.html",
        {"programme": request.programme, "form": form, "session": None},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def session_edit(request, pk: int):
    session = _session(request, pk)
    form = SessionForm(_posted(request), instance=session, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, updated_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect("dropins:session_list", request.programme.slug)
    return render(
        request,
        "dropins/session_form.html",
        {"programme": request.programme, "form": form, "session": session},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def session_cancel(request, pk: int):
    """GET asks to confirm; POST cancels."""
    session = _session(request, pk)
    if request.method == "POST":
        if services.session_cancel(session=session, cancelled_by=request.user):
            messages.success(request, _("Session cancelled. It is no longer on the rota."))
        return redirect("dropins:session_list", request.programme.slug)
    upcoming = session.shifts.filter(date__gte=timezone.localdate()).count()
    return render(
        request,
        "dropins/session_cancel.html",
        {"programme": request.programme, "session": session, "upcoming_shifts": upcoming},
    )


# The rota ------------------------------------------------------------------------------------


@programme_role_required(*ROTA_READERS)
def rota(request):
    form = RotaFilterForm(request.GET or None, initial={"weeks": selectors.ROTA_WEEKS})
    filters = filter_values(form)
    weeks = filters.get("weeks") or selectors.ROTA_WEEKS
    networker = _networker(request)
    common = selectors.common_languages(programme=request.programme)
    occurrences = selectors.rota(
        programme=request.programme, weeks=weeks, networker=networker, common=common
    )
    if filters.get("kind"):
        occurrences = [o for o in occurrences if o.session.kind == filters["kind"]]
    if filters.get("short"):
        occurrences = [o for o in occurrences if not o.full]
    is_coordinator = _is_coordinator(request)
    if request.GET.get("format") in exports.FORMATS:
        if not is_coordinator:
            raise Http404
        return _rota_export(request, occurrences, export=request.GET["format"])
    query = request.GET.copy()
    query["format"] = "csv"
    csv_query = query.urlencode()
    query["format"] = "xlsx"
    return render(
        request,
        "dropins/rota.html",
        {
            "programme": request.programme,
            "form": form,
            "occurrences": occurrences,
            "common": common,
            "weeks": weeks,
            "networker": networker,
            "is_coordinator": is_coordinator,
            "csv_query": csv_query,
            "xlsx_query": query.urlencode(),
        },
    )


ROTA_HEADER = [
    "date", "time", "session", "kind", "place", "networkers_wanted", "signed_up", "networkers",
    "languages_covered", "common_languages_missing",
]  # fmt: skip


def _rota_export(request, occurrences, *, export: str):
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="drop-in rota",
        client_address=client_address(request),
    )
    rows = (
        [
            o.date.isoformat(),
            f"{o.session.start_time:%H:%M}-{o.session.end_time:%H:%M}",
            o.session.title,
            o.session.get_kind_display(),
            o.session.place_name,
            o.session.helpers_wanted,
            len(o.helpers),
            "; ".join(h.display_name for h in o.helpers),
            "; ".join(lang.english_name for lang in o.covered),
            "; ".join(lang.english_name for lang in o.missing),
        ]
        for o in occurrences
    )
    return exports.table_response(
        format=export, filename="drop-in-rota", header=ROTA_HEADER, rows=rows
    )


def _back_to(request, session, day) -> str:
    """Where a rota button returns: the page it was pressed on (the rota or the occurrence)."""
    if request.GET.get("back") == "occurrence":
        return reverse("dropins:occurrence", args=[request.programme.slug, session.pk, day])
    return reverse("dropins:rota", args=[request.programme.slug]) + f"#o-{session.pk}-{day}"


@require_POST
@programme_role_required(Role.NETWORKER)
def shift_sign_up(request, pk: int, day: str):
    session, when = _occurrence_session(request, pk, day)
    networker = _networker(request)
    if networker is None:
        messages.error(request, _("Your networker profile is not set up yet. Ask a coordinator."))
    else:
        try:
            _shift, created = services.shift_sign_up(session=session, day=when, networker=networker)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(
                    request,
                    _("You are on the rota for %(session)s on %(date)s. Thank you.")
                    % {"session": isolate_text(session.title), "date": format_date(when, "full")},
                )
    return redirect(_back_to(request, session, when.isoformat()))


@require_POST
@programme_role_required(Role.NETWORKER)
def shift_give_up(request, pk: int, day: str):
    session, when = _occurrence_session(request, pk, day)
    networker = _networker(request)
    if networker is not None:
        try:
            if services.shift_give_up(session=session, day=when, networker=networker):
                messages.success(
                    request, _("You are off the rota for that date. Thank you for saying.")
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect(_back_to(request, session, when.isoformat()))


# At the session ------------------------------------------------------------------------------


def _occurrence_context(request, session, when, *, queue_form=None) -> dict:
    networker = _networker(request)
    found = selectors.occurrence(session=session, day=when, networker=networker)
    languages = selectors.queue_languages(programme=request.programme)
    return {
        "programme": request.programme,
        "session": session,
        "occurrence": found,
        "day": when.isoformat(),
        "networker": networker,
        "is_coordinator": _is_coordinator(request),
        "helpers": selectors.helpers_now(found=found),
        "waiting": selectors.queue_waiting(session=session, day=when),
        "seen": selectors.queue_seen_count(session=session, day=when),
        "queue_form": queue_form or QueueForm(languages=languages),
        "now": timezone.now(),
        "is_today": when == timezone.localdate(),
    }


@programme_role_required(*ROTA_READERS)
def occurrence(request, pk: int, day: str):
    session, when = _occurrence_session(request, pk, day)
    return render(request, "dropins/occurrence.html", _occurrence_context(request, session, when))


@require_POST
@programme_role_required(*ROTA_READERS)
def queue_add(request, pk: int, day: str):
    session, when = _occurrence_session(request, pk, day)
    form = QueueForm(request.POST, languages=selectors.queue_languages(programme=request.programme))
    if form.is_valid():
        language = Language.objects.filter(pk=form.cleaned_data["language"]).first()
        try:
            services.queue_add(
                session=session,
                day=when,
                language=language,
                need=form.cleaned_data["need"],
                client_id=form.cleaned_data["client_id"],
                added_by=request.user,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Added to the queue."))
            return redirect("dropins:occurrence", request.programme.slug, session.pk, day)
    context = _occurrence_context(request, session, when, queue_form=form)
    return render(request, "dropins/occurrence.html", context)


def contact_prefill_url(*, programme_slug: str, entry: QueueEntry) -> str:
    """The contact log's form, started with what the queue knows: the date, the drop-in, the
    language and the need. The contact log reads these from its address (its own rules decide
    what it accepts), so nothing of its logic is repeated here."""
    query = {
        "date": entry.date.isoformat(),
        "channel": Channel.DROP_IN,
        "language": entry.language_id,
    }
    if entry.need in Need.values:
        query["need"] = entry.need
    return f"{reverse('contacts:record', args=[programme_slug])}?{urlencode(query)}"


@require_POST
@programme_role_required(Role.NETWORKER)
def queue_see(request, pk: int, day: str, entry: int):
    session, when = _occurrence_session(request, pk, day)
    found = get_for_programme(
        request, QueueEntry.objects.filter(session=session, date=when), pk=entry
    )
    networker = _networker(request)
    if networker is None:
        messages.error(request, _("Your networker profile is not set up yet. Ask a coordinator."))
        return redirect("dropins:occurrence", request.programme.slug, session.pk, day)
    try:
        seen = services.queue_see(entry=found, networker=networker)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("dropins:occurrence", request.programme.slug, session.pk, day)
    return redirect(contact_prefill_url(programme_slug=request.programme.slug, entry=seen))


@require_POST
@programme_role_required(Role.NETWORKER)
def networker_free(request, pk: int, day: str):
    session, when = _occurrence_session(request, pk, day)
    networker = _networker(request)
    if networker is not None:
        services.networker_free(session=session, day=when, networker=networker)
    return redirect("dropins:occurrence", request.programme.slug, session.pk, day)


# Group sessions ------------------------------------------------------------------------------


def _attendance_languages(programme, recorded: dict[str, int]) -> list[Language]:
    common = selectors.common_languages(programme=programme)
    codes = [lang.code for lang in common]
    extra = [code for code in ["en", *recorded] if code not in codes]
    more = Language.objects.in_bulk(extra)
    return [*common, *(more[code] for code in extra if code in more)]


@programme_role_required(*ROTA_READERS)
@require_http_methods(["GET", "POST"])
def attendance(request, pk: int, day: str):
    session, when = _occurrence_session(request, pk, day)
    if session.kind != DropInSession.Kind.GROUP:
        raise Http404
    recorded = selectors.attendance_of(session=session, day=when)
    languages = _attendance_languages(request.programme, recorded)
    initial = {f"count_{code}": n for code, n in recorded.items()}
    form = AttendanceForm(_posted(request), languages=languages, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(
                session=session, day=when, counts=form.counts(), recorded_by=request.user
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Attendance saved. Thank you."))
            return redirect("dropins:attendance", request.programme.slug, session.pk, day)
    return render(
        request,
        "dropins/attendance.html",
        {
            "programme": request.programme,
            "session": session,
            "day": when,
            "form": form,
            "total": sum(recorded.values()),
        },
    )


@programme_role_required(*COORDINATORS)
def group_totals(request):
    end = timezone.localdate()
    start = end - timedelta(days=365)
    totals, overall = selectors.group_totals(programme=request.programme, start=start, end=end)
    if request.GET.get("format") in exports.FORMATS:
        rows = (
            [
                t.language.english_name,
                t.count
                if t.count is not None
                else ("" if t.secondary else f"<{selectors.SUPPRESS_BELOW}"),
                t.occurrences,
            ]
            for t in totals
        )
        return exports.table_response(
            format=request.GET["format"],
            filename="group-attendance",
            header=["language", "people", "sessions"],
            rows=rows,
        )
    return render(
        request,
        "dropins/group_totals.html",
        {
            "programme": request.programme,
            "totals": totals,
            "overall": overall,
            "start": start,
            "end": end,
            "suppress_below": selectors.SUPPRESS_BELOW,
        },
    )
