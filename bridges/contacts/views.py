from functools import cache
from pathlib import Path

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core import exports, providers
from bridges.core.net import client_address

from . import selectors, services
from .forms import ContactForm, CorrectionForm, LogFilterForm, entered, record_initial
from .models import ContactRecord

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
PAGE_SIZE = 50
# The directory's search for regulated immigration advisers, as its home page card links it.
IMMIGRATION_ADVICE_URL_NAME = "directory_public:search"
IMMIGRATION_ADVICE_QUERY = "need=immigration-advice"


def _immigration_advice_url() -> str:
    return f"{reverse(IMMIGRATION_ADVICE_URL_NAME)}?{IMMIGRATION_ADVICE_QUERY}"


def _networker(request):
    return selectors.networker_for_user(user=request.user, programme=request.programme)


def _own_record(request, pk: int) -> ContactRecord:
    """The signed-in networker's own record, or 404 (another's, another programme's, none)."""
    networker = _networker(request)
    if networker is None:
        raise Http404
    return get_for_programme(request, selectors.contact_records_of(networker=networker), pk=pk)


def _usual_languages(networker) -> list[str]:
    return list(networker.language_skills.values_list("language_id", flat=True))


def _form_options(request, networker, *, languages=()) -> dict:
    return {
        "programme": request.programme,
        "usual_languages": [*_usual_languages(networker), *languages],
        "usual_services": selectors.services_usual(
            networker=networker, programme=request.programme
        ),
    }


# The form's "Search" button for services (without JavaScript): draw the form again with
# everything entered kept and the services found offered as tick boxes; nothing is stored.
FIND_SERVICES = "find_services"


def _searched_form(request, form_class, options):
    initial = entered(form_class, request.POST)
    matches = selectors.services_matching(
        programme=request.programme, query=initial.get("service_query") or ""
    )
    return form_class(initial=initial, service_matches=matches, **options)


def _form_context(request, form, **extra) -> dict:
    return {
        "programme": request.programme,
        "form": form,
        "immigration_advice_url": _immigration_advice_url(),
        **extra,
    }


@programme_role_required(Role.NETWORKER)
@require_http_methods(["GET", "POST"])
def record(request):
    networker = _networker(request)
    if networker is None:
        return render(request, "contacts/no_profile.html", {"programme": request.programme})
    # A language ticked or passed in the address (a drop-in's queue) is offered as a tick too.
    offered = request.POST.getlist("languages") or request.GET.getlist("language")
    options = _form_options(request, networker, languages=offered)
    status = 200
    if request.method == "POST" and FIND_SERVICES in request.POST:
        form = _searched_form(request, ContactForm, options)
    elif request.method == "POST":
        form = ContactForm(request.POST, **options)
        if form.is_valid():
            try:
                stored, created = services.contact_record(
                    programme=request.programme,
                    networker=networker,
                    client_id=form.cleaned_data["client_id"],
                    data=form.contact_data(),
                    recorded_by=request.user,
                )
            except services.ContactConflict as conflict:
                form.add_error(None, conflict.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("Contact recorded. Thank you.")
                    if created
                    else _("This contact was already recorded; it is stored once."),
                )
                return redirect("contacts:detail", programme=request.programme.slug, pk=stored.pk)
    else:
        last = selectors.contact_last(networker=networker)
        initial = ContactForm.prefill(ContactForm.fresh_initial(last=last), request.GET)
        form = ContactForm(initial=initial, **options)
    return render(request, "contacts/record.html", _form_context(request, form), status=status)


@programme_role_required(Role.NETWORKER)
def mine(request):
    networker = _networker(request)
    if networker is None:
        return render(request, "contacts/no_profile.html", {"programme": request.programme})
    records = selectors.own_log(networker=networker, programme=request.programme)
    page = selectors.LogPaginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "contacts/mine.html",
        {
            "programme": request.programme,
            "page": page,
            "hours": selectors.hours_given(networker_ids=[networker.pk])[networker.pk],
        },
    )


@programme_role_required(Role.NETWORKER)
def detail(request, pk: int):
    found = _own_record(request, pk)
    return render(
        request,
        "contacts/detail.html",
        {
            "programme": request.programme,
            "record": found,
            "services": selectors.services_named(programme=request.programme, ids=found.services),
            "revisions": selectors.record_revisions(record=found),
            # Safeguarding sits above the contact log: asked through its slot, never imported.
            "raise_concern_url": providers.safeguarding.get().concern_raise_url(
                programme_slug=request.programme.slug, contact_id=found.pk
            ),
        },
    )


