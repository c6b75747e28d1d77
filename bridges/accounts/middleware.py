import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .selectors import user_is_staff


class SessionIdleTimeoutMiddleware:
    """Sign a person out after SESSION_IDLE_TIMEOUT seconds without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get("last_seen", now)
            if now - last > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                return redirect(f"{reverse('account_login')}?next={request.path}&expired=1")
            request.session["last_seen"] = now
        return self.get_response(request)


# Paths a staff member may reach before a second factor is set up: sign-in, sign-out, the
# second-factor pages themselves, static files, health, and the language switch.
SECOND_FACTOR_EXEMPT_PREFIXES = ("/accounts/", "/static/", "/healthz", "/language/")


class StaffSecondFactorMiddleware:
    """Staff roles must set up a second factor (TOTP) before they see any data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES)
            and not request.session.get("has_second_factor")
        ):
            from allauth.mfa.models import Authenticator

            if user_is_staff(user=user):
                if not Authenticator.objects.filter(
                    user=user, type=Authenticator.Type.TOTP
                ).exists():
                    return redirect(f"{reverse('mfa_activate_totp')}?required=1")
                request.session["has_second_factor"] = True
        return self.get_response(request)
