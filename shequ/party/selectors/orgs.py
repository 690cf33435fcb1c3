"""Reads of the organisation tree and the member register."""

from __future__ import annotations

from django.db.models import Q

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.core.scope import scope_q

from ..choices import MemberState
from ..models import PartyMember, PartyOrg


def org_list_for(*, user, q: str = "", kind: str = "", include_dissolved: bool = False):
    orgs = PartyOrg.objects.visible_to(user, VIEW_PARTY).select_related("node", "team")
    if not include_dissolved:
        orgs = orgs.current()
    if kind:
        orgs = orgs.filter(kind=kind)
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(code__iexact=q))
    return orgs


def org_get_for(*, user, pk: int) -> PartyOrg:
    return org_list_for(user=user, include_dissolved=True).get(pk=pk)


def member_list_for(*, user, org: PartyOrg | None = None, q: str = "", category: str = "",
                    state: str = MemberState.ACTIVE):  # fmt: skip
    members = PartyMember.objects.visible_to(user, VIEW_PARTY_MEMBER).select_related(
        "person", "org", "node"
    )
    if state:
        members = members.filter(state=state)
    if org is not None:
        members = members.filter(org__in=PartyOrg.objects.subtree(org))
    if category:
        members = members.filter(category=category)
    if q:
        members = members.filter(
            Q(person__name__icontains=q) | Q(person__name_pinyin__istartswith=q.lower())
            | Q(card_number=q)
        )  # fmt: skip
    return members


def member_get_for(*, user, pk: int) -> PartyMember:
    """One member record the user may read (in his scope, or his own); DoesNotExist else."""
    return (
        PartyMember.objects.select_related("person", "org", "node", "group")
        .filter(pk=pk)
        .filter(
            Q(person_id=getattr(user, "person_id", None) or 0)
            | scope_q(user, VIEW_PARTY_MEMBER, "node__path")
        )
        .get()
    )


def own_member_record(*, user) -> PartyMember | None:
    """The signed-in user's own active member record, if he is a member."""
    if not getattr(user, "person_id", None):
        return None
    return (
        PartyMember.objects.active().select_related("org", "node").filter(person_id=user.person_id)
        .first()
    )  # fmt: skip
