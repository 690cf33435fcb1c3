"""A post's capacity holds under concurrent claims (R-PM-2 acceptance, STYLE.md: row locks
proven on PostgreSQL): 12 members claiming a post of 3 places at once → exactly 3 claims."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from shequ.core.testing import race
from shequ.party.models import PostClaim
from shequ.party.services.reportin import post_claim, post_create, report_in_register

from . import fixtures_reportin

frozen = fixtures_reportin.frozen
in_service = fixtures_reportin.in_service

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

CLAIMERS = 12
CAPACITY = 3
WAIT = 20  # seconds: a thread that waits longer than this has deadlocked


def test_concurrent_claims_take_exactly_the_places(party, territory, frozen):
    grids = ["C1G1", "C1G2"]
    report_ins = []
    for i in range(CLAIMERS):
        member = in_service(party, grids[i % 2], f"在职{i}", flat=(i // 2) % 2)
        report_ins.append(report_in_register(member=member, community=territory.c1))
    post = post_create(
        community=territory.c1, title="平安巡逻岗", capacity=CAPACITY, starts_on=dt.date(2026, 1, 1)
    )

    outcomes = race(
        *[lambda r=r: post_claim(post=post, report_in=r) for r in report_ins], wait=WAIT
    )

    claims = [result for result, error in outcomes if error is None]
    refusals = [e for _r, e in outcomes if isinstance(e, ValidationError)]
    others = [e for _r, e in outcomes if e is not None and not isinstance(e, ValidationError)]
    assert others == []
    assert len(claims) == CAPACITY
    assert len(refusals) == CLAIMERS - CAPACITY
    assert all("post" in e.message_dict for e in refusals)
    assert PostClaim.objects.filter(post=post, released_on__isnull=True).count() == CAPACITY
