"""Pages and API of meetings, votes and resolutions (R-DLB-4): notice, roll and quorum on the
meeting page; a member's phone vote with its receipt shown once; paper and online double entry
refused on the pages and the API without a server error; tally, published list, recount and
receipt check; lists searchable and exported with an audit row."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.core.models import AuditAction, AuditEvent
from shequ.deliberation.models import Meeting, Motion, MotionStatus
from shequ.deliberation.models.votes import BallotCast, Resolution, SecretBallot

from .fixtures_meetings import DURING, NOTICE_AT, STARTS_AT, at_notice, member_login

__all__ = ["at_notice"]
pytestmark = pytest.mark.django_db


def _api(client, user):
    token = Token.objects.get_or_create(user=user)[0].key
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


@pytest.fixture
def session(at_notice, client, bodies, cast):
    """A council meeting given notice, opened and marked through the pages, with a secret
    motion put to the vote."""
    secretary = cast.community_secretary
    client.force_login(secretary)
    at_notice.move_to(NOTICE_AT)
    response = client.post(reverse("deliberation:meeting_create"), {
        "body": bodies.council.pk, "title": "三月议事会", "place": "会议室",
        "starts_at": STARTS_AT.strftime("%Y-%m-%dT%H:%M"), "agenda": "停车\n充电桩",
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get(title="三月议事会")
    at_notice.move_to(DURING)
    client.force_login(secretary)  # the session of a week ago has expired
    assert client.post(reverse("deliberation:meeting_open", args=[meeting.pk])).status_code == 302
    marks = {f"person-{p.pk}": "present" for p in bodies.people[:6]}
    marks.update({f"person-{p.pk}": "absent" for p in bodies.people[6:]})
    client.post(reverse("deliberation:meeting_attendance", args=[meeting.pk]), marks)
    response = client.post(reverse("deliberation:motion_create", args=[meeting.pk]), {
        "title": "增设充电桩", "text": "北侧", "method": "secret", "threshold": "majority_present",
    })  # fmt: skip
    assert response.status_code == 302
    motion = Motion.objects.get(title="增设充电桩")
    client.post(reverse("deliberation:motion_open", args=[motion.pk]))
    motion.refresh_from_db()
    assert motion.status == MotionStatus.VOTING
    return meeting, motion


def test_meeting_page_shows_roll_quorum_agenda_and_motions(client, session, bodies):
    meeting, motion = session
    page = client.get(reverse("deliberation:meeting_detail", args=[meeting.pk])).content.decode()
    assert 'id="quorum"' in page and bodies.people[0].name in page
    assert "充电桩" in page and motion.title in page
    assert reverse("deliberation:motion_detail", args=[motion.pk]) in page


def test_member_votes_from_his_phone_and_gets_his_receipt_once(client, session, bodies, cast):
    meeting, motion = session
    voter = bodies.people[0]
    client.force_login(member_login(voter))
    url = reverse("deliberation:motion_detail", args=[motion.pk])
    page = client.get(url).content.decode()
    assert 'id="vote"' in page and 'value="yes"' in page
    response = client.post(reverse("deliberation:motion_vote", args=[motion.pk]), {"choice": "no"})
    assert response.status_code == 200
    token = response.context["cast"].token
    assert token and token in response.content.decode()
    assert BallotCast.objects.filter(motion=motion, person=voter).count() == 1
    # again, online: refused with a message, not an error; the token is not shown again
    again = client.post(reverse("deliberation:motion_vote", args=[motion.pk]), {"choice": "yes"})
    assert again.status_code == 302
    page = client.get(url).content.decode()
    assert 'id="vote"' not in page and 'id="own-vote"' in page and token not in page
    # paper after online, entered by the clerk: refused beside the field
    client.force_login(cast.community_worker)
    response = client.post(reverse("deliberation:motion_paper", args=[motion.pk]),
                           {"person": voter.pk, "choice": "yes"})  # fmt: skip
    assert response.status_code == 400
    assert response.context["paper_form"].errors["person"]
    assert SecretBallot.objects.filter(motion=motion).count() == 1
    # the count, the published list, the recount and the receipt check
    client.force_login(cast.community_secretary)
    client.post(reverse("deliberation:motion_close", args=[motion.pk]))
    page = client.get(url).content.decode()
    assert 'id="ballot-hash"' in page
    recount = client.get(reverse("deliberation:motion_recount", args=[motion.pk]))
    assert recount.context["recount"].matches
    client.force_login(member_login(voter, "again"))
    check = client.get(reverse("deliberation:receipt_check", args=[motion.pk]), {"token": token})
    assert check.context["found"] is not None and 'id="check-result"' in check.content.decode()


def test_paper_twice_refused_on_the_page(client, session, bodies, cast):
    meeting, motion = session
    client.force_login(cast.community_worker)
    url = reverse("deliberation:motion_paper", args=[motion.pk])
    first = client.post(url, {"person": bodies.people[1].pk, "choice": "yes"})
    assert first.status_code == 200 and first.context["paper"]  # the receipt for the voter
    second = client.post(url, {"person": bodies.people[1].pk, "choice": "no"})
    assert second.status_code == 400
    assert second.context["paper_form"].errors["person"]
    assert BallotCast.objects.filter(motion=motion).count() == 1


def test_api_online_after_paper_refused_with_the_field(client, session, bodies, cast):
    meeting, motion = session
    voter = bodies.people[2]
    url = f"/api/v1/deliberation/motions/{motion.pk}/vote/"
    clerk = _api(client, cast.community_worker)
    response = client.post(url, {"choice": "yes", "person": voter.pk, "channel": "paper"},
                           content_type="application/json", **clerk)  # fmt: skip
    assert response.status_code == 201 and response.json()["receipt"]
    member = _api(client, member_login(voter))
    response = client.post(url, {"choice": "no"}, content_type="application/json", **member)
    assert response.status_code == 400
    assert "person" in response.json()["error"]["fields"]
    detail = client.get(f"/api/v1/deliberation/meetings/{meeting.pk}/", **member).json()
    assert detail["quorum"]["met"] and detail["quorum"]["needed"] == 6
    attendance = client.get(f"/api/v1/deliberation/meetings/{meeting.pk}/attendance/", **clerk)
    assert attendance.json()["quorum"]["present"] == 6
    secretary = _api(client, cast.community_secretary)
    closed = client.post(f"/api/v1/deliberation/motions/{motion.pk}/close/", **secretary).json()
    assert closed["tally"]["yes"] == 1 and closed["status"] == "failed"
    ballots = client.get(f"/api/v1/deliberation/motions/{motion.pk}/ballots/", **member).json()
    assert [b["choice"] for b in ballots["ballots"]] == ["yes"]
    assert ballots["ballot_hash"] == closed["tally"]["ballot_hash"]
    recount = client.get(f"/api/v1/deliberation/motions/{motion.pk}/recount/", **member).json()
    assert recount["matches"] is True


def test_lists_search_and_export_with_an_audit_row(client, session, cast):
    meeting, motion = session
    client.force_login(cast.community_worker)
    page = client.get(reverse("deliberation:meeting_list"), {"q": "三月"})
    assert reverse("deliberation:meeting_detail", args=[meeting.pk]) in page.content.decode()
    page = client.get(reverse("deliberation:meeting_list"), {"q": "没有这个"})
    assert reverse("deliberation:meeting_detail", args=[meeting.pk]) not in page.content.decode()
    export = client.get(reverse("deliberation:meeting_export"), {"q": "三月"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert any("三月议事会" in row for row in sheet.iter_rows(values_only=True))
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor_id=cast.community_worker.pk,
                                     row_count=1).exists()  # fmt: skip


def test_resolution_pages(client, session, bodies, cast):
    meeting, motion = session
    client.force_login(cast.community_worker)
    for person in bodies.people[:4]:
        client.post(reverse("deliberation:motion_paper", args=[motion.pk]),
                    {"person": person.pk, "choice": "yes"})  # fmt: skip
    client.force_login(cast.community_secretary)
    client.post(reverse("deliberation:motion_close", args=[motion.pk]))
    resolution = Resolution.objects.get(motion=motion)
    url = reverse("deliberation:resolution_detail", args=[resolution.pk])
    response = client.post(reverse("deliberation:resolution_assign", args=[resolution.pk]),
                           {"responsible": "物业", "due_on": "2026-04-30"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(reverse("deliberation:resolution_progress", args=[resolution.pk]),
                           {"note": ""})  # fmt: skip
    assert response.status_code == 400 and response.context["progress_form"].errors["note"]
    client.post(reverse("deliberation:resolution_progress", args=[resolution.pk]),
                {"note": "已选址", "percent": "20"})  # fmt: skip
    assert "已选址" in client.get(url).content.decode()
    listing = client.get(reverse("deliberation:resolution_list"), {"q": "充电桩"})
    assert url in listing.content.decode()
    export = client.get(reverse("deliberation:resolution_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert any("增设充电桩" in row for row in sheet.iter_rows(values_only=True))
    api = client.get("/api/v1/deliberation/resolutions/?state=open",
                     **_api(client, cast.community_secretary)).json()  # fmt: skip
    assert [r["title"] for r in api["results"]] == ["增设充电桩"]


def test_seated_member_without_a_role_sees_his_meeting_not_others(client, session, bodies):
    meeting, motion = session
    client.force_login(member_login(bodies.people[3]))
    assert client.get(reverse("deliberation:meeting_detail", args=[meeting.pk])).status_code == 200
    stranger = bodies.committee.seats.first().person
    client.force_login(member_login(stranger))
    assert client.get(reverse("deliberation:meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("deliberation:motion_detail", args=[motion.pk])).status_code == 404


def test_meeting_list_reads_in_a_fixed_number_of_queries(client, session, bodies, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shequ.deliberation.services.meetings import meeting_schedule

    client.force_login(cast.community_worker)
    url = reverse("deliberation:meeting_list")
    client.get(url)  # the session's first read
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for i in range(3):
        meeting_schedule(
            body=bodies.reps, title=f"代表会议{i}", starts_at=STARTS_AT.replace(day=20)
        )
    with CaptureQueriesContext(connection) as four:
        page = client.get(url)
    assert len(page.context["page"].rows) == 4
    assert len(four) == len(one)


def test_my_page_shows_the_motion_open_for_my_vote(client, session, bodies):
    meeting, motion = session
    client.force_login(member_login(bodies.people[4]))
    page = client.get(reverse("deliberation:mine")).content.decode()
    assert reverse("deliberation:motion_detail", args=[motion.pk]) in page
    assert "my-section" in page and "cannot be shown" not in page
