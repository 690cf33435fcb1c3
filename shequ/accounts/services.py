"""Writes for accounts: role grants and revocations, password changes; all audited."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import password_validation
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from shequ.core.models import AuditAction, audit_record

from .models import RoleAssignment, User


@transaction.atomic
def role_grant(*, user: User, role: str, node, granted_by: User | None = None) -> RoleAssignment:
    assignment = RoleAssignment.objects.create(
        user=user, role=role, node=node, granted_by=granted_by
    )
    audit_record(
        AuditAction.ROLE_GRANT,
        obj=user,
        node_path=node.path,
        changes={"role": role, "node": node.code},
        actor=granted_by,
    )
    return assignment


@transaction.atomic
def role_revoke(*, assignment: RoleAssignment, revoked_by: User | None = None) -> None:
    assignment.ended_on = timezone.localdate()
    assignment.save(update_fields=["ended_on"])
    audit_record(
        AuditAction.ROLE_REVOKE,
        obj=assignment.user,
        node_path=assignment.node.path,
        changes={"role": assignment.role, "node": assignment.node.code},
        actor=revoked_by,
    )


@transaction.atomic
def user_set_password(*, user: User, password: str) -> None:
    """Validate against the policy (raises ValidationError) and store; clears the force flag."""
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    token_revoke(user=user)
    audit_record(AuditAction.PASSWORD_CHANGE, obj=user, actor=user)


def token_issue(*, user: User) -> Token:
    """The user's API token; an expired one is replaced (SHEQU_TOKEN_TTL_HOURS)."""
    token = Token.objects.filter(user=user).first()
    ttl = dt.timedelta(hours=settings.SHEQU_TOKEN_TTL_HOURS)
    if token is not None and token.created + ttl <= timezone.now():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def token_revoke(*, user: User) -> None:
    """Password change and lockout end every API session of the user."""
    Token.objects.filter(user=user).delete()
