"""The structural rules engine (R-ORG-3) on hand-built trees with known answers for every rule,
at the threshold edges (2/3 full members, 49/50 and 99/100 members, committees of 2/3/5/6,
terms expiring in N and N+1 days, compounds with 2/3 resident members), with configured
thresholds changing the answers, scoped, in a bounded number of queries."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.party.choices import (
    MemberCategory,
    MembershipStage,
    OrgKind,
    SeatPost,
    SeatSource,
    TeamKind,
)
from shequ.party.models import CommitteeSeat, PartyMember
from shequ.party.selectors.structure import (
    findings_count_for,
    structure_findings_for,
    structure_report_for,
)
from shequ.party.services.orgs import org_create, org_renew_term, seat_assign, team_create
from shequ.party.structure import OrgFacts, evaluate, fitting_form
from shequ.people.choices import PersonStatus
from shequ.people.models import Person
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node
from shequ.territory.services import node_create

TODAY = dt.date(2026, 1, 15)  # the fixture's terms run 2024-06-01 – 2027-06-01
TERM = dt.date(2024, 6, 1)
JOINED, FULL_ON = dt.date(2010, 7, 1), dt.date(2011, 7, 1)


def add_members(org, flat, n, *, full=None, prefix="员"):
    """``n`` active members held by ``org`` and living at ``flat``, ``full`` of them (default
    all) full members: bulk rows, the counts are what matters."""
    full = n if full is None else full
    persons = Person.objects.bulk_create(
        [Person(name=f"{prefix}{i}", sex="M", node=flat) for i in range(n)]
    )
    return PartyMember.objects.bulk_create([
        PartyMember(person=person, org=org, node=org.node, category=MemberCategory.DIRECT,
                    stage=MembershipStage.FULL if i < full else MembershipStage.PROBATIONARY,
                    joined_on=JOINED, full_on=FULL_ON if i < full else None)
        for i, person in enumerate(persons)
    ])  # fmt: skip


def seats(org, n, *, started_on=dt.date(2024, 6, 1)):
    posts = [SeatPost.SECRETARY, SeatPost.DEPUTY_SECRETARY] + [SeatPost.MEMBER] * 20
    for i in range(n):
        seat_assign(org=org, post=posts[i], name=f"委员{i}", started_on=started_on)


def own(findings, org):
    """The codes of the organisation's own findings (not those of places it answers for)."""
    return sorted(f.code for f in findings if f.org == org and f.node is None)


def found(findings, org, code):
    return next(f for f in findings if f.org == org and f.node is None and f.code == code)


def report(user, root, today=TODAY):
    return structure_findings_for(user=user, root=root, today=today)


@pytest.fixture
def admin(territory):
    return make_user("district_st", Role.DISTRICT_ADMIN, territory.district)


def flat(territory, grid="C1G2"):
    return territory.flats[grid][0]


# — sizing: branches —


@pytest.mark.parametrize(("full", "expected"), [(2, ["branch_too_few_full"]), (3, [])])
def test_branch_needs_three_full_members(party, territory, admin, full, expected):
    add_members(party.b2, flat(territory), full + 1, full=full)  # one probationary on top
    findings = report(admin, party.b2)
    assert own(findings, party.b2) == expected
    if expected:
        assert found(findings, party.b2, "branch_too_few_full").numbers == {
            "full": 2, "threshold": 3
        }  # fmt: skip


@pytest.mark.parametrize(
    ("members", "expected", "fits"),
    [
        (49, [], None),
        (50, ["form_too_small"], OrgKind.GENERAL_BRANCH),
        (99, ["form_too_small"], OrgKind.GENERAL_BRANCH),
        (100, ["form_too_small"], OrgKind.COMMITTEE),
    ],
)
def test_branch_outgrows_its_form_at_50_and_100(party, territory, admin, members, expected, fits):
    add_members(party.b2, flat(territory), members, full=5)  # too few for a committee
    findings = report(admin, party.b2)
    assert own(findings, party.b2) == expected
    if fits:
        finding = found(findings, party.b2, "form_too_small")
        assert finding.numbers == {"members": members, "threshold": 50 if members < 100 else 100,
                                   "fits": fits}  # fmt: skip


