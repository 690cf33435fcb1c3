"""Party dues (R-PM-5): the standard's bands at their edges, payments checked against the
standard, one payment per month, reversals once, no overdrawn balance, the arrears report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from shequ.party.models import DuesBasis, DuesEntry, DuesEntryKind
from shequ.party.selectors.dues import (
    arrears_for,
    dues_ledger_for,
    dues_summary_for,
    member_dues_for,
)
from shequ.party.services.dues import (
    dues_pay,
    dues_rate,
    dues_remit,
    dues_reverse,
    dues_spend,
    dues_standard_set,
    org_balance,
)

NOW = dt.datetime(2026, 11, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def m(year, month):
    return dt.date(year, month, 1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize(
    ("basis", "income", "rate", "amount"),
    [
        (DuesBasis.IN_SERVICE, "3000", "0.005", "15.00"),
        (DuesBasis.IN_SERVICE, "3000.01", "0.01", "30.00"),
        (DuesBasis.IN_SERVICE, "5000", "0.01", "50.00"),
        (DuesBasis.IN_SERVICE, "5000.01", "0.015", "75.00"),
        (DuesBasis.IN_SERVICE, "10000", "0.015", "150.00"),
        (DuesBasis.IN_SERVICE, "10000.01", "0.02", "200.00"),
        (DuesBasis.IN_SERVICE, "2345.70", "0.005", "11.73"),  # 11.7285 rounds half up
        (DuesBasis.IN_SERVICE, "2345.00", "0.005", "11.73"),  # 11.725 exactly: half up
        (DuesBasis.RETIRED, "5000", "0.005", "25.00"),
        (DuesBasis.RETIRED, "5000.01", "0.01", "50.00"),
    ],
)
def test_standard_bands_at_their_edges(basis, income, rate, amount):
    assert dues_rate(basis=basis, income=D(income)) == (D(rate), D(amount))


def test_flat_members_pay_the_configured_amount(settings):
    assert dues_rate(basis=DuesBasis.FLAT, income=None) == (None, D("0.20"))
    settings.SHEQU_PARTY = {"dues": {"flat_monthly": 0.5}}
    assert dues_rate(basis=DuesBasis.FLAT, income=D("9999")) == (None, D("0.50"))


def test_standard_set_once_per_month_and_needs_income(party):
    member = party.member("C1G1", party.b1)
    standard = dues_standard_set(member=member, from_month=dt.date(2026, 1, 17),
                                 basis=DuesBasis.IN_SERVICE, income=D("4000"))  # fmt: skip
    assert (standard.from_month, standard.rate, standard.monthly_amount) == (
        m(2026, 1), D("0.0100"), D("40.00")
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        dues_standard_set(member=member, from_month=m(2026, 1), basis=DuesBasis.FLAT)
    assert "from_month" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        dues_standard_set(member=member, from_month=m(2027, 1), basis=DuesBasis.RETIRED)
    assert "income" in exc.value.message_dict


def _member_with_standard(party, income="4000", start=None, grid="C1G1", org=None):
    start = start or m(2026, 1)
    member = party.member(grid, org or party.b1)
    dues_standard_set(member=member, from_month=start, basis=DuesBasis.IN_SERVICE,
                      income=D(income))  # fmt: skip
    return member


def test_payment_must_equal_the_months_standards(party, frozen):
    member = _member_with_standard(party)  # 40.00 a month
    dues_standard_set(member=member, from_month=m(2026, 10), basis=DuesBasis.IN_SERVICE,
                      income=D("5000.01"))  # 75.00 from October  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        dues_pay(member=member, months=[m(2026, 9), m(2026, 10)], amount=D("80.00"))
    assert "amount" in exc.value.message_dict
    assert "115.00" in exc.value.message_dict["amount"][0]  # the expected amount is named
    entries = dues_pay(member=member, months=[m(2026, 10), m(2026, 9)], amount=D("115.00"))
    assert [(e.month, e.amount, e.org_id) for e in entries] == [
        (m(2026, 9), D("40.00"), party.b1.pk), (m(2026, 10), D("75.00"), party.b1.pk)
    ]  # fmt: skip
    assert org_balance(party.b1) == D("115.00")


def test_payment_refused_before_standard_or_too_far_ahead(party, frozen):
    member = _member_with_standard(party, start=m(2026, 6))
    with pytest.raises(ValidationError) as exc:
        dues_pay(member=member, months=[m(2026, 5)], amount=D("40.00"))
    assert "2026-05" in exc.value.message_dict["months"][0]
    with pytest.raises(ValidationError) as exc:  # up to 12 months ahead: 2027-11 at most
        dues_pay(member=member, months=[m(2027, 12)], amount=D("40.00"))
    assert "months" in exc.value.message_dict
    assert len(dues_pay(member=member, months=[m(2027, 11)], amount=D("40.00"))) == 1


def test_a_month_is_paid_once_until_its_payment_is_reversed(party, frozen):
    member = _member_with_standard(party)
    (first,) = dues_pay(member=member, months=[m(2026, 3)], amount=D("40.00"))
    with pytest.raises(ValidationError) as exc:
        dues_pay(member=member, months=[m(2026, 2), m(2026, 3)], amount=D("80.00"))
    assert "2026-03" in exc.value.message_dict["months"][0]
    assert DuesEntry.objects.filter(kind=DuesEntryKind.PAYMENT).count() == 1
    reversal = dues_reverse(entry=first, note="误记")
    assert (reversal.amount, reversal.reverses_id, reversal.month) == (
        D("-40.00"), first.pk, m(2026, 3)
    )  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        dues_reverse(entry=first, note="again")
    assert "entry" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        dues_reverse(entry=reversal, note="undo")
    assert "entry" in exc.value.message_dict
    dues_pay(member=member, months=[m(2026, 3)], amount=D("40.00"))  # paid again, once
    assert org_balance(party.b1) == D("40.00")


def test_ledger_is_append_only(party, frozen):
    member = _member_with_standard(party)
    (entry,) = dues_pay(member=member, months=[m(2026, 3)], amount=D("40.00"))
    entry.note = "changed"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        DuesEntry.objects.filter(pk=entry.pk).update(amount=D("1"))
    with pytest.raises(PermissionDenied):
        DuesEntry.objects.all().delete()


def test_spending_and_remittance_never_overdraw(party, frozen):
    member = _member_with_standard(party)
    entries = dues_pay(member=member, months=[m(2026, 1), m(2026, 2), m(2026, 3)],
                       amount=D("120.00"))  # fmt: skip
    spent = dues_spend(org=party.b1, amount=D("100.00"), note="购买党员教育书籍")
    assert spent.amount == D("-100.00")
    with pytest.raises(ValidationError) as exc:
        dues_spend(org=party.b1, amount=D("30.00"), note="慰问")
    assert "20.00" in exc.value.message_dict["amount"][0]
    with pytest.raises(ValidationError) as exc:
        dues_remit(org=party.b1, amount=D("0"), note="上缴")
    assert "amount" in exc.value.message_dict
    dues_remit(org=party.b1, amount=D("20.00"), note="上缴街道党工委")
    assert org_balance(party.b1) == D("0.00")
    with pytest.raises(ValidationError) as exc:  # the money is gone: no reversal below zero
        dues_reverse(entry=entries[0], note="误记")
    assert "entry" in exc.value.message_dict
    dues_reverse(entry=spent, note="发票作废")  # reversing a spending gives the money back
    assert org_balance(party.b1) == D("100.00")


def test_arrears_report_hand_computed(party, frozen):
    # today 2026-11-15; configured threshold 3 months owed
    a = _member_with_standard(party, "4000")  # 40.00 from January
    dues_standard_set(member=a, from_month=m(2026, 10), basis=DuesBasis.IN_SERVICE,
                      income=D("5000.01"))  # 75.00 from October  # fmt: skip
    dues_pay(member=a, months=[m(2026, i) for i in range(1, 9)], amount=D("320.00"))
    b = party.member("C1G1", party.b1, name="乙")
    dues_standard_set(member=b, from_month=m(2026, 6), basis=DuesBasis.RETIRED, income=D("6000"))
    dues_pay(member=b, months=[m(2026, i) for i in range(6, 10)], amount=D("240.00"))
    c = party.member("C1G2", party.b2, name="丙")
    dues_standard_set(member=c, from_month=m(2026, 1), basis=DuesBasis.FLAT)
    d = party.member("C1G2", party.b2, name="丁")  # no standard
    e = _member_with_standard(party, "4000", grid="C1G2", org=party.b2)
    paid = dues_pay(member=e, months=[m(2026, i) for i in range(1, 10)], amount=D("360.00"))
    dues_reverse(entry=paid[-1], note="退回")  # September was not paid after all
    party.member("C3G1", party.c3, name="外")  # another subdistrict: not in c1's report

    report = arrears_for(user=_superuser(), today=timezone.localdate(), org=party.c1)
    got = {r.member.pk: (r.months_owed, r.amount_owed, r.last_paid) for r in report.rows}
    assert got == {
        a.pk: (3, D("190.00"), m(2026, 8)),  # Sep 40 + Oct 75 + Nov 75
        c.pk: (11, D("2.20"), None),  # January to November at 0.20
        e.pk: (3, D("120.00"), m(2026, 8)),
    }
    assert [r.member.pk for r in report.rows][0] == c.pk  # most months owed first
    assert [x.pk for x in report.without_standard] == [d.pk]
    everyone = arrears_for(user=_superuser(), today=timezone.localdate(), org=party.c1,
                           min_months=0)  # fmt: skip
    assert {r.member.pk: r.amount_owed for r in everyone.rows}[b.pk] == D("120.00")  # Oct+Nov

    card = member_dues_for(user=_superuser(), member=a, today=timezone.localdate())
    assert [x[0] for x in card.months][:3] == [m(2026, 11), m(2026, 10), m(2026, 9)]
    assert card.amount_owed == D("190.00") and card.current_standard.monthly_amount == D("75")


def test_ledger_running_balance_and_yearly_summary(party):
    member = _member_with_standard(party, start=m(2025, 1))
    with time_machine.travel(dt.datetime(2025, 12, 20, 9, tzinfo=NOW.tzinfo), tick=False):
        dues_pay(member=member, months=[m(2025, 11), m(2025, 12)], amount=D("80.00"))
    with time_machine.travel(NOW, tick=False):
        (jan,) = dues_pay(member=member, months=[m(2026, 1)], amount=D("40.00"))
        dues_spend(org=party.b1, amount=D("50.00"), note="党员教育")
        dues_reverse(entry=jan, note="误记")
        dues_remit(org=party.b1, amount=D("10.00"), note="上缴")
    ledger = dues_ledger_for(user=_superuser(), org=party.b1, year=2026)
    assert ledger.opening == D("80.00")
    assert [(e.kind, b) for e, b in ledger.rows] == [
        ("payment", D("120.00")), ("spending", D("70.00")), ("reversal", D("30.00")),
        ("remittance", D("20.00")),
    ]  # fmt: skip
    assert ledger.closing == D("20.00")
    (row,) = dues_summary_for(user=_superuser(), year=2026, org=party.c1)
    assert (row["org"], row["opening"], row["paid"], row["spent"], row["remitted"],
            row["closing"]) == (party.b1, D("80.00"), D("0.00"), D("50.00"), D("10.00"),
                                D("20.00"))  # fmt: skip


def _superuser():
    from shequ.accounts.models import User

    user, _created = User.objects.get_or_create(username="root-dues", is_superuser=True)
    return user


# ----------------------------------------------------------------------------- concurrency

on_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
)


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_ten_clerks_paying_the_same_month_record_one_payment(party):
    from shequ.core.testing import race

    member = _member_with_standard(party)
    outcomes = race(*[lambda: dues_pay(member=member, months=[m(2026, 5)], amount=D("40.00"))] * 10)
    errors = [e for _r, e in outcomes if e is not None]
    assert sum(1 for _r, e in outcomes if e is None) == 1, outcomes
    assert len(errors) == 9
    assert all(isinstance(e, ValidationError) and "months" in e.message_dict for e in errors)
    assert DuesEntry.objects.filter(member=member, kind=DuesEntryKind.PAYMENT).count() == 1


@on_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_spendings_never_overdraw(party):
    from shequ.core.testing import race

    member = _member_with_standard(party)
    dues_pay(member=member, months=[m(2026, 1), m(2026, 2), m(2026, 3)], amount=D("120.00"))
    outcomes = race(*[lambda: dues_spend(org=party.b1, amount=D("50.00"), note="慰问")] * 5)
    assert sum(1 for _r, e in outcomes if e is None) == 2, outcomes
    assert org_balance(party.b1) == D("20.00")
