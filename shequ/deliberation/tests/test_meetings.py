"""Meetings of a body (R-DLB-4, R-DLB-3): the notice period, the eligibility snapshot, the
steps of a meeting, attendance with proxies, and the report of councils without a meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shequ.deliberation.models import MeetingStatus, MotionStatus
from shequ.deliberation.models.meetings import Attendance
from shequ.deliberation.selectors import meetings as selectors
from shequ.deliberation.selectors.mine import my_sections
from shequ.deliberation.services import meetings as svc
from shequ.deliberation.services import votes as votes_svc
from shequ.deliberation.services.bodies import seat_add

from .fixtures_meetings import (
    DURING,
    NOTICE_AT,
    STARTS_AT,
    TZ,
    at_notice,
    member_login,
    open_meeting,
    schedule,
    voting,
)

__all__ = ["at_notice"]
pytestmark = pytest.mark.django_db


def test_notice_too_late_is_refused_naming_the_earliest_start(at_notice, bodies):
    late = NOTICE_AT + dt.timedelta(days=2, hours=23)  # a council: 3 days' notice
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.meeting_schedule(body=bodies.council, title="临时会议", starts_at=late)
    assert exc.value.message_dict["starts_at"] == [
        "Notice must be given 3 days ahead: the meeting can start at 2026-03-05 09:00 at the "
        "earliest."
    ]
    exactly = NOTICE_AT + dt.timedelta(days=3)
    assert svc.meeting_schedule(body=bodies.council, title="临时会议", starts_at=exactly).pk


def test_the_assembly_needs_its_own_notice_period(at_notice, bodies, settings):
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.meeting_schedule(body=bodies.assembly, title="居民会议",
                             starts_at=NOTICE_AT + dt.timedelta(days=5))  # fmt: skip
    assert "7 days ahead" in exc.value.message_dict["starts_at"][0]
    notice = {"default": 3, "residents_assembly": 5}
    settings.SHEQU_DELIBERATION = {"meetings": {"notice_days": notice}}
    assert svc.meeting_schedule(body=bodies.assembly, title="居民会议",
                                starts_at=NOTICE_AT + dt.timedelta(days=5)).pk  # fmt: skip


def test_roll_is_the_snapshot_taken_at_notice(at_notice, bodies):
    meeting = schedule(bodies.council, at_notice)
    assert meeting.notice_given_at == NOTICE_AT
    on_roll = set(meeting.roll.values_list("person_id", flat=True))
    assert on_roll == {p.pk for p in bodies.people}
    late_comer = bodies.seat(bodies.council, "新议事员").person  # seated after notice
    assert not meeting.roll.filter(person=late_comer).exists()
    assert [item.title for item in meeting.agenda.all()] == ["停车管理"]


def test_a_seat_starting_after_the_meeting_day_is_not_on_the_roll(at_notice, bodies):
    from shequ.conftest import add_person

    person = add_person(bodies.people[0].node, "候任")
    seat_add(body=bodies.council, person=person, started_on=STARTS_AT.date() + dt.timedelta(1))
    meeting = schedule(bodies.council, at_notice)
    assert not meeting.roll.filter(person=person).exists()


def test_meeting_steps(at_notice, bodies):
    meeting = schedule(bodies.council, at_notice)
    with pytest.raises(ValidationError) as exc:  # not before its day
        svc.meeting_open(meeting=meeting)
    assert "starts_at" in exc.value.message_dict
    at_notice.move_to(DURING)
    svc.meeting_open(meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.OPEN
    with pytest.raises(ValidationError) as exc:
        svc.meeting_cancel(meeting=meeting, reason="改期")
    assert exc.value.error_dict["status"][0].code == "transition"
    svc.meeting_minutes(meeting=meeting, minutes="讨论了停车管理。")
    svc.meeting_close(meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.minutes) == (MeetingStatus.CLOSED, "讨论了停车管理。")


def test_cancel_needs_a_reason(at_notice, bodies):
    meeting = schedule(bodies.council, at_notice)
    with pytest.raises(ValidationError) as exc:
        svc.meeting_cancel(meeting=meeting, reason=" ")
    assert "reason" in exc.value.message_dict
    svc.meeting_cancel(meeting=meeting, reason="台风")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.cancel_reason) == (MeetingStatus.CANCELLED, "台风")


def test_meeting_cannot_close_while_a_vote_is_open(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting)
    with pytest.raises(ValidationError) as exc:
        svc.meeting_close(meeting=meeting)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # nor the roll change while voting
        svc.attendance_record(
            meeting=meeting, marks={meeting.people[8]: (Attendance.PRESENT, None)}
        )
    assert "attendance" in exc.value.message_dict
    votes_svc.vote_close(motion=motion)
    svc.meeting_close(meeting=meeting)


def test_only_leave_before_the_meeting_opens(at_notice, bodies):
    meeting = schedule(bodies.council, at_notice)
    people = list(meeting.roll.values_list("person_id", flat=True))
    svc.attendance_record(meeting=meeting, marks={people[0]: (Attendance.LEAVE, None)})
    with pytest.raises(ValidationError) as exc:
        svc.attendance_record(meeting=meeting, marks={people[1]: (Attendance.PRESENT, None)})
    assert f"person-{people[1]}" in exc.value.message_dict


def test_proxies_only_where_allowed_held_by_one_present_within_the_limit(at_notice, bodies):
    council = open_meeting(bodies.council, at_notice, present=6)
    people = council.people
    with pytest.raises(ValidationError) as exc:  # a council takes no proxies
        svc.attendance_record(meeting=council, marks={people[7]: (Attendance.PROXY, people[0])})
    assert f"person-{people[7]}" in exc.value.message_dict

    reps = open_meeting(bodies.reps, at_notice, present=3, title="代表会议")
    people = reps.people
    marks = {people[4]: (Attendance.PROXY, people[5])}  # the holder is absent
    with pytest.raises(ValidationError) as exc:
        svc.attendance_record(meeting=reps, marks=marks)
    assert f"person-{people[4]}" in exc.value.message_dict
    marks = {people[4]: (Attendance.PROXY, people[0]), people[5]: (Attendance.PROXY, people[0])}
    with translation.override("en"), pytest.raises(ValidationError) as exc:  # 1 per holder
        svc.attendance_record(meeting=reps, marks=marks)
    assert "at most 1 allowed" in exc.value.message_dict[f"person-{people[0]}"][0]
    marks = {people[4]: (Attendance.PROXY, people[0]), people[5]: (Attendance.PROXY, people[1])}
    svc.attendance_record(meeting=reps, marks=marks)
    quorum = svc.meeting_quorum(reps)
    assert (quorum.present, quorum.proxies, quorum.counted) == (3, 2, 5)
    # an unknown person is refused by name of the row, nothing else changed
    with pytest.raises(ValidationError) as exc:
        svc.attendance_record(meeting=reps, marks={10**6: (Attendance.PRESENT, None)})
    assert f"person-{10**6}" in exc.value.message_dict


def test_councils_without_a_meeting_in_a_month(at_notice, bodies, cast, territory):
    from shequ.deliberation.choices import BodyKind
    from shequ.deliberation.models import Body

    Body.objects.filter(pk=bodies.council.pk).update(created_at=dt.datetime(2026, 1, 5, tzinfo=TZ))
    other = Body.objects.create(node=territory.c2, kind=BodyKind.COUNCIL, name="东二社区居民议事会")
    Body.objects.filter(pk=other.pk).update(created_at=dt.datetime(2026, 1, 5, tzinfo=TZ))
    open_meeting(bodies.council, at_notice, present=6)  # c1's council meets on 10 March
    march, february = dt.date(2026, 3, 1), dt.date(2026, 2, 1)
    user = cast.subdistrict_admin

    def names(month):
        return [r["body"].name for r in selectors.idle_councils_for(user=user, month=month)]

    assert names(march) == ["东二社区居民议事会"]
    assert names(february) == ["东一社区居民议事会", "东二社区居民议事会"]
    # for a subtree only; and a worker of c1 sees only his community's
    assert [r["body"].name for r in selectors.idle_councils_for(
        user=user, month=february, node=territory.c2)] == ["东二社区居民议事会"]  # fmt: skip
    worker = cast.community_worker
    assert [r["body"].name for r in selectors.idle_councils_for(user=worker, month=february)] == [
        "东一社区居民议事会"
    ]


def test_my_page_lists_my_meetings_and_motions_open_for_my_vote(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting)
    person = bodies.people[0]
    user = member_login(person)
    mine = next(s for s in my_sections(user=user, person=person)
                if s["template"] == "deliberation/meetings/_mine.html")  # fmt: skip
    assert mine["context"]["meetings"] == [meeting]
    assert mine["context"]["to_vote"] == [motion]
    votes_svc.vote_cast(motion=motion, person=person, choice="yes", channel="online", actor=user)
    mine = next(s for s in my_sections(user=user, person=person)
                if s["template"] == "deliberation/meetings/_mine.html")  # fmt: skip
    assert mine["context"]["to_vote"] == []
    receipts = next(s for s in my_sections(user=user, person=person)
                    if s["template"] == "deliberation/votes/_mine.html")  # fmt: skip
    assert [v.motion for v in receipts["context"]["votes"]] == [motion]
    assert motion.status == MotionStatus.VOTING
