"""Audit sign-ins, failures, lock-outs, sign-outs and admin actions as they happen."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from bridges.core.net import client_address

from .lockout import attempted_login
from .models import AuditEvent
from .services import audit_record


def _address(request) -> str | None:
    return client_address(request) if request is not None else None


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.SIGN_IN, actor=user, client_address=_address(request))


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(
            action=AuditEvent.Action.SIGN_OUT, actor=user, client_address=_address(request)
        )


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    # Never what was typed: only the keyed hash axes counts failures under (lockout.py).
    audit_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        actor_label=attempted_login(request, credentials),
        client_address=_address(request),
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    # `username` is already the keyed hash (AXES_USERNAME_CALLABLE).
    audit_record(
        action=AuditEvent.Action.LOCKED_OUT,
        actor_label=str(username or ""),
        client_address=_address(request),
    )


@receiver(post_save, sender=LogEntry)
def audit_admin_action(sender, instance: LogEntry, created: bool, **kwargs):
    if created:
        audit_record(
            action=AuditEvent.Action.ADMIN_ACTION,
            actor=instance.user,
            target=f"{instance.content_type} {instance.object_repr}"[:254],
            detail={"flag": instance.action_flag, "change": instance.change_message[:500]},
        )


@receiver(authenticator_added)
def second_factor_set_up(sender, request, user, authenticator, **kwargs):
    """Setting up a TOTP device means typing a code it shows: that is the second factor given
    in this sign-in, as if asked for at sign-in (StaffSecondFactorMiddleware)."""
    if (
        authenticator.type == Authenticator.Type.TOTP
        and request is not None
        and request.user.is_authenticated
        and request.user.pk == user.pk
    ):
        record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
        # allauth sends this signal after the commit, which may come after the response has
        # saved the session: save it here so the record is kept either way.
        request.session.save()
