from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.models import AuditEvent, Programme
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core import exports
from bridges.core.concurrency import EditConflict, conflict_changes, conflict_form, version_of
from bridges.core.forms import filter_values
from bridges.core.locale_format import weekday_name
from bridges.core.models import Area
from bridges.core.net import client_address
from bridges.core.ratelimit import public_form_rate_limit
from bridges.core.templatetags.bidi import ltr_text

from . import selectors, services
from .forms import (
    ApplicationForm,
    BoardFilterForm,
    DBSForm,
    MoveForm,
    ProfileEditForm,
    StaffProfileForm,
    VettingRecordForm,
    language_formset,
    language_row_added,
    retention_notice,
    shown_without_errors,
)
from .models import Networker, NetworkerLanguage, VettingRecord

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
BOARD_PAGE_SIZE = 50


# --- Public: become a networker -------------------------------------------------------------


def join_index(request):
    programmes = list(Programme.objects.filter(is_active=True).only("name", "slug")[:50])
    if len(programmes) == 1:
        return redirect("networkers_public:join", programme=programmes[0].slug)
    return render(request, "networkers/join_index.html", {"programmes": programmes})


@require_http_methods(["GET", "POST"])
@public_form_rate_limit("networker-application")
def join(request, programme: str):
    programme = get_object_or_404(Programme, slug=programme, is_active=True)
    if request.method == "POST" and "add_language" in request.POST:
        # "Add another language": draw the form again with one more row, sending nothing.
        form = ApplicationForm(request.POST, programme=programme)
        languages = language_formset(language_row_added(request.POST), programme=programme)
        shown_without_errors(form, languages)
    elif request.method == "POST":
        form = ApplicationForm(request.POST, programme=programme)
        languages = language_formset(request.POST, programme=programme)
        form_ok, languages_ok = form.is_valid(), languages.is_valid()
        if form_ok and not services.application_start_claim(
            started=request.POST["started"], token=form.cleaned_data["token"]
        ):
            # This form's start time already sent another application.
            form.add_error(
                "started",
                _("This form has already been sent. Please check your answers and send it again."),
            )
            form_ok = False
        if form_ok and form.is_spam():
            # Tell a bot nothing: it sees the same thanks page and nothing is stored.
            return redirect("networkers_public:join_thanks", programme=programme.slug)
        if form_ok and languages_ok:
            services.networker_apply(
                programme=programme,
                token=form.cleaned_data["token"],
                languages=languages.language_levels(),
                community_names=form.community_names(),
                areas=list(form.cleaned_data.get("areas") or []),
                client_address=client_address(request),
                **form.profile_data(),
            )
            return redirect("networkers_public:join_thanks", programme=programme.slug)
        if form.has_error("started"):
            # Give the person a fresh timer, keeping their token so a resend is still one.
            data = request.POST.copy()
            data["started"] = ApplicationForm.fresh_initial()["started"]
            form.data = data
    else:
        form = ApplicationForm(programme=programme, initial=ApplicationForm.fresh_initial())
        languages = language_formset(programme=programme)
    return render(
        request,
        "networkers/join.html",
        {"programme": programme, "form": form, "languages": languages},
    )


def join_thanks(request, programme: str):
    programme = get_object_or_404(Programme, slug=programme, is_active=True)
    return render(
        request,
        "networkers/join_thanks.html",
        {"programme": programme, "response_days": selectors.application_response_days()},
    )


def join_privacy(request, programme: str):
    """The privacy notice for people who apply: what is kept, why, who sees it, how long."""
    programme = get_object_or_404(Programme, slug=programme, is_active=True)
    return render(
        request,
        "networkers/join_privacy.html",
        {"programme": programme, "retention": retention_notice()},
    )


# --- Coordinators: overview, pipeline board, profiles ---------------------------------------


