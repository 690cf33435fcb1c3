"""Evaluation pages and API (R-PM-4): the rater's sheet, a member's duty report, the round
page with bounded queries, closing and publishing, the outcomes export."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.party.models import DutyReport, Grade, Outcome, RaterKind, Rating, RoundStatus
from shequ.party.services import evaluation as ev

pytestmark = pytest.mark.django_db

CRITERIA = ["political_stance", "duty_performance", "service_to_residents", "conduct"]


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 10, 10, 0), tick=False):
        yield


@pytest.fixture
def setup(party, territory):
    rnd = ev.round_open(org=party.b1, year=2026, opens_on=dt.date(2026, 12, 1),
                        closes_on=dt.date(2026, 12, 31))  # fmt: skip
    members = [party.member("C1G1", party.b1, name) for name in ("甲", "乙", "丙")]
    rep = make_user("rep", Role.RESIDENT, territory.grids["C1G1"])
    ev.round_rater_register(round=rnd, user=rep, kind=RaterKind.RESIDENT_REPRESENTATIVE)
    own = make_user("jia", Role.PARTY_MEMBER, territory.grids["C1G1"])
    own.person = members[0].person
    own.save(update_fields=["person"])
    ev.round_rater_register(round=rnd, user=own, kind=RaterKind.MEMBER)
    return rnd, members, rep, own


def test_rating_sheet_saves_filled_rows_and_leaves_out_the_rater(client, setup):
    rnd, (jia, yi, bing), rep, own = setup
    client.force_login(own)
    url = reverse("party:evaluation_rate", args=[rnd.pk])
    response = client.get(url)
    assert response.status_code == 200
    names = [row["member"].person.name for row in response.context["form"].rows]
    assert set(names) == {"乙", "丙"}  # himself left out
    data = {f"m{yi.pk}_{c}": "4" for c in CRITERIA}  # 乙 rated, 丙 left for later
    response = client.post(url, data)
    assert response.status_code == 302
    assert Rating.objects.get().scores == dict.fromkeys(CRITERIA, 4)
    # a partly filled row is refused with the member named, nothing saved
    response = client.post(url, {f"m{bing.pk}_political_stance": "5"})
    assert response.status_code == 400
    assert f"member_{bing.pk}" in response.context["form"].errors
    assert Rating.objects.count() == 1


def test_a_stranger_gets_no_rating_sheet(client, setup, cast):
    rnd = setup[0]
    client.force_login(cast.community_secretary)
    response = client.get(reverse("party:evaluation_rate", args=[rnd.pk]))
    assert response.status_code == 404


def test_member_writes_his_duty_report(client, setup):
    rnd, (jia, *_rest), rep, own = setup
    client.force_login(own)
    url = reverse("party:evaluation_duty_report", args=[rnd.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "履职情况……"})
    assert response.status_code == 302
    assert DutyReport.objects.get(member=jia).submitted_by == own
    client.force_login(rep)  # not a member
    assert client.get(url).status_code == 404


def test_round_page_queries_are_bounded(client, setup, cast, party, django_assert_max_num_queries):
    rnd, members, rep, own = setup
    for n in range(5):
        party.member("C1G1", party.b1, f"党员{n}")
    client.force_login(cast.community_secretary)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("party:evaluation_round_detail", args=[rnd.pk]))
    assert response.status_code == 200
    assert len(response.context["progress"]["members"]) == 8


def test_close_adjust_publish_and_export_through_pages(client, setup, cast):
    rnd, (jia, yi, bing), rep, own = setup
    for member, n in ((jia, 5), (yi, 3), (bing, 2)):
        ev.rating_submit(actor=rep, round=rnd, member=member, scores=dict.fromkeys(CRITERIA, n))
    client.force_login(cast.branch_secretary)
    step = reverse("party:evaluation_round_step", args=[rnd.pk, RoundStatus.CLOSED])
    assert client.post(step).status_code == 302
    # three members: the cap (30 %) leaves no room for excellent → 甲 capped to competent
    jia_outcome = Outcome.objects.get(member=jia)
    assert (jia_outcome.computed_grade, jia_outcome.capped) == (Grade.COMPETENT, True)
    adjust = reverse("party:evaluation_outcome_adjust", args=[Outcome.objects.get(member=bing).pk])
    client.post(adjust, {"grade": Grade.COMPETENT, "reason": "经支部大会复议"})
    assert Outcome.objects.get(member=bing).grade == Grade.COMPETENT
    publish = reverse("party:evaluation_round_step", args=[rnd.pk, RoundStatus.PUBLISHED])
    response = client.post(publish, {"published_on": "2026-12-11", "board_until": "2026-12-10"})
    assert response.status_code == 400
    assert "board_until" in response.context["publish_form"].errors
    response = client.post(publish, {"published_on": "2026-12-10", "board_until": "2026-12-20"})
    assert response.status_code == 302
    rnd.refresh_from_db()
    assert (rnd.status, rnd.board_until) == (RoundStatus.PUBLISHED, dt.date(2026, 12, 20))
    response = client.get(reverse("party:evaluation_outcome_export", args=[rnd.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
        min_row=2, values_only=True))  # fmt: skip
    assert [(r[0], r[3]) for r in rows] == [("甲", 5.0), ("乙", 3.0), ("丙", 2.0)]


def test_api_rate_and_refuse_second(client, setup):
    rnd, (jia, yi, bing), rep, own = setup
    token = Token.objects.create(user=rep)
    url = f"/api/v1/party/evaluation-rounds/{rnd.pk}/rate/"
    body = {"member": yi.pk, "scores": dict.fromkeys(CRITERIA, 4)}
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.post(url, body, content_type="application/json", **headers).status_code == 201
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 400
    assert Rating.objects.count() == 1


def test_democratic_evaluation_page(client, party, cast):
    client.force_login(cast.branch_secretary)
    response = client.post(reverse("party:democratic_evaluation_create"),
                           {"org": party.b1.pk, "held_on": "2026-12-05", "participants": "9",
                            "summary": "民主评议党员9名"})  # fmt: skip
    assert response.status_code == 302
    response = client.get(reverse("party:democratic_evaluation_list") + "?q=民主评议")
    assert "民主评议党员9名" in response.content.decode()


def test_my_tasks_section_lists_rating_and_report(setup):
    from shequ.party.selectors.evaluation import my_evaluation_tasks

    rnd, (jia, *_rest), rep, own = setup
    section = my_evaluation_tasks(own, jia)
    assert [r.pk for r in section["context"]["rating_rounds"]] == [rnd.pk]
    assert [r.pk for r in section["context"]["report_rounds"]] == [rnd.pk]
    ev.duty_report_submit(actor=own, round=rnd, member=jia, text="述职")
    section = my_evaluation_tasks(own, jia)
    assert section["context"]["report_rounds"] == []
