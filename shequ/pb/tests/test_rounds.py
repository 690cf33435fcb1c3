"""Rounds and their phases (R-PB-1): dates from the configured lengths that shift together,
one transition service over the table, named preconditions, and the results on the board."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from shequ.deliberation.models import Publication, PublicationKind
from shequ.pb.choices import PHASE_ORDER, Phase, ProjectStatus
from shequ.pb.config import pb_config
from shequ.pb.models import Round, RoundStep
from shequ.pb.services import projects as project_services
from shequ.pb.services import rounds as services
from shequ.pb.workflow import TRANSITIONS

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 3, 2)


def _new(pb, **kwargs):
    return services.round_create(node=pb.territory.c1, title="轮次", year=2026,
                                 budget=Decimal("100000"), actor=pb.manager, starts_on=DAY,
                                 **kwargs)  # fmt: skip


def _dates(round):
    return {p: (r.starts_on, r.ends_on) for p, r in services.round_phases(round).items()}


def test_a_new_round_has_every_phase_dated_from_the_configured_lengths(pb):
    round = _new(pb)
    dates = _dates(round)
    lengths = pb_config()["phases"]
    day = DAY
    for phase in PHASE_ORDER:
        assert dates[phase] == (day, day + dt.timedelta(days=lengths[phase] - 1))
        day += dt.timedelta(days=lengths[phase])
    assert round.phase == Phase.DRAFT


def test_lengths_come_from_configuration(pb, settings):
    settings.SHEQU_PB = {"phases": {"collect": 5}}
    dates = _dates(_new(pb))
    assert dates[Phase.COLLECT] == (DAY, DAY + dt.timedelta(days=4))
    assert dates[Phase.VET][0] == DAY + dt.timedelta(days=5)


def test_moving_a_phase_shifts_every_later_phase_by_the_same_days(pb):
    round = _new(pb)
    before = _dates(round)
    start, end = before[Phase.VET]
    services.round_phase_move(round=round, phase=Phase.VET, starts_on=start,
                              ends_on=end + dt.timedelta(days=3), actor=pb.manager)  # fmt: skip
    after = _dates(round)
    assert after[Phase.COLLECT] == before[Phase.COLLECT]
    assert after[Phase.VET] == (start, end + dt.timedelta(days=3))
    for phase in PHASE_ORDER[PHASE_ORDER.index(Phase.VET) + 1 :]:
        old_start, old_end = before[phase]
        assert after[phase] == (old_start + dt.timedelta(days=3), old_end + dt.timedelta(days=3))
    # and back earlier
    services.round_phase_move(round=round, phase=Phase.VET, starts_on=start, ends_on=end,
                              actor=pb.manager)  # fmt: skip
    assert _dates(round) == before


def test_a_phase_cannot_end_before_it_starts_nor_overlap_the_previous_one(pb):
    round = _new(pb)
    start, end = _dates(round)[Phase.VOTE]
    with pytest.raises(ValidationError) as exc:
        services.round_phase_move(
            round=round,
            phase=Phase.VOTE,
            starts_on=start,
            ends_on=start - dt.timedelta(days=1),
            actor=pb.manager,
        )
    assert "ends_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.round_phase_move(round=round, phase=Phase.VOTE,
                                  starts_on=start - dt.timedelta(days=1), ends_on=end,
                                  actor=pb.manager)  # fmt: skip
    assert "starts_on" in exc.value.message_dict
    assert _dates(round)[Phase.VOTE] == (start, end)


def test_a_phase_the_round_has_left_keeps_its_dates(pb):
    round = pb.round_in(Phase.VET)
    start, end = _dates(round)[Phase.COLLECT]
    with pytest.raises(ValidationError) as exc:
        services.round_phase_move(round=round, phase=Phase.COLLECT, starts_on=start,
                                  ends_on=end + dt.timedelta(days=1), actor=pb.manager)  # fmt: skip
    assert "phase" in exc.value.message_dict


def test_only_managers_create_rounds_and_move_dates(pb):
    with pytest.raises(PermissionDenied):
        services.round_create(node=pb.territory.c1, title="x", year=2026, budget=Decimal("1"),
                              actor=pb.worker)  # fmt: skip
    round = _new(pb)
    start, end = _dates(round)[Phase.VOTE]
    with pytest.raises(PermissionDenied):
        services.round_phase_move(round=round, phase=Phase.VOTE, starts_on=start, ends_on=end,
                                  actor=pb.worker)  # fmt: skip


def test_a_round_belongs_to_a_community_or_subdistrict_with_a_budget(pb):
    with pytest.raises(ValidationError) as exc:
        services.round_create(node=pb.territory.grids["C1G1"], title="x", year=2026,
                              budget=Decimal("1"), actor=pb.manager)  # fmt: skip
    assert "node" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.round_create(node=pb.territory.c1, title="x", year=2026, budget=Decimal("0"),
                              actor=pb.manager)  # fmt: skip
    assert "budget" in exc.value.message_dict


def test_every_allowed_step_walks_the_round_to_closed(pb):
    round = pb.round_in(Phase.SHORTLIST)
    round = services.round_transition(round=round, to=Phase.VOTE, actor=pb.manager)
    # the rest of the table from PUBLISH on (allocation is tested by its own part)
    Round.objects.filter(pk=round.pk).update(phase=Phase.PUBLISH)
    for to in (Phase.IMPLEMENT, Phase.ACCEPT, Phase.EVALUATE, Phase.CLOSED):
        round = services.round_transition(round=round, to=to, actor=pb.manager)
        assert round.phase == to
    steps = list(RoundStep.objects.filter(round=round).values_list("verb", flat=True))
    assert steps == [t.verb for t in TRANSITIONS.steps if t.verb not in ("allocate", "publish")]


def test_a_step_outside_the_table_is_refused(pb):
    round = _new(pb)
    with pytest.raises(ValidationError) as exc:
        services.round_transition(round=round, to=Phase.VOTE, actor=pb.manager)
    assert exc.value.error_dict["phase"][0].code == "transition"
    round.refresh_from_db()
    assert round.phase == Phase.DRAFT


def test_voting_cannot_open_without_a_project_on_the_ballot(pb):
    round = pb.round_in(Phase.SHORTLIST)
    for project in round.test_projects:
        project_services.project_shortlist(project=project, actor=pb.manager, on_ballot=False)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.round_transition(round=round, to=Phase.VOTE, actor=pb.manager)
    assert "shortlist at least one project" in exc.value.message_dict["phase"][0]
    assert services.round_blockers(round)


def test_results_cannot_be_published_before_the_allocation(pb):
    round = pb.round_in(Phase.ALLOCATE)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.round_transition(round=round, to=Phase.PUBLISH, actor=pb.manager)
    assert "allocation" in exc.value.message_dict["phase"][0]


def test_only_a_manager_moves_the_round(pb):
    round = _new(pb)
    with pytest.raises(PermissionDenied):
        services.round_transition(round=round, to=Phase.COLLECT, actor=pb.worker)


def test_allocating_then_publishing_posts_the_results_on_the_board(pb):
    pytest.importorskip("shequ.pb.services.allocation")
    round = pb.round_in(Phase.VOTE)
    voter = pb.resident("投票人")
    from shequ.pb.services.ballots import ballot_cast_online

    ballot_cast_online(round=round, user=voter, marks=[round.test_projects[0].pk])
    round = services.round_transition(round=round, to=Phase.ALLOCATE, actor=pb.manager)
    assert round.projects.filter(status=ProjectStatus.FUNDED).exists()
    round = services.round_transition(round=round, to=Phase.PUBLISH, actor=pb.manager)
    posted = Publication.objects.get(kind=PublicationKind.PB_RESULT)
    assert posted.node == pb.territory.c1
    assert posted.subject == f"pb.round:{round.pk}"
    assert str(round.pk) in posted.url
