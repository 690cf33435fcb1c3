"""What a rule decided: the funded projects in order, and for every project the facts that
explain it (``explain.py`` turns the facts into sentences)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# the stage of a rule that decided a project (stored in its facts)
GREEDY = "greedy"
EQUAL_SHARES = "equal_shares"
COMPLETION = "completion"


def yuan(value: Fraction | int) -> str:
    """An exact amount rounded to the fen, as a string for the facts JSON."""
    if not isinstance(value, Fraction):
        value = Fraction(value)
    cents = Decimal(value.numerator) * 100 / Decimal(value.denominator)
    return str((cents.quantize(Decimal(1), rounding=ROUND_HALF_UP) / 100).quantize(Decimal("0.01")))


@dataclass
class ProjectOutcome:
    id: str
    cost: Fraction
    score: int
    supporters: int
    funded: bool = False
    order: int | None = None  # 1 for the first project funded
    stage: str = ""  # which stage funded it (GREEDY, EQUAL_SHARES, COMPLETION)
    facts: list[dict] = field(default_factory=list)  # one per stage that looked at it


@dataclass
class Outcome:
    rule: str
    completion: str
    budget: Fraction
    funded: list[str]
    projects: dict[str, ProjectOutcome]
    data: dict = field(default_factory=dict)

    @property
    def spent(self) -> Fraction:
        return sum((self.projects[p].cost for p in self.funded), Fraction(0))


def blank_outcomes(instance) -> dict[str, ProjectOutcome]:
    scores, counts = instance.scores(), instance.supporters()
    return {
        p.id: ProjectOutcome(id=p.id, cost=p.cost, score=scores[p.id], supporters=counts[p.id])
        for p in instance.projects
    }
