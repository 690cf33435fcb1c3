"""round_allocate on rounds whose ballots were cast in the database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from shequ.core.models import AuditEvent
from shequ.pb.choices import Completion, Phase, ProjectStatus, Rule, VoteType
from shequ.pb.models import AllocationResult, Project
from shequ.pb.services.allocation import round_allocate, round_results

from . import fixtures_alloc
from .fixtures_alloc import make_round

alloc_round = fixtures_alloc.alloc_round

pytestmark = pytest.mark.django_db


def statuses(round):
    return dict(Project.objects.filter(round=round).values_list("code", "status"))


def test_greedy_funds_by_votes_and_skips_what_no_longer_fits(alloc_round, cast):
    run = round_allocate(round=alloc_round, actor=cast.district_admin, rule=Rule.GREEDY)
    # votes: P1 4, P4 4, P2 3, P3 2 — P1 (60k), P4 (20k): 20k left, P2 (50k) skipped, P3 (30k) too
    assert statuses(alloc_round) == {
        "P1": ProjectStatus.FUNDED, "P4": ProjectStatus.FUNDED,
        "P2": ProjectStatus.NOT_FUNDED, "P3": ProjectStatus.NOT_FUNDED,
    }  # fmt: skip
    assert run.spent == Decimal("80000.00") and run.ballots == 10
    assert run.rule == Rule.GREEDY and run.completion == Completion.NONE
    order = list(run.results.filter(funded=True).values_list("project__code", "order"))
    assert order == [("P1", 1), ("P4", 2)]
    assert AuditEvent.objects.filter(object_type="pb.allocationrun", object_id=str(run.pk)).exists()


def test_greedy_explanations_state_votes_rank_and_money(alloc_round):
    run = round_allocate(round=alloc_round, rule=Rule.GREEDY)
    funded = run.results.get(project__code="P1")
    skipped = run.results.get(project__code="P2")
    assert funded.facts[0] | {} == {
        "stage": "greedy", "funded": True, "score": 4, "rank": 1,
        "cost": "60000.00", "remaining": "100000.00",
    }  # fmt: skip
    with translation.override("en"):
        rows = {r.project.code: r.reason for r in round_results(alloc_round).rows}
    assert rows["P1"] == (
        "Greedy by votes: 4 votes, ranked 1; the 100,000 yuan left in the budget covered its "
        "cost of 60,000 yuan."
    )
    assert rows["P2"] == (
        "Greedy by votes: 3 votes, ranked 3; its cost of 50,000 yuan was more than the 20,000 "
        "yuan left in the budget."
    )
    assert skipped.explanation  # stored in the site's language too


def test_equal_shares_shares_the_cost_among_supporters(alloc_round):
    run = round_allocate(round=alloc_round, rule=Rule.EQUAL_SHARES, completion=Completion.NONE)
    # 10 voters × 10,000 yuan. P1: 4 supporters have 40k < 60k, never affordable.
    # P4 (20k, 4 supporters: 5k each) then P3 (30k, 2 supporters: 20k < 30k) no;
    # P2 (50k; its 3 supporters have 5k left each = 15k) no.
    funded = list(run.results.filter(funded=True).values_list("project__code", flat=True))
    assert funded == ["P4"]
    p4 = run.results.get(project__code="P4")
    assert p4.facts[0]["payers"] == 4 and p4.facts[0]["max_share"] == "5000.00"
    p2 = run.results.get(project__code="P2")
    assert p2.facts[0]["supporters_left"] == "15000.00"
    assert p2.facts[0]["shortfall"] == "35000.00"
    with translation.override("en"):
        rows = {r.project.code: r.reason for r in round_results(alloc_round).rows}
    assert rows["P4"] == (
        "Method of Equal Shares, step 1: its cost of 20,000 yuan was shared by 4 supporters, "
        "none paying more than 5,000 yuan."
    )
    assert rows["P2"] == (
        "Method of Equal Shares: its supporters had 15,000 yuan left between them, 35,000 yuan "
        "short of its cost of 50,000 yuan."
    )


def test_equal_shares_with_greedy_completion_spends_the_rest(alloc_round):
    run = round_allocate(round=alloc_round, rule=Rule.EQUAL_SHARES, completion=Completion.GREEDY)
    # after P4 (20k): greedy by votes P1 (60k) fits, P2 (50k) does not, P3 (30k) does not
    results = {r.project.code: r for r in run.results.all()}
    assert [c for c, r in sorted(results.items(), key=lambda x: x[1].order or 99) if r.funded] == [
        "P4",
        "P1",
    ]
    assert results["P1"].stage == "completion"
    with translation.override("en"):
        rows = {r.project.code: r.reason for r in round_results(alloc_round).rows}
    assert rows["P1"].startswith("Method of Equal Shares: its supporters had 40,000 yuan")
    assert "Completion by votes: 4 votes, ranked 1; the 80,000 yuan left" in rows["P1"]


def test_rerun_replaces_statuses_and_keeps_the_history(alloc_round):
    round_allocate(round=alloc_round, rule=Rule.GREEDY)
    second = round_allocate(round=alloc_round, rule=Rule.EQUAL_SHARES, completion="none")
    assert statuses(alloc_round)["P1"] == ProjectStatus.NOT_FUNDED
    assert alloc_round.allocations.count() == 2
    assert round_results(alloc_round).run == second
    assert AllocationResult.objects.filter(run__round=alloc_round).count() == 8


def test_round_defaults_decide_rule_and_completion(territory):
    round = make_round(territory.c1, rule=Rule.GREEDY)
    assert round_allocate(round=round).rule == Rule.GREEDY


@pytest.mark.parametrize("phase", [Phase.COLLECT, Phase.SHORTLIST, Phase.IMPLEMENT])
def test_allocation_refused_outside_its_phases(territory, phase):
    round = make_round(territory.c1, phase=phase)
    with pytest.raises(ValidationError) as err:
        round_allocate(round=round)
    assert "phase" in err.value.message_dict


def test_allocation_needs_projects_on_the_ballot(territory):
    round = make_round(territory.c1, projects={}, ballots=[])
    with pytest.raises(ValidationError) as err:
        round_allocate(round=round)
    assert "projects" in err.value.message_dict


def test_withdrawn_project_is_left_alone(alloc_round):
    Project.objects.filter(round=alloc_round, code="P1").update(status=ProjectStatus.WITHDRAWN)
    run = round_allocate(round=alloc_round, rule=Rule.GREEDY)
    assert statuses(alloc_round)["P1"] == ProjectStatus.WITHDRAWN
    assert not run.results.filter(project__code="P1").exists()
    # P4 4 votes (20k), P2 3 (50k), P3 2 (30k): all three fit in 100k
    assert run.spent == Decimal("100000.00")


def test_cumulative_points_decide_greedy(territory):
    ballots = [{"P1": 1, "P3": 9}, {"P1": 10}, {"P3": 5, "P4": 5}]
    round = make_round(territory.c1, vote_type=VoteType.CUMULATIVE, ballots=ballots)
    run = round_allocate(round=round, rule=Rule.GREEDY)
    # points: P3 14, P1 11, P4 5, P2 0 → P3 30k, P1 60k, then P4 20k does not fit (10k left)
    funded = list(run.results.filter(funded=True).values_list("project__code", flat=True))
    assert funded == ["P3", "P1"]
    with translation.override("en"):
        reason = {r.project.code: r.reason for r in round_results(round).rows}["P3"]
    assert reason.startswith("Greedy by votes: 14 points, ranked 1;")


def test_ordinal_ranks_become_points(territory):
    ballots = [["P4", "P3", "P1"], ["P4", "P1"], ["P3"]]
    round = make_round(territory.c1, vote_type=VoteType.ORDINAL, ballots=ballots)
    run = round_allocate(round=round, rule=Rule.GREEDY)
    # points (k − rank + 1): P4 3+2, P3 2+1, P1 1+1 → P4 (20k), P3 (30k), then P1 (60k) no
    scores = dict(run.results.values_list("project__code", "score"))
    assert scores == {"P4": 5, "P3": 3, "P1": 2, "P2": 0}
    funded = list(run.results.filter(funded=True).values_list("project__code", flat=True))
    assert funded[:2] == ["P4", "P3"]
