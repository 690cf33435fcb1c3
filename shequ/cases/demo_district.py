"""Residents' requests in the demo district (R-CASE-1 … R-CASE-4): the category tree with its
limits, a handler for every community, grid, department and property company, the routing
rules between them, and some hundreds of requests per subdistrict over the last six months in
every state — received … closed, postponed, reopened, rated, rejected, duplicate, overdue.

Every case goes through ``imports.case_import`` with its steps at their own times, so its
events, due state and the figures' rollup are those the live services would have left; then
the routing model is trained on the closed ones, the newest requests get its suggestion, and
the time-limit sweep runs once (escalations of the overdue). The same seed gives the same
requests, relative to the day they are generated for."""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from shequ.core import crypto
from shequ.core.scope import subtree_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from . import routing
from .choices import CaseStatus as S
from .choices import Channel, HandlerKind, LimitUnit, Rating
from .demo import demo_cases, demo_categories
from .escalation import case_sweep
from .imports import CONTACT, PastStep, case_import
from .models import Case, CaseCategory, Handler, RoutingRule

PER_SUBDISTRICT = 300
DAYS = 182  # about six months back
RECENT_SHARE = 0.35  # of the requests within the last 30 days (the figures page's default)

# The parents of the demo categories (demo.CATEGORIES), with limits their children inherit
# where they set none.
PARENTS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("city_appearance", "市容环境", "City appearance", ("sanitation", "greening")),
    ("municipal", "市政设施", "Municipal facilities", ("lighting", "road_facilities",
                                                        "heating_water")),
    ("housing_affairs", "物业与停车", "Property and parking", ("property_management",
                                                               "parking")),
    ("community_life", "社区生活", "Community life", ("noise_nuisance", "neighbour_disputes",
                                                      "elderly_care")),
)  # fmt: skip
# District departments and the categories every community sends them.
DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("区城市管理委员会", ("lighting", "road_facilities")),
    ("区住房和城乡建设委员会", ("heating_water",)),
    ("区园林绿化局", ("greening",)),
)
GRID_CATEGORIES = ("sanitation", "neighbour_disputes", "noise_nuisance", "parking")
UNIT_CATEGORIES = ("property_management",)  # the community's property company

CHANNELS = {
    Channel.HOTLINE: 40, Channel.WEB: 14, Channel.WALK_IN: 10, Channel.GRID_ROUND: 16,
    Channel.SOCIAL: 10, Channel.MAILBOX: 4, Channel.RECEPTION: 3, Channel.COUNCIL: 3,
}  # fmt: skip
# Where a request ends up, by its age: the newest are still being taken in, the oldest done.
OUTCOMES = {
    "new": {S.RECEIVED: 25, S.ACCEPTED: 20, S.ASSIGNED: 20, S.IN_PROGRESS: 30, S.REPLIED: 5},
    "weeks": {
        S.RECEIVED: 2, S.ACCEPTED: 3, S.ASSIGNED: 5, S.IN_PROGRESS: 18, S.POSTPONED: 6,
        S.REPLIED: 18, S.RATED: 8, S.CLOSED: 30, S.REJECTED: 5, S.DUPLICATE: 3, S.MERGED: 2,
    },
    "months": {
        S.IN_PROGRESS: 2, S.POSTPONED: 1, S.REPLIED: 3, S.RATED: 3, S.CLOSED: 80,
        S.REJECTED: 5, S.DUPLICATE: 4, S.MERGED: 2,
    },
}  # fmt: skip
# What the demo's workers write (data of the demo, in the district's language).
NOTES = {
    "reject": "不属于本社区职责，已告知来电人向相关部门反映。",
    "postpone": "需协调相关单位，申请延期办理。",
    "reopen": "居民仍不满意，重新办理。",
    "reply": "已现场核实并处理完毕，已电话告知居民。",
    "reply_again": "已再次处理，问题已解决。",
    "close": "回访电话未接通，按未评价办结。",
}
RATINGS = {Rating.SATISFIED: 68, Rating.BASICALLY: 20, Rating.UNSATISFIED: 12}
REOPEN_SHARE = 0.6  # of the requests rated not satisfied


@dataclass
class DemoStaff:
    """The demo logins who act on the first community's requests (the others' steps are the
    system's): who takes calls and dispatches, the grid worker, the approver, a resident."""

    worker: object = None
    grid_worker: object = None
    secretary: object = None
    resident: object = None