@pytest.mark.parametrize(
    ("members", "expected"),
    [(49, ["form_too_large"]), (50, []), (99, []), (100, ["form_too_small"])],
)
def test_general_branch_fits_from_50_to_99_members_of_its_branches(
    party, territory, admin, members, expected
):
    general = org_create(parent=party.c1, kind=OrgKind.GENERAL_BRANCH, name="总支", code="GB",
                         node=territory.grids["C1G2"], term_started_on=TERM)  # fmt: skip
    first = org_create(parent=general, kind=OrgKind.BRANCH, name="一支部", code="GB1",
                       node=territory.grids["C1G2"])  # fmt: skip
    second = org_create(parent=general, kind=OrgKind.BRANCH, name="二支部", code="GB2",
                        node=territory.grids["C1G2"])  # fmt: skip
    add_members(first, flat(territory), 30)
    add_members(second, flat(territory), members - 30)
    # the general branch's committee: 5 seats, within 5–7
    seats(general, 5)
    findings = report(admin, general)
    assert own(findings, general) == expected
    if members == 49:
        assert found(findings, general, "form_too_large").numbers == {
            "members": 49, "full": 49, "threshold": 50, "fits": OrgKind.BRANCH
        }  # fmt: skip


@pytest.mark.parametrize(("members", "expected"), [(99, ["form_too_large"]), (100, [])])
def test_committee_counts_the_members_of_its_branches(party, territory, admin, members, expected):
    add_members(party.b1, flat(territory, "C1G1"), 60)
    add_members(party.b2, flat(territory), members - 60)
    seats(party.c1, 5)
    findings = report(admin, party.c1)
    assert own(findings, party.c1) == expected
    if expected:
        finding = found(findings, party.c1, "form_too_large")
        assert finding.numbers["members"] == 99
        assert finding.numbers["fits"] == OrgKind.GENERAL_BRANCH


def test_committee_without_enough_full_members_is_told_to_join_a_joint_branch(
    party, territory, admin
):
    add_members(party.b2, flat(territory), 4, full=2)
    finding = found(report(admin, party.c1), party.c1, "form_too_large")
    assert finding.numbers == {"members": 4, "full": 2, "threshold": 100, "fits": ""}


def test_working_committee_and_groups_are_not_sized(party, admin):
    findings = report(admin, party.wc1)
    assert not [f for f in findings if f.org in (party.wc1, party.g1) and f.node is None]


def test_members_who_left_or_are_held_elsewhere_do_not_count(party, territory, admin):
    members = add_members(party.b2, flat(territory), 3)
    PartyMember.objects.filter(pk=members[0].pk).update(state="left")
    assert own(report(admin, party.b2), party.b2) == ["branch_too_few_full"]


# — committees —


@pytest.mark.parametrize(("n", "expected"), [(2, ["committee_size"]), (3, []), (5, []),
                                             (6, ["committee_size"])])  # fmt: skip
def test_branch_committee_has_three_to_five_members(party, territory, admin, n, expected):
    add_members(party.b2, flat(territory), 7)  # 7 full members: the branch elects a committee
    seats(party.b2, n)
    findings = report(admin, party.b2)
    assert own(findings, party.b2) == expected
    if expected:
        assert found(findings, party.b2, "committee_size").numbers == {
            "seats": n, "min": 3, "max": 5
        }  # fmt: skip


def test_small_branch_has_a_secretary_only_and_is_not_sized(party, territory, admin):
    add_members(party.b2, flat(territory), 6)
    seats(party.b2, 1)
    assert own(report(admin, party.b2), party.b2) == []


def test_committee_seats_are_counted_on_the_day(party, territory, admin):
    add_members(party.b2, flat(territory), 7)
    seats(party.b2, 3)
    # a member leaving yesterday and one starting tomorrow do not count; a group leader is
    # not a committee seat; a part-time member from a unit does count (R-ORG-6)
    CommitteeSeat.objects.filter(org=party.b2, post=SeatPost.MEMBER).update(
        ended_on=TODAY - dt.timedelta(days=1)
    )
    seat_assign(
        org=party.b2, post=SeatPost.MEMBER, name="明日", started_on=TODAY + dt.timedelta(days=1)
    )
    findings = report(admin, party.b2)
    assert found(findings, party.b2, "committee_size").numbers["seats"] == 2
    seat_assign(org=party.b2, post=SeatPost.MEMBER, name="兼职", source=SeatSource.UNIT_LEADER,
                unit="示范区物业公司", started_on=TODAY)  # fmt: skip
    assert own(report(admin, party.b2), party.b2) == []


def test_party_committee_is_sized_by_its_own_range(party, territory, admin):
    add_members(party.b1, flat(territory, "C1G1"), 100)
    seats(party.c1, 4)
    assert found(report(admin, party.c1), party.c1, "committee_size").numbers == {
        "seats": 4, "min": 5, "max": 9
    }  # fmt: skip
    seats(party.c1, 5, started_on=dt.date(2025, 1, 1))  # the new secretary ends the old one
    assert own(report(admin, party.c1), party.c1) == []


