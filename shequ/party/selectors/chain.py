"""Reads of the 四联四包 chain (R-ORG-5): the chain of people answering for a household, and
per grid the households nobody answers for and the members answering for too many."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from shequ.accounts.roles import VIEW_PARTY
from shequ.core.scope import ancestor_paths, scope_q, subtree_q
from shequ.people.models import Household
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..config import party_config
from ..models import ChainKind, ChainLink, PartyMember, PartyOrg
from ..services.chain import BRANCH_FORMS

PLACE_KINDS = (
    ChainKind.SECRETARY_POINT,
    ChainKind.BRANCH_SECRETARY_AREA,
    ChainKind.COMMITTEE_MEMBER_BUILDING,
)


@dataclass
class ChainStep:
    """One step of a household's chain, from the household up; ``gap`` when nobody is
    assigned at that step."""

    title: str
    name: str = ""
    post: str = ""
    org: str = ""
    how: str = ""
    link: ChainLink | None = None

    @property
    def gap(self) -> bool:
        return not self.name


def link_list_for(*, user, kind: str = "", q: str = "", include_ended: bool = False):
    links = ChainLink.objects.visible_to(user, VIEW_PARTY).select_related(
        "node",
        "who_org",
        "who_seat__org",
        "who_member__person",
        "what_org",
        "what_node",
        "what_member__person",
        "what_household",
    )
    if not include_ended:
        links = links.filter(ended_on__isnull=True)
    if kind:
        links = links.filter(kind=kind)
    if q:
        links = links.filter(
            Q(who_seat__name__icontains=q)
            | Q(who_member__person__name__icontains=q)
            | Q(what_member__person__name__icontains=q)
            | Q(what_household__number=q)
            | Q(what_node__name__icontains=q)
            | Q(what_org__name__icontains=q)
            | Q(who_org__name__icontains=q)
        )
    return links


def link_get_for(*, user, pk: int) -> ChainLink:
    return link_list_for(user=user, include_ended=True).get(pk=pk)


def household_list_for(*, user, perm: str = VIEW_PARTY):
    """Households where the user may read the chain (party readers of their area)."""
    return Household.objects.filter(scope_q(user, perm, "node__path")).select_related("node")


def household_find_for(*, user, pk: int | None = None, number: str = "") -> Household:
    households = household_list_for(user=user)
    if pk is not None:
        return households.get(pk=pk)
    return (
        households.filter(number=(number or "").strip()).order_by("dissolved_on", "-id")[:1].get()
    )


def household_chain(*, user, household: Household) -> list[ChainStep]:
    """The people answering for ``household`` from it upward (R-ORG-5): the member who 包户
    it, his branch and the branch committee member who 包楼 its building, the branch
    secretary who 包片 its area, the committee member who 联系 that secretary, the committee
    secretary who 包点 its point, the committee that 联系 the branch. A missing step is a
    gap. Five queries, whatever the chain."""
    if not household_list_for(user=user).filter(pk=household.pk).exists():
        raise Household.DoesNotExist
    places = list(Node.objects.filter(path__in=ancestor_paths(household.node.path)))
    depth = {n.pk: len(n.path) for n in places}
    links = list(
        ChainLink.objects.filter(ended_on__isnull=True)
        .filter(
            Q(kind=ChainKind.MEMBER_HOUSEHOLD, what_household=household)
            | Q(kind__in=PLACE_KINDS, what_node__in=list(depth))
        )
        .select_related("who_member__person", "who_member__org", "who_seat__org", "what_node")
    )
    by_kind: dict[str, ChainLink] = {}
    for link in sorted(links, key=lambda x: depth.get(x.what_node_id, 99)):
        by_kind[link.kind] = link  # the deepest place wins: the nearest point or area
    member_link = by_kind.get(ChainKind.MEMBER_HOUSEHOLD)
    member = member_link.who_member if member_link else None
    if member is not None and member.org is not None and member.org.kind in BRANCH_FORMS:
        branch = member.org
    else:  # nobody 包户 it: the branch covering its place
        branch = (
            PartyOrg.objects.current()
            .filter(kind__in=BRANCH_FORMS, node__in=list(depth))
            .select_related("node")
            .order_by("-node__depth")
            .first()
        )
    org_links = {}
    if branch is not None:
        for link in ChainLink.objects.filter(
            ended_on__isnull=True,
            what_org=branch,
            kind__in=(ChainKind.COMMITTEE_BRANCH, ChainKind.MEMBER_SECRETARY),
        ).select_related("who_org", "who_seat__org"):
            org_links[link.kind] = link

    def seat_step(title, link):
        if link is None:
            return ChainStep(title=str(title))
        seat = link.who_seat
        return ChainStep(
            title=str(title),
            name=seat.name,
            post=str(seat.get_post_display()),
            org=seat.org.name,
            how=_place(link),
            link=link,
        )

    steps = [
        ChainStep(
            title=str(_("Member answering for the household")),
            name=member.person.name,
            post=str(_("Party member")),
            org=member.org.name if member.org else member.external_org,
            how=str(ChainKind.MEMBER_HOUSEHOLD.label),
            link=member_link,
        )
        if member is not None
        else ChainStep(title=str(_("Member answering for the household"))),
        ChainStep(
            title=str(_("His branch")),
            name=branch.name,
            post=str(branch.get_kind_display()),
            org=branch.name,
            how=str(_("Covers the household")),
        )
        if branch is not None
        else ChainStep(title=str(_("His branch"))),
        seat_step(
            _("Branch committee member answering for the building"),
            by_kind.get(ChainKind.COMMITTEE_MEMBER_BUILDING),
        ),
        seat_step(
            _("Branch secretary answering for the area"),
            by_kind.get(ChainKind.BRANCH_SECRETARY_AREA),
        ),
        seat_step(
            _("Committee member linking the branch secretary"),
            org_links.get(ChainKind.MEMBER_SECRETARY),
        ),
        seat_step(
            _("Committee secretary answering for the point"), by_kind.get(ChainKind.SECRETARY_POINT)
        ),
    ]
    committee_link = org_links.get(ChainKind.COMMITTEE_BRANCH)
    steps.append(
        ChainStep(
            title=str(_("Committee linking the branch")),
            name=committee_link.who_org.name,
            post=str(committee_link.who_org.get_kind_display()),
            org=committee_link.who_org.name,
            how=str(ChainKind.COMMITTEE_BRANCH.label),
            link=committee_link,
        )
        if committee_link is not None
        else ChainStep(title=str(_("Committee linking the branch")))
    )
    return steps


def _place(link: ChainLink) -> str:
    label = str(link.get_kind_display())
    if link.what_node_id is not None:
        return f"{label}: {link.what_node.name}"
    return label


# ------------------------------------------------------------------ per-grid report


def _grids(user, grid: Node | None = None) -> list[Node]:
    grids = Node.objects.filter(kind=NodeKind.GRID).filter(scope_q(user, VIEW_PARTY, "path"))
    if grid is not None:
        grids = grids.filter(pk=grid.pk)
    return list(grids.order_by("path"))


def _grid_of(path: str, grids_by_path: dict[str, Node], lengths: list[int]) -> Node | None:
    for length in lengths:
        found = grids_by_path.get(path[:length])
        if found is not None:
            return found
    return None


def unassigned_households(*, user, grid: Node | None = None):
    """Households in being that no member answers for (R-ORG-5), in the user's area."""
    open_link = ChainLink.objects.filter(what_household=OuterRef("pk"), ended_on__isnull=True)
    households = (
        household_list_for(user=user)
        .filter(dissolved_on__isnull=True)
        .annotate(assigned=Exists(open_link))
        .filter(assigned=False)
    )
    if grid is not None:
        households = households.filter(subtree_q("node__path", grid.path))
    return households.order_by("node__path", "id")


