from datetime import UTC

from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core.forms import filter_values
from bridges.core.locale_format import format_number
from bridges.core.net import client_address
from bridges.networkers.models import Networker
from bridges.networkers.selectors import networker_sorted

from . import selectors, services
from .forms import (
    AttendanceForm,
    BookSomeoneForm,
    CompletionForm,
    ModuleForm,
    ProgressFilterForm,
    SessionFilterForm,
    SessionForm,
)
from .models import Module

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
SESSION_READERS = (Role.COORDINATOR, Role.ADMIN, Role.NETWORKER)
SESSION_FIELDS = [
    "kind",
    "title",
    "starts_at",
    "ends_at",
    "venue",
    "venue_notes",
    "trainer",
    "capacity",
    "interpreting_note",
    "cancelled",
]


def _is_coordinator(request) -> bool:
    return bool(request.roles & set(COORDINATORS))


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Curriculum -------------------------------------------------------------------------------------


@programme_role_required(*Role.values)
def module_list(request):
    # Coordinators follow "required modules with no upcoming session" here from their home.
    without_session = _is_coordinator(request) and request.GET.get("without_session") == "1"
    modules = list(
        selectors.modules_without_upcoming_session(programme=request.programme)
        if without_session
        else selectors.module_list(programme=request.programme)
    )
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    status = (
        selectors.module_status_for(networker=networker, programme=request.programme)
        if networker
        else {}
    )
    rows = [{"module": module, "completion": status.get(module.pk)} for module in modules]
    return render(
        request,
        "training/module_list.html",
        {
            "programme": request.programme,
            "rows": rows,
            "networker": networker,
            "is_coordinator": _is_coordinator(request),
            "without_session": without_session,
        },
    )


@programme_role_required(*Role.values)
def module_detail(request, slug: str):
    module = get_for_programme(
        request,
        # A programme's own module wins over a national one with the same short name.
        Module.objects.active().order_by(F("programme_id").desc(nulls_last=True)),
        shared=True,
        slug=slug,
    )
    upcoming = []
    if request.roles & set(SESSION_READERS):
        upcoming = list(
            selectors.session_list(programme=request.programme, module=module).filter(
                cancelled=False
            )[:5]
        )
    return render(
        request,
        "training/module_detail.html",
        {
            "programme": request.programme,
            "module": module,
            "upcoming": upcoming,
            "can_edit": _is_coordinator(request) and module.programme_id == request.programme.pk,
        },
    )