@programme_role_required(*COORDINATORS)
def overview(request):
    figures = selectors.networker_overview(programme=request.programme, today=timezone.localdate())
    return render(
        request,
        "networkers/overview.html",
        {
            "programme": request.programme,
            "figures": figures,
            "pipeline": _stage_list(figures["stages"]),
        },
    )


def _stage_list(counts: dict) -> list[dict]:
    return [
        {"value": stage, "label": Networker.Stage(stage).label, "count": counts.get(stage, 0)}
        for stage in Networker.Stage.values
    ]


def _board_filter_form(request, programme) -> BoardFilterForm:
    languages = list(
        selectors.language_spoken_list(programme=programme).values_list("code", "english_name")
    )
    communities = list(selectors.community_list(programme=programme).values_list("pk", "name"))
    areas = []
    if programme.local_authority_id:
        areas = list(
            Area.objects.of_kind(Area.Kind.WARD)
            .within(programme.local_authority_id)
            .order_by("name")
            .values_list("code", "name")
        )
    return BoardFilterForm(
        request.GET or None, languages=languages, communities=communities, areas=areas
    )


@programme_role_required(*COORDINATORS)
def board(request):
    programme = request.programme
    form = _board_filter_form(request, programme)
    values = filter_values(form)
    filters = selectors.BoardFilters(
        stage=values.get("stage") or "",
        language=values.get("language") or "",
        community=values.get("community"),
        area=values.get("area") or "",
        query=(values.get("q") or "").strip(),
        sort=values.get("sort") or "",
    )
    board = selectors.networker_board(programme=programme, filters=filters)
    today = timezone.localdate()
    if request.GET.get("format") in exports.FORMATS:
        return _board_export(request, board.ids, today, export=request.GET["format"])
    counts = board.counts
    page = Paginator(board.ids, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    networkers = selectors.networker_board_page(programme=programme, ids=list(page.object_list))
    rows = _board_rows(networkers, programme=programme, today=today)
    base_query = request.GET.copy()
    base_query.pop("page", None)
    base_query.pop("stage", None)
    stage_links = []
    for stage in _stage_list(counts):
        query = base_query.copy()
        query["stage"] = stage["value"]
        stage_links.append(
            {**stage, "query": query.urlencode(), "current": filters.stage == stage["value"]}
        )
    all_query = base_query.urlencode()
    csv_query = request.GET.copy()
    csv_query.pop("page", None)
    csv_query["format"] = "csv"
    xlsx_query = csv_query.copy()
    xlsx_query["format"] = "xlsx"
    return render(
        request,
        "networkers/board.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "rows": rows,
            "stage_links": stage_links,
            "all_query": all_query,
            "total": sum(counts.values()),
            "filters": filters,
            "csv_query": csv_query.urlencode(),
            "xlsx_query": xlsx_query.urlencode(),
            "sort": board.sort,
            "response_days": selectors.application_response_days(),
        },
    )


def _board_rows(networkers: list[Networker], *, programme, today) -> list[dict]:
    """What each row of the board (or the CSV) shows, in a fixed number of queries."""
    ids = [n.pk for n in networkers]
    missing = selectors.networker_missing(networkers=networkers, programme=programme, today=today)
    details = selectors.networker_board_details(networker_ids=ids)
    labels = _labels()
    overdue_before = selectors.application_overdue_before()
    return [
        {
            "networker": n,
            "since": n.stage_changed_at or n.created_at,
            "overdue": n.stage == Networker.Stage.APPLIED
            and (n.stage_changed_at or n.created_at) < overdue_before,
            "missing": missing[n.pk],
            "stage": labels[n.stage],
            "languages": [(name, labels[level]) for name, level in details[n.pk]["languages"]],
            "communities": details[n.pk]["communities"],
            "areas": details[n.pk]["areas"],
        }
        for n in networkers
    ]


def _labels() -> dict:
    """Stage and language-level labels in the current language, resolved once."""
    return {
        **{value: str(label) for value, label in Networker.Stage.choices},
        **{value: str(label) for value, label in NetworkerLanguage.Level.choices},
    }