def unassigned_households_count_for(*, user) -> int:
    """Households in the user's area no member answers for (home dashboard, R-ORG-5)."""
    return unassigned_households(user=user).count()


def overloaded_members(*, user, grid: Node | None = None) -> list[dict]:
    """Members answering for more households than ``chain.households_per_member_max``,
    each with his count (all his households, wherever they lie) and the grids of those the
    user sees. Three queries."""
    limit = party_config()["chain"]["households_per_member_max"]
    visible = ChainLink.objects.filter(
        kind=ChainKind.MEMBER_HOUSEHOLD, ended_on__isnull=True
    ).filter(scope_q(user, VIEW_PARTY, "node__path"))
    if grid is not None:
        visible = visible.filter(subtree_q("node__path", grid.path))
    counts = dict(
        ChainLink.objects.filter(
            kind=ChainKind.MEMBER_HOUSEHOLD,
            ended_on__isnull=True,
            who_member__in=visible.values("who_member"),
        )
        .values_list("who_member")
        .annotate(n=Count("id"))
        .filter(n__gt=limit)
        .values_list("who_member", "n")
    )
    if not counts:
        return []
    members = PartyMember.objects.filter(pk__in=counts).select_related("person", "org")
    return [
        {"member": m, "households": counts[m.pk], "over_by": counts[m.pk] - limit}
        for m in sorted(members, key=lambda m: (-counts[m.pk], m.pk))
    ]


