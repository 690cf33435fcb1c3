"""Our reader and rules against pabutools (GPL, a test-only oracle) on every real file in
shared/data/pabulib: same budget, projects and ballots; same projects funded by greedy, by
MES alone, MES + greedy completion and MES + add-one + greedy (see equal_shares.py for the
pabutools call each is compared with)."""

from __future__ import annotations

import json
import os
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest
from pabutools.election import Additive_Cardinal_Sat, Cost_Sat, parse_pabulib
from pabutools.election.satisfaction import AdditiveSatisfaction
from pabutools.fractions import frac
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    method_of_equal_shares,
)

from shequ.pb.allocation import pabulib
from shequ.pb.allocation.equal_shares import equal_shares
from shequ.pb.allocation.greedy import greedy

DATA = Path(__file__).resolve().parents[4] / "shared" / "data" / "pabulib"
FILES = sorted(DATA.glob("*.pb"))
PINNED = json.loads((Path(__file__).parent / "data" / "pabutools_add_one.json").read_text())
SLOW = bool(os.environ.get("SHEQU_SLOW_ORACLE"))

pytestmark = pytest.mark.skipif(not FILES, reason=f"no pabulib files in {DATA}")


def _points(ballot, project):
    """Our points: cumulative points; ordinal k − position (first of three: 3)."""
    if hasattr(ballot, "position"):
        return len(ballot) - ballot.position(project) if project in ballot else 0
    return ballot.get(project, 0)


class PointsSat(AdditiveSatisfaction):
    """Utility = points (pabutools' Additive_Cardinal_Sat, also for ordinal ballots)."""

    def __init__(self, instance, profile, ballot):
        super().__init__(instance, profile, ballot, lambda i, p, b, x, v: frac(_points(b, x)))


class PointsCostSat(AdditiveSatisfaction):
    """Points × cost: greedy per yuan of it is greedy by points."""

    def __init__(self, instance, profile, ballot):
        fn = lambda i, p, b, x, v: frac(_points(b, x)) * x.cost  # noqa: E731
        super().__init__(instance, profile, ballot, fn)


@cache
def oracle(path: Path):
    return parse_pabulib(str(path))


@cache
def ours(path: Path):
    return pabulib.read(path.read_text(encoding="utf-8"))


def sats(instance):
    if instance.meta["vote_type"] == "approval":
        return Cost_Sat, Cost_Sat
    if instance.meta["vote_type"] == "cumulative":
        return Additive_Cardinal_Sat, PointsCostSat
    return PointsSat, PointsCostSat


def names(allocation) -> list[str]:
    return [p.name for p in allocation]


@pytest.fixture(params=FILES, ids=[f.stem for f in FILES])
def pbfile(request):
    return request.param


def test_reader_reads_what_pabutools_reads(pbfile):
    theirs, profile = oracle(pbfile)
    mine = ours(pbfile).instance
    assert mine.budget == Fraction(theirs.budget_limit)
    assert {p.id: p.cost for p in mine.projects} == {p.name: Fraction(p.cost) for p in theirs}
    assert len(mine.ballots) == profile.num_ballots()
    if mine.vote_type == "ordinal":
        expected = [[p.name for p in b] for b in profile]
        got = [sorted(b, key=b.__getitem__) for b in mine.ballots]
    elif mine.vote_type == "cumulative":
        expected = [{p.name: int(v) for p, v in b.items()} for b in profile]
        got = mine.ballots
    else:
        expected = [{p.name for p in b} for b in profile]
        got = [set(b) for b in mine.ballots]
    assert got == expected


def test_greedy_equals_pabutools(pbfile):
    theirs, profile = oracle(pbfile)
    expected = greedy_utilitarian_welfare(theirs, profile, sat_class=sats(theirs)[1])
    assert greedy(ours(pbfile).instance).funded == names(expected)


def test_equal_shares_equals_pabutools(pbfile):
    theirs, profile = oracle(pbfile)
    expected = method_of_equal_shares(theirs, profile, sat_class=sats(theirs)[0])
    assert equal_shares(ours(pbfile).instance).funded == names(expected)


def test_equal_shares_with_greedy_completion_equals_pabutools(pbfile):
    theirs, profile = oracle(pbfile)
    mes, grd = sats(theirs)
    expected = completion_by_rule_combination(
        theirs, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": mes}, {"sat_class": grd}],
    )  # fmt: skip
    assert equal_shares(ours(pbfile).instance, completion="greedy").funded == names(expected)


def test_equal_shares_add_one_equals_pabutools(pbfile):
    mine = equal_shares(ours(pbfile).instance, completion="add_one").funded
    pinned = PINNED["add_one"].get(pbfile.name)
    if pinned is not None and not SLOW:
        assert sorted(mine) == sorted(pinned)
        return
    theirs, profile = oracle(pbfile)
    mes, grd = sats(theirs)
    expected = completion_by_rule_combination(
        theirs, profile, [method_of_equal_shares, greedy_utilitarian_welfare],
        [{"sat_class": mes, "voter_budget_increment": 1}, {"sat_class": grd}],
    )  # fmt: skip
    assert mine == names(expected)
