"""The Method of Equal Shares (R-PB-2), exact, with its completions.

Every voter gets an equal share of the budget. In each step the project that its supporters
can pay for at the lowest price per unit of utility (ρ) is funded; a supporter pays ρ × his
utility, or all he has left if that is less. It stops when no remaining project can be paid
for by its supporters' remaining money.

Utilities, as in pabutools: approval and knapsack ballots count a project's cost
(``Cost_Sat``: every supporter pays the same share); cumulative ballots the points given and
ordinal ballots the ordinal points of ``Instance.weights`` (``Additive_Cardinal_Sat`` on the
points). Ties of ρ go to the smaller project id compared as text, pabutools' default.

Completions (``Round.completion``), each compared in the tests with one pabutools call:

* ``none``: MES alone — ``method_of_equal_shares(instance, profile, sat_class=…)``.
* ``greedy``: MES, then greedy by votes on what is left —
  ``completion_by_rule_combination(instance, profile, [method_of_equal_shares,
  greedy_utilitarian_welfare], [{"sat_class": …}, {"sat_class": …}])``.
* ``add_one``: the per-voter budget is raised by one yuan (budget ÷ voters, + 1, + 2, …) and
  MES re-run until its outcome exhausts the budget (then kept) or overspends it (then the
  previous one is kept), and the rest is filled greedily — the same combination with
  ``{"sat_class": …, "voter_budget_increment": 1}`` for MES.

The computation: voters are grouped by their remaining budget (a voter's budget only changes
when a project he supports is funded, so few distinct values exist), every project keeps the
count of its supporters per budget group, and only projects whose supporters' budgets moved
are re-priced; the last price of a project is a lower bound of its next one (budgets only
shrink), which lets a step stop looking early. All amounts are ``Fraction``s."""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

from .greedy import greedy_fill
from .instance import Instance
from .outcome import COMPLETION, EQUAL_SHARES, Outcome, blank_outcomes, yuan

NONE, GREEDY, ADD_ONE = "none", "greedy", "add_one"
COMPLETIONS = (NONE, GREEDY, ADD_ONE)


class _Election:
    """The parts of an instance MES needs, built once and reused by every run of add-one."""

    def __init__(self, instance: Instance):
        self.instance = instance
        self.ids = [p.id for p in instance.projects]
        self.costs = [p.cost for p in instance.projects]
        index = {pid: j for j, pid in enumerate(self.ids)}
        weights = instance.weights()
        self.n = len(weights)
        self.cardinal = instance.cardinal
        # each project's supporters (voter indices) and the points each gave it
        self.voters: list[list[int]] = [[] for _ in self.ids]
        self.points: list[list[int]] = [[] for _ in self.ids]
        for i, ballot in enumerate(weights):
            for pid, w in ballot.items():
                if w > 0:
                    j = index[pid]
                    self.voters[j].append(i)
                    self.points[j].append(w)
        self.total_weight = [sum(w) for w in self.points]
        # projects MES can consider: someone supports them
        self.candidates = [j for j in range(len(self.ids)) if self.total_weight[j] > 0]
        # ratios budget/points are compared as budget × (L / points), L a multiple of all points
        self.lcm_points = math.lcm(1, *{w for ws in self.points for w in ws})
        self.cost_den = math.lcm(1, *(c.denominator for c in self.costs))

    def first_bound(self, j: int) -> Fraction:
        """ρ if every supporter still had enough: cost ÷ total utility."""
        if self.cardinal:
            return self.costs[j] / self.total_weight[j]
        return Fraction(1, self.total_weight[j])


