from django.contrib import admin, messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from bridges.core import attention, audit_labels, exports, today
from bridges.core.forms import filter_values
from bridges.core.net import client_address
from bridges.core.ratelimit import public_form_rate_limit

from . import selectors, services
from .forms import AuditFilterForm, InvitationAcceptForm, InvitationForm, PeopleSearchForm
from .models import AuditEvent, Membership
from .permissions import platform_admin_required, programme_role_required
from .roles import Role
from .scoping import get_for_programme


def admin_sign_in(request, extra_context=None):
    """Stands in for the Django admin's own sign-in page, which asks for a password alone:
    everyone signs in through allauth, which asks staff for their second factor."""
    next_url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("admin:index")
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect(next_url)
        raise PermissionDenied
    return redirect_to_login(next_url, reverse("account_login"))


@login_required
def dashboard(request):
    memberships = selectors.user_memberships(user=request.user)
    programmes = {}
    for membership in memberships:
        programmes.setdefault(membership.programme, []).append(membership)
    if len(programmes) == 1 and not request.user.is_platform_admin:
        return redirect("accounts:programme_home", programme=next(iter(programmes)).slug)
    context = {"programmes": programmes}
    if request.user.is_platform_admin:
        # A platform admin may open every programme, member or not.
        context["all_programmes"] = list(selectors.programme_list(user=request.user))
        context["attention"] = [
            item for item in attention.notification_items(roles={Role.ADMIN}) if item.count
        ]
    return render(request, "accounts/dashboard.html", context)


@programme_role_required(*Role.values)
def programme_home(request):
    roles = [Role(role).label for role in sorted(request.roles)]
    items = attention.attention_for(
        programme=request.programme, user=request.user, roles=request.roles
    )
    return render(
        request,
        "accounts/programme_home.html",
        {
            "programme": request.programme,
            "roles": roles,
            "attention": [item for item in items if item.count],
            "clear": [item for item in items if not item.count],
            "has_attention": bool(items),
            "is_analyst": Role.ANALYST in request.roles,
            "today": today.today_for(
                programme=request.programme, user=request.user, roles=request.roles
            ),
        },
    )


@programme_role_required(Role.COORDINATOR, Role.ADMIN)
def people(request):
    memberships = (
        Membership.objects.filter(programme=request.programme)
        .select_related("user", "organisation")
        .order_by("role", "user__email")
    )
    form = PeopleSearchForm(request.GET or None)
    query = (filter_values(form).get("q") or "").strip()
    if query:
        memberships = memberships.filter(user__email__icontains=query) | memberships.filter(
            user__display_name__icontains=query
        )
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people.html",
        {"programme": request.programme, "page": page, "form": form},
    )


@programme_role_required(Role.COORDINATOR, Role.ADMIN)
def membership_revoke(request, membership_id: int):
    membership = get_for_programme(
        request, Membership.objects.select_related("user"), pk=membership_id
    )
    if request.method == "POST":
        services.membership_revoke(
            membership=membership,
            revoked_by=request.user,
            client_address=client_address(request),
        )
        messages.success(request, _("Role removed."))
        return redirect("accounts:people", programme=request.programme.slug)
    return render(
        request,
        "accounts/membership_revoke.html",
        {"programme": request.programme, "membership": membership},
    )


@programme_role_required(Role.COORDINATOR, Role.ADMIN)
def invitation_create(request):
    programme = request.programme
    form = InvitationForm(
        request.POST or None,
        programme=programme,
        can_invite_admin=request.user.is_platform_admin,
    )
    if request.method == "POST" and form.is_valid():
        services.invitation_create(
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            organisation=form.cleaned_data["organisation"],
            programme=programme,
            invited_by=request.user,
            client_address=client_address(request),
            site_url=request.build_absolute_uri("/"),
        )
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("accounts:invitation_create", programme=programme.slug)
    invitations = programme.invitations.select_related("invited_by")[:50]
    return render(
        request,
        "accounts/invitation_create.html",
        {"programme": programme, "form": form, "invitations": invitations},
    )


@public_form_rate_limit("invitation-answer")
def invitation_accept(request, token: str):
    invitation = selectors.invitation_by_token(token=token)
    if invitation is None:
        raise Http404
    if not invitation.is_usable:
        return render(request, "accounts/invitation_expired.html", status=410)
    form = InvitationAcceptForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password"],
                client_address=client_address(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your account is ready. Please sign in."))
            return redirect("account_login")
    return render(
        request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}
    )


@platform_admin_required
def audit_log(request):
    form = AuditFilterForm(request.GET or None)
    filters = filter_values(form)
    events = selectors.audit_event_list(
        action=filters.get("action", ""), query=filters.get("q", "")
    )
    export = request.GET.get("format")
    if export in exports.FORMATS:
        services.audit_record(
            action=AuditEvent.Action.EXPORT,
            actor=request.user,
            target="audit log",
            client_address=client_address(request),
        )
        return exports.table_response(
            format=export,
            filename="bridges-audit-log",
            header=["when", "who", "action", "programme", "about", "ip_address"],
            rows=(
                [
                    event.at.isoformat(),
                    event.actor_label,
                    event.action,
                    event.programme.name if event.programme else "",
                    event.target,
                    event.ip_address or "",
                ]
                for event in events[:100_000].iterator()
            ),
        )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    # The download keeps the recorded target; the page names it as a person would.
    about = audit_labels.describe([event.target for event in page], viewer=request.user)
    for event in page:
        event.about = about.get(event.target, event.target)
    return render(request, "accounts/audit_log.html", {"form": form, "page": page})
