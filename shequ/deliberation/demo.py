"""Residents' self-government in the demo district: the bodies of every community (R-DLB-1)
sized from its households (R-ORG-7) — a residents' committee, a council, a representatives'
assembly with constituencies by building, a supervision committee, the residents' assembly
of household heads, the party members' assembly — with their seats, and the demo resident
seated in his community's council so that his login shows a councillor's page. One
community's committee is left a seat short and one representatives' assembly too small, for
the sizing report.

Seats go through ``services.bodies`` with dates in the past relative to ``as_of``."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.contrib.auth import get_user_model
from django.db import transaction

from shequ.people.choices import PersonStatus, Relation
from shequ.people.models import HouseholdMember, Person
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import AssemblyMode, BodyKind, SeatPost, SeatSource
from .config import deliberation_config
from .models import Body, Constituency
from .selectors.bodies import committee_standard
from .services.bodies import body_create, seat_add


def _households(community: Node) -> int:
    return (
        HouseholdMember.objects.filter(
            household__node__path__startswith=community.path, relation=Relation.HEAD,
            ended_on__isnull=True, household__dissolved_on__isnull=True,
        ).count()
    )  # fmt: skip


@transaction.atomic
def demo_bodies(*, district: Node, seed: int, as_of: dt.date) -> Counter:
    rng = random.Random(f"bodies-{seed}")
    counts: Counter[str] = Counter()
    term_start = dt.date(as_of.year - 1, 6, 1)
    term_end = dt.date(as_of.year + 2, 5, 31)
    adult_by = as_of.replace(year=as_of.year - 25)
    resident_login = get_user_model().objects.filter(username="resident").first()
    communities = list(
        Node.objects.subtree(district).filter(kind=NodeKind.COMMUNITY).order_by("path")
    )
    for n, community in enumerate(communities):
        households = _households(community)
        pool = list(
            Person.objects.filter(
                node__path__startswith=community.path, status=PersonStatus.RESIDENT,
                birth_date__lte=adult_by,
            ).order_by("id").values_list("id", flat=True)[:400]
        )  # fmt: skip
        rng.shuffle(pool)
        people = iter(Person.objects.in_bulk(pool).values())

        def seat_many(body, count, first_post=SeatPost.CHAIR, people=people, **kwargs):
            for i in range(count):
                person = next(people, None)
                if person is None:
                    return
                post = first_post if i == 0 else SeatPost.MEMBER
                seat_add(body=body, person=person, started_on=term_start, post=post, **kwargs)
                counts["seats"] += 1

        name = community.name
        size = committee_standard(households) - (1 if n == 1 else 0)  # one committee short
        committee = body_create(
            node=community, kind=BodyKind.RESIDENTS_COMMITTEE, name=f"{name}居民委员会",
            term_started_on=term_start, term_ends_on=term_end,
        )  # fmt: skip
        seat_many(committee, size)
        council = body_create(node=community, kind=BodyKind.COUNCIL, name=f"{name}居民议事会",
                              term_started_on=term_start, term_ends_on=term_end)  # fmt: skip
        if n == 0 and resident_login is not None and resident_login.person_id:
            seat_add(body=council, person=resident_login.person, started_on=term_start,
                     source=SeatSource.ELECTED, note="")  # fmt: skip
            counts["seats"] += 1
            seat_many(council, 8, first_post=SeatPost.MEMBER)
        else:
            seat_many(council, 9)
        supervision = body_create(
            node=community, kind=BodyKind.SUPERVISION_COMMITTEE, name=f"{name}居务监督委员会",
            term_started_on=term_start, term_ends_on=term_end,
        )  # fmt: skip
        seat_many(supervision, 3)
        reps = body_create(
            node=community, kind=BodyKind.REPRESENTATIVES_ASSEMBLY, name=f"{name}居民代表会议",
            term_started_on=term_start, term_ends_on=term_end,
        )  # fmt: skip
        low, high = deliberation_config()["bodies"]["households_per_representative"]
        wanted = max(1, households // ((low + high) // 2)) // (3 if n == 2 else 1)
        buildings = list(
            Node.objects.subtree(community).filter(kind=NodeKind.BUILDING).order_by("path")
        )
        per = max(1, len(buildings) // max(wanted, 1))
        for i in range(wanted):
            group = buildings[i * per : (i + 1) * per] or buildings[-1:]
            constituency = Constituency.objects.create(body=reps, name=f"第{i + 1}选区")
            constituency.nodes.set(group)
            seat_many(reps, 1, first_post=SeatPost.MEMBER, constituency=constituency)
        counts["constituencies"] += wanted
        body_create(node=community, kind=BodyKind.RESIDENTS_ASSEMBLY, name=f"{name}居民会议",
                    assembly_mode=AssemblyMode.HOUSEHOLDS)  # fmt: skip
        members = body_create(node=community, kind=BodyKind.PARTY_MEMBERS_ASSEMBLY,
                              name=f"{name}党员大会")  # fmt: skip
        seat_many(members, 15)
        joint = body_create(node=community, kind=BodyKind.JOINT_COMMITTEES,
                            name=f"{name}两委联席会议")  # fmt: skip
        seat_many(joint, 7)
    counts["bodies"] = Body.objects.filter(node__path__startswith=district.path).count()
    return counts


def demo_deliberation_work(*, district: Node, as_of: dt.date) -> Counter:
    """The first community's deliberation, through the services: the council's next meeting
    on notice with its agenda and motions (the demo resident sits in it), a topic under
    四议两公开 proposed by the party organisation, the demo resident's proposal waiting for an
    answer, and a petition to convene the residents' assembly a few signatures short."""
    from django.utils import timezone

    from .choices import BodyKind as K
    from .models import VoteMethod
    from .services import meetings, petitions, proposals, topics, votes

    counts: Counter[str] = Counter()
    users = get_user_model().objects
    actor = users.filter(username="district_admin").first()
    resident = users.filter(username="resident").first()
    community = (
        Node.objects.subtree(district).filter(kind=NodeKind.COMMUNITY).order_by("path").first()
    )
    if community is None:
        return counts
    bodies = {b.kind: b for b in Body.objects.filter(node=community)}
    council = bodies.get(K.COUNCIL)
    if council is not None:
        days = int(deliberation_config()["meetings"]["notice_days"].get("council", 0)
                   or deliberation_config()["meetings"]["notice_days"]["default"])  # fmt: skip
        starts = timezone.localtime().replace(hour=19, minute=0, second=0, microsecond=0)
        meeting = meetings.meeting_schedule(
            body=council, title=f"{community.name}居民议事会{as_of.month}月例会",
            starts_at=starts + dt.timedelta(days=days + 1), place="党群服务中心议事厅",
            agenda=["小区电动自行车充电桩选址", "楼道堆物整治公约"], actor=actor,
        )  # fmt: skip
        votes.motion_create(meeting=meeting, title="同意在3号楼北侧建设电动自行车充电桩",
                            actor=actor)  # fmt: skip
        votes.motion_create(meeting=meeting, title="通过《楼道堆物整治公约》",
                            method=VoteMethod.SECRET, actor=actor)  # fmt: skip
        counts["meetings"] += 1
    topic = topics.topic_create(
        actor=actor, community=community, title="小区停车秩序整治", procedure="four_two",
        description="地面停车位不足、消防通道被占用，拟施划车位并实行错时停车。",
    )  # fmt: skip
    topics.topic_step_complete(actor=actor, topic=topic, step="branch_proposes",
                               decision="社区党委提议将停车秩序整治列入议题。")  # fmt: skip
    counts["topics"] += 1
    if resident is not None and resident.person_id:
        proposals.proposal_submit(
            actor=resident, title="在中心花园增设休息座椅",
            text="中心花园老人多，座椅少，建议增设 10 组休息座椅。",
        )  # fmt: skip
        counts["proposals"] += 1
    assembly = bodies.get(K.RESIDENTS_ASSEMBLY)
    if assembly is not None:
        petition = petitions.petition_open(body=assembly, title="提请召开居民会议讨论物业选聘",
                                           reason="物业合同即将到期", actor=actor)  # fmt: skip
        from .services.bodies import body_roll

        for person_id in body_roll(assembly)[:12]:
            petitions.petition_sign(petition=petition, person=Person.objects.get(pk=person_id),
                                    actor=actor)  # fmt: skip
        counts["petitions"] += 1
    return counts
