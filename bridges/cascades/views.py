"""Staff and networker pages of key-message cascades, under /p/<programme>/cascades/."""

from urllib.parse import quote

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.models import AuditEvent
from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.accounts.services import audit_record
from bridges.core.exports import table_response
from bridges.core.forms import filter_values
from bridges.core.net import client_address

from . import selectors, services
from .forms import (
    AnswerForm,
    CascadeFilterForm,
    MergeForm,
    MessageFilterForm,
    MessageForm,
    QuestionFilterForm,
    ReachForm,
)
from .models import KeyMessage, QuestionGroup

COORDINATORS = (Role.COORDINATOR, Role.ADMIN)
VIEWERS = (Role.COORDINATOR, Role.ADMIN, Role.ANALYST)
PAGE_SIZE = 25


def public_url(request, message: KeyMessage, language: str) -> str:
    with translation.override(language):
        path = reverse("cascades_public:message", args=[message.pk])
    return request.build_absolute_uri(path)


def share_text(request, message: KeyMessage, text, language: str) -> str:
    """What the copy button copies and the share link sends: the short version and a link."""
    return f"{text.short_text}\n{public_url(request, message, language)}"


def whatsapp_url(text: str) -> str:
    return "https://wa.me/?text=" + quote(text, safe="")


# --- Coordinators: the messages -------------------------------------------------------------


