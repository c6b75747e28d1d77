"""Audit sign-ins, failures, lock-outs, sign-outs and admin actions as they happen."""

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from .lockout import attempted_login
from .models import AuditEvent
from .services import audit_record


@receiver(user_logged_in)
def audit_sign_in(sender, request, user, **kwargs):
    audit_record(action=AuditEvent.Action.SIGN_IN, actor=user, request=request)


@receiver(user_logged_out)
def audit_sign_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action=AuditEvent.Action.SIGN_OUT, actor=user, request=request)


@receiver(user_login_failed)
def audit_sign_in_failed(sender, credentials, request=None, **kwargs):
    # Never what was typed: only the keyed hash axes counts failures under (lockout.py).
    audit_record(
        action=AuditEvent.Action.SIGN_IN_FAILED,
        actor_label=attempted_login(request, credentials),
        request=request,
    )


@receiver(user_locked_out)
def audit_locked_out(sender, request, username, ip_address, **kwargs):
    # `username` is already the keyed hash (AXES_USERNAME_CALLABLE).
    audit_record(
        action=AuditEvent.Action.LOCKED_OUT, actor_label=str(username or ""), request=request
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
