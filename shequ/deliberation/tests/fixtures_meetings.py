"""Helpers of the meeting and vote tests: a frozen clock, a meeting of a body given notice on
2026-03-02 for 2026-03-10 19:00, opened on the day with a chosen attendance, and a login for a
body member."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from shequ.conftest import make_user
from shequ.deliberation.models import VoteMethod
from shequ.deliberation.models.meetings import Attendance
from shequ.deliberation.services import meetings as meetings_svc
from shequ.deliberation.services import votes as votes_svc

TZ = ZoneInfo("Asia/Shanghai")
NOTICE_AT = dt.datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
STARTS_AT = dt.datetime(2026, 3, 10, 19, 0, tzinfo=TZ)
DURING = dt.datetime(2026, 3, 10, 19, 30, tzinfo=TZ)


@pytest.fixture
def at_notice():
    with time_machine.travel(NOTICE_AT, tick=False) as traveller:
        yield traveller


def schedule(body, traveller, *, title="三月例会", agenda=("停车管理",)):
    traveller.move_to(NOTICE_AT)
    return meetings_svc.meeting_schedule(
        body=body, title=title, starts_at=STARTS_AT, place="社区会议室", agenda=list(agenda)
    )


def open_meeting(body, traveller, *, present: int, proxies: dict | None = None, **kwargs):
    """A meeting of ``body`` in session with the first ``present`` people on its roll
    present, the rest absent; ``proxies``: {roll index: holder's roll index}."""
    meeting = schedule(body, traveller, **kwargs)
    traveller.move_to(DURING)
    meetings_svc.meeting_open(meeting=meeting)
    people = list(meeting.roll.order_by("id").values_list("person_id", flat=True))
    marks = {}
    for i, pk in enumerate(people):
        marks[pk] = (Attendance.PRESENT if i < present else Attendance.ABSENT, None)
    for i, holder in (proxies or {}).items():
        marks[people[i]] = (Attendance.PROXY, people[holder])
    meetings_svc.attendance_record(meeting=meeting, marks=marks)
    meeting.people = people
    return meeting


def voting(meeting, *, method=VoteMethod.ROLL_CALL, threshold="majority_present", **kwargs):
    motion = votes_svc.motion_create(meeting=meeting, title="关于增设充电桩的动议",
                                     text="在1号楼北侧增设充电桩。", method=method,
                                     threshold=threshold, **kwargs)  # fmt: skip
    return votes_svc.motion_open_vote(motion=motion)


def member_login(person, username=None):
    user = make_user(username or f"p{person.pk}")
    user.person = person
    user.save(update_fields=["person"])
    return user