@programme_role_required(*COORDINATORS)
def module_edit(request, slug: str | None = None):
    module = None
    if slug is not None:
        module = get_for_programme(request, Module, slug=slug)
    form = ModuleForm(request.POST or None, instance=module, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            module = services.module_save(
                programme=request.programme,
                user=request.user,
                module=module,
                **{name: form.cleaned_data[name] for name in ModuleForm.Meta.fields},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Module saved."))
            return redirect("training:module_detail", request.programme.slug, module.slug)
    return render(
        request,
        "training/module_form.html",
        {"programme": request.programme, "form": form, "module": module},
    )


# Sessions ---------------------------------------------------------------------------------------


@programme_role_required(*SESSION_READERS)
def session_list(request):
    form = SessionFilterForm(request.GET or None, programme=request.programme)
    filters = filter_values(form)
    when = filters.get("when") or "upcoming"
    sessions = selectors.session_list(
        programme=request.programme,
        when=when,
        module=filters.get("module"),
        kind=filters.get("kind", ""),
    )
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    booked = selectors.networker_booking_ids(
        networker=networker, sessions=[s.pk for s in page.object_list]
    )
    return render(
        request,
        "training/session_list.html",
        {
            "programme": request.programme,
            "form": form,
            "page": page,
            "when": when,
            "booked": booked,
            "is_coordinator": _is_coordinator(request),
        },
    )


def _session_or_404(request, session_id: int):
    return get_for_programme(request, selectors.session_details(), pk=session_id)


def _session_context(request, session, *, book_form: BookSomeoneForm | None = None) -> dict:
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    booked = bool(networker) and any(b.networker_id == networker.pk for b in session.bookings.all())
    bookable = []
    if _is_coordinator(request) and not request.htmx:
        bookable = networker_sorted(
            Networker.objects.for_programme(request.programme)
            .exclude(stage=Networker.Stage.LEFT)
            .exclude(pk__in=[b.networker_id for b in session.bookings.all()])
            .only("pk", "display_name")
        )
    if book_form is None and bookable:
        book_form = BookSomeoneForm(networkers=bookable)
    return {
        "bookable": bookable,
        "book_form": book_form,
        "programme": request.programme,
        "session": session,
        "networker": networker,
        "booked": booked,
        "is_coordinator": _is_coordinator(request),
        "now": timezone.now(),
    }


@vary_on_headers("HX-Request")
@programme_role_required(*SESSION_READERS)
def session_detail(request, session_id: int):
    session = _session_or_404(request, session_id)
    return render(request, "training/session_detail.html", _session_context(request, session))


@programme_role_required(*COORDINATORS)
def session_create(request):
    form = SessionForm(request.POST or None, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                programme=request.programme,
                created_by=request.user,
                modules=data["modules"],
                languages=data["languages"],
                **{name: data[name] for name in SESSION_FIELDS},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Session added."))
            return redirect("training:session_detail", request.programme.slug, session.pk)
    return render(
        request,
        "training/session_form.html",
        {"programme": request.programme, "form": form, "session": None},
    )


@programme_role_required(*COORDINATORS)
def session_edit(request, session_id: int):
    session = _session_or_404(request, session_id)
    form = SessionForm(request.POST or None, instance=session, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_update(
                session=session,
                updated_by=request.user,
                modules=data["modules"],
                languages=data["languages"],
                **{name: data[name] for name in SESSION_FIELDS},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Session saved."))
            return redirect("training:session_detail", request.programme.slug, session.pk)
    return render(
        request,
        "training/session_form.html",
        {"programme": request.programme, "form": form, "session": session},
    )


def _booking_response(request, session_id: int, *, level: str, notice: str):
    """After booking or giving up a place: the booking panel for htmx (with its notice in it),
    or the session page with a flash message for a plain form post."""
    if request.htmx:
        session = _session_or_404(request, session_id)
        context = _session_context(request, session)
        context.update(notice=notice, notice_level=level)
        response = render(request, "training/session_detail.html#booking", context)
        response["Vary"] = "HX-Request"
        return response
    if notice:
        messages.add_message(
            request, messages.ERROR if level == "error" else messages.SUCCESS, notice
        )
    return redirect("training:session_detail", request.programme.slug, session_id)


@require_POST
@programme_role_required(Role.NETWORKER)
def session_book(request, session_id: int):
    session = _session_or_404(request, session_id)
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None:
        level, notice = "error", _("Your networker profile is not set up yet. Ask a coordinator.")
    else:
        try:
            services.session_book(session=session, networker=networker, booked_by=request.user)
        except ValidationError as error:
            level, notice = "error", " ".join(error.messages)
        else:
            level, notice = "success", ""
    return _booking_response(request, session_id, level=level, notice=notice)


@require_POST
@programme_role_required(Role.NETWORKER)
def session_booking_cancel(request, session_id: int):
    session = _session_or_404(request, session_id)
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    level, notice = "success", ""
    if networker is not None:
        try:
            if services.session_booking_cancel(session=session, networker=networker):
                notice = _("Your place has been given up. Thank you for saying.")
        except ValidationError as error:
            level, notice = "error", " ".join(error.messages)
    return _booking_response(request, session_id, level=level, notice=notice)


@require_POST
@programme_role_required(*COORDINATORS)
def session_book_someone(request, session_id: int):
    """A coordinator books a networker (for someone who phoned, or has no smartphone)."""
    session = _session_or_404(request, session_id)
    context = _session_context(request, session)
    form = BookSomeoneForm(request.POST, networkers=context["bookable"])
    if form.is_valid():
        networker = Networker.objects.for_programme(request.programme).get(
            pk=form.cleaned_data["networker"]
        )
        try:
            services.session_book(session=session, networker=networker, booked_by=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("%(name)s is booked on this session.") % {"name": networker.display_name}
            )
            return redirect("training:session_detail", request.programme.slug, session.pk)
    return render(request, "training/session_detail.html", {**context, "book_form": form})


@programme_role_required(*COORDINATORS)
def session_attendance(request, session_id: int):
    session = _session_or_404(request, session_id)
    started = session.starts_at <= timezone.now()
    rows = selectors.session_register(session=session)
    on_register = {row["networker"].pk for row in rows}
    walk_in_choices = networker_sorted(
        Networker.objects.for_programme(request.programme)
        .exclude(pk__in=on_register)
        .exclude(stage=Networker.Stage.LEFT)
        .only("pk", "display_name")
    )
    data = request.POST if request.method == "POST" and started else None
    form = AttendanceForm(data, rows=rows, walk_in_choices=walk_in_choices)
    if form.is_valid():
        register_ids = set(form.cleaned_data["register"])
        attended_ids = set(form.cleaned_data["attended"])
        walk_in = form.cleaned_data["walk_in"]
        if walk_in is not None:
            register_ids.add(walk_in)
            attended_ids.add(walk_in)
        try:
            result = services.attendance_record(
                session=session,
                attended_ids=attended_ids,
                register_ids=register_ids,
                recorded_by=request.user,
                client_address=client_address(request),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Register saved: %(present)s, %(absent)s.")
                % {
                    "present": ngettext(
                        "%(n)s person present", "%(n)s people present", result["present"]
                    )
                    % {"n": format_number(result["present"])},
                    "absent": ngettext(
                        "%(n)s person absent", "%(n)s people absent", result["absent"]
                    )
                    % {"n": format_number(result["absent"])},
                },
            )
            return redirect("training:session_attendance", request.programme.slug, session.pk)
    return render(
        request,
        "training/session_attendance.html",
        {
            "programme": request.programme,
            "session": session,
            "rows": rows,
            "started": started,
            "form": form,
        },
    )


@programme_role_required(*SESSION_READERS)
def session_ics(request, session_id: int):
    from icalendar import Calendar, Event

    session = _session_or_404(request, session_id)
    calendar = Calendar()
    calendar.add("prodid", "-//Bridges//Training//EN")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"training-session-{session.pk}-{request.programme.slug}@bridges")
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{session.display_title} ({request.programme.name})")
    event.add("location", session.venue)
    description = [_("Trainer: %(name)s") % {"name": session.trainer}]
    if session.venue_notes:
        description.append(session.venue_notes)
    if session.interpreting_note:
        description.append(session.interpreting_note)
    description.append(
        request.build_absolute_uri(
            reverse("training:session_detail", args=[request.programme.slug, session.pk])
        )
    )
    event.add("description", "\n".join(description))
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="training-session-{session.pk}.ics"'
    return response


# Records and certificates --------------------------------------------------------------------


def _record_context(request, networker) -> dict:
    return {
        "programme": request.programme,
        "networker": networker,
        "completions": selectors.training_record(networker=networker),
        "missing": selectors.training_readiness(
            networker_ids=[networker.pk], programme=request.programme
        )[networker.pk],
        "today": timezone.localdate(),
    }


@programme_role_required(*COORDINATORS)
def networker_record(request, networker_id: int):
    networker = get_for_programme(request, Networker, pk=networker_id)
    form = CompletionForm(request.POST or None, programme=request.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.completion_record(
                networker=networker,
                module=form.cleaned_data["module"],
                completed_on=form.cleaned_data["completed_on"],
                recorded_by=request.user,
                client_address=client_address(request),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Completion recorded."))
            return redirect("training:networker_record", request.programme.slug, networker.pk)
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        actor=request.user,
        programme=request.programme,
        target=f"training record: networker {networker.pk}",
        client_address=client_address(request),
    )
    context = _record_context(request, networker)
    context.update(form=form, is_coordinator=True)
    return render(request, "training/networker_record.html", context)


@programme_role_required(Role.NETWORKER)
def my_record(request):
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None:
        raise Http404
    context = _record_context(request, networker)
    context.update(is_coordinator=False)
    return render(request, "training/networker_record.html", context)


def _completion_or_404(request, completion_id: int):
    completion = get_for_programme(request, selectors.certificates(), pk=completion_id)
    if not _is_coordinator(request):
        if completion.networker.user_id != request.user.pk:
            raise Http404
    else:
        audit_record(
            action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
            actor=request.user,
            programme=request.programme,
            target=f"training certificate {completion.pk}",
            client_address=client_address(request),
        )
    return completion


@programme_role_required(*SESSION_READERS)
def certificate(request, completion_id: int):
    completion = _completion_or_404(request, completion_id)
    return render(
        request,
        "training/certificate.html",
        {"programme": request.programme, "completion": completion},
    )


@programme_role_required(*SESSION_READERS)
def certificate_pdf(request, completion_id: int):
    from weasyprint import CSS, HTML

    completion = _completion_or_404(request, completion_id)
    html = render_to_string(
        "training/certificate_pdf.html",
        {"programme": request.programme, "completion": completion},
        request=request,
    )
    stylesheet = CSS(filename=finders.find("training/certificate.css"))
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="certificate-{completion.certificate_number}.pdf"'
    )
    return response


@programme_role_required(*COORDINATORS)
def refreshers(request):
    # How far ahead to warn; a deployment may change it with TRAINING_REFRESHER_WARNING_DAYS.
    days = settings.TRAINING_REFRESHER_WARNING_DAYS
    completions = selectors.refreshers_due(programme=request.programme, within_days=days)
    page = Paginator(completions, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/refreshers.html",
        {
            "programme": request.programme,
            "page": page,
            "today": timezone.localdate(),
            "days": days,
        },
    )


@programme_role_required(*COORDINATORS)
def progress(request):
    form = ProgressFilterForm(request.GET or None)
    stage = filter_values(form).get("stage") or ""
    rows = selectors.training_progress(
        programme=request.programme, stages=[stage] if stage else None
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "training/progress.html",
        {
            "programme": request.programme,
            "page": page,
            "form": form,
            "required": selectors.required_modules(programme=request.programme),
            "trained": sum(1 for _n, missing in rows if not missing),
            "total": len(rows),
        },
    )
