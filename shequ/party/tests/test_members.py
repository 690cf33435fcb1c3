"""The member register's services at their edges (R-PM-1, R-PM-7), beyond test_orgs.py: card
numbers, in-service employers, letter dates, scope, and the dashboard's category counts."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.accounts.roles import Role
from shequ.conftest import add_person, make_user
from shequ.party.choices import MemberCategory, MembershipStage, MemberState
from shequ.party.models import MembershipTransfer, PartyMember
from shequ.party.selectors.members import (
    member_category_counts,
    person_candidates_for,
    person_from_token,
    person_pick_token,
)
from shequ.party.services.members import (
    member_move,
    member_register,
    member_transfer_in,
    member_transfer_out,
    member_update,
)

pytestmark = pytest.mark.django_db

JOINED = dt.date(2010, 7, 1)


def _register(person, org, **kwargs):
    options = {"category": MemberCategory.DIRECT, "stage": MembershipStage.FULL,
               "joined_on": JOINED, "full_on": dt.date(2011, 7, 1)}  # fmt: skip
    options.update(kwargs)
    return member_register(person=person, org=org, **options)


def test_card_number_is_unique_and_blank_cards_do_not_collide(party, territory):
    party.member("C1G1", party.b1, card_number="DY-001")
    person = add_person(territory.flats["C1G1"][1], "李二")
    with pytest.raises(ValidationError) as exc:
        _register(person, party.b1, card_number=" DY-001 ")
    assert set(exc.value.message_dict) == {"card_number"}
    assert not PartyMember.objects.filter(person=person).exists()
    # two members without a card: blank is stored as NULL, not as a shared ""
    a = _register(person, party.b1, card_number="  ")
    b = party.member("C1G2", party.b2)
    assert a.card_number is None and b.card_number is None
    with pytest.raises(ValidationError) as exc:
        member_update(member=b, card_number="DY-001")
    assert "card_number" in exc.value.message_dict
    member_update(member=b, card_number="DY-002")
    b.refresh_from_db()
    assert b.card_number == "DY-002"


def test_in_service_member_needs_an_employer_on_register_and_on_update(party, territory):
    person = add_person(territory.flats["C1G1"][1], "王在职")
    with pytest.raises(ValidationError) as exc:
        _register(person, party.b1, category=MemberCategory.IN_SERVICE, employer="  ")
    assert "employer" in exc.value.message_dict
    direct = party.member("C1G2", party.b2)
    with pytest.raises(ValidationError) as exc:
        member_update(member=direct, category=MemberCategory.IN_SERVICE)
    assert "employer" in exc.value.message_dict
    member_update(member=direct, category=MemberCategory.IN_SERVICE, employer="区医院")
    direct.refresh_from_db()
    assert (direct.category, direct.management_mode) == ("in_service", "dual")


def test_full_member_needs_a_date_not_before_joining(party, territory):
    person = add_person(territory.flats["C1G1"][1], "赵正式")
    with pytest.raises(ValidationError) as exc:
        _register(person, party.b1, full_on=None)
    assert "full_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _register(person, party.b1, full_on=JOINED - dt.timedelta(days=1))
    assert "full_on" in exc.value.message_dict
    # a probationary member's stray full date is not kept
    member = _register(person, party.b1, stage=MembershipStage.PROBATIONARY,
                       full_on=dt.date(2011, 7, 1))  # fmt: skip
    assert member.full_on is None


def test_membership_is_held_by_a_branch_and_the_group_belongs_to_it(party, territory):
    person = add_person(territory.flats["C1G1"][1], "孙小组")
    with pytest.raises(ValidationError) as exc:
        _register(person, party.g1)
    assert "org" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # 1号楼党小组 is a group of b1, not of b2
        _register(person, party.b2, group=party.g1)
    assert "group" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        member_register(person=person, category="direct", stage="full", joined_on=JOINED,
                        full_on=JOINED, external_org="  ")  # fmt: skip
    assert "org" in exc.value.message_dict
    assert _register(person, party.b1, group=party.g1).group == party.g1


def test_letter_dates_and_names_are_checked_on_every_transfer(party, territory):
    person = add_person(territory.flats["C1G1"][1], "周来")
    with pytest.raises(ValidationError) as exc:
        member_transfer_in(person=person, to_org=party.b1, from_org_name=" ",
                           letter_number="组转字1号", issued_on=dt.date(2026, 3, 10),
                           received_on=dt.date(2026, 3, 9), category="direct", stage="full",
                           joined_on=JOINED, full_on=JOINED)  # fmt: skip
    assert set(exc.value.message_dict) == {"from_org_name", "received_on"}
    # received the same day as issued is fine
    member = member_transfer_in(person=person, to_org=party.b1, from_org_name="外区党委",
                                letter_number="组转字1号", issued_on=dt.date(2026, 3, 10),
                                received_on=dt.date(2026, 3, 10), category="direct",
                                stage="full", joined_on=JOINED, full_on=JOINED)  # fmt: skip
    with pytest.raises(ValidationError) as exc:  # already held here: that is a move
        member_transfer_in(person=person, to_org=party.b2, from_org_name="外区党委",
                           letter_number="组转字2号", issued_on=dt.date(2026, 4, 1),
                           received_on=dt.date(2026, 4, 2), category="direct", stage="full",
                           joined_on=JOINED, full_on=JOINED)  # fmt: skip
    assert "person" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        member_move(member=member, to_org=party.b1, letter_number=" ", on=dt.date(2026, 4, 1))
    assert {"to_org", "letter_number"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        member_move(member=member, to_org=party.g1, letter_number="内1", on=dt.date(2026, 4, 1))
    assert "to_org" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        member_transfer_out(member=member, to_org_name="", letter_number="组转字3号",
                            issued_on=dt.date(2026, 5, 1))  # fmt: skip
    assert set(exc.value.message_dict) == {"to_org_name"}
    assert MembershipTransfer.objects.filter(member=member).count() == 1


def test_staff_cannot_write_outside_their_scope(party, territory, cast):
    secretary = cast.community_secretary  # 东一社区
    outsider = add_person(territory.flats["C3G1"][0], "吴西")
    # belonging elsewhere: the service checks the person's place
    with pytest.raises(PermissionDenied):
        member_register(actor=secretary, person=outsider, external_org="某大学党委",
                        category="direct", stage="full", joined_on=JOINED,
                        full_on=JOINED)  # fmt: skip
    with pytest.raises(PermissionDenied):  # an organisation of 西街道
        _register(outsider, party.c3, actor=secretary)
    west = party.member("C3G1", party.c3)
    with pytest.raises(PermissionDenied):
        member_update(actor=secretary, member=west, card_number="X-1")
    with pytest.raises(PermissionDenied):
        member_transfer_out(actor=secretary, member=west, to_org_name="外区",
                            letter_number="1", issued_on=dt.date(2026, 1, 1))  # fmt: skip
    mine = party.member("C1G1", party.b1)
    with pytest.raises(PermissionDenied):  # moving his own member to the west is not his
        member_move(actor=secretary, member=mine, to_org=party.c3, letter_number="1",
                    on=dt.date(2026, 1, 1))  # fmt: skip
    worker = cast.community_worker  # reads the register, keeps nothing
    with pytest.raises(PermissionDenied):
        member_update(actor=worker, member=mine, card_number="X-2")
    assert west.state == MemberState.ACTIVE


def test_a_person_outside_the_scope_cannot_be_picked(party, territory, cast):
    """The register form takes its person only from a search within the user's scope; the
    service alone would accept any person under one of his organisations."""
    secretary = cast.community_secretary
    outsider = add_person(territory.flats["C3G1"][0], "吴西")
    insider = add_person(territory.flats["C1G2"][0], "吴东")
    assert person_candidates_for(user=secretary, q="吴") == [insider]
    assert person_from_token(user=secretary, token=person_pick_token(outsider)) is None
    assert person_from_token(user=secretary, token=person_pick_token(insider)) == insider
    assert person_from_token(user=secretary, token=str(insider.pk)) is None  # unsigned


def test_branch_secretary_finds_a_resident_by_full_id_number_only(party, territory, cast):
    from shequ.core import crypto

    secretary = cast.branch_secretary  # C1G1, no registry role
    resident = add_person(territory.flats["C1G1"][1], "郑一", birth=dt.date(1975, 2, 3))
    elsewhere = add_person(territory.flats["C1G2"][1], "郑二", birth=dt.date(1975, 2, 3))
    id_number = crypto.decrypt(resident.id_number_enc)
    other_id = crypto.decrypt(elsewhere.id_number_enc)
    assert person_candidates_for(user=secretary, q="郑") == []
    assert person_candidates_for(user=secretary, q=id_number) == [resident]
    assert person_candidates_for(user=secretary, q=other_id) == []  # another grid's


def test_category_counts_are_the_active_members_the_user_may_read(party, territory, cast):
    party.member("C1G1", party.b1)
    party.member("C1G1", party.b1, category=MemberCategory.RETIRED)
    party.member("C1G2", party.b2, category=MemberCategory.RETIRED)
    party.member("C1G2", party.b2, category=MemberCategory.IN_SERVICE)
    party.member("C2G1", party.c2, category=MemberCategory.FLOATING)
    party.member("C3G1", party.c3, category=MemberCategory.UNEMPLOYED)  # 西街道
    left = party.member("C1G1", party.b1, category=MemberCategory.RETIRED)
    member_transfer_out(member=left, to_org_name="外区", letter_number="1",
                        issued_on=dt.date(2026, 1, 1))  # fmt: skip
    assert member_category_counts(user=cast.subdistrict_admin) == {
        "direct": 1, "retired": 2, "unemployed": 0, "floating": 1, "in_service": 1,
    }  # fmt: skip
    assert member_category_counts(user=cast.branch_secretary) == {
        "direct": 1, "retired": 1, "unemployed": 0, "floating": 0, "in_service": 0,
    }  # fmt: skip
    assert sum(member_category_counts(user=cast.grid_worker).values()) == 0
    district = make_user("district2", Role.DISTRICT_ADMIN, territory.district)
    assert sum(member_category_counts(user=district).values()) == 6
