"""Two submissions of the same rating at once keep one (R-PM-4: one rating per rater and
member), proven on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.core.testing import race
from shequ.party.models import RaterKind, Rating
from shequ.party.services import evaluation as ev

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

CRITERIA = ["political_stance", "duty_performance", "service_to_residents", "conduct"]


def test_double_rating_at_once_keeps_one(party, territory):
    today = timezone.localdate()
    rnd = ev.round_open(org=party.b1, year=today.year, opens_on=today - dt.timedelta(days=1),
                        closes_on=today + dt.timedelta(days=1))  # fmt: skip
    member = party.member("C1G1", party.b1, "甲")
    rep = make_user("rep", Role.RESIDENT, territory.grids["C1G1"])
    ev.round_rater_register(round=rnd, user=rep, kind=RaterKind.RESIDENT_REPRESENTATIVE)
    for n in (4, 5):
        Rating.objects.all().delete()
        outcomes = race(
            *[
                lambda n=n: ev.rating_submit(
                    actor=rep, round=rnd, member=member, scores=dict.fromkeys(CRITERIA, n)
                )  # fmt: skip
                for _ in range(2)
            ]
        )
        errors = [e for _r, e in outcomes if e is not None]
        assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
        assert "member" in errors[0].message_dict
        assert Rating.objects.filter(round=rnd, member=member, rater=rep).count() == 1
