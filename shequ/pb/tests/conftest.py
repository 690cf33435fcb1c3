"""Micro-project rounds on the shared test territory (shequ/conftest.py), for every part of pb:

``pb.manager``     community secretary of 东一社区 (c1): MANAGE_PB there
``pb.worker``      community worker of c1: RECORD_PB
``pb.councillor``  a login of the first seated councillor of c1 (``bodies.council``)
``pb.resident(name, grid="C1G1", birth=…)``  a resident of c1 with a login (role RESIDENT)
``pb.round_in(phase, vote_type=…, budget=…)``  a round at c1 walked to ``phase`` through
    the services, with three projects (``round.test_projects``: 001 10 000 yuan, 002
    20 000, 003 30 000, all on the ballot from SHORTLIST on). Phases after VOTE are
    set directly (allocation is another part's work).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from shequ.accounts.roles import Role
from shequ.conftest import add_person, make_user
from shequ.deliberation.tests.conftest import bodies  # noqa: F401 — the council of c1
from shequ.pb.choices import PHASE_ORDER, Phase, VoteType
from shequ.pb.models import Round
from shequ.pb.services import projects as project_services
from shequ.pb.services import rounds as round_services

COSTS = [Decimal("10000"), Decimal("20000"), Decimal("30000")]


@pytest.fixture
def pb(territory, bodies):  # noqa: F811
    t = territory
    ns = SimpleNamespace(territory=t, bodies=bodies)
    ns.manager = make_user("pb_manager", Role.COMMUNITY_SECRETARY, t.c1)
    ns.worker = make_user("pb_worker", Role.COMMUNITY_WORKER, t.c1)
    ns.councillor = make_user("pb_councillor", Role.RESIDENT, t.grids["C1G1"])
    ns.councillor.person = bodies.people[0]
    ns.councillor.save(update_fields=["person"])
    counter = iter(range(1, 10_000))

    def resident(name="居民", grid="C1G1", birth=dt.date(1980, 5, 17), username=None):
        person = add_person(t.flats[grid][0], name, birth=birth)
        user = make_user(username or f"pb_resident{next(counter)}", Role.RESIDENT, t.grids[grid])
        user.person = person
        user.save(update_fields=["person"])
        return user

    def round_in(phase=Phase.VOTE, vote_type=VoteType.APPROVAL, budget=Decimal("40000"),
                 node=None, title="东一社区2026年民生微实事", **fields):  # fmt: skip
        # elsewhere than c1 the fixture's staff hold no role: the steps run as the system
        manager, worker, councillor = (
            (ns.manager, ns.worker, ns.councillor) if node is None else (None, None, None)
        )
        round = round_services.round_create(
            node=node or t.c1, title=title, year=2026, budget=budget, vote_type=vote_type,
            actor=manager, starts_on=dt.date.today(), **fields,
        )  # fmt: skip
        round.test_projects = []
        order = ["draft", *PHASE_ORDER]
        target = order.index(phase) if phase in order else len(order)
        step = 1
        while step <= min(target, order.index(Phase.VOTE)):
            here = order[step]
            round_services.round_transition(round=round, to=here, actor=manager)
            if here == Phase.COLLECT:
                for n, cost in enumerate(COSTS, 1):
                    round.test_projects.append(project_services.project_propose(
                        round=round, actor=worker, title=f"项目{n}", cost=cost,
                        category="works", location=f"{n}号楼"))  # fmt: skip
            elif here == Phase.VET:
                for project in round.test_projects:
                    project_services.project_vet(project=project, actor=worker, feasible=True)
            elif here == Phase.SHORTLIST:
                for project in round.test_projects:
                    project_services.project_shortlist(project=project, actor=councillor)
            step += 1
        if target > order.index(Phase.VOTE):
            Round.objects.filter(pk=round.pk).update(phase=phase)
        round.refresh_from_db()
        for project in round.test_projects:
            project.refresh_from_db()
        return round

    ns.resident = resident
    ns.round_in = round_in
    return ns
