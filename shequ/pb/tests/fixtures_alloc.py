"""A small round with ballots cast, for the allocation tests (kept apart from the rounds
helper's conftest): budget 100,000 yuan, four projects, ten ballots."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from shequ.pb.choices import Channel, Phase, ProjectStatus, VoteType
from shequ.pb.models import Ballot, BallotMark, Project, Round

# project code → (cost, title); ballots: the codes each of ten voters approved
PROJECTS = {
    "P1": (Decimal("60000"), "健身步道"),
    "P2": (Decimal("50000"), "楼道照明"),
    "P3": (Decimal("30000"), "儿童游乐"),
    "P4": (Decimal("20000"), "老年食堂"),
}
BALLOTS = [["P1"]] * 4 + [["P2", "P4"]] * 3 + [["P3"]] * 2 + [["P4"]]


def make_round(node, *, vote_type=VoteType.APPROVAL, budget=Decimal("100000"), ballots=None,
               projects=None, phase=Phase.ALLOCATE, **kwargs) -> Round:  # fmt: skip
    """A round at ``node`` with its projects on the ballot and ``ballots`` cast: each a list
    of codes (approval, ordinal in rank order) or a dict code → points (cumulative)."""
    kwargs.setdefault("title", "2026年度民生微实事")
    round = Round.objects.create(node=node, year=2026, budget=budget, phase=phase,
                                 vote_type=vote_type, **kwargs)  # fmt: skip
    made = {
        code: Project.objects.create(
            round=round, code=code, title=title, cost=cost, status=ProjectStatus.SHORTLISTED
        )
        for code, (cost, title) in (PROJECTS if projects is None else projects).items()
    }
    rows, marks = [], []
    for n, ballot in enumerate(BALLOTS if ballots is None else ballots):
        b = Ballot(id=uuid.uuid4(), round=round, channel=Channel.ONLINE, external_id=str(n + 1))
        rows.append(b)
        items = ballot.items() if isinstance(ballot, dict) else ((c, 1) for c in ballot)
        for rank, (code, points) in enumerate(items, start=1):
            ordinal = vote_type == VoteType.ORDINAL
            marks.append(BallotMark(ballot=b, project=made[code], points=points,
                                    rank=rank if ordinal else None))  # fmt: skip
    Ballot.objects.bulk_create(rows)
    BallotMark.objects.bulk_create(marks)
    return round


@pytest.fixture
def alloc_round(territory):
    return make_round(territory.c1)