# — terms —


@pytest.mark.parametrize(
    ("days", "expected"),
    [(-1, ["term_expired"]), (0, ["term_expiring"]), (90, ["term_expiring"]), (91, [])],
)
def test_term_expired_or_expiring_within_the_notice(party, territory, admin, days, expected):
    add_members(party.b2, flat(territory), 3)
    org_renew_term(org=party.b2, started_on=dt.date(2023, 1, 1),
                   ends_on=TODAY + dt.timedelta(days=days))  # fmt: skip
    findings = report(admin, party.b2)
    assert own(findings, party.b2) == expected
    if days == 90:
        assert found(findings, party.b2, "term_expiring").numbers == {
            "ends_on": "2026-04-15", "days_left": 90, "notice_days": 90
        }  # fmt: skip
    if days == -1:
        assert found(findings, party.b2, "term_expired").numbers == {
            "ends_on": "2026-01-14", "days_overdue": 1
        }  # fmt: skip


# — places —


@pytest.fixture
def compound(territory):
    """A compound in grid C2G1 (covered by the community branch of C2) with one building."""
    grid = territory.grids["C2G1"]
    node = node_create(parent=grid, kind=NodeKind.COMPOUND, code="K1", name="幸福小区")
    building = node_create(parent=node, kind=NodeKind.BUILDING, code="K1B1", name="幸福1号楼")
    flat = node_create(parent=building, kind=NodeKind.FLAT, code="K1F1", name="101室")
    return node, building, flat


def place_codes(findings, node):
    return sorted(f.code for f in findings if f.node == node)


@pytest.mark.parametrize(("residents", "expected"), [(2, []), (3, ["compound_without_branch"])])
def test_compound_with_three_resident_members_needs_a_branch(
    party, admin, compound, residents, expected
):
    node, _building, home = compound
    add_members(party.c2, home, residents)
    findings = report(admin, party.wc1)
    assert place_codes(findings, node) == expected
    if expected:
        finding = next(f for f in findings if f.node == node)
        assert finding.numbers == {"residents": 3, "threshold": 3}
        assert finding.org == party.c2  # the organisation answering for the compound


def test_a_branch_at_the_compound_or_inside_it_covers_it(party, admin, compound):
    node, building, home = compound
    add_members(party.c2, home, 3)
    moved = Person.objects.filter(node=home).first()
    Person.objects.filter(pk=moved.pk).update(status=PersonStatus.MOVED_OUT)
    assert place_codes(report(admin, party.wc1), node) == []  # 2 still living there
    Person.objects.filter(pk=moved.pk).update(status=PersonStatus.RESIDENT)
    assert place_codes(report(admin, party.wc1), node) == ["compound_without_branch"]
    org_create(parent=party.c2, kind=OrgKind.GROUP, name="幸福1号楼党小组", code="KG",
               node=building)  # fmt: skip
    assert place_codes(report(admin, party.wc1), node) == ["compound_without_branch"]
    branch = org_create(parent=party.wc1, kind=OrgKind.BRANCH, name="幸福小区党支部", code="KB",
                        node=building)  # fmt: skip
    assert place_codes(report(admin, party.wc1), node) == []
    branch.dissolved_on = TODAY
    branch.save(update_fields=["dissolved_on"])
    assert place_codes(report(admin, party.wc1), node) == ["compound_without_branch"]


def test_building_with_members_needs_its_own_group(party, territory, admin):
    b1_building = party.g1.node
    b2_building = Node.objects.get(code="C1G2B1")
    add_members(party.b1, flat(territory, "C1G1"), 1)
    add_members(party.b2, flat(territory), 1)
    findings = report(admin, party.c1)
    assert place_codes(findings, b1_building) == []  # 1号楼党小组 covers it
    assert place_codes(findings, b2_building) == ["building_without_group"]
    finding = next(f for f in findings if f.node == b2_building)
    assert (finding.org, finding.numbers) == (party.b2, {"residents": 1, "threshold": 1})
    team = team_create(node=territory.c1, kind=TeamKind.CULTURE, name="合唱队")
    org_create(parent=party.b2, kind=OrgKind.GROUP, name="合唱队党小组", code="TG",
               node=b2_building, team=team)  # fmt: skip
    assert place_codes(report(admin, party.c1), b2_building) == ["building_without_group"]
    org_create(parent=party.b2, kind=OrgKind.GROUP, name="2号楼党小组", code="BG",
               node=b2_building)  # fmt: skip
    assert place_codes(report(admin, party.c1), b2_building) == []