def chain_grid_report(*, user) -> list[dict]:
    """Per grid the user sees: households in being, how many a member answers for, how many
    nobody does, and the overloaded members answering there (R-ORG-5). Queries: one for the
    grids, one per depth grids lie at (one in a regular tree), and three for the members."""
    grids = _grids(user)
    if not grids:
        return []
    by_path = {g.path: g for g in grids}
    lengths = sorted({len(p) for p in by_path}, reverse=True)
    rows = {
        g.pk: {"grid": g, "households": 0, "assigned": 0, "unassigned": 0, "overloaded": []}
        for g in grids
    }
    open_link = ChainLink.objects.filter(what_household=OuterRef("pk"), ended_on__isnull=True)
    households = household_list_for(user=user).filter(dissolved_on__isnull=True)
    for length in lengths:
        # A household under a grid at another depth gives a prefix that is no grid: skipped.
        counted = (
            households.annotate(
                grid_path=Substr("node__path", 1, length), assigned=Exists(open_link)
            )
            .values("grid_path", "assigned")
            .annotate(n=Count("id"))
            .order_by()
        )
        for row in counted:
            grid = by_path.get(row["grid_path"])
            if grid is None:
                continue
            entry = rows[grid.pk]
            entry["households"] += row["n"]
            entry["assigned" if row["assigned"] else "unassigned"] += row["n"]
    overloaded = overloaded_members(user=user)
    if overloaded:
        by_member = {o["member"].pk: o for o in overloaded}
        seen = set()
        for member_id, path in (
            ChainLink.objects.filter(
                kind=ChainKind.MEMBER_HOUSEHOLD,
                ended_on__isnull=True,
                who_member__in=list(by_member),
            )
            .filter(scope_q(user, VIEW_PARTY, "node__path"))
            .values_list("who_member", "node__path")
        ):
            grid = _grid_of(path, by_path, lengths)
            if grid is not None and (grid.pk, member_id) not in seen:
                seen.add((grid.pk, member_id))
                rows[grid.pk]["overloaded"].append(by_member[member_id])
    return list(rows.values())


def member_find_for(*, user, perm: str, ref: str) -> PartyMember | None:
    """An active member in the user's scope by service card number or register number."""
    ref = (ref or "").strip()
    if not ref:
        return None
    members = PartyMember.objects.active().visible_to(user, perm).select_related("org", "person")
    found = members.filter(card_number=ref).first()
    if found is None and ref.isdigit():
        found = members.filter(pk=int(ref)).first()
    return found


def assign_choices_for(*, user, perm: str) -> dict:
    """What the assignment form offers: organisations, open seats and places in scope."""
    from ..models import CommitteeSeat

    return {
        "orgs": PartyOrg.objects.visible_to(user, perm).current().select_related("node"),
        "seats": CommitteeSeat.objects.visible_to(user, perm)
        .filter(ended_on__isnull=True)
        .select_related("org")
        .order_by("org__path", "post", "id"),
        "nodes": Node.objects.visible_to(user, perm)
        .filter(kind__in=(NodeKind.COMMUNITY, NodeKind.GRID, NodeKind.COMPOUND, NodeKind.BUILDING))
        .order_by("path"),
    }
