"""On PostgreSQL, payments recorded at once never overspend a project: the lock on the
project's row lets exactly the affordable ones pass (R-PB-1, STYLE.md "no overspend … proven by
concurrent tests"); a resident rating twice at once leaves one rating."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from shequ.core.testing import race
from shequ.pb.models import AcceptanceResult, ProjectRating, SpendingEntry
from shequ.pb.services import implementation as services

from . import fixtures_implementation

impl = fixtures_implementation.impl

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]


def _spend(x, amount, voucher):
    return lambda: services.spending_record(
        actor=x.worker, project=x.lift, amount=amount, paid_on=x.today, voucher=voucher,
        payee="某某建筑公司",
    )  # fmt: skip


def test_concurrent_payments_that_together_overspend_let_exactly_the_affordable_ones_pass(impl):
    x = impl  # the lift's money: 10,000 yuan
    outcomes = race(*[_spend(x, "3000.00", f"V{n:03d}") for n in range(8)])
    passed = [r for r, e in outcomes if e is None]
    errors = [e for _r, e in outcomes if e is not None]
    assert len(passed) == 3, outcomes
    assert len(errors) == 5 and all(isinstance(e, ValidationError) for e in errors), errors
    assert all("amount" in e.message_dict for e in errors)
    assert services.project_spent(x.lift) == Decimal("9000.00")
    assert SpendingEntry.objects.filter(project=x.lift).count() == 3


def test_concurrent_payments_of_uneven_amounts_fill_the_money_and_never_pass_it(impl):
    x = impl
    services.spending_record(actor=x.worker, project=x.lift, amount="4000", paid_on=x.today,
                             voucher="V-first", payee="某某建筑公司")  # fmt: skip
    amounts = ["2500.00", "2500.00", "1000.00", "3000.00", "6000.00", "0.01"]
    outcomes = race(*[_spend(x, a, f"W{n}") for n, a in enumerate(amounts)])
    assert all(e is None or isinstance(e, ValidationError) for _r, e in outcomes), outcomes
    spent = services.project_spent(x.lift)
    assert spent <= Decimal("10000.00")
    passed = sum(Decimal(a) for a, (_r, e) in zip(amounts, outcomes, strict=True) if e is None)
    assert spent == Decimal("4000.00") + passed
    # whatever was refused would not have fitted in what the others left
    left = Decimal("10000.00") - spent
    assert all(Decimal(a) > left for a, (_r, e) in zip(amounts, outcomes, strict=True) if e)


def test_a_resident_rating_twice_at_once_leaves_one_rating(impl):
    x = impl
    services.acceptance_record(actor=x.secretary, project=x.lift, checked_on=x.today,
                               result=AcceptanceResult.PASSED, findings="合格",
                               checked_by="社区两委")  # fmt: skip
    outcomes = race(*[
        (lambda s=s: services.rating_give(actor=x.resident_user, project=x.lift, stars=s))
        for s in (5, 4, 3, 2)
    ])  # fmt: skip
    assert sum(e is None for _r, e in outcomes) == 1, outcomes
    assert all(isinstance(e, ValidationError) for _r, e in outcomes if e is not None)
    assert ProjectRating.objects.filter(project=x.lift).count() == 1
