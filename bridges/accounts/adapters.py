import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.core.exceptions import PermissionDenied

from bridges.core.net import client_address


class InvitationOnlyAccountAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: accounts come from invitations (accounts:invitation_accept).
    Volunteers apply through the public networker application instead."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        # The same client address as axes and the audit log see (bridges/core/net.py).
        address = client_address(request)
        if not address:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A person who has just signed in with their password (and is now being asked to set
        # up a second factor) is not asked for the password again within the same window.
        request = context.request
        if request is not None and request.user.is_authenticated:
            records = get_authentication_records(request, request.user)
            if records and time.time() - records[-1]["at"] < (
                account_settings.REAUTHENTICATION_TIMEOUT
            ):
                return False
        return super().is_reauthentication_required(app=app, **kwargs)
