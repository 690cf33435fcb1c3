"""Reads of residents' requests: what a user may see (his area's cases, his own requests,
the cases sent to him), one case, who may handle or approve it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import (
    APPROVE_CASE,
    DISPATCH_CASE,
    RECORD_CASE,
    VIEW_CASE,
    roles_granting,
)
from shequ.core import crypto, pii
from shequ.core.scope import scope_q, subtree_q
from shequ.territory.choices import NodeKind

from .models import Case, CaseCategory, CaseEvent, Handler


def _visible_q(user) -> Q:
    if user is None or not user.is_authenticated:
        return Q(pk__in=[])
    return scope_q(user, VIEW_CASE, "node__path") | Q(requester_user=user) | Q(handler__user=user)


def case_list_for(
    *,
    user,
    q: str = "",
    status: str = "",
    category: CaseCategory | None = None,
    channel: str = "",
    due_state: str = "",
    node=None,
    mine: bool = False,
):
    """Cases the user may see, searched by number, words of the summary or the requester's
    phone (exact, through the blind index), and filtered."""
    qs = Case.objects.filter(_visible_q(user))
    if mine:
        qs = qs.filter(requester_user=user)
    if node is not None:
        qs = qs.filter(subtree_q("node__path", node.path))
    if status:
        qs = qs.filter(status=status)
    if category is not None:
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if channel:
        qs = qs.filter(channel=channel)
    if due_state:
        qs = qs.filter(due_state=due_state)
    q = (q or "").strip()
    if q:
        qs = qs.filter(case_search_q(q))
    return qs


def case_search_q(q: str) -> Q:
    compact = q.replace(" ", "")
    try:
        phone = pii.normalize_phone(compact)
    except ValidationError:
        phone = ""
    if phone and len(compact) >= 7:
        return Q(requester_phone_bidx=crypto.blind_index(phone))
    return Q(number=compact) | Q(title__icontains=q) | Q(description__icontains=q)


def case_get_for(*, user, pk) -> Case:
    return get_object_or_404(
        Case.objects.filter(_visible_q(user)).select_related(
            "category", "node", "handler", "duplicate_of"
        ),
        pk=pk,
    )


def handlers_for(*, user, case: Case):
    """Handlers a dispatcher may send a case to: those working inside his area and those
    placed above the case's place (a district department)."""
    return (
        Handler.objects.filter(is_active=True)
        .filter(
            scope_q(user, DISPATCH_CASE, "node__path") | Q(node__in=case.node.ancestors_and_self())
        )
        .select_related("node")
        .order_by("node__path", "kind", "name")
    )


def approvers_for(case: Case):
    """Users holding an approving role over the case's place, nearest level first."""
    assignments = (
        RoleAssignment.objects.active()
        .filter(
            role__in=roles_granting(APPROVE_CASE),
            node__in=case.node.ancestors_and_self(),
            user__is_active=True,
        )
        .select_related("user", "node")
        .order_by("-node__depth", "user__username")
    )
    seen, users = set(), []
    for assignment in assignments:
        if assignment.user_id not in seen:
            seen.add(assignment.user_id)
            users.append(assignment.user)
    return users


def categories_active():
    return CaseCategory.objects.filter(is_active=True).select_related("parent")


def cases_like(*, user, phone: str, limit: int = 5):
    """The caller's earlier requests, found by his phone through the blind index."""
    try:
        normalized = pii.normalize_phone(phone)
    except ValidationError:
        return Case.objects.none()
    return (
        Case.objects.filter(_visible_q(user))
        .filter(requester_phone_bidx=crypto.blind_index(normalized))
        .order_by("-received_at")[:limit]
    )


# Steps whose note is addressed to the requester (the message he gets points him to it);
# the notes of the other steps are the staff's (a send-back's reason, a call's notes).
PUBLIC_NOTE_VERBS = frozenset({"reject", "duplicate", "merge", "postpone", "reopen", "close"})
# Steps between staff only, left out of the requester's history.
INTERNAL_VERBS = frozenset({"escalate"})


def requester_steps(case_ids: list[int]) -> dict[int, list[CaseEvent]]:
    """The steps of these cases as their requester sees them, by case: staff-only steps left
    out, and the note kept (``public_note``) only where it is addressed to him."""
    steps: dict[int, list[CaseEvent]] = {}
    for event in (
        CaseEvent.objects.filter(case__in=case_ids)
        .exclude(verb__in=INTERNAL_VERBS)
        .only("case_id", "at", "verb", "note")
        .order_by("at", "id")
    ):
        event.public_note = event.note if event.verb in PUBLIC_NOTE_VERBS else ""
        steps.setdefault(event.case_id, []).append(event)
    return steps


def own_grid(*, user, nodes):
    """The grid a worker holds his role on; else the only grid he may record in."""
    held = (
        user.role_assignments.active()
        .filter(role__in=roles_granting(RECORD_CASE), node__kind=NodeKind.GRID)
        .order_by("node__path")
        .values_list("node_id", flat=True)
    )
    for node_id in held:
        node = nodes.filter(pk=node_id).first()
        if node is not None:
            return node
    first_two = list(nodes[:2])
    return first_two[0] if len(first_two) == 1 else None
