"""Referral pages. Who may open what is decided twice: the role (programme_role_required) and
the record (selectors.referrals_visible_to: the referrer, the coordinators, the receiving
service's staff). A referral someone may not see answers 404, as one that does not exist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bridges.accounts.permissions import programme_role_required
from bridges.accounts.roles import Role
from bridges.accounts.scoping import get_for_programme
from bridges.core.exports import table_response
from bridges.core.forms import filter_values
from bridges.core.locale_format import format_date
from bridges.core.net import client_address

from . import consent, selectors, services
from .forms import FilterForm, HoldForm, MoveForm, ReferralForm, WordingLanguageForm
from .models import Referral, State

REFERRERS = (Role.NETWORKER, Role.COORDINATOR)
VIEWERS = (Role.NETWORKER, Role.COORDINATOR, Role.PROVIDER)
PAGE_SIZE = 25
CONTACT_PARAMETER = "contact"


def _wording_language(request) -> str:
    codes = {code for code, _name in WordingLanguageForm().fields["wording"].choices}
    asked = request.GET.get("wording") or request.POST.get("consent_language") or ""
    return asked if asked in codes else translation.get_language() or "en"


@require_http_methods(["GET", "POST"])
@programme_role_required(*REFERRERS)
def create(request):
    programme = request.programme
    named = request.POST.get(CONTACT_PARAMETER) or request.GET.get(CONTACT_PARAMETER)
    contact = selectors.contact_of_referrer(programme=programme, user=request.user, pk=named)
    services_qs = selectors.services_to_refer_to(programme=programme)
    wording_language = _wording_language(request)
    initial = ReferralForm.initial_for(language=wording_language, contact=contact)
    if request.GET.get("service"):
        initial["service"] = request.GET["service"]
    form = ReferralForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        programme=programme,
        services=services_qs,
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral, created = services.referral_send(
                programme=programme,
                referred_by=request.user,
                client_id=form.cleaned_data["client_id"],
                data=form.referral_data(),
                contact=contact,
                site_url=request.build_absolute_uri("/"),
            )
        except services.ReferralConflict as conflict:
            messages.error(request, str(conflict))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if created:
                messages.success(request, _("Referral sent."))
            else:
                messages.info(request, _("This referral was already sent."))
            return redirect("referrals:detail", programme=programme.slug, pk=referral.pk)
    shown = form["consent_language"].value() or consent.language_shown(language=wording_language)
    return render(
        request,
        "referrals/create.html",
        {
            "programme": programme,
            "form": form,
            "contact": contact,
            "wording_form": WordingLanguageForm(
                auto_id="wording_%s",
                initial={"wording": wording_language, "contact": contact.pk if contact else ""},
            ),
            "wording": consent.wording(
                language=shown,
                service=_("the service you choose below"),
                months=services.retention_months(),
            ),
            "wording_language": shown,
            "wording_version": consent.CURRENT,
        },
    )


def _visible(request):
    return selectors.referrals_visible_to(
        user=request.user, programme=request.programme, roles=request.roles
    )


def _filtered(request, *, now=None):
    filters = FilterForm(request.GET or None)
    values = filter_values(filters)
    referrals = selectors.referral_list(
        user=request.user,
        programme=request.programme,
        roles=request.roles,
        state=values.get("state") or "",
        language=values.get("language") or "",
        now=now,
    )
    return filters, values, referrals


@programme_role_required(*VIEWERS)
def referral_list(request):
    now = timezone.now()
    filters, values, referrals = _filtered(request, now=now)
    counts = selectors.referral_counts(
        user=request.user, programme=request.programme, roles=request.roles, now=now
    )
    known = selectors.referral_list_count(
        counts, state=values.get("state") or "", language=values.get("language") or ""
    )
    page = selectors.ReferralPaginator(referrals, PAGE_SIZE, count=known).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "referrals/list.html",
        {
            "programme": request.programme,
            "filters": filters,
            "state": values.get("state") or "",
            "page": page,
            "counts": counts,
            "state_counts": [
                {"value": value, "label": label, "count": counts["states"][value]}
                for value, label in State.choices
            ],
            "overdue_days": selectors.overdue_days(),
            "may_refer": bool(set(request.roles) & set(REFERRERS)),
            "query": request.GET.urlencode(),
        },
    )


@programme_role_required(*VIEWERS)
def export(request):
    """The list as a table, without any of the person's details: reference, service, states,
    dates, language, interpreter."""
    _filters, _values, referrals = _filtered(request)
    header = [
        _("Reference"),
        _("Service"),
        _("Organisation"),
        _("Referred on"),
        _("State"),
        _("Last change"),
        _("Preferred language"),
        _("Interpreter needed"),
        _("Followed up by the referrer"),
    ]
    rows = (
        [
            referral.reference,
            referral.service.name if referral.service else "",
            referral.service.organization.name if referral.service else "",
            format_date(referral.referred_at),
            referral.get_state_display(),
            format_date(referral.state_changed_at),
            referral.language.english_name,
            _("Yes") if referral.interpreter_needed else _("No"),
            _("Yes") if referral.assisted else _("No"),
        ]
        for referral in referrals.iterator(chunk_size=2000)
    )
    return table_response(
        format=request.GET.get("format", "csv"), filename="referrals", header=header, rows=rows
    )


def _load(request, pk: int) -> Referral:
    """The referral `pk` if the viewer may see it; 404 otherwise, as for one that does not
    exist (another programme's, another service's, someone else's)."""
    visible = selectors.referral_details().filter(pk__in=_visible(request).values("pk"))
    return get_for_programme(request, visible, pk=pk)


@programme_role_required(*VIEWERS)
def detail(request, pk: int):
    referral = _load(request, pk)
    if referral.details_shared:
        services.referral_viewed(
            referral=referral, viewer=request.user, client_address=client_address(request)
        )
    roles = request.roles
    return render(
        request,
        "referrals/detail.html",
        {
            "programme": request.programme,
            "referral": referral,
            "overdue": selectors.is_overdue(referral),
            "may_update": selectors.may_update(referral=referral, user=request.user, roles=roles)
            and referral.state in services.TRANSITIONS
            and referral.details_shared,
            "may_withdraw": selectors.may_withdraw(
                referral=referral, user=request.user, roles=roles
            )
            and referral.consent_withdrawn_at is None,
            "may_hold": Role.COORDINATOR in roles and referral.purged_at is None,
            "purge_on": services.purge_date(referral),
            "retention_months": services.retention_months(),
            "wording": consent.wording(
                version=referral.consent_wording_version,
                language=referral.consent_language,
                service=referral.service.name if referral.service else "",
                months=services.retention_months(),
            )
            if referral.details_shared
            else "",
        },
    )


def _back(request, referral):
    return redirect("referrals:detail", programme=request.programme.slug, pk=referral.pk)


@require_http_methods(["GET", "POST"])
@programme_role_required(*VIEWERS)
def move(request, pk: int):
    referral = _load(request, pk)
    allowed = services.TRANSITIONS.get(referral.state, ())
    if not selectors.may_update(referral=referral, user=request.user, roles=request.roles):
        raise PermissionDenied
    form = MoveForm(request.POST if request.method == "POST" else None, allowed=allowed)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_move(
                referral=referral,
                by=request.user,
                roles=request.roles,
                site_url=request.build_absolute_uri("/"),
                **form.cleaned_data,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Referral updated."))
        return _back(request, referral)
    return render(
        request,
        "referrals/move.html",
        {"programme": request.programme, "referral": referral, "form": form},
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(*VIEWERS)
def withdraw(request, pk: int):
    """Asks first: withdrawing consent cannot be undone."""
    referral = _load(request, pk)
    if request.method == "POST":
        try:
            services.referral_withdraw_consent(
                referral=referral,
                by=request.user,
                roles=request.roles,
                site_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Consent withdrawn. Nothing more will be shared."))
        return _back(request, referral)
    return render(
        request, "referrals/withdraw.html", {"programme": request.programme, "referral": referral}
    )


@require_http_methods(["GET", "POST"])
@programme_role_required(Role.COORDINATOR)
def hold(request, pk: int):
    """Set a legal hold (reason, review date), or lift it."""
    referral = _load(request, pk)
    form = HoldForm(
        request.POST if request.method == "POST" else None,
        initial={"reason": referral.hold_reason, "review_on": referral.hold_review_on},
    )
    if request.method == "POST" and request.POST.get("lift"):
        services.referral_hold_lift(referral=referral, by=request.user)
        messages.success(request, _("Legal hold lifted."))
        return _back(request, referral)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_hold_set(
                referral=referral,
                by=request.user,
                reason=form.cleaned_data["reason"],
                review_on=form.cleaned_data["review_on"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Legal hold set."))
        return _back(request, referral)
    return render(
        request,
        "referrals/hold.html",
        {"programme": request.programme, "referral": referral, "form": form},
    )
