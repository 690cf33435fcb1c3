"""Concurrent writes keep the invariants of R-ORG-5 and R-PM-6 on PostgreSQL: one member per
household, one visit per open occasion."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from shequ.core.testing import race
from shequ.party.models import CareFlag, CareVisit, ChainKind, ChainLink
from shequ.party.services.care import care_flag_raise
from shequ.party.services.chain import chain_link_assign

from . import fixtures_chaincare

cc = fixtures_chaincare.cc

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 3


def test_the_same_news_recorded_twice_at_once_raises_one_visit(cc):
    for n, trigger in enumerate(["hardship", "bereaved", "hospitalised"][:ROUNDS]):
        outcomes = race(
            lambda t=trigger: care_flag_raise(member=cc.m1, trigger=t, on=dt.date(2026, 3, 1)),
            lambda t=trigger: care_flag_raise(member=cc.m1, trigger=t, on=dt.date(2026, 3, 1)),
        )
        assert all(e is None for _r, e in outcomes), outcomes
        assert outcomes[0][0].pk == outcomes[1][0].pk
        assert CareVisit.objects.count() == CareFlag.objects.count() == n + 1


def test_two_members_assigned_the_same_household_at_once_one_wins(cc):
    outcomes = race(
        lambda: chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m1, what=cc.household),
        lambda: chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m2, what=cc.household),
    )
    errors = [e for _r, e in outcomes if e is not None]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert "what" in errors[0].message_dict
    assert ChainLink.objects.filter(what_household=cc.household, ended_on__isnull=True).count() == 1
