import datetime as dt
from types import SimpleNamespace

import pytest

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import Role
from shequ.cases.choices import Channel, HandlerKind, LimitUnit
from shequ.cases.models import CaseCategory, Handler
from shequ.cases.services import case_submit
from shequ.conftest import make_user


@pytest.fixture
def desk(territory, cast):
    """Categories with limits, handlers of every kind, and a second secretary to approve."""
    roads = CaseCategory.objects.create(
        code="roads", name="道路设施", limit_unit=LimitUnit.WORK_DAYS,
        accept_limit=1, contact_limit=1, resolve_limit=2, keywords="路灯,井盖,道路",
    )  # fmt: skip
    lamps = CaseCategory.objects.create(code="lamps", name="路灯", parent=roads)
    noise = CaseCategory.objects.create(
        code="noise", name="噪声扰民", limit_unit=LimitUnit.WORK_HOURS,
        accept_limit=2, contact_limit=4, resolve_limit=16,
    )  # fmt: skip
    community = Handler.objects.create(
        kind=HandlerKind.COMMUNITY, name="东一社区居委会", node=territory.c1
    )
    grid_worker = Handler.objects.create(
        kind=HandlerKind.GRID_WORKER,
        name="第1网格网格员",
        node=territory.grids["C1G1"],
        user=cast.grid_worker,
    )
    department = Handler.objects.create(
        kind=HandlerKind.DEPARTMENT, name="区市政市容委", node=territory.district
    )
    deputy = make_user("deputy_secretary", Role.COMMUNITY_SECRETARY, territory.c1)
    # roles held since before the dates the tests travel to (the 2026 National Day)
    RoleAssignment.objects.update(started_on=dt.date(2026, 1, 1))
    return SimpleNamespace(
        roads=roads, lamps=lamps, noise=noise, community=community,
        grid_worker=grid_worker, department=department, deputy=deputy,
    )  # fmt: skip


@pytest.fixture
def new_case(territory, cast, desk):
    """A function recording a hotline case in grid C1G1 by the community worker."""

    def make(**kwargs):
        options = {
            "actor": cast.community_worker,
            "channel": Channel.HOTLINE,
            "title": "路灯不亮",
            "description": "1号楼门前路灯连续三晚不亮",
            "node": territory.flats["C1G1"][0],
            "category": desk.lamps,
            "requester_name": "赵大妈",
            "requester_phone": "13800138000",
        }
        options.update(kwargs)
        return case_submit(**options)

    return make


WEEKDAY_MORNING = dt.datetime(2026, 11, 18, 10, 0)  # a Wednesday
