"""Pages and API of carrying out funded micro-projects: the staff list (search, filters, keyset
pages, export audit-logged, bounded queries), the public project page with its forms, and the
API writes with the one error shape."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.core.models import AuditAction, AuditEvent
from shequ.deliberation.models import Publication
from shequ.pb.models import Milestone, ProgressReport, ProjectRating, SpendingEntry
from shequ.pb.services import implementation as services

from . import fixtures_implementation
from .fixtures_implementation import make_project, photo

impl = fixtures_implementation.impl
pytestmark = pytest.mark.django_db


def _api(client, user):
    token = Token.objects.get_or_create(user=user)[0].key
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def _page(x, client, user):
    client.force_login(user)
    return client.get(reverse("pb:implementation_project", args=[x.lift.pk]))


# ----------------------------------------------------------------------------- the list


def test_the_list_searches_filters_and_pages_in_bounded_queries(
    impl, client, django_assert_max_num_queries
):
    x = impl
    for n in range(4):
        make_project(x.round, f"P{10 + n}", f"健身器材{n}", "1000")
    client.force_login(x.worker)
    url = reverse("pb:implementation_list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "加装电梯扶手" in text and "楼道照明" not in text and "西一花园" not in text
    response = client.get(url, {"q": "座椅"})
    assert "小区休闲座椅" in response.content.decode()
    assert "加装电梯扶手" not in response.content.decode()
    from shequ.pb.views import implementation as views

    views.PAGE_SIZE, old = 2, views.PAGE_SIZE
    try:
        first = client.get(url)
        assert first.context["page"].has_next and len(first.context["page"].rows) == 2
        second = client.get(url, {"after": first.context["page"].next_cursor})
        assert not {r.pk for r in second.context["page"].rows} & {
            r.pk for r in first.context["page"].rows
        }
    finally:
        views.PAGE_SIZE = old


def test_the_list_filters_on_acceptance_and_overdue_milestones(impl, client):
    x = impl
    services.acceptance_record(actor=x.secretary, project=x.benches, checked_on=x.today,
                               result="passed", findings="合格", checked_by="社区")  # fmt: skip
    services.milestone_add(project=x.lift, title="采购", due_on=x.today - dt.timedelta(days=1))
    client.force_login(x.worker)
    url = reverse("pb:implementation_list")
    accepted = client.get(url, {"state": "accepted"}).context["page"].rows
    assert [r.pk for r in accepted] == [x.benches.pk]
    overdue = client.get(url, {"overdue": "on"}).context["page"].rows
    assert [r.pk for r in overdue] == [x.lift.pk] and overdue[0].overdue == 1


def test_the_export_is_a_workbook_and_audit_logged(impl, client):
    import openpyxl

    x = impl
    services.spending_record(project=x.lift, amount="1200", paid_on=x.today, voucher="V1",
                             payee="某公司")  # fmt: skip
    client.force_login(x.worker)
    response = client.get(reverse("pb:implementation_export"), {"q": "电梯"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 2 and rows[1][3] == "加装电梯扶手" and rows[1][6] == 1200
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.row_count == 1 and event.actor_id == x.worker.pk


def test_a_resident_cannot_open_the_staff_list(impl, client):
    client.force_login(impl.resident_user)
    assert client.get(reverse("pb:implementation_list")).status_code == 403


# ----------------------------------------------------------------------------- the page


def test_the_public_page_shows_totals_but_no_voucher_or_payee_to_residents(impl, client):
    x = impl
    services.spending_record(project=x.lift, amount="2500", paid_on=x.today, voucher="V-778",
                             payee="张师傅")  # fmt: skip
    services.progress_report(project=x.lift, percent=45, photos=[photo()])
    text = _page(x, client, x.resident_user).content.decode()
    assert "2500.00" in text and "45%" in text
    assert "V-778" not in text and "张师傅" not in text
    staff = _page(x, client, x.worker).content.decode()
    assert "V-778" in staff and "张师傅" in staff
    photo_pk = ProgressReport.objects.get().photos.get().pk
    client.force_login(x.resident_user)
    response = client.get(reverse("pb:implementation_photo", args=[photo_pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(x.outsider_user)
    assert client.get(reverse("pb:implementation_photo", args=[photo_pk])).status_code == 404
    assert _page(x, client, x.outsider_user).status_code == 404


def test_the_page_records_spending_and_shows_an_overspend_beside_the_field(impl, client):
    x = impl
    client.force_login(x.worker)
    url = reverse("pb:implementation_spending_add", args=[x.lift.pk])
    data = {"amount": "9000", "paid_on": x.today.isoformat(), "voucher": "V1", "payee": "某公司"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "amount": "1000.01", "voucher": "V2"})
    assert response.status_code == 400
    assert "amount" in response.context["spending_form"].errors
    entry = SpendingEntry.objects.get()
    reverse_url = reverse("pb:implementation_spending_reverse", args=[entry.pk])
    assert client.post(reverse_url, {"note": "录错"}).status_code == 302
    assert services.project_spent(x.lift) == Decimal("0.00")


def test_the_page_takes_progress_with_photos_and_refuses_a_fake_one(impl, client):
    x = impl
    client.force_login(x.worker)
    url = reverse("pb:implementation_progress_add", args=[x.lift.pk])
    assert client.post(url, {"percent": "20", "photos": [photo(), photo("b.png", "PNG")]}
                       ).status_code == 302  # fmt: skip
    assert ProgressReport.objects.get().photos.count() == 2
    fake = io.BytesIO(b"not an image")
    fake.name = "x.jpg"
    response = client.post(url, {"percent": "30", "photos": [fake]})
    assert response.status_code == 400 and "photos" in response.context["progress_form"].errors
    response = client.post(url, {"percent": "10"})
    assert "decrease_reason" in response.context["progress_form"].errors


def test_milestones_acceptance_and_rating_through_the_page(impl, client, bodies):
    x = impl
    client.force_login(x.worker)
    add = reverse("pb:implementation_milestone_add", args=[x.lift.pk])
    assert client.post(add, {"title": "安装", "due_on": x.today.isoformat()}).status_code == 302
    milestone = Milestone.objects.get()
    done = reverse("pb:implementation_milestone_done", args=[milestone.pk])
    assert client.post(done, {"done_on": x.today.isoformat()}).status_code == 302
    accept = reverse("pb:implementation_acceptance_add", args=[x.lift.pk])
    check = {"checked_on": x.today.isoformat(), "result": "passed", "findings": "合格",
             "checked_by": "社区两委"}  # fmt: skip
    assert client.post(accept, check).status_code == 403  # a worker records, the secretary accepts
    client.force_login(x.secretary)
    representative = bodies.reps.seats.first().person
    response = client.post(accept, {**check, "participants": [representative.pk]})
    assert response.status_code == 302
    assert Publication.objects.get().url == reverse("pb:implementation_project", args=[x.lift.pk])
    client.force_login(x.resident_user)
    rate = reverse("pb:implementation_rating_add", args=[x.lift.pk])
    assert client.post(rate, {"stars": "5", "comment": "很好"}).status_code == 302
    assert client.post(rate, {"stars": "4"}).status_code == 400
    assert ProjectRating.objects.get().stars == 5
    assert "5.0" in _page(x, client, x.resident_user).content.decode()


def test_cofunding_received_adds_to_the_money_a_pledge_does_not(impl):
    model = apps.get_model("pb", "CoFunding") if "cofunding" in apps.all_models["pb"] else None
    if model is None:
        pytest.skip("no co-funding model")
    x = impl
    model.objects.create(project=x.lift, funder="某企业", amount=Decimal("3000"), status="paid",
                         pledged_on=x.today, paid_on=x.today)  # fmt: skip
    model.objects.create(project=x.lift, funder="某企业", amount=Decimal("5000"),
                         status="pledged", pledged_on=x.today)  # fmt: skip
    assert services.project_money(x.lift) == Decimal("13000.00")
    services.spending_record(project=x.lift, amount="12000", paid_on=x.today, voucher="V1",
                             payee="某公司")  # fmt: skip


# ----------------------------------------------------------------------------- the API


def test_api_list_and_public_record(impl, client):
    x = impl
    services.spending_record(project=x.lift, amount="100", paid_on=x.today, voucher="V1",
                             payee="张师傅")  # fmt: skip
    body = client.get("/api/v1/pb/implementation/projects/", **_api(client, x.worker)).json()
    rows = {r["code"]: r for r in body["results"]}
    assert set(rows) == {"P1", "P2"} and rows["P1"]["spent"] == "100.00"
    assert rows["P1"]["left"] == "9900.00" and rows["P1"]["accepted"] is False
    record = client.get(f"/api/v1/pb/implementation/projects/{x.lift.pk}/",
                        **_api(client, x.resident_user)).json()  # fmt: skip
    assert record["spent"] == "100.00" and "张师傅" not in str(record)
    ledger = f"/api/v1/pb/implementation/projects/{x.lift.pk}/spending/"
    assert client.get(ledger, **_api(client, x.resident_user)).status_code == 403
    assert client.get(ledger, **_api(client, x.worker)).json()[0]["payee"] == "张师傅"


def test_api_writes_and_errors_name_the_fields(impl, client):
    x = impl
    base = f"/api/v1/pb/implementation/projects/{x.lift.pk}"
    worker = _api(client, x.worker)
    response = client.post(f"{base}/spending/", {"amount": "10000.01", "paid_on": str(x.today),
                           "voucher": "V1", "payee": "某公司"}, **worker)  # fmt: skip
    assert response.status_code == 400 and "amount" in response.json()["error"]["fields"]
    response = client.post(f"{base}/spending/", {"amount": "10", "paid_on": str(x.today),
                           "voucher": "V1", "payee": "某公司"}, **worker)  # fmt: skip
    assert response.status_code == 201
    entry = response.json()["id"]
    response = client.post(f"/api/v1/pb/implementation/spending/{entry}/reverse/",
                           {"note": "录错"}, **worker)  # fmt: skip
    assert response.status_code == 201 and response.json()["amount"] == "-10.00"
    response = client.post(f"{base}/progress/", {"percent": 40, "photos": [photo()]}, **worker)
    assert response.status_code == 201 and len(response.json()["photos"]) == 1
    response = client.post(f"{base}/milestones/", {"title": "安装", "due_on": str(x.today)},
                           **worker)  # fmt: skip
    assert response.status_code == 201
    done = client.post(f"/api/v1/pb/implementation/milestones/{response.json()['id']}/done/",
                       {"done_on": str(x.today)}, **worker)  # fmt: skip
    assert done.status_code == 200 and done.json()["done_on"] == str(x.today)
    check = {"checked_on": str(x.today), "result": "passed", "findings": "合格",
             "checked_by": "社区两委"}  # fmt: skip
    assert client.post(f"{base}/acceptance/", check, **worker).status_code == 403
    response = client.post(f"{base}/acceptance/", check, content_type="application/json",
                           **_api(client, x.secretary))  # fmt: skip
    assert response.status_code == 201
    resident = _api(client, x.resident_user)
    response = client.post(f"{base}/rating/", {"stars": 4}, content_type="application/json",
                           **resident)  # fmt: skip
    assert response.status_code == 201
    response = client.post(f"{base}/rating/", {"stars": 4}, content_type="application/json",
                           **resident)  # fmt: skip
    assert response.status_code == 400 and "project" in response.json()["error"]["fields"]
    assert client.post(f"{base}/progress/", {"percent": 50}, **resident).status_code == 403


def test_my_page_shows_the_accepted_project_awaiting_my_rating(impl, client):
    x = impl
    services.acceptance_record(actor=x.secretary, project=x.lift, checked_on=x.today,
                               result="passed", findings="合格", checked_by="社区")  # fmt: skip
    client.force_login(x.resident_user)
    text = client.get(reverse("deliberation:mine")).content.decode()
    assert reverse("pb:implementation_project", args=[x.lift.pk]) in text
    services.rating_give(actor=x.resident_user, project=x.lift, stars=5)
    text = client.get(reverse("deliberation:mine")).content.decode()
    assert reverse("pb:implementation_project", args=[x.lift.pk]) not in text