class _Run:
    """One run of MES with a given share per voter. Money is held as integers over one common
    denominator ``den``, made finer whenever a price needs it, so every comparison is exact and
    cheap; voters with the same remaining budget form one group. A group's integer is kept
    over the denominator of its day (its epoch) and scaled when read, so making ``den`` finer
    does not touch every group."""

    def __init__(self, election: _Election, share: Fraction):
        self.e = election
        self.den = math.lcm(share.denominator, election.cost_den)
        self.raw = [share.numerator * (self.den // share.denominator)]  # per group
        self.epoch_of = [0]  # per group
        self.scale = [1]  # per epoch: den now ÷ den then
        self.cost = [c.numerator * (self.den // c.denominator) for c in election.costs]
        self.group_of = [0] * election.n  # -1: nothing left

    def groups(self, j: int) -> list[tuple[int, int, int, int, int]]:
        """(sort key, budget, points, supporters, group) of project j's supporters with money
        left, poorest per point first."""
        e, raw, epoch_of, scale = self.e, self.raw, self.epoch_of, self.scale
        items = []
        if e.cardinal:
            lcm = e.lcm_points
            pairs = zip(map(self.group_of.__getitem__, e.voters[j]), e.points[j], strict=True)
            for (k, w), n in Counter(pairs).items():
                if k >= 0:
                    b = raw[k] * scale[epoch_of[k]]
                    items.append((b * (lcm // w), b, w, n, k))
        else:
            for k, n in Counter(map(self.group_of.__getitem__, e.voters[j])).items():
                if k >= 0:
                    b = raw[k] * scale[epoch_of[k]]
                    items.append((b, b, 1, n, k))
        items.sort()
        return items

    def price(self, j: int, items) -> tuple[int, int] | None:
        """The lowest price per point q (numerator, denominator; in units of 1/den) with
        Σ min(budget, q × points) = cost, or None when the supporters' money falls short."""
        cost = self.cost[j]
        paid, left = 0, sum(w * n for _, _, w, n, _ in items) if self.e.cardinal else None
        if left is None:
            left = sum(n for _, _, _, n, _ in items)
        for _key, b, w, n, _k in items:
            # q = (cost − paid) / left is affordable for this group when q × w ≤ b
            if (cost - paid) * w <= b * left:
                return cost - paid, left
            paid += b * n
            left -= w * n
        return None

    def rho(self, j: int, q: tuple[int, int]) -> Fraction:
        """Price per unit of utility: per point on cardinal ballots, per yuan of cost on
        approval ones (Cost_Sat), where it does not depend on ``den``."""
        if self.e.cardinal:
            return Fraction(q[0], q[1] * self.den)
        return Fraction(q[0], q[1] * self.cost[j])

    def fund(self, j: int, q: tuple[int, int], items) -> dict:
        """Charge project j's supporters: each pays q × points or all he has left."""
        num, qden = q
        g = math.gcd(num, qden)
        num, factor = num // g, qden // g
        if factor > 1:  # a finer denominator: older epochs scale by the factor
            self.den *= factor
            self.scale = [s * factor for s in self.scale]
            self.scale.append(1)
            self.cost = [c * factor for c in self.cost]
        epoch = len(self.scale) - 1
        raw, epoch_of = self.raw, self.epoch_of
        made: dict[int, int] = {}  # a new budget → its group
        moves, payers, paid_all, top = {}, 0, 0, 0
        for _key, b, w, n, k in items:
            b *= factor
            pay = num * w
            if pay >= b:
                pay, target = b, -1
                paid_all += n
            else:
                value = b - pay
                target = made.get(value)
                if target is None:
                    target = made[value] = len(raw)
                    raw.append(value)
                    epoch_of.append(epoch)
            moves[k, w] = target
            payers += n
            top = max(top, pay)
        group_of = self.group_of
        if self.e.cardinal:
            for i, w in zip(self.e.voters[j], self.e.points[j], strict=True):
                k = group_of[i]
                if k >= 0:
                    group_of[i] = moves[k, w]
        else:
            for i in self.e.voters[j]:
                k = group_of[i]
                if k >= 0:
                    group_of[i] = moves[k, 1]
        return {
            "payers": payers,
            "paid_all": paid_all,
            "max_share": yuan(Fraction(top, self.den)),
        }

    def left(self, j: int) -> Fraction:
        """What project j's supporters have left between them."""
        raw, epoch_of, scale = self.raw, self.epoch_of, self.scale
        counts = Counter(map(self.group_of.__getitem__, self.e.voters[j]))
        total = sum(raw[k] * scale[epoch_of[k]] * n for k, n in counts.items() if k >= 0)
        return Fraction(total, self.den)


def _run(election: _Election, share: Fraction):
    """One run of MES with ``share`` per voter: (funded indices in order, facts by index)."""
    run = _Run(election, share)
    bound = {j: election.first_bound(j) for j in election.candidates}  # ρ never falls
    approx = {j: float(b) for j, b in bound.items()}
    exact: dict[int, tuple] = {}  # project → (q, groups) while its supporters kept their money
    alive = set(election.candidates)
    ids = election.ids
    funded: list[int] = []
    facts: dict[int, dict] = {}
    while alive:
        best = best_f = None
        tied: list[int] = []
        for j in sorted(alive, key=approx.__getitem__):
            if best is not None and approx[j] > best_f * (1 + 1e-9):
                break  # its ρ is at least its bound, clearly above the best: so are the rest
            if j not in exact:
                items = run.groups(j)
                q = run.price(j, items)
                if q is None:  # its supporters cannot pay for it, now or later
                    alive.discard(j)
                    continue
                exact[j] = (q, items)
                bound[j] = run.rho(j, q)
                approx[j] = float(bound[j])
            rho = bound[j]
            if best is None or rho < best:
                best, best_f, tied = rho, approx[j], [j]
            elif rho == best:
                tied.append(j)
        if best is None:
            break
        j = min(tied, key=ids.__getitem__)
        q, items = exact[j]
        alive.discard(j)
        funded.append(j)
        facts[j] = {"stage": EQUAL_SHARES, "funded": True, "step": len(funded),
                    **run.fund(j, q, items), "rho": str(best)}  # fmt: skip
        exact.clear()  # budgets moved: price again what is looked at next
    for j in range(len(ids)):
        if j not in facts:
            left = run.left(j)
            facts[j] = {
                "stage": EQUAL_SHARES,
                "funded": False,
                "named": len(election.voters[j]),
                "supporters_left": yuan(left),
                "shortfall": yuan(election.costs[j] - left),
            }
    return funded, facts


def _exhaustive(election: _Election, funded: list[int], budget: Fraction) -> bool:
    """No project someone supports still fits beside the funded ones (pabutools' check)."""
    left = budget - sum((election.costs[j] for j in funded), Fraction(0))
    taken = set(funded)
    return all(election.costs[j] > left for j in election.candidates if j not in taken)


def equal_shares(instance: Instance, *, completion: str = NONE) -> Outcome:
    """MES on ``instance`` then ``completion`` (NONE, GREEDY or ADD_ONE, see the module)."""
    if completion not in COMPLETIONS:
        raise ValueError(f"unknown completion {completion!r}")
    election = _Election(instance)
    outcomes = blank_outcomes(instance)
    data: dict = {"voters": election.n}
    if election.n == 0:
        funded, facts, share, raised = [], {}, Fraction(0), 0
    else:
        base = instance.budget / election.n
        share, raised = base, 0
        funded, facts = _run(election, share)
        while completion == ADD_ONE and not _exhaustive(election, funded, instance.budget):
            more, more_facts = _run(election, base + raised + 1)
            if sum((election.costs[j] for j in more), Fraction(0)) > instance.budget:
                break  # one yuan more would overspend: keep the last outcome that fitted
            raised += 1
            share, funded, facts = base + raised, more, more_facts
    data |= {"share": yuan(share), "share_exact": str(share), "raised": raised}
    chosen = []
    for j in funded:
        pid = election.ids[j]
        chosen.append(pid)
        out = outcomes[pid]
        out.funded, out.order, out.stage = True, len(chosen), EQUAL_SHARES
    for j, fact in facts.items():
        pid = election.ids[j]
        fact["cost"] = yuan(election.costs[j])
        outcomes[pid].facts.append(fact)
    data["equal_shares_spent"] = yuan(sum((election.costs[j] for j in funded), Fraction(0)))
    if completion in (GREEDY, ADD_ONE):
        greedy_fill(instance, outcomes, chosen, stage=COMPLETION)
    return Outcome(
        rule="equal_shares",
        completion=completion,
        budget=instance.budget,
        funded=chosen,
        projects=outcomes,
        data=data,
    )
