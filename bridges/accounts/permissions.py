"""Programme scoping, enforced in one place.

Views that show programme data take a `programme` slug in their URL and are wrapped in
`programme_role_required(...)`. The decorator finds the programme among those the user belongs
to, checks the role, and hands the view `request.programme` and `request.roles`. A programme
the user does not belong to answers 404, so its existence is not revealed. A record named in
the address is then loaded with `scoping.get_for_programme(request, Model, pk=...)`.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from .models import Membership, Programme
from .roles import Role


def programme_role_required(*roles: str, annotate: Callable | None = None) -> Callable:
    """`annotate(user)`, when given, names expressions over the membership (such as a
    subquery on `OuterRef("programme")`) read in the same query: `request.annotated` is their
    values, or None when the programme was found without a membership (a platform admin)."""
    allowed = set(roles)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, programme: str, *args, **kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            # One query for a member: their roles here, each with the programme (and what
            # the view asked to `annotate`).
            found_memberships = Membership.objects.filter(
                user=request.user, programme__slug=programme
            ).select_related("programme")
            if annotate is not None:
                expressions = annotate(request.user)
                found_memberships = found_memberships.annotate(**expressions)
            memberships = list(found_memberships)
            held = {membership.role for membership in memberships}
            found = memberships[0].programme if memberships else None
            if request.user.is_platform_admin:
                if found is None:
                    found = Programme.objects.filter(slug=programme).first()
                    if found is None:
                        raise Http404
                held.add(Role.ADMIN)
            if not held:
                raise Http404
            if not held & allowed:
                raise PermissionDenied
            request.programme = found
            request.roles = held
            if annotate is not None:
                request.annotated = (
                    {name: getattr(memberships[0], name) for name in expressions}
                    if memberships
                    else None
                )
            return view(request, *args, **kwargs)

        wrapped.allowed_roles = frozenset(allowed)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def platform_admin_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_platform_admin:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def roles_in(request: HttpRequest, roles: Iterable[str]) -> bool:
    return bool(set(getattr(request, "roles", set())) & set(roles))
