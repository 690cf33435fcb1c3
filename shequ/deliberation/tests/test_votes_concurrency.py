"""One person, one vote under concurrency (R-DLB-4 acceptance, STYLE.md: constraints proven on
PostgreSQL): 200 attempts by the same voter, released together, on one roll-call motion and on
one secret motion → exactly one vote each, every other attempt refused "already voted", no
server error."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from shequ.core.testing import race
from shequ.deliberation.models import VoteMethod
from shequ.deliberation.models.votes import BallotCast, RollCallVote, SecretBallot
from shequ.deliberation.models.votes import VoteChannel as C
from shequ.deliberation.services.votes import vote_cast

from .fixtures_meetings import at_notice, member_login, open_meeting, voting

__all__ = ["at_notice"]
pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

ATTEMPTS = 200
# the server takes 100 connections (shared with other test runs): the 200 threads are
# released together and queue for one of these; every attempt still races the others
CONNECTIONS = 40
WAIT = 60


def _attempts(motion, voter, user, clerk):
    gate = threading.BoundedSemaphore(CONNECTIONS)

    def attempt(i):
        # every fourth attempt is the clerk entering the voter's paper ballot
        channel, actor = (C.PAPER, clerk) if i % 4 == 0 else (C.ONLINE, user)
        with gate:
            try:
                return vote_cast(motion=motion, person=voter, choice="yes", channel=channel,
                                 actor=actor)  # fmt: skip
            finally:
                connections.close_all()

    return race(*[lambda i=i: attempt(i) for i in range(ATTEMPTS)], wait=WAIT)


@pytest.mark.parametrize("method", [VoteMethod.ROLL_CALL, VoteMethod.SECRET])
def test_200_concurrent_attempts_by_one_voter_make_one_vote(at_notice, bodies, cast, method):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting, method=method)
    voter = bodies.people[0]
    user = member_login(voter)

    outcomes = _attempts(motion, voter, user, cast.community_worker)

    votes = [result for result, error in outcomes if error is None]
    refusals = [e for _r, e in outcomes if isinstance(e, ValidationError)]
    others = [e for _r, e in outcomes if e is not None and not isinstance(e, ValidationError)]
    assert others == []
    assert len(votes) == 1
    assert len(refusals) == ATTEMPTS - 1
    assert all(e.error_dict["person"][0].code == "already_voted" for e in refusals)
    if method == VoteMethod.SECRET:
        assert BallotCast.objects.filter(motion=motion).count() == 1
        assert SecretBallot.objects.filter(motion=motion).count() == 1
        assert votes[0].token
    else:
        assert RollCallVote.objects.filter(motion=motion, person=voter).count() == 1
    print(f"\n{method}: {ATTEMPTS} concurrent attempts → {len(votes)} vote, "
          f"{len(refusals)} refused as already voted, {len(others)} errors")  # fmt: skip
