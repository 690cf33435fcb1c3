"""Time limits by the official calendar and escalation up the tree (督办, R-CASE-3), with the
clock frozen across the 2026 National Day make-up Saturday (10 October, a working day) and
the Sunday after it (a rest day)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from shequ.cases.choices import CaseStatus as S
from shequ.cases.choices import DueState
from shequ.cases.escalation import case_sweep
from shequ.cases.models import Case, CaseEscalation, CaseEvent
from shequ.cases.services import case_contact, case_transition
from shequ.core.models import Notification, WorkdayOverride
from shequ.core.workdays import Calendar

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 10, day, hour, minute, tzinfo=SHANGHAI)


def test_calendar_counts_the_make_up_saturday_and_skips_the_sunday(db):
    calendar = Calendar.load()
    assert calendar.is_workday(dt.date(2026, 10, 10))  # 调休 Saturday
    assert not calendar.is_workday(dt.date(2026, 10, 11))  # Sunday
    assert not calendar.is_workday(dt.date(2026, 10, 5))  # National Day holiday
    assert calendar.add_work_days(at(9, 10), 1) == at(10, 10)
    assert calendar.add_work_days(at(9, 10), 2) == at(12, 10)
    # received on a holiday: counted from the next working day's opening
    assert calendar.add_work_days(at(5, 15), 1) == dt.datetime(2026, 10, 9, 9, 0, tzinfo=SHANGHAI)
    # working hours: 16:00 Friday + 4 h = 1.5 h Friday + 2.5 h on the make-up Saturday
    assert calendar.add_work_hours(at(9, 16), 4) == at(10, 11, 30)
    assert calendar.work_hours_between(at(9, 16), at(10, 11, 30)) == pytest.approx(4)


def test_the_deployments_override_wins_over_the_official_calendar(db):
    WorkdayOverride.objects.create(day=dt.date(2026, 10, 10), is_workday=False, name="停电休息")
    calendar = Calendar.load()
    assert not calendar.is_workday(dt.date(2026, 10, 10))
    assert calendar.add_work_days(at(9, 10), 1) == at(12, 10)


@pytest.fixture
def overdue_case(new_case, cast, desk):
    """Received Friday 9 October 10:00 (roads: contact within 1 working day, resolve within
    2), accepted and sent to the grid worker, never contacted."""
    with time_machine.travel(at(9, 10), tick=False):
        case = new_case(category=desk.lamps)
        case = case_transition(case=case, to=S.ACCEPTED, actor=cast.community_worker)
        case = case_transition(
            case=case, to=S.ASSIGNED, actor=cast.community_worker, handler=desk.grid_worker
        )
    assert case.due_contact_at == at(10, 10)  # the make-up Saturday
    assert case.due_resolve_at == at(12, 10)  # Monday: Sunday skipped
    return case


def sweep_twice(moment):
    with time_machine.travel(moment, tick=False):
        first = case_sweep()
        second = case_sweep()
    assert second.escalations == 0, "a second sweep at the same moment must change nothing"
    return first


def levels(case):
    return list(
        CaseEscalation.objects.filter(case=case)
        .order_by("level")
        .values_list("level", "node__code")
    )


def test_an_overdue_case_escalates_once_per_level_by_the_calendar(
    overdue_case, territory, cast, desk
):
    case = overdue_case
    result = sweep_twice(at(10, 9))  # an hour before the limit: due soon
    assert (result.due_soon, result.overdue, result.escalations) == (1, 0, 0)
    assert Case.objects.get(pk=case.pk).due_state == DueState.DUE_SOON

    result = sweep_twice(at(10, 10))  # the limit, on the make-up Saturday: to the community
    assert (result.overdue, result.escalations) == (1, 1)
    assert levels(case) == [(1, "C1")]

    assert sweep_twice(at(11, 18)).escalations == 0  # Sunday is no working day
    assert levels(case) == [(1, "C1")]

    assert sweep_twice(at(12, 10)).escalations == 1  # one working day on: the subdistrict
    assert sweep_twice(at(13, 10)).escalations == 1  # and the district
    assert sweep_twice(at(20, 10)).escalations == 0  # nowhere higher to go
    assert levels(case) == [(1, "C1"), (2, "S1"), (3, "D")]

    stored = Case.objects.get(pk=case.pk)
    assert (stored.escalation_level, stored.due_state) == (3, DueState.OVERDUE)
    assert CaseEvent.objects.filter(case=case, verb="escalate").count() == 3
    told = Notification.objects.filter(object_type="cases.case", object_id=str(case.pk))
    supervisors = set(told.exclude(user=None).values_list("user__username", flat=True))
    assert {"community_secretary", "deputy_secretary", "subdistrict_admin", "district_admin"} <= (
        supervisors
    )


def test_a_contacted_case_is_measured_by_its_resolution_limit(overdue_case, cast):
    with time_machine.travel(at(9, 15), tick=False):
        case_contact(case=overdue_case, actor=cast.grid_worker, note="已电话联系")
    assert sweep_twice(at(10, 12)).escalations == 0  # contact met; resolution due Monday
    assert sweep_twice(at(12, 10)).escalations == 1
    assert levels(overdue_case) == [(1, "C1")]


def test_a_replied_case_stops_the_clock(overdue_case, cast):
    with time_machine.travel(at(9, 16), tick=False):
        case = case_transition(case=overdue_case, to=S.IN_PROGRESS, actor=cast.grid_worker)
        case_transition(case=case, to=S.REPLIED, actor=cast.grid_worker, reply="已修复")
    assert sweep_twice(at(20, 10)).checked == 0
    assert levels(overdue_case) == []


def test_an_unaccepted_case_goes_to_its_community_first(new_case, desk):
    with time_machine.travel(at(9, 10), tick=False):
        case = new_case(category=desk.lamps)
    assert case.due_accept_at == at(10, 10)
    assert sweep_twice(at(10, 10)).escalations == 1
    assert levels(case) == [(1, "C1")]
