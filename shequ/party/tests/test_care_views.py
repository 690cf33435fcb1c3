"""Pages and API of 四知四访 (R-PM-6)."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.party.models import CareVisit, MemberCircumstance, VisitStatus
from shequ.party.services.care import care_flag_raise

from . import fixtures_chaincare

cc = fixtures_chaincare.cc
TZ = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2027, 3, 20, 10, tzinfo=TZ)


def test_raise_log_and_list_through_the_pages(cc, cast, client):
    with time_machine.travel(NOW, tick=False):
        client.force_login(cast.community_secretary)
        response = client.post(
            reverse("party:care_flag_raise", args=[cc.m1.pk]),
            {"trigger": "hospitalised", "on": "2027-03-10", "note": "阑尾炎"},
        )
        visit = CareVisit.objects.get()
        assert response.status_code == 302 and response.url.endswith(f"/care/{visit.pk}/")
        assert visit.due_on == dt.date(2027, 3, 13) and visit.assignee_name == "孙支部书记"
        overdue = client.get(reverse("party:care_visit_list"), {"status": "overdue"})
        assert [v.pk for v in overdue.context["page"]] == [visit.pk]
        bad = client.post(
            reverse("party:care_visit_detail", args=[visit.pk]),
            {"visited_on": "2027-03-25", "notes": "x"},
        )
        assert bad.status_code == 400  # in the future: the service's error beside the field
        assert set(bad.context["log_form"].errors) == {"visited_on"}
        done = client.post(
            reverse("party:care_visit_detail", args=[visit.pk]),
            {"visited_on": "2027-03-12", "notes": "送去慰问品"},
        )
        assert done.status_code == 302
    visit.refresh_from_db()
    assert visit.status == VisitStatus.DONE


def test_the_assignee_without_a_staff_role_sees_and_logs_his_visit(cc, client):
    with time_machine.travel(NOW, tick=False):
        visit = care_flag_raise(member=cc.m1, trigger="bereaved", on=dt.date(2027, 3, 19))
        secretary = cc.b1_secretary.user  # no role: the visit is addressed to him
        client.force_login(secretary)
        listed = client.get(reverse("party:care_visit_list"))
        assert [v.pk for v in listed.context["page"]] == [visit.pk]
        assert client.get(reverse("party:care_visit_detail", args=[visit.pk])).context["may_log"]
        other = care_flag_raise(member=cc.m3, trigger="bereaved", on=dt.date(2027, 3, 19))
        assert client.get(reverse("party:care_visit_detail", args=[other.pk])).status_code == 404


def test_visit_list_queries_stay_bounded(cc, cast, client, django_assert_max_num_queries):
    with time_machine.travel(NOW, tick=False):
        for member in (cc.m1, cc.m2, cc.m3):
            for trigger in ("hardship", "bereaved"):
                care_flag_raise(member=member, trigger=trigger, on=dt.date(2027, 3, 1))
        client.force_login(cast.community_secretary)
        client.get(reverse("party:care_visit_list"))
        with django_assert_max_num_queries(8):
            response = client.get(reverse("party:care_visit_list"))
    assert len(response.context["page"]) == 6


def test_circumstances_page_records_and_api_reads(cc, cast, client):
    client.force_login(cast.community_secretary)
    url = reverse("party:member_circumstances", args=[cc.m1.pk])
    response = client.post(
        url, {"aspect": "family", "text": "独居老人", "recorded_on": "2025-05-01"}
    )
    assert response.status_code == 302
    assert "独居老人" in client.get(url).content.decode()
    client.force_login(cast.community_worker)  # no VIEW_CIRCUMSTANCES
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"aspect": "family", "text": "x", "recorded_on": "2025-05-01"}).status_code
        == 403
    )
    assert MemberCircumstance.objects.count() == 1
    token = Token.objects.create(user=cast.community_secretary).key
    rows = client.get(
        f"/api/v1/party/care-circumstances/?member={cc.m1.pk}", HTTP_AUTHORIZATION=f"Token {token}"
    ).json()
    assert [r["text"] for r in rows] == ["独居老人"]


def test_api_raises_once_and_logs(cc, cast, client):
    with time_machine.travel(NOW, tick=False):
        token = Token.objects.create(user=cast.community_secretary).key
        auth = {"HTTP_AUTHORIZATION": f"Token {token}"}
        body = {"member": cc.m2.pk, "trigger": "family_conflict", "on": "2027-03-19"}
        first = client.post(
            "/api/v1/party/care-flags/", body, content_type="application/json", **auth
        )
        again = client.post(
            "/api/v1/party/care-flags/", body, content_type="application/json", **auth
        )
        assert first.status_code == again.status_code == 201
        assert first.json()["id"] == again.json()["id"] and CareVisit.objects.count() == 1
        outside = client.post(
            "/api/v1/party/care-flags/",
            {**body, "member": 999999},
            content_type="application/json",
            **auth,
        )
        assert outside.status_code == 400 and "member" in str(outside.json())
        pk = first.json()["id"]
        bad = client.post(
            f"/api/v1/party/care-visits/{pk}/log/",
            {"visited_on": "2027-03-19", "notes": " "},
            content_type="application/json",
            **auth,
        )
        assert bad.status_code == 400
        ok = client.post(
            f"/api/v1/party/care-visits/{pk}/log/",
            {"visited_on": "2027-03-19", "notes": "已调解"},
            content_type="application/json",
            **auth,
        )
        assert ok.status_code == 200 and ok.json()["status"] == "done"
        listed = client.get("/api/v1/party/care-visits/?status=done", **auth).json()["results"]
        assert [r["id"] for r in listed] == [pk]


def test_my_party_page_lists_the_visits_i_am_to_make(cc, client):
    from shequ.conftest import make_user
    from shequ.party.models import ChainKind
    from shequ.party.services.chain import chain_link_assign
    from shequ.people.services import household_add_member

    household_add_member(household=cc.household, person=cc.m1.person, relation="child")
    chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m2, what=cc.household)
    visit = care_flag_raise(member=cc.m1, trigger="hardship")
    assert visit.assignee_person == cc.m2.person and visit.assignee_user is None
    carer = make_user("zheng")
    carer.person = cc.m2.person  # his login, made after the visit was raised
    carer.save(update_fields=["person"])
    client.force_login(carer)
    page = client.get(reverse("party:mine")).content.decode()
    assert reverse("party:care_visit_detail", args=[visit.pk]) in page and "吴党员" in page
