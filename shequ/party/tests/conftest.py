"""A small party tree on the shared test territory (shequ/conftest.py):

    东街道党工委 (working committee, sub1)
      东一社区党委 (committee, c1)
        第一网格党支部 (branch, C1G1) — 1号楼党小组 (group, building C1G1B1)
        第二网格党支部 (branch, C1G2)
      东二社区党支部 (branch, c2)
    西街道党工委 (working committee, sub2)
      西一社区党支部 (branch, c3)

``party.member(flat_or_grid_code, org, **kw)`` registers a new resident as a member.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from shequ.conftest import add_person
from shequ.party.choices import MemberCategory, MembershipStage, OrgKind
from shequ.party.services.members import member_register
from shequ.party.services.orgs import org_create
from shequ.territory.models import Node

TERM_START = dt.date(2024, 6, 1)


@pytest.fixture
def party(territory):
    t = territory
    p = SimpleNamespace()
    p.wc1 = org_create(parent=None, kind=OrgKind.WORKING_COMMITTEE, name="东街道党工委",
                       code="P-S1", node=t.sub1, term_started_on=TERM_START)  # fmt: skip
    p.wc2 = org_create(parent=None, kind=OrgKind.WORKING_COMMITTEE, name="西街道党工委",
                       code="P-S2", node=t.sub2, term_started_on=TERM_START)  # fmt: skip
    p.c1 = org_create(parent=p.wc1, kind=OrgKind.COMMITTEE, name="东一社区党委", code="P-C1",
                      node=t.c1, term_started_on=TERM_START)  # fmt: skip
    p.b1 = org_create(parent=p.c1, kind=OrgKind.BRANCH, name="第一网格党支部", code="P-C1G1",
                      node=t.grids["C1G1"], term_started_on=TERM_START)  # fmt: skip
    p.b2 = org_create(parent=p.c1, kind=OrgKind.BRANCH, name="第二网格党支部", code="P-C1G2",
                      node=t.grids["C1G2"], term_started_on=TERM_START)  # fmt: skip
    building = Node.objects.subtree(t.grids["C1G1"]).get(kind="building")
    p.g1 = org_create(parent=p.b1, kind=OrgKind.GROUP, name="1号楼党小组", code="P-C1G1B1",
                      node=building)  # fmt: skip
    p.c2 = org_create(parent=p.wc1, kind=OrgKind.BRANCH, name="东二社区党支部", code="P-C2",
                      node=t.c2, term_started_on=TERM_START)  # fmt: skip
    p.c3 = org_create(parent=p.wc2, kind=OrgKind.BRANCH, name="西一社区党支部", code="P-C3",
                      node=t.c3, term_started_on=TERM_START)  # fmt: skip

    def member(grid_code, org, name="党员", *, category=MemberCategory.DIRECT,
               stage=MembershipStage.FULL, joined_on=dt.date(2010, 7, 1), **kwargs):  # fmt: skip
        flat = t.flats[grid_code][kwargs.pop("flat", 0)]
        person = add_person(flat, name, **kwargs.pop("person", {}))
        if category == MemberCategory.IN_SERVICE:
            kwargs.setdefault("employer", "示范区人民医院")
            kwargs.setdefault("employer_party_org", "示范区人民医院党委")
        return member_register(
            person=person, org=org, category=category, stage=stage, joined_on=joined_on,
            full_on=joined_on + dt.timedelta(days=365) if stage == MembershipStage.FULL else None,
            **kwargs,
        )  # fmt: skip

    p.member = member
    return p