@dataclass
class DemoCasesResult:
    cases: int
    by_status: Counter
    handlers: int
    rules: int
    trained: dict = field(default_factory=dict)
    seconds: float = 0.0


# ----------------------------------------------------------------------------- the desk


def demo_desk_create(*, district: Node, staff: DemoStaff) -> tuple[dict, int, int]:
    """Categories (a tree with limits), handlers and routing rules for every community and
    grid; the categories by code, and how many handlers and rules were made."""
    categories = demo_categories()
    for order, (code, name, name_en, children) in enumerate(PARENTS, start=1):
        parent, _created = CaseCategory.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "name_en": name_en, "order": 100 + order,
                "limit_unit": LimitUnit.WORK_DAYS, "accept_limit": 1, "contact_limit": 1,
                "resolve_limit": 5,
            },
        )  # fmt: skip
        CaseCategory.objects.filter(code__in=children, parent=None).update(parent=parent)
        categories[code] = parent
    for category in categories.values():
        category.refresh_from_db()
    communities = list(
        Node.objects.filter(subtree_q("path", district.path), kind=NodeKind.COMMUNITY).order_by(
            "path"
        )
    )
    grids = list(
        Node.objects.filter(subtree_q("path", district.path), kind=NodeKind.GRID).order_by("path")
    )
    handlers = []
    departments = {}
    for name, codes in DEPARTMENTS:
        handler = Handler(kind=HandlerKind.DEPARTMENT, name=name, node=district)
        handlers.append(handler)
        departments.update(dict.fromkeys(codes, handler))
    by_community, units = {}, {}
    for n, community in enumerate(communities):
        by_community[community.pk] = Handler(
            kind=HandlerKind.COMMUNITY,
            name=f"{community.name}居委会",
            node=community,
            user=staff.worker if n == 0 else None,
        )
        units[community.pk] = Handler(
            kind=HandlerKind.UNIT, name=f"{community.name}物业服务中心", node=community
        )
    by_grid = {}
    for n, grid in enumerate(grids):
        by_grid[grid.pk] = Handler(
            kind=HandlerKind.GRID_WORKER,
            name=f"{grid.name}网格员",
            node=grid,
            user=staff.grid_worker if n == 0 else None,
        )
    handlers += [*by_community.values(), *units.values(), *by_grid.values()]
    Handler.objects.bulk_create(handlers)
    rules = []
    for community in communities:
        rules.append(RoutingRule(area=community, handler=by_community[community.pk]))
        for code, handler in departments.items():
            rules.append(RoutingRule(area=community, category=categories[code], handler=handler))
        for code in UNIT_CATEGORIES:
            rules.append(
                RoutingRule(area=community, category=categories[code], handler=units[community.pk])
            )
    for grid in grids:
        for code in GRID_CATEGORIES:
            rules.append(
                RoutingRule(area=grid, category=categories[code], handler=by_grid[grid.pk])
            )
    RoutingRule.objects.bulk_create(rules)
    return categories, len(handlers), len(rules)


# ----------------------------------------------------------------------------- the requests


@dataclass
class _Plan:
    received_at: dt.datetime
    code: str
    text: str
    channel: str
    target: str
    node: Node
    community: Node
    reopen: bool = False
    rated: bool = True
    requester: tuple | None = None  # (person, name, phone)
    requester_user: object = None
    delays: list[tuple[str, float]] = field(default_factory=list)  # (step, hours after)
    ratings: list[tuple[str, bool]] = field(default_factory=list)


def _hours(rng: random.Random, low: float, high: float) -> float:
    return low + (high - low) * rng.random()