@programme_role_required(Role.NETWORKER)
@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    found = _own_record(request, pk)
    options = _form_options(request, found.networker, languages=_record_languages(found))
    if request.method == "POST" and FIND_SERVICES in request.POST:
        form = _searched_form(request, CorrectionForm, options)
    elif request.method == "POST":
        form = CorrectionForm(request.POST, **options)
        if form.is_valid():
            changed = services.contact_correct(
                record=found, data=form.contact_data(), corrected_by=request.user
            )
            messages.success(request, _("Correction saved.") if changed else _("Nothing changed."))
            return redirect("contacts:detail", programme=request.programme.slug, pk=found.pk)
    else:
        form = CorrectionForm(initial=record_initial(found), **options)
    return render(request, "contacts/correct.html", _form_context(request, form, record=found))


def _record_languages(found: ContactRecord) -> list[str]:
    """The record's own languages, ticked on its correction form even if unusual."""
    return [language.pk for language in found.languages.all()]


@programme_role_required(Role.NETWORKER)
def unsent(request):
    """The records kept on this phone, not sent yet, and those the server refused: the page is
    an empty frame that offline.js fills in from the phone (the server never has them)."""
    return render(request, "contacts/unsent.html", {"programme": request.programme})


@cache
def _service_worker_source() -> str:
    return (Path(__file__).parent / "static" / "contacts" / "sw.js").read_text(encoding="utf-8")


def service_worker(request, programme: str):
    """The offline service worker, served from the contact log's own address so that its scope
    is `/p/<programme>/contacts/` (a script under /static/ could only control /static/). It is
    the same file for everyone and holds nothing private, so it needs no sign-in."""
    response = HttpResponse(_service_worker_source(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


# --- Coordinators: the programme's log ------------------------------------------------------


@programme_role_required(*COORDINATORS)
def log(request):
    programme = request.programme
    form = LogFilterForm(request.GET or None, programme=programme)
    records = selectors.contact_log(programme=programme, filters=form.filters())
    if request.GET.get("format") in exports.FORMATS:
        return _export(request, records, export=request.GET["format"])
    totals = selectors.contact_log_totals(records, cap=selectors.LOG_COUNT_CAP)
    page = selectors.LogPaginator(
        selectors.log_page_rows(records).select_related("networker"),
        PAGE_SIZE,
        count=totals["records"],
    ).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["format"] = "csv"
    csv_query = query.urlencode()
    query["format"] = "xlsx"
    return render(
        request,
        "contacts/log.html",
        {
            "programme": programme,
            "form": form,
            "page": page,
            "totals": totals,
            "csv_query": csv_query,
            "xlsx_query": query.urlencode(),
        },
    )


EXPORT_HEADER = [
    "id", "date", "networker", "channel", "people_helped", "minutes", "languages", "country",
    "age", "gender", "time_in_uk", "area", "needs", "done", "services", "outcome", "follow_up",
    "note",
]  # fmt: skip


def _export(request, records, *, export: str):
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="contact log",
        client_address=client_address(request),
    )
    return exports.table_response(
        format=export,
        filename="contact-log",
        header=EXPORT_HEADER,
        rows=_export_rows(request.programme, records),
    )


def _export_rows(programme, records):
    service_names = dict(selectors.services_choices(programme=programme, limit=100_000))
    rows = selectors.log_rows(records).select_related("networker")
    for found in rows.iterator(chunk_size=1000):
        yield [
            found.pk,
            found.date.isoformat(),
            found.networker.display_name if found.networker else "",
            found.get_channel_display(),
            found.people_helped,
            found.duration_minutes,
            "; ".join(language.english_name for language in found.languages.all()),
            found.country.name if found.country else "",
            found.get_age_band_display(),
            found.get_gender_display(),
            found.get_time_in_uk_display(),
            found.area.name if found.area else "",
            "; ".join(found.need_labels()),
            "; ".join(found.action_labels()),
            "; ".join(service_names.get(pk, pk) for pk in found.services),
            found.get_outcome_display(),
            "yes" if found.follow_up else "no",
            found.note or "",
        ]
