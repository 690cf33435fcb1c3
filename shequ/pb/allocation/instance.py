"""An election of micro-projects as the allocation rules see it: budget, projects, ballots.

Pure Python, no Django: the rules, the pabulib reader/writer and the benchmarks use it alike.
Money is exact (``Fraction``, built from ``Decimal`` or ``int`` without loss)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

APPROVAL = "approval"
CUMULATIVE = "cumulative"
ORDINAL = "ordinal"
KNAPSACK = "knapsack"  # approval ballots whose total cost is capped: counted as approval
VOTE_TYPES = (APPROVAL, CUMULATIVE, ORDINAL, KNAPSACK)


def exact(value: int | str | Decimal | Fraction) -> Fraction:
    """A sum of money as an exact fraction ("1,5" and "1.5" both read as 3/2)."""
    if isinstance(value, str):
        value = Decimal(value.strip().replace(",", "."))
    return Fraction(value)


@dataclass(frozen=True)
class Project:
    id: str
    cost: Fraction
    name: str = ""


@dataclass
class Instance:
    """``ballots``: one dict per voter, project id → points (approval and knapsack: 1;
    cumulative: the points given) or, on ordinal ballots, the rank (1 = first choice)."""

    budget: Fraction
    projects: list[Project]
    ballots: list[dict[str, int]]
    vote_type: str = APPROVAL
    voter_ids: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.budget = exact(self.budget)
        self.projects = [
            p if isinstance(p.cost, Fraction) else Project(p.id, exact(p.cost), p.name)
            for p in self.projects
        ]
        if self.vote_type not in VOTE_TYPES:
            raise ValueError(f"unknown vote type {self.vote_type!r}")

    @property
    def cardinal(self) -> bool:
        """Do ballots carry points (cumulative, ordinal) rather than plain approval?"""
        return self.vote_type in (CUMULATIVE, ORDINAL)

    def weights(self) -> list[dict[str, int]]:
        """Each ballot's points per project: approval 1, cumulative the points, ordinal
        ``k − rank + 1`` for a ballot ranking ``k`` projects (first of three: 3 points; the
        "score" column of the Kraków files)."""
        if self.vote_type == ORDINAL:
            return [{p: len(b) - r + 1 for p, r in b.items()} for b in self.ballots]
        if self.vote_type == CUMULATIVE:
            return [{p: v for p, v in b.items() if v > 0} for b in self.ballots]
        return [dict.fromkeys(b, 1) for b in self.ballots]

    def scores(self) -> dict[str, int]:
        """Each project's total: approvals, points, or ordinal points as in ``weights``."""
        totals = dict.fromkeys((p.id for p in self.projects), 0)
        for ballot in self.weights():
            for pid, w in ballot.items():
                totals[pid] += w
        return totals

    def supporters(self) -> dict[str, int]:
        """How many ballots name each project."""
        counts = dict.fromkeys((p.id for p in self.projects), 0)
        for ballot in self.ballots:
            for pid, v in ballot.items():
                if v > 0:
                    counts[pid] += 1
        return counts
