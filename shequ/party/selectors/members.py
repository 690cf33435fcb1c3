"""Reads of the member register (R-PM-1) and of the transfers of membership (R-PM-7): the
register's filters for page, API and export, the transfers register, picking a resident to
register, and the figures of the home dashboard."""

from __future__ import annotations

import datetime as dt

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import Count, Q

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY, VIEW_PARTY_MEMBER, VIEW_PERSON
from shequ.core import crypto, pii
from shequ.core.scope import scope_q
from shequ.people.choices import PersonStatus
from shequ.people.models import Person
from shequ.people.selectors import person_search_q

from ..choices import MemberCategory, MemberState, OrgKind
from ..models import MembershipTransfer, PartyMember, PartyOrg
from .orgs import member_list_for

# Where the membership is held (R-PM-1: "members who are resident here but belong elsewhere").
HELD_HERE, HELD_ELSEWHERE = "here", "elsewhere"


def member_register_for(
    *,
    user,
    q: str = "",
    org: PartyOrg | None = None,
    category: str = "",
    stage: str = "",
    state: str = MemberState.ACTIVE,
    held: str = "",
):
    """The register as the user may read it (VIEW_PARTY_MEMBER in scope), searched by name,
    pinyin or card number and filtered; one query with the person, organisation and node
    joined (the list page, the export and the API all read it)."""
    members = member_list_for(
        user=user, org=org, q=(q or "").strip(), category=category, state=state
    ).select_related("group")
    if stage:
        members = members.filter(stage=stage)
    if held == HELD_HERE:
        members = members.filter(org__isnull=False)
    elif held == HELD_ELSEWHERE:
        members = members.filter(org__isnull=True)
    return members


def member_transfers(member: PartyMember):
    """A member's transfers, oldest first (his history in the order it happened)."""
    return member.transfers.select_related("from_org", "to_org", "recorded_by").order_by(
        "issued_on", "id"
    )


def transfer_list_for(
    *,
    user,
    q: str = "",
    direction: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    """The register of transfers (组织关系转接) the user may read, by the date of the letter."""
    transfers = MembershipTransfer.objects.visible_to(user, VIEW_PARTY_MEMBER).select_related(
        "member__person", "member__node", "from_org", "to_org"
    )
    if direction:
        transfers = transfers.filter(direction=direction)
    if start:
        transfers = transfers.filter(issued_on__gte=start)
    if end:
        transfers = transfers.filter(issued_on__lte=end)
    q = (q or "").strip()
    if q:
        transfers = transfers.filter(
            Q(member__person__name__startswith=q)
            | Q(member__person__name_pinyin__startswith=q.lower())
            | Q(letter_number__icontains=q)
            | Q(from_org_name__icontains=q)
            | Q(to_org_name__icontains=q)
        )
    return transfers


def managed_orgs_for(*, user, groups: bool = False):
    """Organisations in being where the user runs party work: those that may hold a
    membership (branches and up), or with ``groups`` the party groups."""
    orgs = PartyOrg.objects.visible_to(user, MANAGE_PARTY).current().select_related("node")
    if groups:
        return orgs.filter(kind=OrgKind.GROUP)
    return orgs.exclude(kind=OrgKind.GROUP)


def readable_orgs_for(*, user):
    """Organisations the user may filter the register by."""
    return PartyOrg.objects.visible_to(user, VIEW_PARTY).select_related("node")


# ----------------------------------------------------------------------- picking a resident

_PICK_SALT = "shequ.party.member_pick"
PICK_MAX_AGE = 6 * 3600  # a search result stays valid for a working day's session


def person_pick_token(person: Person) -> str:
    """A signed token naming a person found by an allowed search: the register form takes
    the person through it, so a bare person id typed into the address picks nobody."""
    return signing.dumps(person.pk, salt=_PICK_SALT, compress=True)


def pickable_persons_for(user):
    """Residents where the user runs party work (MANAGE_PARTY); registering one elsewhere is
    the registering organisation's business."""
    return (
        Person.objects.visible_to(user, MANAGE_PARTY)
        .filter(status=PersonStatus.RESIDENT)
        .select_related("node")
    )


def person_candidates_for(*, user, q: str, limit: int = 20) -> list[Person]:
    """Residents the user may register, found by ``q``. A full ID number finds its holder
    among the residents where he runs party work (a branch secretary holds no registry
    role: he types the number his member gives him); any other search — name, pinyin,
    initials, phone — only among the residents he may also see in the registry."""
    q = (q or "").strip()
    if not q:
        return []
    people = pickable_persons_for(user)
    try:
        info = pii.validate_id_number(q.replace(" ", ""))
    except ValidationError:
        people = people.filter(scope_q(user, VIEW_PERSON, "node__path")).filter(person_search_q(q))
    else:
        people = people.filter(id_number_bidx=crypto.blind_index(info.number))
    return list(people.order_by("name_pinyin", "id")[:limit])


def person_from_token(*, user, token: str) -> Person | None:
    """The person a pick token names, if it is genuine, recent and he is still pickable."""
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=_PICK_SALT, max_age=PICK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return pickable_persons_for(user).filter(pk=pk).first()


def member_of_person(person: Person) -> PartyMember | None:
    """His active record, if he is already in the register (e.g. as belonging elsewhere)."""
    return PartyMember.objects.active().select_related("org").filter(person=person).first()


# ---------------------------------------------------------------------------- dashboard


def member_category_counts(*, user) -> dict[str, int]:
    """Active members the user may read, by category (R-PM-1), every category present (0
    when none): one grouped query, for the home dashboard."""
    rows = (
        PartyMember.objects.visible_to(user, VIEW_PARTY_MEMBER)
        .active()
        .values("category")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(MemberCategory.values, 0)
    counts.update({row["category"]: row["n"] for row in rows})
    return counts
