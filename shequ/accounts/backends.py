"""Authentication with lockout after repeated failures and per-IP throttling (等保 defaults)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from shequ.core.middleware import client_ip
from shequ.core.models import AuditAction, audit_record


def _ip_key(ip: str) -> str:
    return f"login-fail-ip:{ip}:{timezone.now():%Y%m%d%H}"


def ip_is_throttled(ip: str) -> bool:
    return bool(ip) and cache.get(_ip_key(ip), 0) >= settings.SHEQU_IP_FAILURES_PER_HOUR


def _count_ip_failure(ip: str) -> None:
    if not ip:
        return
    key = _ip_key(ip)
    cache.add(key, 0, timeout=3600)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=3600)


class PolicyModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        ip = client_ip(request)
        if ip_is_throttled(ip):
            raise PermissionDenied("too many failed logins from this address")
        User = get_user_model()
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=username).first()
            if user is None:
                User().set_password(password)  # same cost as a real check: no user oracle
                _count_ip_failure(ip)
                return None
            if user.is_locked():
                raise PermissionDenied("account locked")
            if user.check_password(password) and self.user_can_authenticate(user):
                if user.failed_logins or user.locked_until:
                    user.failed_logins = 0
                    user.locked_until = None
                    user.save(update_fields=["failed_logins", "locked_until"])
                return user
            user.failed_logins += 1
            fields = ["failed_logins"]
            if user.failed_logins >= settings.SHEQU_LOCKOUT_FAILURES:
                user.locked_until = timezone.now() + dt.timedelta(
                    minutes=settings.SHEQU_LOCKOUT_MINUTES
                )
                user.failed_logins = 0
                fields.append("locked_until")
                audit_record(AuditAction.LOCKOUT, obj=user, actor=user)
                Token.objects.filter(user=user).delete()  # a locked account keeps no API session
            user.save(update_fields=fields)
        _count_ip_failure(ip)
        return None