@programme_role_required(*COORDINATORS)
def message_list(request):
    filters = MessageFilterForm(request.GET or None)
    values = filter_values(filters)
    found = selectors.message_list(
        programme=request.programme, state=values.get("state") or "", query=values.get("q") or ""
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cascades/list.html",
        {"programme": request.programme, "filters": filters, "page": page},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def message_create(request):
    return _message_form(request, None)


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def message_edit(request, pk: int):
    message = get_for_programme(
        request, selectors.message_detail(programme=request.programme), pk=pk
    )
    return _message_form(request, message)


def _message_form(request, message):
    if request.method == "POST":
        form = MessageForm(request.POST, programme=request.programme)
        if form.is_valid():
            saved = services.message_save(
                programme=request.programme,
                data=form.message_data(),
                by=request.user,
                message=message,
            )
            messages.success(
                request, _("Key message saved.") if message else _("Key message created.")
            )
            return redirect("cascades:detail", programme=request.programme.slug, pk=saved.pk)
    else:
        form = MessageForm(initial=MessageForm.initial_for(message), programme=request.programme)
    return render(
        request,
        "cascades/form.html",
        {"programme": request.programme, "form": form, "message": message},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def message_delete(request, pk: int):
    message = get_for_programme(request, KeyMessage, pk=pk)
    if request.method == "POST":
        services.message_delete(message=message)
        messages.success(request, _("Key message deleted, with its reports and questions."))
        return redirect("cascades:list", programme=request.programme.slug)
    reports = message.reports.count()
    return render(
        request,
        "cascades/delete.html",
        {"programme": request.programme, "message": message, "reports": reports},
    )


def _suppress(request) -> bool:
    """Analysts see small numbers suppressed; coordinators run the cascade and see them."""
    return not (set(request.roles) & {Role.COORDINATOR, Role.ADMIN})


@programme_role_required(*VIEWERS)
def message_detail(request, pk: int):
    message = get_for_programme(
        request, selectors.message_detail(programme=request.programme), pk=pk
    )
    text = selectors.message_text(message, message.source_language_id)
    shared = share_text(request, message, text, message.source_language_id)
    cascade = selectors.cascade_view(
        programme=request.programme, message=message, suppress=_suppress(request)
    )
    return render(
        request,
        "cascades/detail.html",
        {
            "programme": request.programme,
            "message": message,
            "text": text,
            "share": shared,
            "whatsapp": whatsapp_url(shared),
            "public_url": public_url(request, message, message.source_language_id),
            "cascade": cascade,
            "may_edit": bool(set(request.roles) & set(COORDINATORS)),
        },
    )


# --- The cascade view ------------------------------------------------------------------------


def _cascade_filters(request):
    messages_ = list(
        selectors.KeyMessage.objects.for_programme(request.programme).only("pk", "title")[:200]
    )
    filters = CascadeFilterForm(request.GET or None, messages=messages_)
    values = filter_values(filters)
    chosen = None
    if values.get("message"):
        chosen = next((m for m in messages_ if str(m.pk) == values["message"]), None)
    return filters, values, chosen


@programme_role_required(*VIEWERS)
def reach(request):
    filters, values, chosen = _cascade_filters(request)
    cascade = selectors.cascade_view(
        programme=request.programme,
        message=chosen,
        start=values.get("start"),
        end=values.get("end"),
        suppress=_suppress(request),
    )
    return render(
        request,
        "cascades/reach.html",
        {
            "programme": request.programme,
            "filters": filters,
            "cascade": cascade,
            "chosen": chosen,
            "query": request.GET.urlencode(),
        },
    )


@programme_role_required(*VIEWERS)
def reach_export(request):
    """The cascade view's tables as one download: each row a dimension, a value and the
    reports and people counted (small numbers suppressed for analysts)."""
    _filters, values, chosen = _cascade_filters(request)
    cascade = selectors.cascade_view(
        programme=request.programme,
        message=chosen,
        start=values.get("start"),
        end=values.get("end"),
        suppress=_suppress(request),
    )
    fewer = _("fewer than %(n)s") % {"n": selectors.SMALL_NUMBER}

    def cell(count):
        return fewer if count.suppressed else count.value

    rows = []
    for dimension, found in (
        (_("Language"), cascade.by_language),
        (_("Community"), cascade.by_community),
        (_("Area"), cascade.by_area),
        (_("Channel"), cascade.by_channel),
    ):
        for row in found:
            rows.append(
                [dimension, row.label or _("Not recorded"), cell(row.reports), cell(row.people)]
            )
    for label, counts in cascade.by_month:
        for month, count in zip(cascade.months, counts, strict=True):
            rows.append([_("Month"), f"{month:%Y-%m} {label}", "", cell(count)])
    audit_record(
        action=AuditEvent.Action.EXPORT,
        actor=request.user,
        programme=request.programme,
        target="cascade-reach",
        client_address=client_address(request),
        detail={"rows": len(rows), "suppressed": cascade.suppressed},
    )
    return table_response(
        format=request.GET.get("format", "csv"),
        filename="cascade-reach",
        header=[_("By"), _("Value"), _("Reports"), _("People reached")],
        rows=rows,
    )


# --- Questions -------------------------------------------------------------------------------


@programme_role_required(*COORDINATORS)
def questions(request):
    messages_ = list(KeyMessage.objects.for_programme(request.programme).only("pk", "title")[:200])
    filters = QuestionFilterForm(request.GET or None, messages=messages_)
    values = filter_values(filters)
    chosen = None
    if values.get("message"):
        chosen = next((m for m in messages_ if str(m.pk) == values["message"]), None)
    groups = selectors.question_groups(
        programme=request.programme, message=chosen, unanswered=bool(values.get("unanswered"))
    )
    page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
    languages = selectors.question_languages(groups=list(page))
    for group in page:
        group.languages = languages.get(group.pk, [])
    return render(
        request,
        "cascades/questions.html",
        {"programme": request.programme, "filters": filters, "page": page},
    )


def _group(request, pk: int) -> QuestionGroup:
    return get_for_programme(
        request, QuestionGroup.objects.select_related("message", "programme"), pk=pk
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def question_answer(request, pk: int):
    group = _group(request, pk)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            services.question_answer(
                group=group, answer=form.cleaned_data["answer"], by=request.user
            )
            messages.success(request, _("Answer saved and sent to the networkers who asked."))
            return redirect("cascades:questions", programme=request.programme.slug)
    else:
        form = AnswerForm(initial={"answer": group.answer})
    return render(
        request,
        "cascades/answer.html",
        {"programme": request.programme, "group": group, "form": form},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*COORDINATORS)
def question_merge(request, pk: int):
    group = _group(request, pk)
    others = list(
        QuestionGroup.objects.for_programme(request.programme)
        .filter(message=group.message)
        .exclude(pk=group.pk)
        .order_by("summary")
    )
    form = MergeForm(request.POST or None, others=others)
    if request.method == "POST" and form.is_valid():
        into = next(g for g in others if str(g.pk) == form.cleaned_data["into"])
        services.question_merge(group=group, into=into, by=request.user)
        messages.success(request, _("Questions put together."))
        return redirect("cascades:questions", programme=request.programme.slug)
    return render(
        request,
        "cascades/merge.html",
        {"programme": request.programme, "group": group, "form": form, "others": others},
    )


# --- Networkers -------------------------------------------------------------------------------


def _networker(request):
    return selectors.networker_for_user(user=request.user, programme=request.programme)


@programme_role_required(Role.NETWORKER)
def mine(request):
    networker = _networker(request)
    if networker is None:
        return render(request, "cascades/no_profile.html", {"programme": request.programme})
    live = selectors.messages_for_networker(networker=networker, programme=request.programme)
    cards = []
    for message in live:
        shares = []
        for language in message.spoken:
            text = selectors.message_text(message, language.pk)
            shared = share_text(request, message, text, language.pk)
            shares.append(
                {
                    "language": language,
                    "text": text,
                    "share": shared,
                    "whatsapp": whatsapp_url(shared),
                    "public": public_url(request, message, language.pk),
                }
            )
        cards.append({"message": message, "shares": shares})
    reports = selectors.reports_of(networker=networker, programme=request.programme)[:10]
    return render(
        request,
        "cascades/mine.html",
        {
            "programme": request.programme,
            "cards": cards,
            "reports": reports,
            "answers": selectors.answers_for(networker=networker, programme=request.programme)[:20],
        },
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(Role.NETWORKER)
def report(request, pk: int):
    message = get_for_programme(request, KeyMessage, pk=pk)
    networker = _networker(request)
    if networker is None:
        return render(request, "cascades/no_profile.html", {"programme": request.programme})
    choices = selectors.report_choices(
        programme=request.programme, message=message, networker=networker
    )
    status = 200
    if request.method == "POST":
        form = ReachForm(request.POST, choices=choices)
        if form.is_valid():
            try:
                _stored, created = services.reach_report(
                    message=message,
                    networker=networker,
                    client_id=form.cleaned_data["client_id"],
                    data=form.reach_data(),
                    recorded_by=request.user,
                )
            except services.ReportConflict as conflict:
                form.add_error(None, conflict.message)
                status = 409
            else:
                messages.success(
                    request,
                    _("Thank you: your report is recorded.")
                    if created
                    else _("This report was already recorded; it is stored once."),
                )
                return redirect("cascades:mine", programme=request.programme.slug)
    else:
        spoken = [code for code, _label in choices["languages"]]
        asked = request.GET.get("language", "")
        form = ReachForm(
            initial=ReachForm.fresh_initial(language=asked if asked in spoken else ""),
            choices=choices,
        )
    return render(
        request,
        "cascades/report.html",
        {
            "programme": request.programme,
            "message": message,
            "form": form,
            "ended": not message.is_live(),
        },
        status=status,
    )
