"""The organisation tree, committee seats, the register and transfers (R-ORG-2, R-ORG-6, R-PM-1)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from shequ.conftest import add_person
from shequ.party.choices import (
    ManagementMode,
    MemberCategory,
    MembershipStage,
    MemberState,
    OrgKind,
    SeatPost,
    SeatSource,
    TeamKind,
)
from shequ.party.models import MembershipTransfer, PartyOrg
from shequ.party.services.members import (
    member_move,
    member_register,
    member_transfer_in,
    member_transfer_out,
)
from shequ.party.services.orgs import org_create, seat_assign, team_create
from shequ.people.choices import PoliticalStatus


def test_tree_places_each_form_under_a_larger_one(party, territory):
    assert [o.code for o in PartyOrg.objects.subtree(party.c1)] == [
        "P-C1", "P-C1G1", "P-C1G1B1", "P-C1G2"
    ]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        org_create(parent=party.g1, kind=OrgKind.BRANCH, name="x", code="X1", node=party.g1.node)
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # a branch of c1 cannot cover c3
        org_create(parent=party.c1, kind=OrgKind.BRANCH, name="x", code="X2", node=territory.c3)
    assert "node" in exc.value.message_dict
    joint = org_create(parent=party.c1, kind=OrgKind.BRANCH, name="联合党支部", code="X3",
                       node=territory.c3, is_joint=True, units="甲公司；乙公司")  # fmt: skip
    assert PartyOrg.objects.get_parent(joint) == party.c1


def test_term_defaults_to_the_configured_years(party, settings):
    assert party.c1.term_ends_on == dt.date(2027, 6, 1)
    settings.SHEQU_PARTY = {"structure": {"term_years": 5}}
    org = org_create(parent=party.c1, kind=OrgKind.BRANCH, name="新支部", code="P-N",
                     node=party.c1.node, term_started_on=dt.date(2026, 1, 1))  # fmt: skip
    assert org.term_ends_on == dt.date(2031, 1, 1)


def test_functional_group_attaches_to_a_team(party, territory):
    team = team_create(node=territory.c1, kind=TeamKind.CULTURE, name="夕阳红合唱队")
    group = org_create(parent=party.b1, kind=OrgKind.GROUP, name="合唱队党小组", code="P-T1",
                       node=territory.grids["C1G1"], team=team)  # fmt: skip
    assert group.team == team
    with pytest.raises(ValidationError):
        org_create(parent=party.c1, kind=OrgKind.BRANCH, name="x", code="P-T2",
                   node=territory.c1, team=team)  # fmt: skip


def test_new_secretary_ends_the_previous_seat_and_part_timers_name_a_unit(party):
    first = seat_assign(org=party.c1, post=SeatPost.SECRETARY, name="赵一",
                        started_on=dt.date(2024, 6, 1))  # fmt: skip
    seat_assign(org=party.c1, post=SeatPost.SECRETARY, name="钱二", started_on=dt.date(2025, 3, 1))
    first.refresh_from_db()
    assert first.ended_on == dt.date(2025, 2, 28)
    with pytest.raises(ValidationError) as exc:
        seat_assign(org=party.c1, post=SeatPost.MEMBER, name="孙三", source=SeatSource.UNIT_LEADER,
                    started_on=dt.date(2025, 3, 1))  # fmt: skip
    assert "unit" in exc.value.message_dict


def test_register_sets_category_mode_and_political_status(party):
    member = party.member("C1G1", party.b1, category=MemberCategory.IN_SERVICE,
                          stage=MembershipStage.PROBATIONARY)  # fmt: skip
    assert member.management_mode == ManagementMode.DUAL
    assert member.node == party.b1.node
    member.person.refresh_from_db()
    assert member.person.political_status == PoliticalStatus.PROBATIONARY
    with pytest.raises(ValidationError) as exc:
        member_register(person=member.person, org=party.b1, category=MemberCategory.DIRECT,
                        stage=MembershipStage.FULL, joined_on=dt.date(2000, 1, 1),
                        full_on=dt.date(2001, 1, 1))  # fmt: skip
    assert "person" in exc.value.message_dict


def test_resident_belonging_elsewhere_then_transferred_in_and_out(party, territory):
    person = add_person(territory.flats["C1G2"][1], "周四")
    member = member_register(person=person, external_org="某大学机关党委",
                             category=MemberCategory.IN_SERVICE, employer="某大学",
                             stage=MembershipStage.FULL, joined_on=dt.date(2005, 1, 1),
                             full_on=dt.date(2006, 1, 1))  # fmt: skip
    assert member.org is None and member.node == territory.c1
    moved = member_transfer_in(person=person, to_org=party.b2, from_org_name="某大学机关党委",
                               letter_number="组转字2026-17", issued_on=dt.date(2026, 3, 1),
                               received_on=dt.date(2026, 3, 5), category="in_service",
                               stage="full", joined_on=dt.date(2005, 1, 1))  # fmt: skip
    assert moved.pk == member.pk and moved.org == party.b2
    member_move(member=moved, to_org=party.b1, letter_number="内转-1", on=dt.date(2026, 4, 1))
    member_transfer_out(member=moved, to_org_name="外区某社区党委", letter_number="组转字2026-30",
                        issued_on=dt.date(2026, 9, 1))  # fmt: skip
    moved.refresh_from_db()
    assert moved.state == MemberState.TRANSFERRED_OUT
    assert list(
        MembershipTransfer.objects.filter(member=moved).order_by("issued_on")
        .values_list("direction", flat=True)
    ) == ["in", "internal", "out"]  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        member_transfer_out(member=moved, to_org_name="x", letter_number="", issued_on=None)
    assert {"letter_number", "issued_on", "member"} <= set(exc.value.message_dict)