def _board_export(request, ids: list[int], today, *, export: str) -> HttpResponse:
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="networker pipeline",
        client_address=client_address(request),
    )
    return exports.table_response(
        format=export,
        filename="networkers",
        header=["id", "name", "stage", "since", "languages", "communities", "areas", "missing"],
        rows=_board_export_rows(request, ids, today),
    )


def _board_export_rows(request, ids: list[int], today):
    batch_size = 500
    for start in range(0, len(ids), batch_size):
        batch = selectors.networker_board_page(
            programme=request.programme, ids=ids[start : start + batch_size]
        )
        for row in _board_rows(batch, programme=request.programme, today=today):
            n = row["networker"]
            yield [
                n.pk,
                n.display_name,
                row["stage"],
                n.stage_changed_at.date().isoformat() if n.stage_changed_at else "",
                "; ".join(f"{name} ({level})" for name, level in row["languages"]),
                "; ".join(row["communities"]),
                "; ".join(row["areas"]),
                "; ".join(str(item) for item in row["missing"]),
            ]


def _networker_or_404(request, pk: int) -> Networker:
    return get_for_programme(request, selectors.networker_profiles(), pk=pk)


def _profile_context(request, networker: Networker, *, staff: bool) -> dict:
    today = timezone.localdate()
    missing = selectors.networker_missing(
        networkers=[networker], programme=request.programme, today=today
    )[networker.pk]
    checks = list(selectors.networker_dbs_checks(networker=networker))
    return {
        "programme": request.programme,
        "networker": networker,
        "missing": missing,
        "dbs_checks": checks,
        "training_record": selectors.training_completions(networker=networker),
        "hours_logged": selectors.contact_hours(networker_ids=[networker.pk])[networker.pk],
        "current_dbs": next((c for c in checks if c.renewal_due >= today), None),
        "history": selectors.networker_history(networker=networker)[:50] if staff else [],
        "staff": staff,
        "interests": [
            Networker.Interest(v).label
            for v in networker.interests
            if v in Networker.Interest.values
        ],
        # The day names of the reader's locale (CLDR), in the order of the week.
        "days": [
            weekday_name(Networker.Day.values.index(v))
            for v in networker.availability_days
            if v in Networker.Day.values
        ],
        "times": [
            Networker.TimeOfDay(v).label
            for v in networker.availability_times
            if v in Networker.TimeOfDay.values
        ],
        "today": today,
    }


@programme_role_required(*COORDINATORS)
def detail(request, pk: int):
    networker = _networker_or_404(request, pk)
    vetting = selectors.networker_vetting_records(networker=networker)
    # The profile and its restricted vetting records: the viewing is audited, with how many
    # vetting records were shown (never what they say).
    audit_record(
        action=AuditEvent.Action.PERSONAL_DATA_VIEWED,
        actor=request.user,
        programme=request.programme,
        target=f"networker:{networker.pk}",
        client_address=client_address(request),
        detail={"vetting_records": len(vetting)} if vetting else None,
    )
    context = _profile_context(request, networker, staff=True)
    context["vetting_records"] = vetting
    context["dbs_warning"] = selectors.dbs_level_warning(
        networker=networker, checks=context["dbs_checks"], today=context["today"]
    )
    context["can_invite"] = services.networker_can_be_invited(networker)
    return render(request, "networkers/detail.html", context)


def _profile_initial(networker: Networker) -> dict:
    return {
        "display_name": networker.display_name,
        "email": networker.email,
        "phone": networker.phone,
        "preferred_contact": networker.preferred_contact,
        "communities": ", ".join(c.name for c in networker.communities.all()),
        "areas": list(networker.areas.all()),
        "skills": networker.skills,
        "lived_experience": networker.lived_experience,
        "interests": networker.interests,
        "availability_days": networker.availability_days,
        "availability_times": networker.availability_times,
        "hours_given": networker.hours_given,
        "dbs_level_needed": networker.dbs_level_needed,
    }


