"""The 四联四包 chain (R-ORG-5): assignment rules, a household's chain with its gaps, and per
grid the unassigned households and overloaded members at the edge N / N+1."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from shequ.party.models import ChainKind, ChainLink
from shequ.party.selectors.chain import (
    chain_grid_report,
    household_chain,
    overloaded_members,
    unassigned_households,
    unassigned_households_count_for,
)
from shequ.party.services.chain import chain_link_assign, chain_link_end

from . import fixtures_chaincare

cc = fixtures_chaincare.cc

K = ChainKind
ON = dt.date(2025, 3, 1)


def assign(kind, who, what, **kw):
    return chain_link_assign(kind=kind, who=who, what=what, started_on=ON, **kw)


def test_household_chain_names_each_step_and_shows_gaps(cc, cast, django_assert_max_num_queries):
    assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.household)
    assign(K.COMMITTEE_MEMBER_BUILDING, cc.b1_member, cc.building)
    assign(K.BRANCH_SECRETARY_AREA, cc.b1_secretary, cc.t.grids["C1G1"])
    assign(K.SECRETARY_POINT, cc.c1_secretary, cc.t.c1)
    assign(K.COMMITTEE_BRANCH, cc.p.c1, cc.p.b1)
    # no committee member linking the branch secretary: a gap
    user = cast.community_secretary
    with django_assert_max_num_queries(7):
        steps = household_chain(user=user, household=cc.household)
    assert [s.name for s in steps] == [
        "吴党员",
        "第一网格党支部",
        "李支部委员",
        "孙支部书记",
        "",
        "赵党委书记",
        "东一社区党委",
    ]
    assert [s.gap for s in steps] == [False, False, False, False, True, False, False]
    assert steps[3].how.endswith(cc.t.grids["C1G1"].name)


def test_chain_of_an_unassigned_household_falls_back_to_the_covering_branch(cc, cast):
    steps = household_chain(user=cast.community_secretary, household=cc.household)
    assert steps[0].gap and steps[1].name == "第一网格党支部"
    assert sum(s.gap for s in steps) == 6


def test_chain_hidden_outside_the_users_area(cc, cast):
    from shequ.people.models import Household

    with pytest.raises(Household.DoesNotExist):
        household_chain(user=cast.grid_worker, household=cc.residents["C1G2"].household)


def test_one_open_member_per_household_and_reassignment_after_end(cc):
    link = assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.household)
    with pytest.raises(ValidationError) as exc:
        assign(K.MEMBER_HOUSEHOLD, cc.m2, cc.household)
    assert "what" in exc.value.message_dict
    chain_link_end(link=link, on=dt.date(2025, 4, 1))
    again = assign(K.MEMBER_HOUSEHOLD, cc.m2, cc.household)
    assert again.who == cc.m2 and ChainLink.objects.filter(what_household=cc.household).count() == 2
    with pytest.raises(ValidationError):
        chain_link_end(link=link, on=dt.date(2025, 5, 1))  # already ended


def test_database_refuses_a_second_open_member_and_fields_of_another_kind(cc):
    assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.household)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChainLink.objects.create(
            kind=K.MEMBER_HOUSEHOLD,
            who_member=cc.m2,
            what_household=cc.household,
            node=cc.household.node,
            started_on=ON,
        )
    with pytest.raises(IntegrityError), transaction.atomic():  # a building link naming a member
        ChainLink.objects.create(
            kind=K.COMMITTEE_MEMBER_BUILDING,
            who_member=cc.m2,
            what_node=cc.building,
            node=cc.building,
            started_on=ON,
        )


@pytest.mark.parametrize(
    ("kind", "who", "what", "field"),
    [
        (K.COMMITTEE_MEMBER_BUILDING, "b1_member", "grid", "what"),  # not a building
        (K.COMMITTEE_MEMBER_BUILDING, "c1_member", "building", "who"),  # not a branch seat
        (K.BRANCH_SECRETARY_AREA, "b1_member", "grid", "who"),  # not the secretary
        (K.BRANCH_SECRETARY_AREA, "b1_secretary", "grid2", "what"),  # outside his branch
        (K.MEMBER_HOUSEHOLD, "m3", "household", "what"),  # of another branch's area
        (K.BRANCH_MEMBER, "b1_member", "m3", "what"),  # member of another branch
        (K.MEMBER_SECRETARY, "b1_member", "b1", "who"),  # a branch seat links nobody up
        (K.COMMITTEE_BRANCH, "b1", "b2", "who"),  # a branch is no committee
        (K.MEMBER_HOUSEHOLD, "b1_member", "household", "who"),  # a seat, not a member
    ],
)
def test_assignment_rules_name_the_field(cc, kind, who, what, field):
    objects = {
        "grid": cc.t.grids["C1G1"],
        "grid2": cc.t.grids["C1G2"],
        "building": cc.building,
        "household": cc.household,
        "b1": cc.p.b1,
        "b2": cc.p.b2,
    }
    who_obj = getattr(cc.p, who, None) or getattr(cc, who)
    what_obj = objects.get(what) or getattr(cc, what)
    with pytest.raises(ValidationError) as exc:
        assign(kind, who_obj, what_obj)
    assert field in exc.value.message_dict


def test_assigning_needs_manage_party_over_the_place(cc, cast):
    with pytest.raises(PermissionDenied):
        assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.household, actor=cast.community_worker)
    link = assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.household, actor=cast.branch_secretary)
    assert link.node == cc.household.node


def test_grid_report_counts_unassigned_and_overloaded_at_the_edge(cc, cast, settings):
    settings.SHEQU_PARTY = {"chain": {"households_per_member_max": 2}}
    x1, x2, x3 = (cc.new_household("C1G1", f"X{n}") for n in (1, 2, 3))
    assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.household)
    assign(K.MEMBER_HOUSEHOLD, cc.m1, x1)
    user = cast.community_secretary
    assert overloaded_members(user=user) == []  # 2 households = N: not overloaded
    rows = {r["grid"].code: r for r in chain_grid_report(user=user)}
    assert (rows["C1G1"]["households"], rows["C1G1"]["assigned"], rows["C1G1"]["unassigned"]) == (
        4,
        2,
        2,
    )
    assert (rows["C1G2"]["households"], rows["C1G2"]["unassigned"]) == (1, 1)
    assign(K.MEMBER_HOUSEHOLD, cc.m1, x2)  # N + 1
    over = overloaded_members(user=user)
    assert [(o["member"], o["households"], o["over_by"]) for o in over] == [(cc.m1, 3, 1)]
    rows = {r["grid"].code: r for r in chain_grid_report(user=user)}
    assert [o["member"] for o in rows["C1G1"]["overloaded"]] == [cc.m1]
    assert rows["C1G2"]["overloaded"] == []
    assert list(unassigned_households(user=user, grid=cc.t.grids["C1G1"])) == [x3]
    assert unassigned_households_count_for(user=user) == 2  # X3 and the second grid's HC1G2
    assert set(rows) == {"C1G1", "C1G2"}  # the community secretary sees his own grids


def test_grid_report_queries_do_not_grow_with_households(cc, cast, django_assert_max_num_queries):
    for n in range(5):
        assign(K.MEMBER_HOUSEHOLD, cc.m1, cc.new_household("C1G1", f"Y{n}"))
    with django_assert_max_num_queries(6):
        chain_grid_report(user=cast.subdistrict_admin)
