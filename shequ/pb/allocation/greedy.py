"""Greedy by votes (R-PB-2): projects in descending order of their score, each funded if it
still fits in what is left of the budget, else skipped (the next may still fit).

The score is the number of approvals (approval and knapsack ballots), the sum of points
(cumulative) or of ordinal points (``Instance.weights``). Ties go to the smaller project id
compared as text ("10" before "9"), as pabutools' default lexicographic tie-breaking does.
Projects nobody chose come last and are still funded if they fit, as in pabutools.

Reference (tests only): pabutools ``greedy_utilitarian_welfare`` with ``Cost_Sat`` on approval
profiles (its satisfaction per yuan is then the approval count); on cardinal profiles with an
additive satisfaction of points × cost, i.e. points per yuan × cost = points."""

from __future__ import annotations

from fractions import Fraction

from .instance import Instance
from .outcome import GREEDY, Outcome, ProjectOutcome, blank_outcomes, yuan


def greedy_order(instance: Instance) -> list[str]:
    """Every project id, best score first, ties by id."""
    scores = instance.scores()
    return sorted(scores, key=lambda pid: (-scores[pid], pid))


def greedy_fill(
    instance: Instance,
    outcomes: dict[str, ProjectOutcome],
    funded: list[str],
    *,
    stage: str,
) -> None:
    """Fund, in score order, every project not yet funded that fits in what is left; record
    why each was funded or skipped. ``funded`` grows in place."""
    costs = {p.id: p.cost for p in instance.projects}
    taken = set(funded)
    remaining = instance.budget - sum((costs[p] for p in funded), Fraction(0))
    for rank, pid in enumerate(greedy_order(instance), start=1):
        if pid in taken:
            continue
        out = outcomes[pid]
        fits = costs[pid] <= remaining
        out.facts.append(
            {
                "stage": stage,
                "funded": fits,
                "score": out.score,
                "rank": rank,
                "cost": yuan(costs[pid]),
                "remaining": yuan(remaining),
            }
        )
        if fits:
            remaining -= costs[pid]
            funded.append(pid)
            taken.add(pid)
            out.funded, out.order, out.stage = True, len(funded), stage


def greedy(instance: Instance) -> Outcome:
    """Greedy by votes over the whole budget."""
    outcomes = blank_outcomes(instance)
    chosen: list[str] = []
    greedy_fill(instance, outcomes, chosen, stage=GREEDY)
    return Outcome(
        rule="greedy", completion="none", budget=instance.budget, funded=chosen, projects=outcomes
    )