# — configuration —


def test_configured_thresholds_change_the_answers(party, territory, admin, settings, compound):
    add_members(party.b2, flat(territory), 30, full=2)
    node, _building, home = compound
    add_members(party.c2, home, 2)
    findings = report(admin, party.wc1)
    assert own(findings, party.b2) == ["branch_too_few_full"]
    assert place_codes(findings, node) == []
    settings.SHEQU_PARTY = {"structure": {
        "branch_min_full_members": 2, "general_branch_min_members": 30,
        "compound_min_resident_members": 2, "term_expiring_days": 600,
    }}  # fmt: skip
    findings = report(admin, party.wc1)
    assert own(findings, party.b2) == ["form_too_small", "term_expiring"]
    assert found(findings, party.b2, "form_too_small").numbers["threshold"] == 30
    assert place_codes(findings, node) == ["compound_without_branch"]
    settings.SHEQU_PARTY = {"structure": {"disabled_rules": ["branch_too_few_full"]}}
    assert own(report(admin, party.wc1), party.b2) == []


def test_fitting_form_at_the_edges():
    cfg = {"branch_min_full_members": 3, "general_branch_min_members": 50,
           "committee_min_members": 100}  # fmt: skip
    assert [fitting_form(n, f, cfg) for n, f in [(2, 2), (3, 3), (49, 3), (50, 0), (99, 3),
                                                 (100, 0)]] == [
        None, OrgKind.BRANCH, OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.GENERAL_BRANCH,
        OrgKind.COMMITTEE,
    ]  # fmt: skip


def test_messages_name_the_numbers(party):
    class Org:
        pk, kind, name, is_joint, term_ends_on = 1, OrgKind.BRANCH, "支部", False, None

    (finding,) = evaluate([OrgFacts(org=Org(), members=50, full=50, seats=3)], today=TODAY)
    assert finding.code == "form_too_small"
    assert "50" in finding.message


# — scope, counts, queries —


def test_report_is_scoped_to_what_the_user_sees(party, territory, admin):
    add_members(party.b2, flat(territory), 2)
    add_members(party.c3, flat(territory, "C3G1"), 2)
    secretary = make_user("c1_secretary", Role.COMMUNITY_SECRETARY, territory.c1)
    findings = structure_findings_for(user=secretary, root=None, today=TODAY)
    assert {f.org for f in findings} <= {party.c1, party.b1, party.b2}
    assert "branch_too_few_full" in own(findings, party.b2)
    with pytest.raises(PermissionDenied):
        structure_findings_for(user=secretary, root=party.c3, today=TODAY)
    resident = make_user("resident_st", Role.RESIDENT, territory.grids["C1G1"])
    assert findings_count_for(user=resident, today=TODAY) == 0


def test_findings_count_counts_organisations_once(party, territory, admin):
    # b1 and c2 and c3 have no full members; b2 has 2; c1 and the working committees:
    # c1 is a committee of 2 members (form too large); wc are not sized.
    add_members(party.b2, flat(territory), 2)
    secretary = make_user("c1_secretary2", Role.COMMUNITY_SECRETARY, territory.c1)
    # c1: form_too_large + committee_size (0 seats); b1: too few full; b2: too few full and
    # its building has a member and no group (charged to b2): 3 organisations.
    assert findings_count_for(user=secretary, today=TODAY) == 3


def test_report_takes_a_bounded_number_of_queries(party, territory, admin,
                                                   django_assert_max_num_queries):  # fmt: skip
    def grow(count):
        for i in range(count):
            branch = org_create(parent=party.c1, kind=OrgKind.BRANCH, name=f"支部{i}",
                                code=f"Q{count}-{i}", node=territory.grids["C1G2"])  # fmt: skip
            add_members(branch, flat(territory), 3, prefix=f"q{count}{i}")
            seats(branch, 1)

    grow(2)
    user = make_user("counter", Role.DISTRICT_ADMIN, territory.district)
    with django_assert_max_num_queries(8):
        small = structure_report_for(user=user, root=None, today=TODAY)
    grow(20)
    user = make_user("counter2", Role.DISTRICT_ADMIN, territory.district)
    with django_assert_max_num_queries(8):
        big = structure_report_for(user=user, root=None, today=TODAY)
    assert len(big.orgs) == len(small.orgs) + 20
