"""Branch meetings (R-PM-5): scheduling by form of organisation, the roll limited to members,
leave requests, minutes and resolutions, and the report of organisations behind schedule at
the edges of their periods."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.conftest import make_user
from shequ.party.choices import MembershipStage, SeatPost
from shequ.party.models import AttendanceStatus, MeetingKind, MeetingStatus
from shequ.party.selectors.meetings import (
    behind_schedule_for,
    last_complete_period,
    meeting_roll,
)
from shequ.party.services.meetings import (
    meeting_attendance_record,
    meeting_cancel,
    meeting_hold,
    meeting_leave_decide,
    meeting_leave_request,
    meeting_schedule,
    resolution_record,
)
from shequ.party.services.orgs import seat_assign

TZ = dt.timezone(dt.timedelta(hours=8))
LATER = dt.datetime(2026, 11, 20, 12, 0, tzinfo=TZ)


def at(*args):
    return dt.datetime(*args, tzinfo=TZ)


def held(org, kind, when, **kw):
    """A meeting of ``org`` held at ``when`` (recorded later)."""
    with time_machine.travel(LATER, tick=False):
        meeting = meeting_schedule(org=org, kind=kind, title=f"{kind} {when:%m-%d}",
                                   scheduled_at=when, **kw)  # fmt: skip
        return meeting_hold(meeting=meeting, held_at=when, minutes="会议记录")


def kinds(report, org):
    row = next((r for r in report if r["org"] == org), None)
    return {s.kind: (s.period_start, s.held, s.at_least) for s in row["shortfalls"]} if row else {}


def test_periods_are_calendar_months_quarters_and_years():
    assert last_complete_period(dt.date(2026, 11, 1), 1) == (dt.date(2026, 10, 1),
                                                              dt.date(2026, 11, 1))  # fmt: skip
    assert last_complete_period(dt.date(2026, 10, 31), 1)[0] == dt.date(2026, 9, 1)
    assert last_complete_period(dt.date(2026, 1, 5), 1)[0] == dt.date(2025, 12, 1)
    assert last_complete_period(dt.date(2026, 10, 1), 3) == (dt.date(2026, 7, 1),
                                                              dt.date(2026, 10, 1))  # fmt: skip
    assert last_complete_period(dt.date(2026, 9, 30), 3)[0] == dt.date(2026, 4, 1)
    assert last_complete_period(dt.date(2026, 11, 21), 12) == (dt.date(2025, 1, 1),
                                                               dt.date(2026, 1, 1))  # fmt: skip


def test_behind_schedule_at_the_edges_of_periods(party, cast, django_assert_max_num_queries):
    b1 = party.b1
    held(b1, MeetingKind.BRANCH_COMMITTEE, at(2026, 10, 31, 23, 30))  # last minutes of October
    held(b1, MeetingKind.BRANCH_COMMITTEE, at(2026, 11, 1, 0, 10))  # first of November
    held(b1, MeetingKind.BRANCH_ASSEMBLY, at(2026, 7, 1, 0, 0))  # first minute of Q3
    held(b1, MeetingKind.THEME_DAY, at(2026, 9, 30, 20, 0))
    held(b1, MeetingKind.ORGANISATIONAL_LIFE, at(2025, 12, 31, 19, 0))
    held(b1, MeetingKind.DEMOCRATIC_EVALUATION, at(2026, 1, 10, 9, 0))  # 2026: not yet complete
    with time_machine.travel(LATER, tick=False):
        cancelled = meeting_schedule(org=b1, kind=MeetingKind.PARTY_LECTURE, title="党课",
                                     scheduled_at=at(2026, 8, 1, 9))  # fmt: skip
        meeting_cancel(meeting=cancelled, reason="台风")  # a cancelled lecture does not count
    user = cast.branch_secretary  # C1G1: sees b1 and its group only
    with django_assert_max_num_queries(3):
        report = behind_schedule_for(user=user, today=dt.date(2026, 11, 1))
    assert [r["org"] for r in report] == [b1, party.g1]
    assert kinds(report, b1) == {
        MeetingKind.THEME_DAY: (dt.date(2026, 10, 1), 0, 1),  # held in September only
        MeetingKind.PARTY_LECTURE: (dt.date(2026, 7, 1), 0, 1),
        MeetingKind.DEMOCRATIC_EVALUATION: (dt.date(2025, 1, 1), 0, 1),
    }
    assert kinds(report, party.g1) == {MeetingKind.GROUP_MEETING: (dt.date(2026, 10, 1), 0, 1)}
    # a day earlier the month judged is September: the October meetings do not count yet
    report = behind_schedule_for(user=user, today=dt.date(2026, 10, 31))
    assert kinds(report, b1)[MeetingKind.BRANCH_COMMITTEE] == (dt.date(2026, 9, 1), 0, 1)
    assert MeetingKind.THEME_DAY not in kinds(report, b1)
    # in December the November meeting counts
    report = behind_schedule_for(user=user, today=dt.date(2026, 12, 1))
    assert MeetingKind.BRANCH_COMMITTEE not in kinds(report, b1)


def test_schedule_follows_the_configuration_and_skips_new_orgs(party, settings):
    party.b2.established_on = dt.date(2026, 10, 15)
    party.b2.save()
    held(party.b1, MeetingKind.THEME_DAY, at(2026, 8, 5, 9))
    settings.SHEQU_PARTY = {"meetings": {"theme_day": {"every_months": 3, "at_least": 2}}}
    root = make_user("root-meet")
    root.is_superuser = True
    root.save()
    report = behind_schedule_for(user=root, today=dt.date(2026, 11, 1), org=party.c1)
    assert [r["org"] for r in report] == [party.c1, party.b1, party.g1]  # not b2: too new
    assert kinds(report, party.b1)[MeetingKind.THEME_DAY] == (dt.date(2026, 7, 1), 1, 2)
    assert kinds(report, party.c1) == {MeetingKind.BRANCH_COMMITTEE: (dt.date(2026, 10, 1), 0, 1)}
    text = next(s for s in report[1]["shortfalls"] if s.kind == MeetingKind.THEME_DAY).text
    assert "1" in text and "2" in text


def test_schedule_checks_the_form_of_organisation(party):
    when = at(2026, 12, 1, 9)
    with pytest.raises(ValidationError) as exc:
        meeting_schedule(org=party.b1, kind=MeetingKind.GROUP_MEETING, title="x",
                         scheduled_at=when)  # fmt: skip
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        meeting_schedule(org=party.g1, kind=MeetingKind.BRANCH_ASSEMBLY, title="x",
                         scheduled_at=when)  # fmt: skip
    assert "kind" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        meeting_schedule(org=party.b1, kind=MeetingKind.THEME_DAY, title="", scheduled_at=when,
                         lecturer="王书记")  # fmt: skip
    assert {"title", "lecturer"} <= set(exc.value.message_dict)


def test_roll_is_limited_to_the_organisations_members(party):
    a = party.member("C1G1", party.b1, name="甲", group=party.g1)
    b = party.member("C1G1", party.b1, name="乙")
    late = party.member("C1G1", party.b1, name="新", joined_on=dt.date(2026, 11, 10),
                        stage=MembershipStage.PROBATIONARY)  # fmt: skip
    other = party.member("C1G2", party.b2, name="外")
    with time_machine.travel(LATER, tick=False):
        assembly = meeting_schedule(org=party.b1, kind=MeetingKind.BRANCH_ASSEMBLY,
                                    title="大会", scheduled_at=at(2026, 11, 5, 9))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            meeting_attendance_record(meeting=assembly, statuses={a.pk: "present",
                                                                  other.pk: "present"})  # fmt: skip
        assert "外" in exc.value.message_dict["statuses"][0]
        with pytest.raises(ValidationError):  # joined after the meeting
            meeting_attendance_record(meeting=assembly, statuses={late.pk: "present"})
        meeting_attendance_record(meeting=assembly, statuses={a.pk: "present", b.pk: "absent"})
        roll, counts = meeting_roll(assembly)
        assert {line.member for line in roll} == {a, b}
        assert counts == {"all": 2, "present": 1, "leave": 0, "absent": 1, "leave_requested": 0}

        group = meeting_schedule(org=party.g1, kind=MeetingKind.GROUP_MEETING, title="党小组会",
                                 scheduled_at=at(2026, 11, 6, 9))  # fmt: skip
        with pytest.raises(ValidationError):  # b is in the branch but not in the group
            meeting_attendance_record(meeting=group, statuses={b.pk: "present"})
        meeting_attendance_record(meeting=group, statuses={a.pk: "present"})

        seat_assign(org=party.b1, post=SeatPost.SECRETARY, person=b.person,
                    started_on=dt.date(2024, 6, 1))  # fmt: skip
        committee = meeting_schedule(org=party.b1, kind=MeetingKind.BRANCH_COMMITTEE,
                                     title="支委会", scheduled_at=at(2026, 11, 7, 9))  # fmt: skip
        assert [line.member for line in meeting_roll(committee)[0]] == [b]
        with pytest.raises(ValidationError):  # a sits on no committee
            meeting_attendance_record(meeting=committee, statuses={a.pk: "present"})
        future = meeting_schedule(org=party.b1, kind=MeetingKind.THEME_DAY, title="主题党日",
                                  scheduled_at=at(2026, 12, 1, 9))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            meeting_attendance_record(meeting=future, statuses={a.pk: "present"})
        assert "status" in exc.value.message_dict


def test_leave_is_asked_before_and_decided_by_the_secretary(party, cast):
    # in the future: the roles granted today are not in force in the past
    a = party.member("C1G1", party.b1, name="甲")
    b = party.member("C1G1", party.b1, name="乙")
    own = make_user("member-a")
    own.person = a.person
    own.save()
    stranger = make_user("member-x")
    with time_machine.travel(at(2027, 3, 1, 9), tick=False):
        meeting = meeting_schedule(org=party.b1, kind=MeetingKind.BRANCH_ASSEMBLY, title="大会",
                                   scheduled_at=at(2027, 3, 5, 9))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            meeting_leave_request(actor=own, meeting=meeting, member=a, reason="")
        assert "reason" in exc.value.message_dict
        with pytest.raises(PermissionDenied):  # not his record, no role
            meeting_leave_request(actor=stranger, meeting=meeting, member=b, reason="出差")
        line = meeting_leave_request(actor=own, meeting=meeting, member=a, reason="住院")
        assert line.status == AttendanceStatus.LEAVE_REQUESTED
        with pytest.raises(PermissionDenied):  # a community worker records, cannot approve
            meeting_leave_decide(actor=cast.community_worker, attendance=line, approve=True)
        line = meeting_leave_decide(actor=cast.branch_secretary, attendance=line, approve=True)
        assert (line.status, line.leave_decided_by) == (AttendanceStatus.LEAVE,
                                                         cast.branch_secretary)  # fmt: skip
        with pytest.raises(ValidationError):
            meeting_leave_decide(actor=cast.branch_secretary, attendance=line, approve=False)
        other = meeting_leave_request(actor=cast.community_worker, meeting=meeting, member=b,
                                      reason="出差")  # fmt: skip
        meeting_leave_decide(actor=cast.branch_secretary, attendance=other, approve=False)
    with time_machine.travel(at(2027, 3, 5, 9, 30), tick=False):
        with pytest.raises(ValidationError) as exc:  # too late to ask
            meeting_leave_request(actor=own, meeting=meeting, member=a, reason="住院")
        assert "status" in exc.value.message_dict
        meeting_attendance_record(actor=cast.community_worker, meeting=meeting,
                                  statuses={b.pk: "absent"})  # fmt: skip
    _roll, counts = meeting_roll(meeting)
    assert counts == {"all": 2, "present": 0, "leave": 1, "absent": 1, "leave_requested": 0}


def test_hold_cancel_and_resolutions(party):
    full = [party.member("C1G1", party.b1, name=f"正{i}") for i in range(5)]
    probationer = party.member("C1G1", party.b1, name="预", stage=MembershipStage.PROBATIONARY)
    with time_machine.travel(LATER, tick=False):
        meeting = meeting_schedule(org=party.b1, kind=MeetingKind.PARTY_LECTURE, title="党课",
                                   scheduled_at=at(2026, 11, 10, 9))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            meeting_hold(meeting=meeting, held_at=at(2026, 11, 10, 9), minutes="")
        assert {"minutes", "lecturer"} <= set(exc.value.message_dict)
        with pytest.raises(ValidationError) as exc:
            meeting_hold(meeting=meeting, held_at=at(2026, 11, 30, 9), minutes="x", lecturer="王")
        assert "held_at" in exc.value.message_dict
        with pytest.raises(ValidationError) as exc:  # not held yet
            resolution_record(meeting=meeting, text="决议", votes_for=1, votes_against=0,
                              votes_abstain=0)  # fmt: skip
        assert "status" in exc.value.message_dict
        meeting = meeting_hold(meeting=meeting, held_at=at(2026, 11, 10, 9), minutes="学习党章",
                               lecturer="王书记")  # fmt: skip
        assert meeting.status == MeetingStatus.HELD
        with pytest.raises(ValidationError):
            meeting_cancel(meeting=meeting, reason="x")
        statuses = {m.pk: "present" for m in full[:3]} | {full[3].pk: "absent",
                                                          probationer.pk: "present"}  # fmt: skip
        meeting_attendance_record(meeting=meeting, statuses=statuses)
        # 4 full members on the roll (full[4] unmarked is not counted), 3 of them present
        with pytest.raises(ValidationError) as exc:
            resolution_record(meeting=meeting, text="决议", votes_for=3, votes_against=1,
                              votes_abstain=0)  # fmt: skip
        assert "votes_for" in exc.value.message_dict
        adopted = resolution_record(meeting=meeting, text="同意", votes_for=3, votes_against=0,
                                    votes_abstain=0)  # fmt: skip
        assert (adopted.voters_due, adopted.adopted) == (4, True)
        half = resolution_record(meeting=meeting, text="半数", votes_for=2, votes_against=1,
                                 votes_abstain=0)  # fmt: skip
        assert half.adopted is False  # 2 of 4 is not more than half
        other = meeting_schedule(org=party.b1, kind=MeetingKind.THEME_DAY, title="主题党日",
                                 scheduled_at=at(2026, 12, 1, 9))  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            meeting_cancel(meeting=other, reason=" ")
        assert "reason" in exc.value.message_dict
        meeting_cancel(meeting=other, reason="改期")
        with pytest.raises(ValidationError):
            meeting_hold(meeting=other, held_at=at(2026, 11, 10, 9), minutes="x")
