"""Bodies and seats (R-DLB-1, R-DLB-6, R-ORG-7): setting up and editing a body, seating
residents, ending a seat, recall with its decision and by-election into the vacated seat,
constituencies and their households, the sizing report against the configured standard."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shequ.conftest import add_person
from shequ.deliberation.choices import AssemblyMode, BodyKind, SeatEnd, SeatPost, SeatSource
from shequ.deliberation.models import BodyMember, Meeting, Motion, MotionStatus
from shequ.deliberation.selectors import bodies as selectors
from shequ.deliberation.services import bodies as services
from shequ.people.models import Household
from shequ.territory.models import Node

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 3, 1)


def households(flat, n):
    Household.objects.bulk_create([Household(node=flat, number=f"{flat.code}-{i}")
                                   for i in range(n)])  # fmt: skip


# ----------------------------------------------------------------------------- bodies


def test_a_body_belongs_to_a_community_or_subdistrict(territory):
    with pytest.raises(ValidationError) as exc:
        services.body_set_up(node=territory.grids["C1G1"], kind=BodyKind.COUNCIL, name="网格议事会")
    assert "node" in exc.value.message_dict
    body = services.body_set_up(node=territory.sub1, kind=BodyKind.SUPERVISION_COMMITTEE,
                                name="东街道监督委员会")  # fmt: skip
    assert body.node == territory.sub1


def test_a_term_runs_the_configured_years_unless_an_end_is_given(territory, settings):
    body = services.body_set_up(node=territory.c2, kind=BodyKind.RESIDENTS_COMMITTEE,
                                name="居委会", term_started_on=dt.date(2024, 2, 29))  # fmt: skip
    assert body.term_ends_on == dt.date(2027, 2, 27)
    settings.SHEQU_DELIBERATION = {"bodies": {"term_years": 5}}
    assert services.term_end(dt.date(2025, 1, 1)) == dt.date(2029, 12, 31)


def test_bad_numbers_name_their_field(territory):
    with pytest.raises(ValidationError) as exc:
        services.body_set_up(node=territory.c2, kind=BodyKind.COUNCIL, name="议事会",
                             quorum="3/2", convene_ratio="abc")  # fmt: skip
    assert {"quorum", "convene_ratio"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.body_set_up(node=territory.c2, kind=BodyKind.COUNCIL, name="议事会",
                             assembly_mode=AssemblyMode.ALL_ADULTS)  # fmt: skip
    assert "assembly_mode" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.body_set_up(node=territory.c2, kind=BodyKind.COUNCIL, name="议事会",
                             term_started_on=DAY, term_ends_on=dt.date(2025, 2, 28))  # fmt: skip
    assert "term_ends_on" in exc.value.message_dict


def test_edit_then_dissolve_ends_the_open_seats(bodies):
    body = services.body_update(body=bodies.council, name="议事协商会", quorum="3/4")
    assert body.name == "议事协商会" and services.body_quorum(body) == services.share("3/4")
    services.body_dissolve(body=body, on=DAY)
    assert not BodyMember.objects.filter(body=body, ended_on__isnull=True).exists()
    assert set(BodyMember.objects.filter(body=body).values_list("end_reason", flat=True)) == {
        SeatEnd.TERM
    }
    with pytest.raises(ValidationError):
        services.body_update(body=body, name="再改")


# ----------------------------------------------------------------------------- seats


def test_a_seat_goes_to_a_resident_of_the_territory_or_a_units_delegate(bodies, territory):
    outsider = add_person(territory.flats["C2G1"][0], "外人")
    with pytest.raises(ValidationError) as exc:
        services.seat_take(body=bodies.council, person=outsider, started_on=DAY)
    assert "person" in exc.value.message_dict
    joint = services.body_set_up(node=territory.c1, kind=BodyKind.JOINT_UNITS, name="联席会议")
    with pytest.raises(ValidationError) as exc:
        services.seat_take(body=joint, person=outsider, started_on=DAY, source=SeatSource.UNIT)
    assert "unit_name" in exc.value.message_dict
    seat = services.seat_take(body=joint, person=outsider, started_on=DAY,
                              source=SeatSource.UNIT, unit_name="示范区医院")  # fmt: skip
    assert seat.unit_name == "示范区医院"


def test_nobody_is_seated_one_by_one_in_an_assembly_of_all_adults(bodies):
    with pytest.raises(ValidationError):
        services.seat_take(body=bodies.assembly, person=bodies.people[0], started_on=DAY)


def test_one_open_seat_per_person_and_body_with_a_clear_message(bodies):
    person = bodies.people[0]
    with pytest.raises(ValidationError) as exc:
        services.seat_take(body=bodies.council, person=person, started_on=DAY)
    assert person.name in exc.value.message_dict["person"][0]
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says it too
        BodyMember.objects.create(body=bodies.council, person=person, started_on=DAY)


def test_ending_a_seat_needs_a_reason_and_a_day_after_it_began(bodies):
    seat = BodyMember.objects.get(body=bodies.council, person=bodies.people[1])
    with pytest.raises(ValidationError) as exc:
        services.seat_end(seat=seat, on=dt.date(2020, 1, 1), reason=SeatEnd.RESIGNED)
    assert "ended_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.seat_end(seat=seat, on=DAY, reason=SeatEnd.RECALLED)
    assert "reason" in exc.value.message_dict
    services.seat_end(seat=seat, on=DAY, reason=SeatEnd.RESIGNED, note="工作调动")
    seat.refresh_from_db()
    assert (seat.ended_on, seat.end_reason, seat.note) == (DAY, SeatEnd.RESIGNED, "工作调动")
    with pytest.raises(ValidationError):
        services.seat_end(seat=seat, on=DAY, reason=SeatEnd.RESIGNED)


# ----------------------------------------------------------------------------- recall


def _motion(body, status=MotionStatus.PASSED):
    meeting = Meeting.objects.create(body=body, title="罢免会议", starts_at=timezone.now())
    closed = timezone.make_aware(dt.datetime(2025, 2, 28, 20))
    return Motion.objects.create(meeting=meeting, title="罢免议事员", status=status,
                                 closed_at=closed)  # fmt: skip


def test_a_recall_needs_its_decision(bodies):
    seat = BodyMember.objects.get(body=bodies.council, person=bodies.people[2])
    with pytest.raises(ValidationError) as exc:
        services.seat_recall(seat=seat, on=DAY)
    assert "reference" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # and the database insists
        BodyMember.objects.filter(pk=seat.pk).update(ended_on=DAY, end_reason=SeatEnd.RECALLED)


def test_a_recall_by_a_passed_motion_of_the_place_is_linked_to_it(bodies, territory):
    seat = BodyMember.objects.get(body=bodies.council, person=bodies.people[2])
    with pytest.raises(ValidationError) as exc:
        services.seat_recall(
            seat=seat, on=DAY, motion=_motion(bodies.assembly, MotionStatus.FAILED)
        )
    assert "motion" in exc.value.message_dict
    elsewhere = services.body_set_up(
        node=territory.c2, kind=BodyKind.RESIDENTS_ASSEMBLY, name="东二居民会议",
        assembly_mode=AssemblyMode.ALL_ADULTS,
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        services.seat_recall(seat=seat, on=DAY, motion=_motion(elsewhere))
    assert "motion" in exc.value.message_dict
    motion = _motion(bodies.assembly)
    with pytest.raises(ValidationError) as exc:
        services.seat_recall(seat=seat, on=dt.date(2025, 2, 27), motion=motion)
    assert "ended_on" in exc.value.message_dict
    services.seat_recall(seat=seat, on=DAY, motion=motion)
    seat.refresh_from_db()
    assert seat.end_reason == SeatEnd.RECALLED and services.recall_motion(seat) == motion


def test_a_recall_decided_elsewhere_keeps_its_reference(bodies):
    seat = BodyMember.objects.get(body=bodies.council, person=bodies.people[3])
    services.seat_recall(seat=seat, on=DAY, reference="居民会议决议〔2025〕3号", note="长期缺席")
    seat.refresh_from_db()
    assert (
        seat.recall_reference == "居民会议决议〔2025〕3号" and services.recall_motion(seat) is None
    )


# ----------------------------------------------------------------------------- by-election


def test_a_by_election_fills_the_vacated_seat_once(bodies):
    chair = BodyMember.objects.get(body=bodies.committee, post=SeatPost.CHAIR)
    newcomer = add_person(chair.person.node, "补选者")
    with pytest.raises(ValidationError):  # not vacant
        services.seat_by_elect(vacated=chair, person=newcomer, started_on=DAY)
    services.seat_recall(seat=chair, on=DAY, reference="居民会议决议3号")
    assert list(selectors.vacancies(bodies.committee)) == [chair]
    with pytest.raises(ValidationError) as exc:
        services.seat_by_elect(vacated=chair, person=newcomer, started_on=DAY - dt.timedelta(1))
    assert "started_on" in exc.value.message_dict
    seat = services.seat_by_elect(vacated=chair, person=newcomer, started_on=DAY)
    assert (seat.source, seat.post, seat.replaces) == (
        SeatSource.BY_ELECTION,
        SeatPost.CHAIR,
        chair,
    )
    assert list(selectors.vacancies(bodies.committee)) == []
    with pytest.raises(ValidationError):
        services.seat_by_elect(vacated=chair, person=add_person(chair.person.node), started_on=DAY)


def test_a_term_that_ran_out_is_no_vacancy(bodies):
    seat = BodyMember.objects.filter(body=bodies.committee).last()
    services.seat_end(seat=seat, on=DAY, reason=SeatEnd.TERM)
    with pytest.raises(ValidationError):
        services.seat_by_elect(vacated=seat, person=add_person(seat.person.node), started_on=DAY)


# ----------------------------------------------------------------------------- constituencies


def test_constituencies_count_households_and_flag_the_standard(bodies, territory, settings):
    settings.LANGUAGE_CODE = "en"
    settings.SHEQU_DELIBERATION = {"bodies": {"households_per_representative": [2, 3]}}
    flats1, flats2 = territory.flats["C1G1"], territory.flats["C1G2"]
    households(flats1[0], 3)
    households(flats1[1], 2)
    households(flats2[0], 7)
    building = Node.objects.get(code="C1G1B1")
    east = services.constituency_create(body=bodies.reps, name="一片", nodes=[building, flats1[0]])
    west = services.constituency_create(body=bodies.reps, name="二片", nodes=[flats2[0]])
    empty = services.constituency_create(body=bodies.reps, name="三片", nodes=[flats2[1]])
    seats = list(BodyMember.objects.filter(body=bodies.reps))
    for seat, constituency in zip(seats, [east, east, west, west], strict=False):
        seat.constituency = constituency
        seat.save()
    lines = {line.constituency.name: line
             for line in selectors.constituency_lines([bodies.reps])[bodies.reps.pk]}  # fmt: skip
    assert (lines["一片"].households, lines["一片"].representatives) == (5, 2)  # flat counted once
    assert lines["一片"].finding == ""  # 2.5 per representative: within 2–3
    assert lines["二片"].households == 7 and "More than 3" in lines["二片"].finding
    assert "No representative" in lines["三片"].finding
    with pytest.raises(ValidationError):
        services.constituency_create(body=bodies.council, name="错", nodes=[building])
    with pytest.raises(ValidationError) as exc:
        services.constituency_update(constituency=empty, name="三片",
                                     nodes=[territory.flats["C2G1"][0]])  # fmt: skip
    assert "nodes" in exc.value.message_dict


# ----------------------------------------------------------------------------- sizing report

SMALL = {"committee_sizes": [[4, 5], [8, 7], [None, 9]], "households_per_representative": [1, 2]}


def test_sizing_report_against_the_configured_standard(bodies, territory, cast, settings):
    settings.SHEQU_DELIBERATION = {"bodies": SMALL}
    households(territory.flats["C1G1"][0], 6)  # c1: 6 households → 7 members, 3–6 reps
    households(territory.flats["C2G1"][0], 3)
    services.body_update(body=bodies.committee, term_ends_on=dt.date(2025, 1, 31))
    lines = {line.community.code: line
             for line in selectors.sizing_report_for(user=cast.district_admin,
                                                     today=DAY)}  # fmt: skip
    c1 = lines["C1"]
    assert (c1.households, c1.committee_seats, c1.committee_standard) == (6, 5, 7)
    assert (c1.representatives, c1.representatives_low, c1.representatives_high) == (6, 3, 6)
    codes = {code for code, _message in c1.findings}
    assert codes == {"committee_size", "term_expired"}  # 6 reps for 6 households: within
    assert {code for code, _m in lines["C2"].findings} == {"no_committee", "no_representatives"}
    assert lines["C2"].committee_standard == 5


def test_sizing_report_reads_in_bounded_queries(bodies, territory, cast, settings,
                                                django_assert_max_num_queries):  # fmt: skip
    settings.SHEQU_DELIBERATION = {"bodies": SMALL}
    for community in (territory.c2, territory.c3):
        services.body_set_up(node=community, kind=BodyKind.RESIDENTS_COMMITTEE, name="居委会")
        services.body_set_up(node=community, kind=BodyKind.REPRESENTATIVES_ASSEMBLY, name="代表")
    for flats in territory.flats.values():
        households(flats[0], 2)
    cast.district_admin.refresh_from_db()
    with django_assert_max_num_queries(8):
        report = selectors.sizing_report_for(user=cast.district_admin, today=DAY)
    assert [line.households for line in report] == [4, 4, 4]


def test_sizing_report_keeps_to_the_users_subtree(bodies, territory, cast):
    report = selectors.sizing_report_for(user=cast.subdistrict_admin, today=DAY)
    assert [line.community.code for line in report] == ["C1", "C2"]
    assert selectors.sizing_report_for(user=cast.resident, today=DAY) == []


def test_terms_ending_soon_are_flagged(bodies, settings):
    settings.SHEQU_DELIBERATION = {"bodies": {"term_warning_days": 30}}
    body = services.body_update(body=bodies.committee, term_ends_on=DAY + dt.timedelta(days=30))
    assert selectors.term_state(body, DAY) == "ending"
    assert selectors.term_state(body, DAY - dt.timedelta(days=1)) == ""
    assert selectors.term_state(body, DAY + dt.timedelta(days=31)) == "expired"


def test_my_seats_lists_the_bodies_and_their_next_meetings(bodies):
    person = bodies.people[0]
    Meeting.objects.create(body=bodies.council, title="月度例会",
                           starts_at=timezone.now() + dt.timedelta(days=3))  # fmt: skip
    section = selectors.my_seats(None, person)
    [(seat, meetings)] = section["context"]["rows"]
    assert seat.body == bodies.council and [m.title for m in meetings] == ["月度例会"]
    assert selectors.my_seats(None, None) is None
