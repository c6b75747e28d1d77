import time

from allauth.account.authentication import get_authentication_records
from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import user_is_staff


def last_seen_interval(timeout: int) -> int:
    """How stale the session's `last_seen` may get before a request writes it again: a minute,
    or a tenth of a shorter timeout."""
    return max(1, min(60, timeout // 10))


class SessionIdleTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_TIMEOUT seconds without a request.

    `last_seen` is written when it is `last_seen_interval` old or more, not on every request
    (each write is a session save). It is never later than the last request, so a session
    never lasts longer idle than the timeout; it may end up to that interval sooner."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            timeout = settings.SESSION_IDLE_TIMEOUT
            last = request.session.get("last_seen")
            if last is not None and now - last > timeout:
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}&expired=1")
            if last is None or now - last >= last_seen_interval(timeout):
                request.session["last_seen"] = now
        return self.get_response(request)


# Paths a staff member may reach before a second factor is set up: sign-in, sign-out, the
# second-factor pages themselves, static files, health, and the language switch.
SECOND_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/language/")
# Paths anyone may reach whatever the state of their session.
ALWAYS_OPEN_PREFIXES = ("/static/", "/healthz")


def second_factor_given(request) -> bool:
    """True when the person signed in to this session gave their second factor in this
    sign-in (allauth records each authentication step in the session)."""
    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


class StaffSecondFactorMiddleware:
    """Staff see no data until they have given their second factor in this sign-in.

    - Staff without a TOTP device are sent to set one up (only /accounts/ pages are open).
    - Staff with one whose session did not give it (the admin's own sign-in, a password-only
      session made any other way) are signed out and sent to the sign-in, which asks for it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(ALWAYS_OPEN_PREFIXES)
            and not second_factor_given(request)
            and user_is_staff(user=user)
        ):
            from allauth.mfa.models import Authenticator

            if Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                logout(request)
                return redirect_to_login(request.get_full_path(), reverse("account_login"))
            if not request.path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES):
                return redirect(f"{reverse('mfa_activate_totp')}?required=1")
        return self.get_response(request)
