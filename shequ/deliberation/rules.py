"""May this user do this in residents' self-government? Roles in scope (accounts.roles) for
staff; a body's own members and the residents of a territory through predicates on the
user's person (``is_seated``), never through a role of their own."""

import rules

from shequ.accounts.predicates import role_perm
from shequ.accounts.roles import (
    MANAGE_DELIBERATION,
    PROPOSE,
    RECORD_DELIBERATION,
    VIEW_DELIBERATION,
    VIEW_PUBLIC,
)
from shequ.core.scope import in_public_scope, scope_paths


@rules.predicate
def is_seated(user, obj=None):
    """The user's person holds an open seat in the body the object belongs to (a body, a
    meeting, a motion)."""
    person_id = getattr(user, "person_id", None)
    if obj is None or not person_id:
        return False
    body = obj
    for step in ("meeting", "body"):
        body = getattr(body, step, body)
    from .models import BodyMember

    return BodyMember.objects.filter(
        body_id=body.pk, person_id=person_id, ended_on__isnull=True
    ).exists()


@rules.predicate
def public_in_scope(user, obj=None):
    """Public rows: at, below or above a node where the user holds VIEW_PUBLIC."""
    if obj is None:
        return bool(scope_paths(user, VIEW_PUBLIC))
    return in_public_scope(user, VIEW_PUBLIC, obj)


rules.add_perm(VIEW_PUBLIC, public_in_scope)
rules.add_perm(VIEW_DELIBERATION, role_perm(VIEW_DELIBERATION) | is_seated)
for _perm in (PROPOSE, RECORD_DELIBERATION, MANAGE_DELIBERATION):
    rules.add_perm(_perm, role_perm(_perm))
