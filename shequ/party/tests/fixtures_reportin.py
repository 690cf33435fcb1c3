"""Fixtures of the report-in tests (R-PM-2): a frozen day after the first half of 2026, an
in-service member living in C1G1 whose membership is held elsewhere, his login, a worker of
东一社区 and a post of that community."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.party.choices import MemberCategory
from shequ.party.models import ReportInChannel
from shequ.party.services.reportin import post_create, report_in_register

TODAY = dt.date(2026, 7, 15)


@pytest.fixture
def frozen():
    with time_machine.travel(
        dt.datetime(2026, 7, 15, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    ):
        yield TODAY


@pytest.fixture
def loop(party, territory, frozen):
    """An in-service member of 东一社区 (membership at 市卫健委机关党委), reported in by
    himself on 2026-01-05, a post of 3 places and the users around him."""
    t = territory
    ns = SimpleNamespace(t=t, party=party)
    ns.member = party.member(
        "C1G1", None, "李在职", category=MemberCategory.IN_SERVICE, external_org="市卫健委机关党委"
    )
    ns.user = make_user("zaizhi")
    ns.user.person = ns.member.person
    ns.user.save(update_fields=["person"])
    ns.worker = make_user("worker_c1", Role.COMMUNITY_WORKER, t.c1)
    ns.secretary = make_user("secretary_c1", Role.COMMUNITY_SECRETARY, t.c1)
    ns.outsider = make_user("worker_c3", Role.COMMUNITY_WORKER, t.c3)
    ns.report_in = report_in_register(
        actor=ns.user,
        member=ns.member,
        community=t.c1,
        on=dt.date(2026, 1, 5),
        channel=ReportInChannel.SELF,
    )
    ns.post = post_create(
        actor=ns.secretary,
        community=t.c1,
        title="平安巡逻岗",
        duties="周末晚间巡逻",
        capacity=3,
        starts_on=dt.date(2026, 1, 1),
    )
    return ns


def in_service(party, grid="C1G1", name="王在职", flat=0):
    """Another in-service member living in ``grid`` (membership held elsewhere)."""
    return party.member(
        grid,
        None,
        name,
        category=MemberCategory.IN_SERVICE,
        external_org="区教育局机关党委",
        flat=flat,
    )
