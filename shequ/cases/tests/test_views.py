"""The case pages: intake during a call, the caller's earlier requests, steps from the case
page, a resident's report, and who sees which cases."""

import pytest
from django.urls import reverse

from shequ.accounts.roles import Role
from shequ.cases.choices import CaseStatus as S
from shequ.cases.models import Case, CaseEvent
from shequ.conftest import make_user


def login(client, user):
    client.force_login(user)
    return client


def test_a_call_taker_records_a_call_and_the_phone_is_stored_sealed(client, cast, territory, desk):
    client = login(client, cast.community_worker)
    response = client.post(
        reverse("cases:create"),
        {
            "channel": "hotline",
            "requester_phone": "138 0013 8000",
            "requester_name": "赵大妈",
            "description": "3号楼下水道堵塞，污水外溢",
            "category": desk.roads.pk,
            "node": territory.grids["C1G1"].pk,
            "wants_reply": "on",
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "cases:detail", args=[case.pk]
    )
    assert (case.status, case.channel, case.created_by) == (
        S.RECEIVED,
        "hotline",
        cast.community_worker,
    )
    assert (
        case.requester_phone_masked == "138****8000"
        and "13800138000" not in case.requester_phone_enc
    )
    assert case.title == "3号楼下水道堵塞，污水外溢"[:40]
    assert case.due_accept_at and case.due_resolve_at and case.number.endswith(f"{case.pk:06d}")
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "138****8000" in page and "13800138000" not in page and "赵*" in page


def test_a_bad_phone_is_named_beside_its_field_and_nothing_is_saved(client, cast, territory):
    client = login(client, cast.community_worker)
    response = client.post(
        reverse("cases:create"),
        {"channel": "hotline", "requester_phone": "12345", "description": "x",
         "node": territory.grids["C1G1"].pk},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["requester_phone"]
    assert not Case.objects.exists()


def test_the_callers_earlier_requests_show_up_by_phone(client, cast, new_case):
    earlier = new_case(requester_phone="13800138000")
    new_case(requester_phone="13900139000", title="别人的诉求")
    client = login(client, cast.community_worker)
    body = client.get(reverse("cases:caller"), {"requester_phone": "13800138000"}).content.decode()
    assert earlier.number in body and "别人的诉求" not in body


def test_steps_from_the_case_page_down_to_the_rating(client, cast, new_case, desk):
    case = new_case()
    worker = login(client, cast.community_worker)
    accept = {"accept-accepted-category": desk.lamps.pk}
    assert worker.post(reverse("cases:step", args=[case.pk, S.ACCEPTED]), accept).status_code == 302
    assign = {"assign-assigned-handler": desk.grid_worker.pk}
    assert worker.post(reverse("cases:step", args=[case.pk, S.ASSIGNED]), assign).status_code == 302
    handler = login(client, cast.grid_worker)
    page = handler.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-step="start-in_progress"' in page and 'data-step="send_back-accepted"' in page
    handler.post(reverse("cases:step", args=[case.pk, S.IN_PROGRESS]))
    # postponing without an approver is refused beside the field
    refused = handler.post(
        reverse("cases:step", args=[case.pk, S.POSTPONED]),
        {"postpone-postponed-note": "需等配件", "postpone-postponed-extension_days": 3},
    )
    assert refused.status_code == 400
    assert "approver" in refused.context["steps"][-1]["form"].errors or any(
        "approver" in item["form"].errors for item in refused.context["steps"]
    )
    handler.post(reverse("cases:step", args=[case.pk, S.REPLIED]),
                 {"reply-replied-reply": "已更换灯泡"})  # fmt: skip
    worker = login(client, cast.community_worker)
    worker.post(reverse("cases:step", args=[case.pk, S.RATED]),
                {"rate-rated-rating": "satisfied", "rate-rated-solved": "yes"})  # fmt: skip
    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_source) == (S.RATED, "satisfied", "follow_up")
    assert list(CaseEvent.objects.filter(case=case).values_list("verb", flat=True)) == [
        "submit", "accept", "assign", "start", "reply", "rate",
    ]  # fmt: skip


def test_a_resident_reports_follows_and_rates_his_own_case(client, cast, territory, desk):
    resident = login(client, cast.resident)
    response = resident.post(
        reverse("cases:report"),
        {"description": "小区门口垃圾没人清运", "node": territory.grids["C1G1"].pk,
         "wants_reply": "on"},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 200 and case.number in response.content.decode()
    assert (case.channel, case.requester_user) == ("web", cast.resident)
    listed = resident.get(reverse("cases:list"))
    assert [c.pk for c in listed.context["page"]] == [case.pk] and listed.context["mine"]
    # the others' cases stay hidden from him
    other = make_user("other_resident", Role.RESIDENT, territory.grids["C1G1"])
    assert login(client, other).get(reverse("cases:detail", args=[case.pk])).status_code == 404


def test_an_anonymous_report_needs_a_phone(client, territory):
    response = client.post(
        reverse("cases:report"), {"description": "路灯坏了", "node": territory.grids["C1G1"].pk}
    )
    assert response.status_code == 200 and response.context["form"].errors["requester_phone"]
    client.post(
        reverse("cases:report"),
        {"description": "路灯坏了", "node": territory.grids["C1G1"].pk,
         "requester_phone": "13800138000"},
    )  # fmt: skip
    assert Case.objects.get().requester_phone_masked == "138****8000"


@pytest.mark.parametrize(
    ("role", "sees"),
    [("community_worker", True), ("grid_worker", True), ("subdistrict_admin", True),
     ("auditor", True), ("party_member", False), ("unit_contact", False)],
)  # fmt: skip
def test_who_sees_a_case_in_grid_c1g1(client, cast, new_case, role, sees):
    case = new_case()
    response = login(client, getattr(cast, role)).get(reverse("cases:detail", args=[case.pk]))
    assert response.status_code == (200 if sees else 404)


def test_a_grid_worker_of_another_community_does_not_see_it(client, territory, new_case):
    case = new_case()
    stranger = make_user("grid_c3", Role.GRID_WORKER, territory.grids["C3G1"])
    client = login(client, stranger)
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404
    assert list(client.get(reverse("cases:list")).context["page"]) == []


def test_intake_suggests_a_category_and_flags_the_same_matter(client, cast, new_case, desk):
    first = new_case(category=None, description="1号楼门前路灯不亮了", title="")
    second = new_case(category=None, description="1号楼门口的路灯一直不亮", title="")
    assert first.suggestion["category"]["code"] == "roads"
    assert first.suggestion["method"] == "rules" and "路灯" in first.suggestion["reason"]
    assert [d["number"] for d in second.suggestion["duplicates"]] == [first.number]
    page = login(client, cast.community_worker).get(reverse("cases:detail", args=[second.pk]))
    body = page.content.decode()
    assert 'id="suggestion"' in body and first.number in body
    # the accept step starts from the suggested category; the worker may choose another
    accept = next(s for s in page.context["steps"] if s["step"].verb == "accept")
    assert accept["form"].initial["category"] == desk.roads.pk


def test_the_rating_link_rates_once_and_a_forged_one_is_refused(client, cast, new_case):
    from shequ.cases.models import Handler
    from shequ.cases.services import case_transition, rating_link_token

    case = new_case()
    worker, handler = cast.community_worker, cast.grid_worker

    case = case_transition(case=case, to=S.ACCEPTED, actor=worker)
    case = case_transition(
        case=case, to=S.ASSIGNED, actor=worker, handler=Handler.objects.get(user=handler)
    )
    case = case_transition(case=case, to=S.IN_PROGRESS, actor=handler)
    case = case_transition(case=case, to=S.REPLIED, actor=handler, reply="已处理")
    token = rating_link_token(case)
    assert client.get(reverse("cases:rate_link", args=[token[:-2] + "xx"])).status_code == 404
    url = reverse("cases:rate_link", args=[token])
    assert client.post(url, {"solved": "no", "rating": "unsatisfied"}).status_code == 200
    case.refresh_from_db()
    assert (case.status, case.rating, case.rating_source) == (S.RATED, "unsatisfied", "requester")
    assert client.get(url).context["form"] is None  # nothing left to rate
