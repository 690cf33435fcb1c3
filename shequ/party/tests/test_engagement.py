"""Member engagement projects (R-PM-8): memberships and activities, and the counts per kind of
team and per community for a period, computed by hand."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from shequ.party.choices import TeamKind
from shequ.party.models import Team
from shequ.party.selectors.engagement import engagement_counts_for
from shequ.party.services import engagement as svc
from shequ.party.services.orgs import team_create

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 8, 1, 10, 0), tick=False):
        yield


@pytest.fixture
def projects(party, territory):
    t = territory
    p = party
    m = {
        "a": p.member("C1G1", p.b1, "甲"),
        "b": p.member("C1G1", p.b1, "乙"),
        "c": p.member("C1G1", p.b1, "丙"),
        "d": p.member("C2G1", p.c2, "丁"),
        "e": p.member("C3G1", p.c3, "戊"),
    }
    founded = dt.date(2025, 1, 1)
    teams = {
        "t1": team_create(node=t.c1, kind=TeamKind.RETIREES, name="东一余热队", founded_on=founded),
        "t2": team_create(node=t.grids["C1G2"], kind=TeamKind.RETIREES, name="二网格余热队",
                          founded_on=founded),
        "t3": team_create(node=t.c2, kind=TeamKind.VOLUNTEERS, name="东二志愿队",
                          founded_on=founded),
        "t4": team_create(node=t.c3, kind=TeamKind.DOUBLE_LEAD, name="西一双带队",
                          founded_on=founded),
        "t5": team_create(node=t.c1, kind=TeamKind.VOLUNTEERS, name="已解散志愿队",
                          founded_on=founded),
    }  # fmt: skip
    Team.objects.filter(pk=teams["t5"].pk).update(dissolved_on=dt.date(2025, 12, 31))
    teams["t5"].refresh_from_db()
    add = svc.team_membership_add
    add(team=teams["t1"], member=m["a"], joined_on=dt.date(2025, 3, 1))
    gone = add(team=teams["t1"], member=m["b"], joined_on=dt.date(2025, 3, 1))
    svc.team_membership_end(membership=gone, left_on=dt.date(2025, 12, 31))  # before the period
    add(team=teams["t1"], member=m["c"], joined_on=dt.date(2026, 7, 1))  # after the period
    add(team=teams["t2"], member=m["a"], joined_on=dt.date(2026, 2, 1))  # a again: counted once
    add(team=teams["t3"], member=m["d"], joined_on=dt.date(2026, 1, 15))
    add(team=teams["t4"], member=m["e"], joined_on=dt.date(2026, 3, 1))
    rec = svc.team_activity_record
    rec(
        team=teams["t1"],
        held_on=dt.date(2026, 3, 5),
        title="治安巡逻",
        kind="patrol",
        participants=[m["a"]],
        person_times=5,
        beneficiaries=20,
    )
    rec(
        team=teams["t1"],
        held_on=dt.date(2026, 7, 2),
        title="七月巡逻",
        kind="patrol",
        participants=[m["a"]],
        person_times=3,
    )  # after the period
    rec(
        team=teams["t2"],
        held_on=dt.date(2026, 4, 1),
        title="邻里调解",
        kind="mediation",
        participants=[m["a"]],
        beneficiaries=2,
    )  # person-times default: 1 member
    rec(
        team=teams["t3"],
        held_on=dt.date(2026, 5, 1),
        title="义诊",
        kind="volunteer_service",
        participants=[m["d"]],
        person_times=10,
        beneficiaries=40,
    )
    rec(team=teams["t4"], held_on=dt.date(2026, 6, 30), title="招聘会", kind="reemployment_help",
        participants=[m["e"]], person_times=2, beneficiaries=3)  # fmt: skip
    return {"m": m, "teams": teams}


def _row(teams, members, activities, person_times, beneficiaries):
    return {"teams": teams, "members": members, "activities": activities,
            "person_times": person_times, "beneficiaries": beneficiaries}  # fmt: skip


def _nums(row):
    return {k: row[k] for k in ("teams", "members", "activities", "person_times", "beneficiaries")}


def test_counts_per_kind_and_community_for_the_period(projects, cast):
    report = engagement_counts_for(user=cast.district_admin, start=START, end=END)
    by_kind = {r["kind"]: _nums(r) for r in report["by_kind"]}
    assert by_kind[TeamKind.RETIREES] == _row(2, 1, 2, 6, 22)
    assert by_kind[TeamKind.VOLUNTEERS] == _row(1, 1, 1, 10, 40)  # the dissolved team left out
    assert by_kind[TeamKind.DOUBLE_LEAD] == _row(1, 1, 1, 2, 3)
    assert by_kind[TeamKind.CULTURE] == _row(0, 0, 0, 0, 0)
    assert _nums(report["total"]) == _row(4, 3, 4, 18, 65)
    by_community = {r["label"]: _nums(r) for r in report["by_community"]}
    assert by_community == {
        "东一社区": _row(2, 1, 2, 6, 22),
        "东二社区": _row(1, 1, 1, 10, 40),
        "西一社区": _row(1, 1, 1, 2, 3),
    }


def test_counts_follow_the_users_scope_and_the_period(projects, cast):
    report = engagement_counts_for(user=cast.community_secretary, start=START, end=END)
    assert _nums(report["total"]) == _row(2, 1, 2, 6, 22)
    # July alone: t1's July patrol; c joined in July, a still serves in t1 and t2
    report = engagement_counts_for(user=cast.community_secretary, start=dt.date(2026, 7, 1),
                                   end=dt.date(2026, 7, 31))  # fmt: skip
    assert _nums(report["total"]) == _row(2, 2, 1, 3, 0)


def test_person_times_cannot_be_fewer_than_members_taking_part(projects):
    m, teams = projects["m"], projects["teams"]
    with pytest.raises(ValidationError) as exc:
        svc.team_activity_record(
            team=teams["t1"], held_on=dt.date(2026, 7, 20), title="巡逻", kind="patrol",
            participants=[m["a"], m["c"]], person_times=1,
        )  # fmt: skip
    assert "person_times" in exc.value.message_dict


def test_member_of_another_community_cannot_join_or_take_part(projects):
    m, teams = projects["m"], projects["teams"]
    with pytest.raises(ValidationError) as exc:
        svc.team_membership_add(team=teams["t1"], member=m["d"], joined_on=dt.date(2026, 7, 1))
    assert "member" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.team_activity_record(team=teams["t1"], held_on=dt.date(2026, 7, 20), title="巡逻",
                                 kind="patrol", participants=[m["d"]])  # fmt: skip
    assert "participants" in exc.value.message_dict


def test_one_open_membership_and_ordered_dates(projects):
    m, teams = projects["m"], projects["teams"]
    with pytest.raises(ValidationError) as exc:
        svc.team_membership_add(team=teams["t1"], member=m["a"], joined_on=dt.date(2026, 7, 1))
    assert "member" in exc.value.message_dict
    membership = teams["t1"].memberships.get(member=m["a"])
    with pytest.raises(ValidationError) as exc:
        svc.team_membership_end(membership=membership, left_on=dt.date(2025, 1, 1))
    assert "left_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.team_activity_record(team=teams["t5"], held_on=dt.date(2026, 3, 1), title="x",
                                 kind="other")  # fmt: skip
    assert "held_on" in exc.value.message_dict  # the team was dissolved


def test_grid_worker_may_not_record(projects, cast):
    with pytest.raises(PermissionDenied):
        svc.team_activity_record(actor=cast.grid_worker, team=projects["teams"]["t1"],
                                 held_on=dt.date(2026, 7, 1), title="x", kind="other",
                                 person_times=1)  # fmt: skip


# — pages —


def test_report_page_counts_and_export(client, projects, cast, django_assert_max_num_queries):
    client.force_login(cast.community_secretary)
    url = reverse("party:engagement_report") + "?start=2026-01-01&end=2026-06-30"
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "治安巡逻" in body and "义诊" not in body
    response = client.get(reverse("party:engagement_export") + "?start=2026-01-01&end=2026-06-30")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    retirees = next(r for r in rows if r[0] == str(TeamKind.RETIREES.label))
    assert retirees[1:] == (2, 1, 2, 6, 22)
    titles = [r[3] for r in book.worksheets[2].iter_rows(min_row=2, values_only=True)]
    assert titles == ["治安巡逻", "邻里调解"]


def test_team_page_records_an_activity(client, projects, cast):
    m, team = projects["m"], projects["teams"]["t1"]
    client.force_login(cast.community_secretary)
    url = reverse("party:engagement_activity_create", args=[team.pk])
    response = client.post(url, {"held_on": "2026-07-20", "title": "夜间巡逻", "kind": "patrol",
                                 "participants": [m["a"].pk], "person_times": "4",
                                 "beneficiaries": "0", "results": "排除隐患2处"})  # fmt: skip
    assert response.status_code == 302
    assert team.activities.get(title="夜间巡逻").person_times == 4
    response = client.post(url, {"held_on": "2026-07-20", "title": "x", "kind": "patrol",
                                 "participants": [m["a"].pk, m["c"].pk], "person_times": "1",
                                 "beneficiaries": "0"})  # fmt: skip
    assert response.status_code == 400
    assert "person_times" in response.context["activity_form"].errors


def test_api_counts(client, projects, cast):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=cast.district_admin)
    response = client.get("/api/v1/party/team-activities/counts/?start=2026-01-01&end=2026-06-30",
                          HTTP_AUTHORIZATION=f"Token {token.key}")  # fmt: skip
    assert response.status_code == 200
    data = response.json()
    assert {k: data["total"][k] for k in ("teams", "members", "person_times")} == {
        "teams": 4, "members": 3, "person_times": 18}  # fmt: skip
