"""A 四联四包 cast on the ``party`` tree (tests of chain and care): committee seats with logins,
two members of the first grid's branch, one of the second's, and the building of C1G1."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from shequ.conftest import add_person, make_user
from shequ.party.choices import SeatPost
from shequ.party.services.orgs import seat_assign
from shequ.people import services as people
from shequ.territory.models import Node

START = dt.date(2025, 1, 1)


def _seat(org, post, name, territory, flat_grid="C1G1"):
    person = add_person(territory.flats[flat_grid][1], name)
    user = make_user(f"u-{name}")
    user.person = person
    user.save(update_fields=["person"])
    return seat_assign(org=org, post=post, person=person, name=name, user=user, started_on=START)


@pytest.fixture
def cc(party, territory, residents):
    t = territory
    c = SimpleNamespace(p=party, t=t, residents=residents)
    c.building = Node.objects.get(code="C1G1B1")
    c.wc_secretary = _seat(party.wc1, SeatPost.SECRETARY, "周工委书记", t)
    c.c1_secretary = _seat(party.c1, SeatPost.SECRETARY, "赵党委书记", t)
    c.c1_member = _seat(party.c1, SeatPost.MEMBER, "钱党委委员", t)
    c.b1_secretary = _seat(party.b1, SeatPost.SECRETARY, "孙支部书记", t)
    c.b1_member = _seat(party.b1, SeatPost.MEMBER, "李支部委员", t)
    c.m1 = party.member("C1G1", party.b1, "吴党员")
    c.m2 = party.member("C1G1", party.b1, "郑党员", flat=1)
    c.m3 = party.member("C1G2", party.b2, "王二党员")
    c.household = residents["C1G1"].household

    def household(grid_code, number, flat=1):
        head = add_person(t.flats[grid_code][flat], f"户主{number}")
        return people.household_create(node=t.flats[grid_code][flat], head=head, number=number)

    c.new_household = household
    return c
