"""Reads of the structural report (R-ORG-3): the facts of a subtree of organisations and the
places under it, gathered in a fixed handful of queries (aggregated by path, never per
organisation), and the findings of the rules engine (``shequ/party/structure.py``)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY
from shequ.core.scope import EVERYTHING, ancestor_paths, scope_paths, subtree_q
from shequ.people.choices import PersonStatus
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import MembershipStage, OrgKind, SeatPost
from ..config import party_config
from ..models import CommitteeSeat, PartyMember, PartyOrg
from ..structure import Finding, OrgFacts, PlaceFacts, evaluate, subjects_with_findings

COMMITTEE_POSTS = (SeatPost.SECRETARY, SeatPost.DEPUTY_SECRETARY, SeatPost.MEMBER)
# The territory an organisation may cover (R-ORG-2): a subdistrict down to a building.
ORG_NODE_KINDS = (NodeKind.DISTRICT, NodeKind.SUBDISTRICT, NodeKind.COMMUNITY, NodeKind.GRID,
                  NodeKind.COMPOUND, NodeKind.BUILDING)  # fmt: skip


@dataclass
class StructureReport:
    root: PartyOrg | None
    today: dt.date
    orgs: list[OrgFacts]
    places: list[PlaceFacts]
    findings: list[Finding]
    by_org: dict[int, list[Finding]] = field(default_factory=dict)

    @property
    def subjects_count(self) -> int:
        return subjects_with_findings(self.findings)

    def facts_of(self, org) -> OrgFacts | None:
        return next((f for f in self.orgs if f.org.pk == org.pk), None)


def _minimal(paths) -> list[str]:
    """The paths not under another of them (a subtree filter needs only those)."""
    out: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(p) for p in out):
            out.append(path)
    return out


def _within(field_name: str, paths: list[str]) -> Q:
    if EVERYTHING in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= subtree_q(field_name, path)
    return q


def _by_prefix(rows, path_key: str, *counts: str) -> dict[str, list[int]]:
    """Sums of ``counts`` per path and every ancestor path (steplen 4): the total of a
    subtree is then one dict lookup."""
    totals: dict[str, list[int]] = defaultdict(lambda: [0] * len(counts))
    for row in rows:
        for prefix in ancestor_paths(row[path_key]):
            total = totals[prefix]
            for i, name in enumerate(counts):
                total[i] += row[name]
    return totals


def _org_facts(orgs: list[PartyOrg], today: dt.date) -> list[OrgFacts]:
    tops = _minimal(org.path for org in orgs)
    if not tops:
        return []
    # Q: active members held anywhere in the subtrees, grouped by the holding organisation.
    held = (
        PartyMember.objects.active()
        .filter(_within("org__path", tops))
        .values("org__path")
        .annotate(n=Count("id"), full=Count("id", filter=Q(stage=MembershipStage.FULL)))
    )
    totals = _by_prefix(held, "org__path", "n", "full")
    # Q: open committee seats today (a seat's ended_on is its last day).
    seats = (
        CommitteeSeat.objects.filter(_within("org__path", tops), started_on__lte=today)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        .filter(post__in=COMMITTEE_POSTS)
        .values("org_id", "post", "name")
        .order_by("org_id", "started_on", "id")
    )
    seat_count: dict[int, int] = defaultdict(int)
    secretary: dict[int, str] = {}
    for seat in seats:
        seat_count[seat["org_id"]] += 1
        if seat["post"] == SeatPost.SECRETARY:
            secretary[seat["org_id"]] = seat["name"]
    out = []
    for org in orgs:
        members, full = totals.get(org.path, (0, 0))
        out.append(
            OrgFacts(
                org=org,
                members=members,
                full=full,
                seats=seat_count[org.pk],
                secretary=secretary.get(org.pk, ""),
            )
        )
    return out


def _place_facts(area: list[str], orgs: list[PartyOrg]) -> list[PlaceFacts]:
    if not area:
        return []
    # Q: the compounds and buildings of the area.
    places = list(
        Node.objects.filter(_within("path", area), is_active=True,
                            kind__in=(NodeKind.COMPOUND, NodeKind.BUILDING))
        .only("pk", "kind", "code", "name", "path", "depth").order_by("path")
    )  # fmt: skip
    if not places:
        return []
    # Q: members living in the area, grouped by their flat (or whatever node they live at).
    living = (
        PartyMember.objects.active()
        .filter(_within("person__node__path", area), person__status=PersonStatus.RESIDENT)
        .values("person__node__path")
        .annotate(n=Count("id"))
    )
    residents = _by_prefix(living, "person__node__path", "n")
    # Q: current organisations set up anywhere in the area, visible or not: they only tell
    # whether a place has its organisation, nothing of theirs is shown.
    here: dict[str, list[tuple[str, int | None]]] = defaultdict(list)
    for row in (
        PartyOrg.objects.current().filter(_within("node__path", area))
        .values("kind", "team_id", "node__path")
    ):  # fmt: skip
        for prefix in ancestor_paths(row["node__path"]):
            here[prefix].append((row["kind"], row["team_id"]))
    # The organisation answering for a place: the deepest current non-joint organisation
    # (not a group) whose territory contains it.
    answering: dict[str, PartyOrg] = {}
    for org in orgs:
        if org.is_joint or org.kind == OrgKind.GROUP:
            continue
        known = answering.get(org.node.path)
        if known is None or org.depth > known.depth:
            answering[org.node.path] = org
    out = []
    for node in places:
        org = next(
            (answering[p] for p in reversed(ancestor_paths(node.path)) if p in answering), None
        )
        out.append(PlaceFacts(node=node, residents=residents.get(node.path, [0])[0],
                              orgs_here=here.get(node.path, []), org=org))  # fmt: skip
    return out


def structure_report_for(*, user, root: PartyOrg | None, today: dt.date) -> StructureReport:
    """The facts and findings of ``root``'s subtree (None: every organisation the user sees),
    scoped by VIEW_PARTY: about seven queries whatever the size of the tree."""
    if root is not None and not user.has_perm(VIEW_PARTY, root):
        raise PermissionDenied(_("You may not do this here."))
    orgs_qs = PartyOrg.objects.visible_to(user, VIEW_PARTY).current().select_related("node")
    if root is not None:
        orgs_qs = orgs_qs.subtree(root)
        area = [root.node.path] if not root.is_joint else []
    else:
        area = scope_paths(user, VIEW_PARTY)
    orgs = list(orgs_qs.order_by("path"))
    org_facts = _org_facts(orgs, today)
    places = _place_facts(area, orgs)
    findings = evaluate(org_facts, places, today=today, config=party_config()["structure"])
    by_org: dict[int, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.org is not None:
            by_org[finding.org.pk].append(finding)
    return StructureReport(root=root, today=today, orgs=org_facts, places=places,
                           findings=findings, by_org=dict(by_org))  # fmt: skip


def structure_findings_for(*, user, root: PartyOrg | None, today: dt.date) -> list[Finding]:
    """Every finding of the rules engine for ``root``'s subtree (None: all the user sees)."""
    return structure_report_for(user=user, root=root, today=today).findings


