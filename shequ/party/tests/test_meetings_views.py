"""The meeting pages (R-PM-5): scheduling, the roll, minutes and resolutions through forms,
the behind-schedule report, bounded queries on the calendar, the API."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from shequ.conftest import make_user
from shequ.party.models import AttendanceStatus, Meeting, MeetingKind, MeetingStatus
from shequ.party.selectors.meetings import my_meetings
from shequ.party.services.meetings import meeting_schedule

pytestmark = pytest.mark.django_db


def _local(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_schedule_mark_the_roll_hold_and_resolve(client, cast, party):
    a = party.member("C1G1", party.b1, name="甲")
    b = party.member("C1G1", party.b1, name="乙")
    client.force_login(cast.branch_secretary)
    when = timezone.now() - dt.timedelta(hours=2)
    response = client.post(reverse("party:meeting_create"), {
        "org": party.b1.pk, "kind": MeetingKind.GROUP_MEETING, "title": "x",
        "scheduled_at": _local(when)})  # fmt: skip
    assert response.status_code == 200 and "kind" in response.context["form"].errors
    response = client.post(reverse("party:meeting_create"), {
        "org": party.b1.pk, "kind": MeetingKind.BRANCH_ASSEMBLY, "title": "支部党员大会",
        "scheduled_at": _local(when), "place": "党群服务中心"})  # fmt: skip
    meeting = Meeting.objects.get(title="支部党员大会")
    assert response.status_code == 302
    response = client.post(reverse("party:meeting_attendance", args=[meeting.pk]),
                           {f"member-{a.pk}": "present", f"member-{b.pk}": "absent"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("party:meeting_hold", args=[meeting.pk]),
                           {"held_at": _local(when), "minutes": ""})  # fmt: skip
    assert response.status_code == 400 and "minutes" in response.context["hold_form"].errors
    client.post(reverse("party:meeting_hold", args=[meeting.pk]),
                {"held_at": _local(when), "minutes": "传达学习文件"})  # fmt: skip
    response = client.post(reverse("party:meeting_resolution", args=[meeting.pk]),
                           {"text": "同意", "votes_for": 2, "votes_against": 0,
                            "votes_abstain": 0})  # fmt: skip
    assert response.status_code == 400  # only one member was present
    assert "votes_for" in response.context["resolution_form"].errors
    client.post(
        reverse("party:meeting_resolution", args=[meeting.pk]),
        {"text": "同意", "votes_for": 1, "votes_against": 0, "votes_abstain": 0},
    )
    page = client.get(reverse("party:meeting_detail", args=[meeting.pk]))
    assert page.context["counts"] == {"all": 2, "present": 1, "leave": 0, "absent": 1,
                                      "leave_requested": 0}  # fmt: skip
    assert [r.adopted for r in page.context["resolutions"]] == [False]  # 1 of 2 is no majority
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD


def test_grid_worker_sees_the_meeting_but_not_the_roll(client, cast, party):
    party.member("C1G1", party.b1, name="甲")
    meeting = meeting_schedule(org=party.b1, kind=MeetingKind.THEME_DAY, title="主题党日",
                               scheduled_at=timezone.now() + dt.timedelta(days=3))  # fmt: skip
    client.force_login(cast.grid_worker)
    page = client.get(reverse("party:meeting_detail", args=[meeting.pk]))
    assert page.status_code == 200 and page.context["show_roll"] is False
    assert "甲" not in page.content.decode()
    assert client.post(reverse("party:meeting_cancel", args=[meeting.pk]),
                       {"reason": "x"}).status_code == 403  # fmt: skip


def test_member_asks_leave_from_his_own_page(client, party):
    a = party.member("C1G1", party.b1, name="甲")
    user = make_user("member-own")
    user.person = a.person
    user.save()
    meeting = meeting_schedule(org=party.b1, kind=MeetingKind.BRANCH_ASSEMBLY, title="大会",
                               scheduled_at=timezone.now() + dt.timedelta(days=3))  # fmt: skip
    section = my_meetings(user, a)
    assert [m.pk for m in section["context"]["meetings"]] == [meeting.pk]
    client.force_login(user)
    assert client.get(reverse("party:meeting_detail", args=[meeting.pk])).status_code == 404
    response = client.post(reverse("party:meeting_leave", args=[meeting.pk]),
                           {"member": a.pk, "reason": "出差"})  # fmt: skip
    assert response.status_code == 302
    assert meeting.attendance.get(member=a).status == AttendanceStatus.LEAVE_REQUESTED


def test_calendar_reads_in_bounded_queries_and_exports(
    client, cast, party, django_assert_max_num_queries
):
    client.force_login(cast.community_secretary)
    start = timezone.now() + dt.timedelta(days=1)

    def add(n, offset):
        for i in range(n):
            meeting_schedule(org=party.b2, kind=MeetingKind.PARTY_LECTURE,
                             title=f"党课{i + offset}",
                             scheduled_at=start + dt.timedelta(days=i + offset))  # fmt: skip

    add(2, 0)
    url = reverse("party:meeting_list")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        assert len(client.get(url).context["page"]) == 2
    add(8, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["page"]) == 10
    response = client.get(reverse("party:meeting_export") + "?q=党课1")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        values_only=True))  # fmt: skip
    assert sorted(r[2] for r in rows[1:]) == ["党课1", "党课10", "党课11", "党课12", "党课13",
                                              "党课14", "党课15", "党课16", "党课17"]  # fmt: skip
    report = client.get(reverse("party:meeting_behind"))
    assert party.b2 in [row["org"] for row in report.context["report"]]


def test_api_schedules_and_reports(client, cast, party):
    token = Token.objects.create(user=cast.branch_secretary).key
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    when = (timezone.now() + dt.timedelta(days=2)).isoformat()
    response = client.post("/api/v1/party/meetings/", {"org": party.b2.pk, "kind": "theme_day",
                           "title": "x", "scheduled_at": when}, content_type="application/json",
                           **headers)  # fmt: skip
    # b2 lies outside the branch secretary's grid
    assert response.status_code == 400 and "org" in response.json()["error"]["fields"]
    response = client.post("/api/v1/party/meetings/", {"org": party.b1.pk, "kind": "theme_day",
                           "title": "主题党日", "scheduled_at": when},
                           content_type="application/json", **headers)  # fmt: skip
    assert response.status_code == 201
    detail = client.get(f"/api/v1/party/meetings/{response.json()['id']}/", **headers).json()
    assert detail["counts"]["all"] == 0 and detail["roll"] == []
    behind = client.get("/api/v1/party/meetings/behind-schedule/?today=2026-11-01", **headers)
    assert {row["org_name"] for row in behind.json()} == {party.b1.name, party.g1.name}
