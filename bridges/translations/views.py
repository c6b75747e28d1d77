"""Staff pages of the content-translation workflow: thin, each calls one service or selector."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core import providers
from bridges.core.concurrency import CONFLICT_MESSAGE, EditConflict, conflict_data, version_of
from bridges.core.exports import table_response

from . import selectors, services
from .forms import CoverageFilterForm, ReviewForm, TranslateForm
from .models import MISSING, MISSING_LABEL, State, Translation
from .registry import get_kind, kinds

WORKERS = (Role.NETWORKER, Role.COORDINATOR)
STATE_LABELS = {MISSING: MISSING_LABEL, **dict(State.choices)}
STATE_ORDER = [MISSING, State.DRAFT, State.REVIEW, State.PUBLISHED, State.OUT_OF_DATE]


def _language_name(code: str) -> str:
    try:
        return get_language_info(code)["name_translated"]
    except KeyError:
        return code


def _kind(key: str):
    try:
        return get_kind(key)
    except KeyError:
        raise Http404 from None


def _record(request, kind, object_id):
    model = kind.model_class
    queryset = model._default_manager.all()
    return get_for_programme(
        request, queryset, shared=hasattr(queryset, "available_to"), pk=object_id
    )


def _language(code: str, kind, obj) -> str:
    if code not in selectors.target_languages(kind.source_language(obj)):
        raise Http404
    return code


# --- Translating -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@programme_role_required(*WORKERS)
def start(request, kind, object_id, language):
    """A translation not begun yet: the same page, which makes the record on the first save."""
    found = _kind(kind)
    obj = _record(request, found, object_id)
    language = _language(language, found, obj)
    row = Translation.objects.filter(kind=found.key, object_id=str(obj.pk), language=language)
    existing = row.first()
    if existing is not None and request.method == "GET":
        return redirect("translations:translate", request.programme.slug, existing.pk)
    # Sent from a form shown before someone else began this translation: the version check
    # then keeps what was typed and shows the conflict (or stores it once if sent twice).
    return _translate_page(request, kind=found, obj=obj, language=language, row=existing)


@require_http_methods(["GET", "POST"])
@programme_role_required(*WORKERS)
def translate(request, pk):
    row = get_for_programme(request, Translation, shared=True, pk=pk)
    kind = _kind(row.kind)
    obj = _record(request, kind, row.object_id)
    return _translate_page(request, kind=kind, obj=obj, language=row.language, row=row)


def _translate_page(request, *, kind, obj, language, row):
    source = kind.source_segments(obj)
    speaks = language in providers.speakers.get().languages_of(
        user=request.user, programme=request.programme
    )
    locked = row is not None and row.state == State.REVIEW and row.translator_id != request.user.pk
    may_edit = speaks and not locked
    form_kwargs = {"kind": kind, "source": source, "language": language}
    conflict = False
    if request.method == "POST" and may_edit:
        form = TranslateForm(request.POST, **form_kwargs)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                row = services.translation_save(
                    obj=obj,
                    language=language,
                    segments=form.segments(),
                    by=request.user,
                    programme=request.programme,
                    credit=form.cleaned_data["credit"],
                    submit=submit,
                    expected_version=form.cleaned_data.get("version") or "",
                )
            except EditConflict as error:
                form = TranslateForm(
                    conflict_data(request.POST, current_version=error.current_version),
                    **form_kwargs,
                )
                form.is_valid()
                form.add_error(None, CONFLICT_MESSAGE)
                conflict = True
                row = Translation.objects.filter(
                    kind=kind.key, object_id=str(obj.pk), language=language
                ).first()
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                if submit:
                    messages.success(request, _("Sent for review. Thank you."))
                else:
                    messages.success(request, _("Draft saved."))
                return redirect("translations:translate", request.programme.slug, row.pk)
    else:
        initial = {"version": version_of(row) if row else ""}
        if row is not None:
            from .forms import field_name

            for key, text in (row.draft_segments or row.published_segments or {}).items():
                initial[field_name(key)] = text
            initial["credit"] = row.translator_credit
        form = TranslateForm(initial=initial, **form_kwargs)
    previous = (row.published_source if row and row.published_at else {}) or {}
    changed = services.changed_keys(previous, source) & set(source) if previous else set()
    return render(
        request,
        "translations/translate.html",
        {
            "programme": request.programme,
            "kind": kind,
            "obj": obj,
            "name": kind.name_of(obj),
            "language": language,
            "language_name": _language_name(language),
            "source_language": kind.source_language(obj),
            "row": row,
            "form": form,
            "rows": list(form.rows(changed=changed, previous_source=previous)),
            "may_edit": may_edit,
            "speaks": speaks,
            "locked": locked,
            "conflict": conflict,
            "public_url": kind.public_url(obj, language),
            "may_review": row is not None
            and row.state == State.REVIEW
            and speaks
            and row.translator_id != request.user.pk,
        },
    )


# --- Reviewing -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@programme_role_required(*WORKERS)
def review(request, pk):
    row = get_for_programme(request, Translation, shared=True, pk=pk)
    kind = _kind(row.kind)
    obj = _record(request, kind, row.object_id)
    source = kind.source_segments(obj)
    speaks = row.language in providers.speakers.get().languages_of(
        user=request.user, programme=request.programme
    )
    may_review = row.state == State.REVIEW and speaks and row.translator_id != request.user.pk
    if request.method == "POST" and may_review:
        form = ReviewForm(request.POST)
        if form.is_valid():
            approve = request.POST.get("action") == "approve"
            try:
                if approve:
                    services.translation_approve(
                        translation=row,
                        by=request.user,
                        programme=request.programme,
                        credit=form.cleaned_data["credit"],
                        expected_version=form.expected_version(),
                    )
                else:
                    services.translation_send_back(
                        translation=row,
                        by=request.user,
                        programme=request.programme,
                        comment=form.cleaned_data["comment"],
                        expected_version=form.expected_version(),
                    )
            except EditConflict:
                form.add_error(None, CONFLICT_MESSAGE)
            except ValidationError as error:
                field = "comment" if not approve and not form.cleaned_data["comment"] else None
                for message in error.messages:
                    form.add_error(field, message)
            else:
                messages.success(
                    request,
                    _("Approved: readers now see this translation.")
                    if approve
                    else _("Sent back to the translator with your comment."),
                )
                return redirect("translations:waiting", request.programme.slug)
    else:
        form = ReviewForm(initial={"version": version_of(row)})
    texts = [
        {
            "key": key,
            "label": kind.label_of(key),
            "source": text,
            "translation": (row.draft_segments or {}).get(key, ""),
        }
        for key, text in source.items()
    ]
    return render(
        request,
        "translations/review.html",
        {
            "programme": request.programme,
            "kind": kind,
            "obj": obj,
            "name": kind.name_of(obj),
            "row": row,
            "language": row.language,
            "language_name": _language_name(row.language),
            "source_language": kind.source_language(obj),
            "texts": texts,
            "form": form,
            "may_review": may_review,
            "speaks": speaks,
            "own": row.translator_id == request.user.pk,
        },
    )


# --- Coverage and waiting ---------------------------------------------------------------------


def _coverage(request):
    form = CoverageFilterForm(request.GET or None, kinds=kinds())
    kind_key = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    request.coverage_filter = form
    items = selectors.coverage_items(programme=request.programme, kind_key=kind_key)
    languages = selectors.target_languages()
    return kind_key, items, languages


@programme_role_required(Role.COORDINATOR)
def coverage(request):
    kind_key, items, languages = _coverage(request)
    counts = selectors.coverage_counts(items, languages)
    helpers = selectors.who_could_help(programme=request.programme, languages=languages)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    columns = [(code, _language_name(code)) for code in languages]
    summary = [
        {
            "code": code,
            "name": name,
            "counts": [(state, STATE_LABELS[state], counts[code][state]) for state in STATE_ORDER],
            "helpers": helpers[code],
            "helper_names": [user.display_name or user.email for user in helpers[code]],
        }
        for code, name in columns
    ]
    grid = [
        {
            "item": item,
            "cells": [
                (
                    code,
                    item.states.get(code, ""),
                    STATE_LABELS.get(item.states.get(code, ""), ""),
                    item.rows.get(code),
                )
                for code, _name in columns
            ],
        }
        for item in page.object_list
    ]
    return render(
        request,
        "translations/coverage.html",
        {
            "programme": request.programme,
            "page": page,
            "grid": grid,
            "columns": columns,
            "summary": summary,
            "filter": request.coverage_filter,
            "kind_key": kind_key,
            "total": len(items),
        },
    )


@programme_role_required(Role.COORDINATOR)
def coverage_export(request):
    kind_key, items, languages = _coverage(request)
    header = [_("Kind of content"), _("Name"), *languages]
    rows = [
        [str(item.kind.label), item.name, *(str(STATE_LABELS[item.states[c]]) for c in languages)]
        for item in items
    ]
    return table_response(
        format=request.GET.get("format", "csv"),
        filename=f"translation-coverage-{request.programme.slug}",
        header=header,
        rows=rows,
    )


@programme_role_required(*WORKERS)
def waiting(request):
    languages, found = selectors.waiting_for(user=request.user, programme=request.programme)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        if entry.row is None:
            entry.url = reverse(
                "translations:start",
                args=[
                    request.programme.slug,
                    entry.item.kind.key,
                    entry.item.obj.pk,
                    entry.language,
                ],
            )
        elif entry.action == "review":
            entry.url = reverse("translations:review", args=[request.programme.slug, entry.row.pk])
        else:
            entry.url = reverse(
                "translations:translate", args=[request.programme.slug, entry.row.pk]
            )
        entry.language_name = _language_name(entry.language)
    return render(
        request,
        "translations/waiting.html",
        {
            "programme": request.programme,
            "languages": [(code, _language_name(code)) for code in languages],
            # Each name marked with its own language, listed by the reader's locale.
            "language_names": [
                format_html('<span lang="{}" dir="auto">{}</span>', code, _language_name(code))
                for code in languages
            ],
            "page": page,
            "total": len(found),
            "bidi": settings.LANGUAGES_BIDI,
        },
    )
