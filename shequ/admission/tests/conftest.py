import datetime as dt
from decimal import Decimal

import pytest

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import Role
from shequ.admission.choices import Scope
from shequ.admission.services import work_item_request
from shequ.cases.choices import HandlerKind
from shequ.cases.models import Handler
from shequ.conftest import make_user

YEAR_START = dt.date(2026, 1, 1)
YEAR_END = dt.date(2026, 12, 31)
MID_MARCH = dt.date(2026, 3, 15)


@pytest.fixture
def office(territory, cast):
    """The second subdistrict's admin, the district's civil affairs bureau as a department,
    and roles held since before the dates the tests look at."""
    cast.sub2_admin = make_user("sub2_admin", Role.SUBDISTRICT_ADMIN, territory.sub2)
    cast.c3_secretary = make_user("c3_secretary", Role.COMMUNITY_SECRETARY, territory.c3)
    RoleAssignment.objects.update(started_on=dt.date(2025, 1, 1))
    return Handler.objects.create(
        kind=HandlerKind.DEPARTMENT, name="区民政局", node=territory.district
    )


@pytest.fixture
def new_item(territory, cast, office):
    """A function registering a request decided by the first subdistrict for all its
    communities (C1, C2), by its admin, for the whole of 2026."""

    def make(**kwargs):
        options = {
            "actor": cast.subdistrict_admin,
            "title": "老年人高龄津贴入户核查",
            "description": "每季度入户核查高龄老人生存状况并录入系统",
            "department": "区民政局",
            "decider": territory.sub1,
            "scope": Scope.ALL,
            "hours_per_month": Decimal("8"),
            "funding": Decimal("3650"),
            "funding_source": "区级财政",
            "start_date": YEAR_START,
            "end_date": YEAR_END,
        }
        options.update(kwargs)
        return work_item_request(**options)

    return make
