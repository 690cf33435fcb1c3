"""民生微实事 in the demo district, through the services: the first community's round open for
voting (its projects proposed, vetted — one over its category's cap refused — shortlisted by
the council, and a few hundred ballots already cast, the demo resident's not among them);
the second community's round of last year allocated, published with its explanations and
carried out (progress, spending, an accepted project, ratings); the subdistrict's round
collecting proposals. The same seed gives the same rounds relative to ``as_of``."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import Category, Channel, Phase, ProjectStatus, VoteType
from .config import pb_config
from .services import ballots, projects, rounds

REFUSED = (ValidationError, PermissionDenied)

# title, category, cost (yuan), location
IDEAS = [
    ("小区加装电动自行车充电桩", Category.WORKS, 86000, "3号楼北侧"),
    ("老年食堂送餐服务", Category.SERVICE, 120000, "社区老年食堂"),
    ("楼道照明改造", Category.WORKS, 64000, "1–6号楼"),
    ("儿童游乐设施更新", Category.GOODS, 150000, "中心花园"),
    ("社区四点半课堂", Category.SERVICE, 48000, "党群服务中心"),
    ("无障碍坡道修建", Category.WORKS, 72000, "各单元入口"),
    ("口袋公园绿化提升", Category.WORKS, 230000, "东门空地"),
    ("独居老人智能呼叫器", Category.GOODS, 36000, "独居老人家中"),
    ("篮球场地面翻新", Category.WORKS, 620000, "小区篮球场"),
]


def _walk(round, to_phase, actor) -> None:
    order = [Phase.DRAFT, *[p for p in Phase.values if p not in (Phase.DRAFT, Phase.CLOSED)]]
    while order.index(round.phase) < order.index(to_phase):
        step = order[order.index(round.phase) + 1]
        round = rounds.round_transition(round=round, to=step, actor=actor)


def _round(community, *, title, year, budget, starts_on, actor, rng, counts, voters, votes_to):
    """A round through proposals, vetting and shortlisting, then ``voters`` ballots."""
    r = rounds.round_create(node=community, title=title, year=year, budget=Decimal(budget),
                            vote_type=VoteType.APPROVAL, max_length=3, starts_on=starts_on,
                            actor=actor)  # fmt: skip
    rounds.round_transition(round=r, to=Phase.COLLECT, actor=actor)
    made = []
    for title_, category, cost, location in rng.sample(IDEAS, 8):
        try:
            made.append(projects.project_propose(round=r, actor=None, title=title_,
                                                 cost=Decimal(cost), category=category,
                                                 location=location))  # fmt: skip
        except REFUSED:
            counts["refused"] += 1  # over its category's cap: the form refuses it
    r.refresh_from_db()
    rounds.round_transition(round=r, to=Phase.VET, actor=actor)
    for n, project in enumerate(made):
        feasible = n != len(made) - 1
        note = "" if feasible else "选址涉及消防通道，不具备实施条件"
        projects.project_vet(project=project, actor=actor, feasible=feasible, note=note)
    r.refresh_from_db()
    rounds.round_transition(round=r, to=Phase.SHORTLIST, actor=actor)
    for project in made[:-1]:
        projects.project_shortlist(project=project, actor=actor)
    r.refresh_from_db()
    rounds.round_transition(round=r, to=Phase.VOTE, actor=actor)
    r.refresh_from_db()
    on_ballot = list(r.projects.filter(status=ProjectStatus.SHORTLISTED).order_by("code"))
    weights = [rng.random() + 0.2 for _ in on_ballot]
    electorate = list(ballots.eligible_voters(r).exclude(pk__in=votes_to).order_by("id")[:2000])
    for person in rng.sample(electorate, min(voters, len(electorate))):
        choice = set()
        while len(choice) < rng.randint(1, 3):
            choice.add(rng.choices(on_ballot, weights)[0].pk)
        channel = Channel.PAPER if rng.random() < 0.2 else Channel.ONLINE
        try:
            ballots.ballot_cast(round=r, person=person, marks=sorted(choice), channel=channel)
            counts["ballots"] += 1
        except REFUSED:
            counts["refused"] += 1
    counts["projects"] += len(made)
    return r


def demo_pb(*, district: Node, seed: int, as_of: dt.date) -> Counter:
    rng = random.Random(f"pb-{seed}")
    counts: Counter[str] = Counter()
    users = get_user_model().objects
    actor = users.filter(username="district_admin").first()
    resident = users.filter(username="resident").first()
    keep_out = [resident.person_id] if resident is not None and resident.person_id else []
    nodes = Node.objects.subtree(district)
    communities = list(nodes.filter(kind=NodeKind.COMMUNITY).order_by("path")[:2])
    subdistrict = nodes.filter(kind=NodeKind.SUBDISTRICT).order_by("path").first()
    lengths = pb_config()["phases"]
    before_vote = sum(lengths[p] for p in ("collect", "vet", "shortlist"))
    if communities:
        c = communities[0]
        _round(c, title=f"{as_of.year}年{c.name}民生微实事", year=as_of.year, budget=500000,
               starts_on=as_of - dt.timedelta(days=before_vote + 3), actor=actor, rng=rng,
               counts=counts, voters=240, votes_to=keep_out)  # fmt: skip
        counts["rounds"] += 1
    if len(communities) > 1:
        c = communities[1]
        last = _round(c, title=f"{as_of.year - 1}年{c.name}民生微实事", year=as_of.year - 1,
                      budget=400000, starts_on=as_of - dt.timedelta(days=330), actor=actor,
                      rng=rng, counts=counts, voters=320, votes_to=keep_out)  # fmt: skip
        counts["rounds"] += 1
        try:
            _walk(last, Phase.IMPLEMENT, actor)
            counts["published"] += 1
            _carry_out(last, as_of=as_of, actor=actor, counts=counts)
        except (ImportError, *REFUSED):
            counts["refused"] += 1  # the allocation rules are not installed
    if subdistrict is not None:
        r = rounds.round_create(node=subdistrict, title=f"{as_of.year + 1}年{subdistrict.name}"
                                "民生微实事（征集中）", year=as_of.year + 1,
                                budget=Decimal(2000000), starts_on=as_of - dt.timedelta(days=5),
                                actor=actor)  # fmt: skip
        rounds.round_transition(round=r, to=Phase.COLLECT, actor=actor)
        for title_, category, cost, location in IDEAS[:3]:
            projects.project_propose(round=r, actor=None, title=title_, cost=Decimal(cost),
                                     category=category, location=location)  # fmt: skip
            counts["projects"] += 1
        counts["rounds"] += 1
    return counts


def _carry_out(round, *, as_of, actor, counts) -> None:
    from .models.implementation import AcceptanceResult
    from .services import implementation as impl

    funded = list(round.projects.filter(status=ProjectStatus.FUNDED).order_by("code"))
    start = as_of - dt.timedelta(days=120)
    for n, project in enumerate(funded):
        impl.milestone_add(actor=actor, project=project, title="完成采购与施工招标",
                           due_on=start + dt.timedelta(days=30))  # fmt: skip
        percent = 100 if n == 0 else min(90, 40 + 10 * n)
        impl.progress_report(actor=actor, project=project, percent=percent, note="按计划推进",
                             reported_on=as_of - dt.timedelta(days=20))  # fmt: skip
        impl.spending_record(
            actor=actor, project=project, amount=project.cost * Decimal("0.6"),
            paid_on=as_of - dt.timedelta(days=15), voucher=f"PZ-{project.code}-1", payee="承建单位",
        )  # fmt: skip
        counts["spending"] += 1
    if funded:
        impl.acceptance_record(actor=actor, project=funded[0],
                               checked_on=as_of - dt.timedelta(days=5),
                               result=AcceptanceResult.PASSED, findings="工程质量合格，居民满意",
                               checked_by="社区居委会、居务监督委员会")  # fmt: skip
        counts["accepted"] += 1
