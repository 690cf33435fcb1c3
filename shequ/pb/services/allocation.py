"""Allocating a round's budget (R-PB-2): run the round's rule on its ballots, store the run
with every project's result and explanation, and mark the projects funded or not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditAction, audit_record

from ..allocation import Instance, allocate
from ..allocation.explain import explain
from ..allocation.instance import Project as Item
from ..choices import Completion, Phase, ProjectStatus, Rule, VoteType
from ..models import AllocationResult, AllocationRun, Ballot, BallotMark, Project, Round

# projects a rule decides on: those on the ballot (and those a previous run decided)
ON_BALLOT = (ProjectStatus.SHORTLISTED, ProjectStatus.FUNDED, ProjectStatus.NOT_FUNDED)
# a round is allocated once voting is over (the phase change into ALLOCATE runs it while the
# round is still in VOTE) and may be re-run until the results are carried out
ALLOCATABLE = (Phase.VOTE, Phase.ALLOCATE, Phase.PUBLISH)


def money(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01"))


def round_instance(round: Round, *, statuses=ON_BALLOT) -> tuple[Instance, dict[str, Project]]:
    """The round as the rules see it: its budget, its projects on the ballot (by code) and
    every ballot's marks on them (ordinal ballots by rank, others by points)."""
    projects = {p.code: p for p in round.projects.filter(status__in=statuses).order_by("code")}
    code_of = {p.pk: p.code for p in projects.values()}
    ordinal = round.vote_type == VoteType.ORDINAL
    ballots: dict = {}
    voter_ids = []
    for pk, external in Ballot.objects.filter(round=round).values_list("id", "external_id"):
        ballots[pk] = {}
        voter_ids.append(external)
    marks = BallotMark.objects.filter(ballot__round=round, project_id__in=code_of)
    for ballot_id, project_id, points, rank in marks.values_list(
        "ballot_id", "project_id", "points", "rank"
    ):
        ballots[ballot_id][code_of[project_id]] = (rank or 1) if ordinal else points
    if ordinal:  # ranks as positions among the projects still on the ballot: 1, 2, 3 …
        for pk, ballot in ballots.items():
            ranked = sorted(ballot, key=ballot.__getitem__)
            ballots[pk] = {code: n for n, code in enumerate(ranked, start=1)}
    instance = Instance(
        budget=Fraction(round.budget),
        projects=[Item(code, Fraction(p.cost), p.title) for code, p in projects.items()],
        ballots=list(ballots.values()),
        vote_type=round.vote_type,
        voter_ids=voter_ids,
    )
    return instance, projects


@transaction.atomic
def round_allocate(
    *, round: Round, actor=None, rule: str | None = None, completion: str | None = None
) -> AllocationRun:
    """Run ``rule`` (default: the round's) with ``completion`` on the round's ballots, store the
    run and its results, and set every project on the ballot FUNDED or NOT_FUNDED."""
    round = Round.objects.select_for_update().select_related("node").get(pk=round.pk)
    rule = rule or round.rule
    completion = completion or round.completion
    if rule not in Rule.values:
        raise ValidationError({"rule": _("Unknown rule.")}, code="rule")
    if completion not in Completion.values:
        raise ValidationError({"completion": _("Unknown completion.")}, code="completion")
    if round.phase not in ALLOCATABLE:
        raise ValidationError(
            {"phase": _("A round is allocated after voting and before its projects are carried "
                        "out.")},
            code="phase",
        )  # fmt: skip
    instance, projects = round_instance(round)
    if not projects:
        raise ValidationError({"projects": _("No project is on the ballot.")}, code="projects")
    outcome = allocate(instance, rule=rule, completion=completion)
    run = AllocationRun.objects.create(
        round=round,
        rule=rule,
        completion=completion if rule == Rule.EQUAL_SHARES else Completion.NONE,
        by=actor if actor is not None and actor.is_authenticated else None,
        budget=round.budget,
        spent=money(outcome.spent),
        ballots=len(instance.ballots),
        data=outcome.data | {"vote_type": round.vote_type},
    )
    with translation.override(settings.LANGUAGE_CODE):
        results = [
            AllocationResult(
                run=run,
                project=projects[pid],
                funded=out.funded,
                order=out.order,
                votes=out.supporters,
                score=out.score,
                cost=projects[pid].cost,
                stage=out.stage,
                facts=out.facts,
                explanation=explain(out.facts, cardinal=instance.cardinal, gettext=gettext),
            )
            for pid, out in outcome.projects.items()
        ]
    AllocationResult.objects.bulk_create(results)
    for pid, out in outcome.projects.items():
        project = projects[pid]
        status = ProjectStatus.FUNDED if out.funded else ProjectStatus.NOT_FUNDED
        if project.status != status:
            project.status = status
            project.save(update_fields=["status", "updated_at"])  # audited per project
    audit_record(
        AuditAction.CREATE,
        obj=run,
        actor=actor if actor is not None and actor.is_authenticated else None,
        row_count=len(results),
        changes={"rule": rule, "completion": run.completion, "spent": str(run.spent)},
    )
    return run


@dataclass
class RoundResults:
    run: AllocationRun | None
    rows: list[AllocationResult]
    funded: int
    spent: Decimal
    left: Decimal
    cardinal: bool


def round_results(round: Round, *, run: AllocationRun | None = None) -> RoundResults:
    """The round's latest run (or ``run``) with each project's result, funded first in the
    order funded, explanations rendered in the active language from the stored facts."""
    if run is None:
        run = round.allocations.order_by("-at", "-id").first()
    cardinal = round.vote_type in (VoteType.CUMULATIVE, VoteType.ORDINAL)
    if run is None:
        return RoundResults(None, [], 0, Decimal(0), round.budget, cardinal)
    rows = list(run.results.select_related("project"))
    for row in rows:
        row.reason = explain(row.facts, cardinal=cardinal, gettext=gettext) or row.explanation
    return RoundResults(
        run=run,
        rows=rows,
        funded=sum(1 for r in rows if r.funded),
        spent=run.spent,
        left=run.budget - run.spent,
        cardinal=cardinal,
    )