def _way(plan: _Plan, rng: random.Random) -> None:
    """The steps to the plan's target with the hours each takes after the one before: most
    on time, some late (to accept, to contact, to answer), a few postponed or reopened."""
    late = rng.random
    d = plan.delays
    target = plan.target
    if target in (S.REJECTED, S.DUPLICATE, S.MERGED):
        d.append((target, _hours(rng, 0.2, 6)))
        return
    if target == S.RECEIVED:
        return
    d.append((S.ACCEPTED, _hours(rng, 0.1, 4) if late() > 0.08 else _hours(rng, 26, 60)))
    if target == S.ACCEPTED:
        return
    d.append((S.ASSIGNED, _hours(rng, 0.1, 2)))
    if target == S.ASSIGNED:
        return
    d.append((S.IN_PROGRESS, _hours(rng, 0.5, 10)))
    d.append((CONTACT, _hours(rng, 0.5, 18) if late() > 0.12 else _hours(rng, 30, 70)))
    if target == S.POSTPONED or (target not in (S.IN_PROGRESS,) and late() < 0.04):
        d.append((S.POSTPONED, _hours(rng, 12, 30)))
        if target == S.POSTPONED:
            return
        d.append((S.IN_PROGRESS, _hours(rng, 48, 96)))
    if target == S.IN_PROGRESS:
        return
    d.append((S.REPLIED, _hours(rng, 4, 70) if late() > 0.12 else _hours(rng, 120, 200)))
    if target == S.REPLIED:
        return
    if plan.reopen:
        d.append((S.RATED, _hours(rng, 2, 30)))
        plan.ratings.append((Rating.UNSATISFIED, False))
        d.append((S.IN_PROGRESS, _hours(rng, 1, 6)))
        d.append((S.REPLIED, _hours(rng, 12, 60)))
    if plan.rated:
        d.append((S.RATED, _hours(rng, 2, 48)))
        rating = rng.choices(list(RATINGS), list(RATINGS.values()))[0]
        if plan.reopen and rating == Rating.UNSATISFIED:
            rating = Rating.BASICALLY
        plan.ratings.append((rating, rating != Rating.UNSATISFIED and rng.random() < 0.93))
    if target == S.RATED:
        return
    d.append((S.CLOSED, _hours(rng, 1, 24) if plan.rated else _hours(rng, 60, 80)))


def _plans(rng: random.Random, *, subdistrict: Node, anchor: dt.datetime, n: int,
           seed: int, staff: DemoStaff, first: bool) -> list[_Plan]:  # fmt: skip
    places = _places(subdistrict)
    if not places:
        return []
    people = _people(subdistrict, rng)
    texts = demo_cases(n, seed)
    channels, weights = list(CHANNELS), list(CHANNELS.values())
    plans = []
    for code, text in texts:
        recent = rng.random() < RECENT_SHARE
        days = rng.uniform(0, 30) if recent else rng.uniform(30, DAYS)
        if rng.random() < 0.08:
            days = rng.uniform(0, 2)  # a few from the last two days, still being taken in
        day = (anchor - dt.timedelta(days=days)).date()
        received = timezone.make_aware(
            dt.datetime.combine(day, dt.time(rng.randint(7, 20), rng.randint(0, 59)))
        )
        if received >= anchor:
            received = anchor - dt.timedelta(minutes=rng.randint(30, 600))
        age = (anchor - received).days
        bucket = "new" if age < 2 else "weeks" if age < 21 else "months"
        outcomes = OUTCOMES[bucket]
        target = rng.choices(list(outcomes), list(outcomes.values()))[0]
        node, community = rng.choice(places)
        plan = _Plan(
            received_at=received, code=code, text=text,
            channel=rng.choices(channels, weights)[0], target=target, node=node,
            community=community,
        )  # fmt: skip
        plan.rated = target == S.RATED or rng.random() < 0.88
        plan.reopen = target in (S.CLOSED, S.RATED) and bucket != "new" and rng.random() < 0.07
        crowd = people.get(community.pk)
        if crowd and rng.random() < 0.85:
            plan.requester = rng.choice(crowd)
        plans.append(plan)
    # every state at least once, whatever the draw: a state is taken from a plan whose own
    # is common (the newest for the states of intake, an older one for the others)
    plans.sort(key=lambda p: p.received_at)
    counts = Counter(p.target for p in plans)
    older = [p for p in plans if (anchor - p.received_at).days >= 21]
    for status in [s for s in S.values if not counts[s]]:
        pool = reversed(plans) if status in (S.RECEIVED, S.ACCEPTED, S.ASSIGNED) else older
        plan = next((p for p in pool if counts[p.target] > 1), None)
        if plan is not None:
            counts[plan.target] -= 1
            counts[status] += 1
            plan.target, plan.rated = status, True
    if not any(p.reopen for p in plans):
        plan = next((p for p in older if p.target == S.CLOSED), None)
        if plan is not None:
            plan.reopen = plan.rated = True
    if first and staff.resident is not None and staff.resident.person_id:
        flat = Node.objects.get(pk=staff.resident.person.node_id)
        mine = [p for p in plans if p.community.path == flat.path[: len(p.community.path)]]
        for plan in mine[-3:]:
            plan.requester_user, plan.channel, plan.node = staff.resident, Channel.WEB, flat
            plan.requester = None
    for plan in plans:
        _way(plan, rng)
    return plans


