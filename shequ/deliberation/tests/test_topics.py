"""Topic pages and API (R-DLB-2): the list with its search, filters and audited export, a
topic's timeline and next-step form, refused steps shown beside the form, documents served
only to those who see the topic, the public evaluation (one rating per resident, a mean), and
the 我的议事 section of topics awaiting evaluation."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from shequ.core.models import AuditAction, AuditEvent
from shequ.deliberation.models import TopicEvaluation, TopicStep
from shequ.deliberation.selectors.mine import my_sections
from shequ.deliberation.services.topics import topic_create, topic_evaluate

from .topics_fixtures import five_steps_to_the_end, passed_motion, resident_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def topic(territory):
    return topic_create(community=territory.c1, title="小区停车难", procedure="five_steps",
                        description="晚间车位不足。")  # fmt: skip


def test_evaluation_once_per_resident_after_the_outcome_is_published(territory, bodies, topic):
    wang = resident_user(territory, "wang", "C1G1")
    li = resident_user(territory, "li", "C1G2")
    far = resident_user(territory, "far", "C2G1")
    with pytest.raises(ValidationError):
        topic_evaluate(actor=wang, topic=topic, rating=5)  # not yet published
    five_steps_to_the_end(topic, bodies.reps)
    assert [s["title"] for s in my_sections(user=wang, person=wang.person)]
    topic_evaluate(actor=wang, topic=topic, rating=5, comment="车位多了")
    topic_evaluate(actor=li, topic=topic, rating=2)
    with pytest.raises(ValidationError) as refused:
        topic_evaluate(actor=wang, topic=topic, rating=1)
    assert refused.value.error_dict["rating"][0].code == "once"
    for bad in (0, 6, "x"):
        with pytest.raises(ValidationError):
            topic_evaluate(actor=far if bad == "never" else li, topic=topic, rating=bad)
    with pytest.raises(PermissionDenied):
        topic_evaluate(actor=far, topic=topic, rating=3)  # another community's resident
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicEvaluation.objects.create(topic=topic, person=wang.person, rating=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicEvaluation.objects.create(topic=topic, person=far.person, rating=9)
    assert not [s for s in my_sections(user=wang, person=wang.person)
                if s.get("template") == "deliberation/topics/_mine.html"]  # fmt: skip


def test_the_topic_page_shows_the_timeline_and_the_mean_rating(client, territory, bodies, topic):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    five_steps_to_the_end(topic, bodies.reps)
    wang = resident_user(territory, "wang", "C1G1")
    topic_evaluate(actor=wang, topic=topic, rating=5)
    topic_evaluate(actor=resident_user(territory, "li", "C1G2"), topic=topic, rating=2)
    client.force_login(wang)
    with translation.override("en"):
        page = client.get(reverse("deliberation:topic_detail", args=[topic.pk]),
                          HTTP_ACCEPT_LANGUAGE="en").content.decode()  # fmt: skip
    assert page.count('class="list-group-item step-done"') == 5
    assert "3.50" in page and "You rated it 5 of 5." in page


def test_a_worker_records_the_next_step_from_the_page(client, territory, bodies, cast, topic):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(cast.community_worker)
    url = reverse("deliberation:topic_step", args=[topic.pk])
    response = client.post(url, {"step": "raised_in_public", "decision": "公示征集意见"})
    assert response.status_code == 302
    assert TopicStep.objects.get(topic=topic).actor == cast.community_worker
    response = client.post(url, {"step": "decided_by_vote", "decision": "表决"},
                           HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert response.status_code == 400
    assert "The next step should be: Discussed in joint meeting" in response.content.decode()
    client.post(url, {"step": "joint_discussion", "decision": "联席会议商议"})
    motion = passed_motion(bodies.reps)
    page = client.get(reverse("deliberation:topic_detail", args=[topic.pk])).content.decode()
    assert f'value="{motion.pk}"' in page  # the passed motion is offered
    response = client.post(url, {"step": "decided_by_vote", "decision": "通过",
                                 "motion": motion.pk})  # fmt: skip
    assert response.status_code == 302
    upload = SimpleUploadedFile("验收.pdf", b"%PDF-1.4\nwork\n", content_type="application/pdf")
    response = client.post(url, {"step": "carried_out", "decision": "已实施",
                                 "documents": [upload]})  # fmt: skip
    assert response.status_code == 302
    document = TopicStep.objects.get(topic=topic, position=3).documents.get()
    file_url = reverse("deliberation:topic_document", args=[topic.pk, document.pk])
    assert client.get(file_url).status_code == 200
    client.force_login(resident_user(territory, "far", "C3G1"))
    assert client.get(file_url).status_code == 404


def test_a_grid_worker_and_a_resident_get_no_step_form(client, territory, cast, topic):
    for user in (cast.grid_worker, cast.resident):
        client.force_login(user)
        page = client.get(reverse("deliberation:topic_detail", args=[topic.pk]))
        assert page.status_code == 200 and 'id="step-form"' not in page.content.decode()
        response = client.post(reverse("deliberation:topic_step", args=[topic.pk]),
                               {"step": "raised_in_public", "decision": "x"})  # fmt: skip
        assert response.status_code == 403
    # the party organisation's step is its staff's, not the workers'
    other = topic_create(community=territory.c1, title="加装电梯", procedure="four_two")
    client.force_login(cast.community_worker)
    response = client.post(reverse("deliberation:topic_step", args=[other.pk]),
                           {"step": "branch_proposes", "decision": "x"})  # fmt: skip
    assert response.status_code == 403


def test_the_list_searches_filters_and_exports_with_an_audit_row(
    client, territory, bodies, cast, topic, django_assert_num_queries
):
    topic_create(community=territory.c1, title="加装电梯", procedure="four_two")
    topic_create(community=territory.c2, title="东二社区绿化", procedure="five_steps")
    client.force_login(cast.community_secretary)
    url = reverse("deliberation:topic_list")
    assert "加装电梯" not in client.get(url + "?q=停车").content.decode()
    page = client.get(url + "?procedure=four_two").content.decode()
    assert "加装电梯" in page and "小区停车难" not in page
    page = client.get(url + "?step=raised_in_public").content.decode()
    assert "小区停车难" in page and "加装电梯" not in page
    client.get(url)  # warm the session and the user's roles
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert "东二社区绿化" not in page  # the next community is not his
    response = client.get(reverse("deliberation:topic_export") + "?q=停车")
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    titles = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["小区停车难"]
    audit = AuditEvent.objects.filter(action=AuditAction.EXPORT).latest("id")
    assert audit.row_count == 1 and audit.actor_id == cast.community_secretary.pk


def test_staff_open_a_topic_from_the_page(client, territory, cast):
    client.force_login(cast.community_secretary)
    url = reverse("deliberation:topic_create")
    response = client.post(url, {"community": territory.c1.pk, "title": "",
                                 "procedure": "four_two"})  # fmt: skip
    assert response.status_code == 200 and "title" in response.context["form"].errors
    response = client.post(
        url,
        {
            "community": territory.c1.pk,
            "title": "垃圾分类",
            "procedure": "four_two",
            "affects_all_residents": "on",
        },
    )
    assert response.status_code == 302
    client.force_login(cast.community_worker)
    assert client.get(url).status_code == 403


def test_the_api_lists_opens_walks_and_rates_topics(territory, bodies, cast, topic):
    api = APIClient()
    api.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api.force_authenticate(cast.community_secretary)
    listing = api.get("/api/v1/deliberation/topics/?q=停车").json()
    assert [t["title"] for t in listing["results"]] == ["小区停车难"]
    procedures = api.get("/api/v1/deliberation/topics/procedures/").json()
    assert {p["code"] for p in procedures} >= {"four_two", "five_steps"}
    created = api.post("/api/v1/deliberation/topics/", {
        "community": territory.c1.pk, "title": "加装电梯", "procedure": "four_two"},
        format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    steps = f"/api/v1/deliberation/topics/{topic.pk}/steps/"
    refused = api.post(steps, {"step": "joint_discussion", "decision": "x"}, format="json",
                       HTTP_ACCEPT_LANGUAGE="en")  # fmt: skip
    assert refused.status_code == 400
    assert refused.json()["error"]["fields"]["step"] == [
        "The next step should be: Raised in public"
    ]
    done = api.post(steps, {"step": "raised_in_public", "decision": "公示"}, format="json")
    assert done.status_code == 201 and done.json()["position"] == 0
    five_steps_to_the_end(topic, bodies.reps, upto=0)
    for step, motion in (
        ("joint_discussion", None),
        ("decided_by_vote", passed_motion(bodies.reps).pk),
    ):
        response = api.post(steps, {"step": step, "decision": "记录", "motion": motion},
                            format="json")  # fmt: skip
        assert response.status_code == 201, response.json()
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4\n", content_type="application/pdf")
    response = api.post(steps, {"step": "carried_out", "decision": "已实施",
                                "documents": [upload]}, format="multipart")  # fmt: skip
    assert response.status_code == 201, response.json()
    api.post(steps, {"step": "supervised", "decision": "监督"}, format="json")
    detail = api.get(f"/api/v1/deliberation/topics/{topic.pk}/").json()
    assert detail["state"] == "completed"
    assert [e["status"] for e in detail["timeline"]] == ["done"] * 5
    assert detail["timeline"][3]["record"]["documents"] == ["a.pdf"]
    wang = resident_user(territory, "wang", "C1G1")
    api.force_authenticate(wang)
    rated = api.post(f"/api/v1/deliberation/topics/{topic.pk}/evaluation/", {"rating": 4},
                     format="json")  # fmt: skip
    assert rated.status_code == 201
    again = api.post(f"/api/v1/deliberation/topics/{topic.pk}/evaluation/", {"rating": 4},
                     format="json")  # fmt: skip
    assert again.status_code == 400 and "rating" in again.json()["error"]["fields"]
    assert api.get(f"/api/v1/deliberation/topics/{topic.pk}/").json()["rating_mean"] == 4.0
    assert api.post(steps, {"step": "x", "decision": "x"}, format="json").status_code == 403


def test_the_proposal_api_submits_signs_and_answers(territory, cast):
    wang = resident_user(territory, "wang", "C1G1")
    li = resident_user(territory, "li", "C1G2")
    api = APIClient()
    api.force_authenticate(wang)
    created = api.post("/api/v1/deliberation/proposals/", {"title": "增设休息座椅",
                       "text": "小区广场缺座椅。"}, format="json")  # fmt: skip
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    from shequ.deliberation.models import Proposal

    token = Proposal.objects.get(pk=pk).sign_token
    api.force_authenticate(li)
    assert api.get(f"/api/v1/deliberation/proposals/{pk}/").status_code == 404
    signed = api.post("/api/v1/deliberation/proposals/sign/", {"token": token}, format="json")
    assert signed.status_code == 201
    assert api.get(f"/api/v1/deliberation/proposals/{pk}/").json()["co_signers"] == ["居民li"]
    assert api.post(f"/api/v1/deliberation/proposals/{pk}/accept/", {"procedure": "four_two"},
                    format="json").status_code == 403  # fmt: skip
    api.force_authenticate(cast.community_secretary)
    declined = api.post(f"/api/v1/deliberation/proposals/{pk}/decline/", {"reason": ""},
                        format="json")  # fmt: skip
    assert declined.status_code == 400
    accepted = api.post(f"/api/v1/deliberation/proposals/{pk}/accept/",
                        {"procedure": "four_two"}, format="json")  # fmt: skip
    assert accepted.status_code == 200 and accepted.json()["topic"]
    api.force_authenticate(wang)
    path = api.get(f"/api/v1/deliberation/proposals/{pk}/").json()["path"]
    assert [s["done"] for s in path] == [True, True, True, False]


def test_proposal_pages_submit_sign_and_decide(client, territory, cast):
    wang = resident_user(territory, "wang", "C1G1")
    li = resident_user(territory, "li", "C1G2")
    client.force_login(wang)
    response = client.post(reverse("deliberation:proposal_create"),
                           {"title": "楼道灯坏了", "text": "请维修三楼楼道灯。"})  # fmt: skip
    assert response.status_code == 302
    from shequ.deliberation.models import Proposal

    proposal = Proposal.objects.get()
    page = client.get(reverse("deliberation:proposal_detail", args=[proposal.pk])).content
    assert proposal.sign_token in page.decode()
    client.force_login(li)
    sign_url = reverse("deliberation:proposal_sign", args=[proposal.sign_token])
    assert client.get(sign_url).status_code == 200
    assert client.post(sign_url).status_code == 302
    assert "signed" in client.get(sign_url).content.decode()
    client.force_login(resident_user(territory, "far", "C2G1"))
    assert client.get(sign_url).status_code == 404
    client.force_login(cast.community_secretary)
    response = client.post(reverse("deliberation:proposal_decline", args=[proposal.pk]),
                           {"reason": ""})  # fmt: skip
    assert response.status_code == 400
    response = client.post(reverse("deliberation:proposal_decline", args=[proposal.pk]),
                           {"reason": "已由物业维修"})  # fmt: skip
    assert response.status_code == 302
    client.force_login(wang)
    page = client.get(reverse("deliberation:mine")).content.decode()
    assert "已由物业维修" in page and "楼道灯坏了" in page
    response = client.get(reverse("deliberation:proposal_export"))
    assert response.status_code == 200