def _edit(request, networker: Networker, *, staff: bool, done_url: str, current_url: str):
    form_class = StaffProfileForm if staff else ProfileEditForm
    initial_languages = [
        {"language": s.language_id, "level": s.level} for s in networker.language_skills.all()
    ]
    conflict_url, conflict_rows = None, []
    if request.method == "POST" and "add_language" in request.POST:
        form = form_class(request.POST, programme=request.programme)
        languages = language_formset(
            language_row_added(request.POST),
            initial=initial_languages,
            blank_rows=2,
            programme=request.programme,
        )
        shown_without_errors(form, languages)
    elif request.method == "POST":
        form = form_class(request.POST, programme=request.programme)
        languages = language_formset(
            request.POST, initial=initial_languages, blank_rows=2, programme=request.programme
        )
        if form.is_valid() and languages.is_valid():
            try:
                changed = services.networker_update(
                    networker=networker,
                    changed_by=request.user,
                    data=form.profile_data(),
                    languages=languages.language_levels(),
                    community_names=form.community_names(),
                    areas=list(form.cleaned_data["areas"]) if "areas" in form.fields else None,
                    hours_given=form.cleaned_data.get("hours_given") if staff else None,
                    client_address=client_address(request),
                    expected_version=form.expected_version(),
                )
            except EditConflict as conflict:
                # Keep everything they typed; the form now carries the new version.
                form = conflict_form(
                    form_class,
                    request.POST,
                    current_version=conflict.current_version,
                    programme=request.programme,
                )
                conflict_url = current_url
                networker.refresh_from_db()
                conflict_rows = conflict_changes(form, networker)
            else:
                messages.success(request, _("Profile saved.") if changed else _("Nothing changed."))
                return redirect(done_url)
    else:
        form = form_class(
            initial={**_profile_initial(networker), "version": version_of(networker)},
            programme=request.programme,
        )
        languages = language_formset(
            initial=initial_languages, blank_rows=2, programme=request.programme
        )
    return render(
        request,
        "networkers/edit.html",
        {
            "programme": request.programme,
            "networker": networker,
            "form": form,
            "languages": languages,
            "staff": staff,
            "cancel_url": done_url,
            "conflict_url": conflict_url,
            "conflict_rows": conflict_rows,
        },
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def edit(request, pk: int):
    networker = _networker_or_404(request, pk)
    return _edit(
        request,
        networker,
        staff=True,
        done_url=reverse(
            "networkers:detail", kwargs={"programme": request.programme.slug, "pk": networker.pk}
        ),
        current_url=reverse(
            "networkers:detail", kwargs={"programme": request.programme.slug, "pk": networker.pk}
        ),
    )


def _move_form(request, networker: Networker) -> MoveForm:
    kept = selectors.vetting_kinds_recorded(networker=networker)
    return MoveForm(
        request.POST or None,
        choices=services.stage_choices_from(networker.stage),
        missing_kinds=[k for k in VettingRecord.Kind.values if k not in kept],
        invite_to=networker.email if services.networker_can_be_invited(networker) else "",
        interviewer=request.user.display_name,
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def move(request, pk: int):
    networker = _networker_or_404(request, pk)
    form = _move_form(request, networker)
    if request.method == "POST" and form.is_valid():
        to_stage = form.cleaned_data["to_stage"]
        invite = bool(form.cleaned_data.get("send_invitation"))
        try:
            services.networker_move(
                networker=networker,
                to_stage=to_stage,
                reason=form.cleaned_data["reason"],
                records=form.vetting_entries(),
                send_invitation=invite,
                site_url=request.build_absolute_uri("/"),
                moved_by=request.user,
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s moved to %(stage)s.")
                % {"name": networker.display_name, "stage": Networker.Stage(to_stage).label},
            )
            if invite and to_stage == Networker.Stage.ACTIVE:
                messages.success(
                    request,
                    _("An invitation to sign in is on its way to %(email)s.")
                    % {"email": ltr_text(networker.email)},
                )
            next_url = request.POST.get("next", "")
            if next_url == "board":
                return redirect("networkers:board", programme=request.programme.slug)
            return redirect("networkers:detail", programme=request.programme.slug, pk=networker.pk)
    today = timezone.localdate()
    missing = selectors.networker_missing(
        networkers=[networker], programme=request.programme, today=today
    )[networker.pk]
    checks = list(selectors.networker_dbs_checks(networker=networker))
    return render(
        request,
        "networkers/move.html",
        {
            "programme": request.programme,
            "networker": networker,
            "form": form,
            "missing": missing,
            "dbs_warning": selectors.dbs_level_warning(
                networker=networker, checks=checks, today=today
            ),
        },
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def vetting_add(request, pk: int):
    """Record an interview, a reference or the right to volunteer, at any time."""
    networker = _networker_or_404(request, pk)
    form = VettingRecordForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", "")},
        interviewer=request.user.display_name,
    )
    if request.method == "POST" and form.is_valid():
        entries = form.vetting_entries()
        try:
            for entry in entries:
                services.vetting_record_add(
                    networker=networker,
                    entry=entry,
                    recorded_by=request.user,
                    client_address=client_address(request),
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Vetting record kept."))
            return redirect("networkers:detail", programme=request.programme.slug, pk=networker.pk)
    return render(
        request,
        "networkers/vetting_add.html",
        {"programme": request.programme, "networker": networker, "form": form},
    )


@programme_role_required(*COORDINATORS)
@require_http_methods(["GET", "POST"])
def dbs_record(request, pk: int):
    networker = _networker_or_404(request, pk)
    form = DBSForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dbs_check_record(
                networker=networker,
                level=form.cleaned_data["level"],
                checked_on=form.cleaned_data["checked_on"],
                renewal_due=form.cleaned_data["renewal_due"],
                on_update_service=form.cleaned_data["on_update_service"],
                seen_by=request.user,
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("DBS check recorded."))
            warning = selectors.dbs_level_warning(
                networker=networker,
                checks=list(selectors.networker_dbs_checks(networker=networker)),
                today=timezone.localdate(),
            )
            if warning:
                messages.warning(request, warning)
            return redirect("networkers:detail", programme=request.programme.slug, pk=networker.pk)
    return render(
        request,
        "networkers/dbs_record.html",
        {
            "programme": request.programme,
            "networker": networker,
            "form": form,
            "checks": selectors.networker_dbs_checks(networker=networker),
        },
    )


@programme_role_required(*COORDINATORS)
def renewals(request):
    today = timezone.localdate()
    checks = selectors.dbs_renewals_due(programme=request.programme, today=today)
    page = Paginator(checks, BOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "networkers/renewals.html",
        {
            "programme": request.programme,
            "page": page,
            "today": today,
            "window": selectors.RENEWAL_WINDOW_DAYS,
        },
    )


# --- A networker's own profile --------------------------------------------------------------


@programme_role_required(Role.NETWORKER)
def my_profile(request):
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None and services.networker_claim_invitation(
        user=request.user, programme=request.programme
    ):
        networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None:
        return render(
            request, "networkers/my_profile_missing.html", {"programme": request.programme}
        )
    context = _profile_context(request, networker, staff=False)
    return render(request, "networkers/my_profile.html", context)


@programme_role_required(Role.NETWORKER)
@require_http_methods(["GET", "POST"])
def my_profile_edit(request):
    networker = selectors.networker_for_user(user=request.user, programme=request.programme)
    if networker is None:
        raise Http404
    return _edit(
        request,
        networker,
        staff=False,
        done_url=reverse("networkers:my_profile", kwargs={"programme": request.programme.slug}),
        current_url=reverse("networkers:my_profile", kwargs={"programme": request.programme.slug}),
    )