def findings_count_for(*, user, today: dt.date) -> int:
    """How many organisations the user sees have at least one finding (home dashboard)."""
    if not user.has_perm(VIEW_PARTY):
        return 0
    return structure_report_for(user=user, root=None, today=today).subjects_count


def org_choices_for(*, user):
    """What the form setting up an organisation offers: the organisations the user manages
    (current), the territory he manages down to buildings, and the teams there."""
    from ..models import Team

    parents = PartyOrg.objects.visible_to(user, MANAGE_PARTY).current().exclude(kind=OrgKind.GROUP)
    nodes = (
        Node.objects.visible_to(user, MANAGE_PARTY)
        .filter(is_active=True, kind__in=ORG_NODE_KINDS)
        .order_by("path")
    )
    teams = (
        Team.objects.visible_to(user, MANAGE_PARTY)
        .filter(dissolved_on__isnull=True)
        .order_by("node__path", "name")
    )
    return parents, nodes, teams


def seat_get_for(*, user, pk: int) -> CommitteeSeat:
    return (
        CommitteeSeat.objects.visible_to(user, VIEW_PARTY)
        .select_related("org", "org__node")
        .get(pk=pk)
    )


def org_seats(org: PartyOrg):
    """The organisation's seats: open ones first, by post, then the history."""
    return org.seats.order_by(F("ended_on").desc(nulls_first=True), "post", "started_on", "id")