def _places(subdistrict: Node) -> list[tuple[Node, Node]]:
    """(place, its community): the buildings and grids of the subdistrict."""
    nodes = list(
        Node.objects.filter(
            subtree_q("path", subdistrict.path),
            kind__in=(NodeKind.COMMUNITY, NodeKind.GRID, NodeKind.BUILDING),
            is_active=True,
        ).order_by("path")
    )
    communities = {n.path: n for n in nodes if n.kind == NodeKind.COMMUNITY}
    out = []
    for node in nodes:
        if node.kind == NodeKind.COMMUNITY:
            continue
        community = next((c for path, c in communities.items() if node.path.startswith(path)), None)
        if community is not None:
            out.append((node, community))
    return out


def _people(subdistrict: Node, rng: random.Random, per_community: int = 120) -> dict:
    """A few residents per community who call in: (person, name, phone)."""
    from shequ.people.models import Person

    found: dict[int, list] = {}
    communities = Node.objects.filter(
        subtree_q("path", subdistrict.path), kind=NodeKind.COMMUNITY
    ).order_by("path")
    for community in communities:
        rows = list(
            Person.objects.filter(subtree_q("node__path", community.path))
            .exclude(phone_enc="")
            .order_by("id")
            .only("id", "name", "phone_enc")[: per_community * 4]
        )
        chosen = rng.sample(rows, min(per_community, len(rows)))
        found[community.pk] = [(p, p.name, crypto.decrypt(p.phone_enc)) for p in chosen]
    return found


def _title(text: str) -> str:
    head = re.split(r"[，。！？]", text, maxsplit=1)[0]
    return head[:30] or text[:30]


def _steps(plan: _Plan, *, anchor, handler, duplicate_of, staff: DemoStaff,
           first_community: bool) -> list[PastStep]:  # fmt: skip
    """The plan's steps at their times, squeezed into the time there was when a request
    is too new for the hours drawn; the first community's by its demo logins."""
    total = sum(hours for _step, hours in plan.delays)
    room = (anchor - plan.received_at).total_seconds() / 3600 - 0.05
    scale = min(1.0, room / total) if total else 1.0
    worker = staff.worker if first_community else None
    doer = (handler.user if handler is not None and handler.user_id else None) or worker
    approver = staff.secretary if first_community else None
    at = plan.received_at
    ratings = iter(plan.ratings)
    steps = []
    replied = 0
    for status, hours in plan.delays:
        at = at + dt.timedelta(hours=hours * scale)
        if status == CONTACT:
            steps.append(PastStep(CONTACT, at, actor=doer))
        elif status == S.ACCEPTED:
            steps.append(PastStep(status, at, actor=worker))
        elif status == S.ASSIGNED:
            steps.append(PastStep(status, at, actor=worker, handler=handler))
        elif status == S.REJECTED:
            steps.append(PastStep(status, at, actor=worker, note=NOTES["reject"]))
        elif status in (S.DUPLICATE, S.MERGED):
            steps.append(PastStep(status, at, actor=worker, duplicate_of=duplicate_of))
        elif status == S.POSTPONED:
            steps.append(
                PastStep(
                    status,
                    at,
                    actor=doer,
                    approver=approver,
                    extension_days=3,
                    note=NOTES["postpone"],
                )  # fmt: skip
            )
        elif status == S.IN_PROGRESS:
            reopening = bool(steps) and steps[-1].to == S.RATED
            steps.append(
                PastStep(status, at, actor=staff.secretary if reopening and first_community
                         else doer, note=NOTES["reopen"] if reopening else "")
            )  # fmt: skip
        elif status == S.REPLIED:
            replied += 1
            reply = NOTES["reply"] if replied == 1 else NOTES["reply_again"]
            steps.append(PastStep(status, at, actor=doer, reply=reply))
        elif status == S.RATED:
            rating, solved = next(ratings)
            steps.append(PastStep(status, at, actor=worker, rating=rating, solved=solved))
        elif status == S.CLOSED:
            steps.append(
                PastStep(status, at, actor=worker, note="" if plan.rated else NOTES["close"])
            )
    return steps


