"""The dues pages (R-PM-5): forms through the services, errors beside their fields, bounded
queries on the arrears report, exports."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.party.models import DuesBasis, DuesEntry, DuesEntryKind
from shequ.party.selectors.dues import my_dues
from shequ.party.services.dues import add_months, dues_pay, dues_standard_set, org_balance

pytestmark = pytest.mark.django_db


def _this_month():
    return timezone.localdate().replace(day=1)


@pytest.fixture
def payer(party):
    member = party.member("C1G1", party.b1, name="甲")
    dues_standard_set(member=member, from_month=add_months(_this_month(), -5),
                      basis=DuesBasis.IN_SERVICE, income=D("4000"))  # 40.00  # fmt: skip
    return member


def test_worker_records_a_payment_and_is_told_the_expected_amount(client, cast, payer):
    client.force_login(cast.community_worker)  # RECORD_PARTY on c1
    url = reverse("party:dues_pay", args=[payer.pk])
    first, last = add_months(_this_month(), -5), add_months(_this_month(), -3)
    form = {"first_month": f"{first:%Y-%m}", "last_month": f"{last:%Y-%m}", "amount": "100"}
    response = client.post(url, form)
    assert response.status_code == 400
    assert "120.00" in str(response.context["pay_form"].errors["amount"])
    response = client.post(url, {**form, "amount": "120.00"})
    assert response.status_code == 302
    assert DuesEntry.objects.filter(member=payer, kind=DuesEntryKind.PAYMENT).count() == 3
    response = client.get(reverse("party:dues_member", args=[payer.pk]))
    assert response.context["card"].amount_owed == D("120.00")  # the last three months
    assert response.context["standard_form"] is None  # a worker does not set standards
    refused = client.post(reverse("party:dues_standard_set", args=[payer.pk]),
                          {"from_month": "2027-01", "basis": DuesBasis.FLAT})  # fmt: skip
    assert refused.status_code == 403


def test_secretary_sets_a_standard_and_records_spending(client, cast, party, payer):
    client.force_login(cast.community_secretary)
    url = reverse("party:dues_standard_set", args=[payer.pk])
    response = client.post(url, {"from_month": "2027-01", "basis": DuesBasis.RETIRED})
    assert response.status_code == 400 and "income" in response.context["standard_form"].errors
    response = client.post(url, {"from_month": "2027-01", "basis": DuesBasis.RETIRED,
                                 "income": "6000"})  # fmt: skip
    assert response.status_code == 302
    assert payer.dues_standards.get(from_month=dt.date(2027, 1, 1)).monthly_amount == D("60.00")
    dues_pay(member=payer, months=[add_months(_this_month(), -5)], amount=D("40.00"))
    ledger = reverse("party:dues_outflow", args=[party.b1.pk])
    response = client.post(ledger, {"kind": "spending", "amount": "50", "note": "慰问"})
    assert response.status_code == 400 and "amount" in response.context["outflow_form"].errors
    response = client.post(ledger, {"kind": "remittance", "amount": "10", "note": "上缴"})
    assert response.status_code == 302 and org_balance(party.b1) == D("30.00")
    entry = DuesEntry.objects.get(kind=DuesEntryKind.REMITTANCE)
    response = client.post(reverse("party:dues_reverse", args=[entry.pk]), {"note": "重复"})
    assert response.status_code == 302 and org_balance(party.b1) == D("40.00")
    page = client.get(reverse("party:dues_ledger", args=[party.b1.pk]))
    assert page.status_code == 200 and page.context["ledger"].closing == D("40.00")


def test_arrears_page_reads_in_bounded_queries(client, cast, party, django_assert_max_num_queries):
    client.force_login(cast.community_secretary)
    url = reverse("party:dues_arrears")

    def add(n):
        for i in range(n):
            member = party.member("C1G2", party.b2, name=f"欠{i}")
            dues_standard_set(member=member, from_month=add_months(_this_month(), -6),
                              basis=DuesBasis.FLAT)  # fmt: skip

    add(2)
    client.get(url)  # warm the session and the user's roles
    with django_assert_max_num_queries(12) as few:
        assert len(client.get(url).context["report"].rows) == 2
    add(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["report"].rows) == 10
    response = client.get(reverse("party:dues_arrears_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 11 and rows[1][2] == 7 and rows[1][3] == pytest.approx(1.40)


def test_my_dues_section(party, payer):
    section = my_dues(None, payer)
    assert section["context"]["amount_owed"] == D("240.00")  # 6 months at 40.00
    assert len(section["context"]["owed"]) == 6
