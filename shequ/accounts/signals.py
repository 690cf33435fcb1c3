"""Audit rows for logins, failures and logouts (loose reactions to Django's auth signals)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from shequ.core.context import acting_as
from shequ.core.middleware import client_ip
from shequ.core.models import AuditAction, audit_record


def _ip(request) -> str:
    return client_ip(request)


@receiver(user_logged_in)
def _logged_in(sender, request, user, **kwargs):
    with acting_as(user, ip=_ip(request)):
        audit_record(AuditAction.LOGIN, obj=user)


@receiver(user_logged_out)
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        with acting_as(user, ip=_ip(request)):
            audit_record(AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed)
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    with acting_as(None, ip=_ip(request), username=username or "anonymous"):
        audit_record(AuditAction.LOGIN_FAILED, object_repr=username)
