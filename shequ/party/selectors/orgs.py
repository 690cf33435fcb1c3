"""Reads of the organisation tree and the member register."""

from __future__ import annotations

from django.db.models import Count, Q

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER

from ..choices import MembershipStage, MemberState
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
    """A member record the user may read: one in his scope, or his own."""
    member = PartyMember.objects.select_related("person", "org", "node").get(pk=pk)
    if not user.has_perm(VIEW_PARTY_MEMBER, member):
        raise PartyMember.DoesNotExist
    return member


def own_member_record(*, user) -> PartyMember | None:
    """The signed-in user's own active member record, if he is a member."""
    if not getattr(user, "person_id", None):
        return None
    return (
        PartyMember.objects.active().select_related("org", "node").filter(person_id=user.person_id)
        .first()
    )  # fmt: skip


def member_counts(orgs) -> dict[int, dict[str, int]]:
    """For each organisation, its active members and full members in its whole subtree
    (a committee counts the members of its branches): ``{org_id: {"all": n, "full": m}}``.
    One query for the members, grouped by the organisation holding them."""
    orgs = list(orgs)
    if not orgs:
        return {}
    from shequ.core.scope import subtree_q

    within = Q(pk__in=[])
    for org in orgs:
        within |= subtree_q("org__path", org.path)
    rows = (
        PartyMember.objects.active()
        .filter(within)
        .values("org__path")
        .annotate(all=Count("id"), full=Count("id", filter=Q(stage=MembershipStage.FULL)))
    )
    held = {row["org__path"]: (row["all"], row["full"]) for row in rows}
    out = {}
    for org in orgs:
        total = full = 0
        for path, (n_all, n_full) in held.items():
            if path.startswith(org.path):
                total += n_all
                full += n_full
        out[org.pk] = {"all": total, "full": full}
    return out
