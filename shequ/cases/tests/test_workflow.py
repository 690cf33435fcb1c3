"""The transition table walked edge by edge through the one transition service: every allowed
step succeeds with its event, every step not in the table is refused, and the steps that
need an approver refuse to go without one (R-CASE-2)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.cases import workflow
from shequ.cases.choices import CaseStatus as S
from shequ.cases.choices import Rating
from shequ.cases.models import Case, CaseEvent
from shequ.cases.services import case_transition

# How to reach each state from "received": (target, verb) steps along allowed edges.
PATHS = {
    S.RECEIVED: [],
    S.ACCEPTED: [S.ACCEPTED],
    S.ASSIGNED: [S.ACCEPTED, S.ASSIGNED],
    S.IN_PROGRESS: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS],
    S.POSTPONED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.POSTPONED],
    S.REPLIED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.REPLIED],
    S.RATED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.REPLIED, S.RATED],
    S.CLOSED: [S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS, S.REPLIED, S.RATED, S.CLOSED],
    S.REJECTED: [S.REJECTED],
    S.DUPLICATE: [S.DUPLICATE],
    S.MERGED: [S.MERGED],
}


@pytest.fixture
def step(cast, desk, new_case):
    """Take one step with the right actor and everything the step needs."""
    original = new_case(title="原始诉求")

    def take(case, to, **override):
        transition = workflow.transition_for(case.status, to)
        verb = transition.verb if transition else ""
        actor = {
            "start": cast.grid_worker,  # the handler's own user
            "send_back": cast.grid_worker,
            "postpone": cast.grid_worker,
            "resume": cast.grid_worker,
            "reply": cast.grid_worker,
            "reopen": cast.community_secretary,
        }.get(verb, cast.community_worker)
        actor = override.pop("actor", actor)
        options = {
            "note": "理由：已核实",
            "approver": cast.community_secretary,
            "handler": desk.grid_worker,
            "duplicate_of": original,
            "reply": "已联系路灯所更换灯泡",
            "rating": Rating.UNSATISFIED,
            "solved": False,
            "extension_days": 3,
        }
        options.update(override)
        return case_transition(case=case, to=to, actor=actor, **options)

    return take


def reach(take, new_case, state):
    case = new_case()
    for target in PATHS[state]:
        case = take(case, target)
    assert case.status == state
    return case


def test_every_state_has_a_path_and_every_edge_starts_from_a_known_state():
    assert set(PATHS) == set(S.values)
    assert {t.source for t in workflow.TRANSITION_LIST} <= set(S.values)
    assert {t.target for t in workflow.TRANSITION_LIST} <= set(S.values)


@pytest.mark.parametrize(
    "edge",
    workflow.TRANSITION_LIST,
    ids=[f"{t.source}-{t.target}" for t in workflow.TRANSITION_LIST],
)
def test_every_allowed_transition_succeeds_and_leaves_an_event(edge, step, new_case):
    case = reach(step, new_case, edge.source)
    events_before = CaseEvent.objects.filter(case=case).count()

    case = step(case, edge.target)

    stored = Case.objects.get(pk=case.pk)
    assert stored.status == edge.target
    last = CaseEvent.objects.filter(case=case).order_by("-id").first()
    assert CaseEvent.objects.filter(case=case).count() == events_before + 1
    assert (last.verb, last.from_status, last.to_status) == (edge.verb, edge.source, edge.target)
    assert last.actor is not None and last.at is not None
    if workflow.APPROVER in edge.needs:
        assert last.approver is not None and last.approver != last.actor


@pytest.mark.parametrize("state", list(S.values))
def test_every_state_refuses_the_steps_not_in_the_table(state, step, new_case):
    case = reach(step, new_case, state)
    forbidden = set(S.values) - workflow.TRANSITIONS.get(state, set())
    assert forbidden, state
    for target in sorted(forbidden):
        with pytest.raises(ValidationError) as refused:
            step(case, target)
        assert "status" in refused.value.message_dict, (state, target)
    assert Case.objects.get(pk=case.pk).status == state


@pytest.mark.parametrize(
    ("state", "target"), [(S.IN_PROGRESS, S.POSTPONED), (S.IN_PROGRESS, S.ACCEPTED),
                          (S.ASSIGNED, S.ACCEPTED)]
)  # fmt: skip
def test_postpone_and_send_back_need_a_reason_and_another_approver(
    state, target, step, new_case, cast, territory
):
    case = reach(step, new_case, state)
    with pytest.raises(ValidationError) as no_approver:
        step(case, target, approver=None)
    assert "approver" in no_approver.value.message_dict
    with pytest.raises(ValidationError) as self_approved:
        step(case, target, approver=cast.grid_worker)
    assert "approver" in self_approved.value.message_dict
    # a worker without the approving permission cannot approve
    with pytest.raises(ValidationError) as not_approver:
        step(case, target, approver=cast.community_worker)
    assert "approver" in not_approver.value.message_dict
    with pytest.raises(ValidationError) as no_reason:
        step(case, target, note="  ")
    assert "note" in no_reason.value.message_dict
    assert Case.objects.get(pk=case.pk).status == state
    assert step(case, target).status == target


def test_reopen_from_rated_only_when_not_satisfied(step, new_case):
    case = reach(step, new_case, S.REPLIED)
    case = step(case, S.RATED, rating=Rating.SATISFIED)
    with pytest.raises(ValidationError) as refused:
        step(case, S.IN_PROGRESS)
    assert "rating" in refused.value.message_dict
    assert step(case, S.CLOSED).status == S.CLOSED


def test_steps_are_refused_to_roles_without_the_permission(step, new_case, cast):
    case = new_case()
    for user in (cast.resident, cast.party_member, cast.auditor, cast.grid_worker):
        with pytest.raises(PermissionDenied):
            step(case, S.ACCEPTED, actor=user)
    assert Case.objects.get(pk=case.pk).status == S.RECEIVED
