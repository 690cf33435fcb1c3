"""Party building in the demo district (R-ORG-2 … R-PM-8): the organisation tree of every
subdistrict, committees with their seats and terms, the member register drawn from the
residents the generator made party members, teams and functional groups — with a few
organisations left out of shape, so that the structural report has findings to show:

- the second community keeps a general branch although it has outgrown it;
- the third community's committee term runs out within weeks, one branch's has run out;
- one branch committee has only two members, one community committee ten;
- the last branch of the first community has no party groups in its buildings.

The same seed gives the same tree, relative to the day it is generated for."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max

from shequ.core.models import AuditAction, audit_record
from shequ.demo.generator import path_step
from shequ.people.choices import PoliticalStatus, ResidenceKind
from shequ.people.models import Person
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import (
    MemberCategory,
    MembershipStage,
    MemberState,
    OrgKind,
    SeatPost,
    SeatSource,
    TeamKind,
)
from .config import party_config
from .models import CommitteeSeat, PartyMember, PartyOrg, Team
from .services.orgs import add_years

EMPLOYERS = (
    ("示范区人民医院", "示范区人民医院党委"),
    ("示范区第一中学", "示范区第一中学党总支"),
    ("区税务局", "区税务局机关党委"),
    ("市供电公司", "市供电公司党委"),
    ("示范区实验小学", "示范区实验小学党支部"),
    ("市第二建筑公司", "市第二建筑公司党委"),
)
EXTERNAL_ORGS = ("市直机关工委某处党支部", "某大学机关党委", "某国有银行分行党委")
UNITS = ("辖区派出所", "区市场监管所", "社区卫生服务站", "物业服务公司")


@dataclass
class PartyDemoResult:
    orgs: int = 0
    members: int = 0
    seats: int = 0
    teams: int = 0
    first_branch: PartyOrg | None = None
    first_branch_secretary: CommitteeSeat | None = None
    by_category: dict[str, int] = field(default_factory=dict)


def _children(node: Node, kind: str) -> list[Node]:
    return list(Node.objects.subtree(node).filter(kind=kind).order_by("path"))


def _category(rng: random.Random, person: Person, as_of: dt.date) -> str:
    if person.residence_kind == ResidenceKind.FLOATING:
        return MemberCategory.FLOATING
    age = (as_of - person.birth_date).days // 365 if person.birth_date else 40
    if age >= 60:
        return MemberCategory.RETIRED
    r = rng.random()
    return (
        MemberCategory.IN_SERVICE if r < 0.55
        else MemberCategory.UNEMPLOYED if r < 0.63
        else MemberCategory.DIRECT
    )  # fmt: skip


class _Tree:
    """Organisations built in memory with their materialized paths (treebeard's layout:
    steps of 4 in base 36, ``numchild`` kept), then written in one bulk insert — like the
    district itself (ADR 0006), with one summary audit event instead of one per row."""

    def __init__(self):
        top = PartyOrg.objects.filter(depth=1).aggregate(top=Max("path"))["top"]
        self.roots = int(top, 36) if top else 0
        self.orgs: list[PartyOrg] = []

    def add(self, parent: PartyOrg | None, **fields) -> PartyOrg:
        if parent is None:
            self.roots += 1
            path, depth = path_step(self.roots), 1
        else:
            parent.numchild += 1
            path, depth = parent.path + path_step(parent.numchild), parent.depth + 1
        if fields.get("term_started_on") and not fields.get("term_ends_on"):
            years = party_config()["structure"]["term_years"]
            fields["term_ends_on"] = add_years(fields["term_started_on"], years)
        org = PartyOrg(path=path, depth=depth, numchild=0, **fields)
        self.orgs.append(org)
        return org

    def write(self) -> None:
        PartyOrg.objects.bulk_create(self.orgs, batch_size=1000)


def _seat(org, post, person, started_on, source=SeatSource.ELECTED, unit=""):
    return CommitteeSeat(org=org, post=post, source=source, person=person,
                         name=person.name if person else "", unit=unit,
                         started_on=started_on)  # fmt: skip


@transaction.atomic
def demo_party_load(*, district: Node, seed: int, as_of: dt.date) -> PartyDemoResult:
    rng = random.Random(f"party-{seed}")
    result = PartyDemoResult()
    term_years = party_config()["structure"]["term_years"]
    normal_start = add_years(as_of, -1) - dt.timedelta(days=140)
    seats: list[CommitteeSeat] = []
    members: list[PartyMember] = []
    teams: list[Team] = []
    card = 0
    tree = _Tree()
    for s_index, subdistrict in enumerate(_children(district, NodeKind.SUBDISTRICT)):
        working = tree.add(None, kind=OrgKind.WORKING_COMMITTEE,
                             name=f"{subdistrict.name}党工委", code=f"DY-{subdistrict.code}",
                             node=subdistrict, term_started_on=normal_start,
                             established_on=dt.date(2002, 7, 1))  # fmt: skip
        for c_index, community in enumerate(_children(subdistrict, NodeKind.COMMUNITY)):
            persons = list(
                Person.objects.filter(
                    node__path__startswith=community.path,
                    political_status__in=[PoliticalStatus.PARTY_MEMBER,
                                          PoliticalStatus.PROBATIONARY],
                    status="resident",
                ).select_related("node").order_by("id")
            )  # fmt: skip
            size = len(persons)
            limits = party_config()["structure"]
            kind = (
                OrgKind.COMMITTEE if size >= limits["committee_min_members"]
                else OrgKind.GENERAL_BRANCH if size >= limits["general_branch_min_members"]
                else OrgKind.BRANCH
            )  # fmt: skip
            first = s_index == 0
            if first and c_index == 1 and kind == OrgKind.COMMITTEE:
                kind = OrgKind.GENERAL_BRANCH  # outgrown, not yet re-formed: a finding
            term_start = normal_start
            if first and c_index == 2:  # runs out within weeks: a finding
                term_start = add_years(as_of, -term_years) + dt.timedelta(days=20)
            suffix = {OrgKind.COMMITTEE: "党委", OrgKind.GENERAL_BRANCH: "党总支"}.get(
                kind, "党支部"
            )
            top = tree.add(working, kind=kind, name=f"{community.name}{suffix}",
                             code=f"DY-{community.code}", node=community,
                             term_started_on=term_start,
                             established_on=dt.date(2003, 7, 1))  # fmt: skip
            # Teams of the community (R-PM-8) and a culture team with its functional group.
            community_teams = {
                kind_: Team(node=community, kind=kind_, name=f"{community.name}{label}",
                            founded_on=dt.date(2015 + c_index % 5, 3, 1))
                for kind_, label in ((TeamKind.RETIREES, "“余热”服务队"),
                                     (TeamKind.VOLUNTEERS, "在职党员志愿服务队"),
                                     (TeamKind.DOUBLE_LEAD, "“双带”帮扶队"),
                                     (TeamKind.CULTURE, "夕阳红合唱队"))
            }  # fmt: skip
            Team.objects.bulk_create(community_teams.values())
            teams += community_teams.values()
            # Branches: one per compound with members (支部建在小区); where the community is
            # a single branch itself, its members stay with it.
            by_compound: dict[str, list[Person]] = defaultdict(list)
            for person in persons:
                by_compound[person.node.path[:20]].append(person)
            holders: dict[str, PartyOrg] = {}
            branches: list[PartyOrg] = []
            if kind != OrgKind.BRANCH:
                compounds = {n.path: n for n in _children(community, NodeKind.COMPOUND)}
                for b_index, path in enumerate(sorted(by_compound)):
                    compound = compounds.get(path)
                    if compound is None:
                        continue
                    branch_start = normal_start
                    if first and c_index == 0 and b_index == 0:  # term run out: a finding
                        branch_start = add_years(as_of, -term_years) - dt.timedelta(days=60)
                    branch = tree.add(top, kind=OrgKind.BRANCH,
                                        name=f"{compound.name}党支部",
                                        code=f"DY-{compound.code}", node=compound,
                                        term_started_on=branch_start)  # fmt: skip
                    holders[path] = branch
                    branches.append(branch)
            # Members of all categories.
            by_holder: dict[int, list[PartyMember]] = defaultdict(list)
            for person in persons:
                category = _category(rng, person, as_of)
                org = holders.get(person.node.path[:20], top)
                external = ""
                if category == MemberCategory.IN_SERVICE and rng.random() < 0.35:
                    org, external = None, rng.choice(EXTERNAL_ORGS)  # belongs elsewhere
                probationary = person.political_status == PoliticalStatus.PROBATIONARY
                if probationary:
                    joined = as_of - dt.timedelta(days=rng.randint(30, 330))
                else:
                    joined = dt.date(rng.randint(1975, 2023), rng.randint(1, 12), 1)
                    if person.birth_date:
                        joined = max(joined, add_years(person.birth_date, 19))
                    joined = min(joined, as_of - dt.timedelta(days=400))
                employer, employer_org = ("", "")
                if category == MemberCategory.IN_SERVICE:
                    employer, employer_org = rng.choice(EMPLOYERS)
                if org is not None:
                    card += 1
                member = PartyMember(
                    person=person, org=org, external_org=external,
                    node=org.node if org is not None else community,
                    category=category,
                    stage=MembershipStage.PROBATIONARY if probationary else MembershipStage.FULL,
                    state=MemberState.ACTIVE, joined_on=joined,
                    full_on=None if probationary else joined + dt.timedelta(days=365),
                    employer=employer, employer_party_org=employer_org,
                    card_number=f"DY{community.code[-6:]}{card:05d}" if org is not None else None,
                )  # fmt: skip
                members.append(member)
                if org is not None:
                    by_holder[id(org)].append(member)
                result.by_category[category] = result.by_category.get(category, 0) + 1
            # Committees: secretary, deputy and members from the organisation's own members.
            top_members = by_holder.get(id(top)) or [m for b in branches for m in by_holder[id(b)]]
            elected = 8 if first and c_index == 3 else 5  # eight, ten with part-timers: a finding
            for index, member in enumerate(top_members[:elected]):
                post = (SeatPost.SECRETARY, SeatPost.DEPUTY_SECRETARY)[index] if index < 2 else (
                    SeatPost.MEMBER
                )  # fmt: skip
                seats.append(_seat(top, post, member.person, term_start))
            if kind != OrgKind.BRANCH:  # part-time members (兼职委员, R-ORG-6)
                seats.append(
                    CommitteeSeat(
                        org=top,
                        post=SeatPost.MEMBER,
                        source=SeatSource.UNIT_LEADER,
                        name=rng.choice("张王李赵刘陈杨黄") + "书记",
                        unit=rng.choice(UNITS),
                        started_on=term_start,
                    )
                )
                seats.append(CommitteeSeat(org=top, post=SeatPost.MEMBER,
                                           source=SeatSource.HIGHER_CADRE,
                                           name=rng.choice("周吴郑王冯陈褚卫") + "科长",
                                           unit=f"{subdistrict.name}办事处",
                                           started_on=term_start))  # fmt: skip
            for b_index, branch in enumerate(branches):
                own = by_holder.get(id(branch), [])
                size_ = 2 if first and c_index == 0 and b_index == 2 else 3  # two: a finding
                for index, member in enumerate(own[:size_]):
                    post = (SeatPost.SECRETARY, SeatPost.DEPUTY_SECRETARY, SeatPost.MEMBER)[index]
                    seats.append(_seat(branch, post, member.person, branch.term_started_on))
                if first and c_index == 0 and result.first_branch is None and own:
                    result.first_branch = branch
            if first and c_index == 0 and result.first_branch is None and kind == OrgKind.BRANCH:
                result.first_branch = top
            # Party groups: one per building with members, except in the community's last
            # branch (a finding); a functional group on the culture team.
            skip = branches[-1] if first and c_index == 0 and branches else None
            for branch in branches:
                if branch is skip:
                    continue
                buildings = {m.person.node.path[:24] for m in by_holder.get(id(branch), [])}
                for building in Node.objects.filter(path__in=sorted(buildings)):
                    tree.add(branch, kind=OrgKind.GROUP, name=f"{building.name}党小组",
                               code=f"DY-{building.code}", node=building)  # fmt: skip
            if branches:
                tree.add(branches[0], kind=OrgKind.GROUP,
                           name=f"{community_teams[TeamKind.CULTURE].name}党小组",
                           code=f"DY-{community.code}-T", node=branches[0].node,
                           team=community_teams[TeamKind.CULTURE])  # fmt: skip
    tree.write()  # the holders get their ids: the members and seats below refer to them
    PartyMember.objects.bulk_create(members, batch_size=1000)
    CommitteeSeat.objects.bulk_create(seats, batch_size=1000)
    result.orgs = len(tree.orgs)
    result.members, result.seats, result.teams = len(members), len(seats), len(teams)
    audit_record(
        AuditAction.CREATE,
        obj=None,
        node_path=district.path,
        row_count=len(tree.orgs) + len(members) + len(seats) + len(teams),
        object_repr=f"demo party organisations (seed {seed})",
        changes={"demo": {"seed": seed, "as_of": as_of.isoformat()},
                 "rows": {"party.partyorg": len(tree.orgs), "party.partymember": len(members),
                          "party.committeeseat": len(seats), "party.team": len(teams)}},
    )  # fmt: skip
    if result.first_branch is not None:
        result.first_branch_secretary = CommitteeSeat.objects.filter(
            org=result.first_branch, post=SeatPost.SECRETARY
        ).select_related("person").first()  # fmt: skip
    return result