def demo_cases_load(
    *,
    district: Node,
    seed: int,
    staff: DemoStaff | None = None,
    as_of: dt.date | None = None,
    per_subdistrict: int = PER_SUBDISTRICT,
) -> DemoCasesResult:
    """Make the desk and the requests of every subdistrict of the demo district; train the
    routing model on them; run the time-limit sweep once."""
    started = time.perf_counter()
    staff = staff or DemoStaff()
    now = timezone.now()
    anchor = now
    if as_of is not None:
        end_of_day = timezone.make_aware(dt.datetime.combine(as_of, dt.time(18, 0)))
        anchor = min(now, end_of_day)
    with transaction.atomic():
        categories, handler_count, rule_count = demo_desk_create(district=district, staff=staff)
    subdistricts = list(
        Node.objects.filter(subtree_q("path", district.path), kind=NodeKind.SUBDISTRICT).order_by(
            "path"
        )
    )
    first_community = (
        Node.objects.filter(subtree_q("path", district.path), kind=NodeKind.COMMUNITY)
        .order_by("path")
        .first()
    )
    plans: list[_Plan] = []
    for index, subdistrict in enumerate(subdistricts):
        rng = random.Random(seed * 7919 + index)
        plans += _plans(
            rng, subdistrict=subdistrict, anchor=anchor, n=per_subdistrict,
            seed=seed * 7919 + index, staff=staff, first=index == 0,
        )  # fmt: skip
    plans.sort(key=lambda p: p.received_at)
    rng = random.Random(seed)
    handlers: dict[tuple[int, int], Handler | None] = {}
    earlier: dict[int, list[Case]] = {}
    made = []
    later = [p for p in plans if p.target == S.RECEIVED]
    for plan in [p for p in plans if p.target != S.RECEIVED]:
        made.append(_make(plan, rng, categories, handlers, earlier, anchor, staff, first_community))
    trained = routing.routing_train()
    for plan in later:
        made.append(
            _make(
                plan,
                rng,
                categories,
                handlers,
                earlier,
                anchor,
                staff,
                first_community,
                suggest=True,
            )  # fmt: skip
        )
    case_sweep(anchor)
    by_status = Counter(Case.objects.filter(pk__in=[c.pk for c in made]).values_list(
        "status", flat=True
    ))  # fmt: skip
    return DemoCasesResult(
        cases=len(made),
        by_status=by_status,
        handlers=handler_count,
        rules=rule_count,
        trained=trained,
        seconds=time.perf_counter() - started,
    )


def _make(plan, rng, categories, handlers, earlier, anchor, staff, first_community,
          suggest=False) -> Case:  # fmt: skip
    category = categories[plan.code]
    key = (category.pk, plan.node.pk)
    if key not in handlers:
        handlers[key] = routing.handler_for(category=category, node=plan.node)
    handler = handlers[key]
    first = first_community is not None and plan.community.pk == first_community.pk
    duplicate_of = None
    if plan.target in (S.DUPLICATE, S.MERGED):
        candidates = [
            c
            for c in earlier.get(plan.community.pk, [])[-30:]
            if c.category_id == category.pk or len(earlier[plan.community.pk]) < 30
        ]
        if candidates:
            duplicate_of = rng.choice(candidates)
        else:  # nothing earlier to repeat: not ours after all
            plan.delays = [(S.REJECTED, hours) for _s, hours in plan.delays]
    text = plan.text
    person, name, phone = plan.requester or (None, "", "")
    suggestion = None
    if suggest:
        suggestion = routing.route_suggest(text=text, node=plan.node, at=plan.received_at)
    case = case_import(
        # a resident's own request from the web has no recorder (as case_submit has it)
        actor=staff.worker if first and plan.requester_user is None else None,
        channel=plan.channel,
        title=_title(text),
        description=text,
        node=plan.node,
        category=category if plan.target != S.RECEIVED else None,
        requester_name=name,
        requester_phone=phone,
        person=person,
        requester_user=plan.requester_user,
        wants_reply=rng.random() < 0.9,
        received_at=plan.received_at,
        steps=_steps(
            plan,
            anchor=anchor,
            handler=handler,
            duplicate_of=duplicate_of,
            staff=staff,
            first_community=first,
        ),  # fmt: skip
        suggestion=suggestion,
        now=anchor,
    )
    if case.status not in (S.DUPLICATE, S.MERGED):
        earlier.setdefault(plan.community.pk, []).append(case)
    return case
