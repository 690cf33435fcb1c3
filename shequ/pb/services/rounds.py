"""Writes of micro-project rounds (R-PB-1): creating a round with the dates of its phases from
the configured lengths, moving a phase's dates (the later phases move with it), and the one
service that moves a round from phase to phase over ``pb.workflow.TRANSITIONS``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PB
from shequ.core.models import AuditAction, audit_record
from shequ.core.perms import check_perm as _require
from shequ.core.scope import path_in_scope
from shequ.territory.choices import NodeKind

from ..choices import PHASE_ORDER, Phase, ProjectStatus, VoteType
from ..config import pb_config
from ..models import Round, RoundPhase, RoundStep
from ..workflow import NEEDS_ALLOCATION, NEEDS_PHASES, NEEDS_SHORTLIST, TRANSITIONS

ROUND_NODE_KINDS = (NodeKind.COMMUNITY, NodeKind.SUBDISTRICT)


def invalid(field: str, message, code: str) -> ValidationError:
    """A ValidationError on ``field`` carrying ``code`` (the API and tests read the code)."""
    return ValidationError({field: ValidationError(message, code=code)})


def phase_plan(starts_on: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Each phase's dates from the configured lengths, one after the other from ``starts_on``."""
    lengths = pb_config()["phases"]
    plan, day = [], starts_on
    for phase in PHASE_ORDER:
        days = max(int(lengths[phase]), 1)
        plan.append((phase, day, day + dt.timedelta(days=days - 1)))
        day += dt.timedelta(days=days)
    return plan


@transaction.atomic
def round_create(
    *, node, title: str, year: int, budget: Decimal, actor=None,
    vote_type: str = VoteType.APPROVAL, starts_on: dt.date | None = None,
    min_length: int = 1, max_length: int | None = None, max_points: int | None = None,
    rule: str = "", completion: str = "", description: str = "",
) -> Round:  # fmt: skip
    """A round of a community or subdistrict, in DRAFT, with the dates of every phase."""
    if node.kind not in ROUND_NODE_KINDS:
        raise ValidationError({"node": _("A round belongs to a community or a subdistrict.")})
    if actor is not None and not path_in_scope(actor, MANAGE_PB, node.path):
        raise PermissionDenied(_("You may not do this here."))
    config = pb_config()
    if vote_type == VoteType.APPROVAL and max_length is None:
        max_length = config["voting"]["approval_max"] or None
    if vote_type == VoteType.CUMULATIVE and not max_points:
        max_points = config["voting"]["cumulative_points"]
    errors = {}
    if budget is None or Decimal(budget) <= 0:
        errors["budget"] = _("The budget must be more than zero.")
    if max_length is not None and max_length < min_length:
        errors["max_length"] = _("The most projects on a ballot cannot be fewer than the fewest.")
    if errors:
        raise ValidationError(errors)
    round = Round(
        node=node, title=title, year=year, budget=budget, vote_type=vote_type,
        min_length=min_length, max_length=max_length, max_points=max_points,
        rule=rule or config["allocation"]["rule"],
        completion=completion or config["allocation"]["completion"],
        description=description, created_by=actor,
    )  # fmt: skip
    round.full_clean()
    round.save()
    RoundPhase.objects.bulk_create(
        RoundPhase(round=round, phase=phase, starts_on=start, ends_on=end)
        for phase, start, end in phase_plan(starts_on or timezone.localdate())
    )
    return round


def round_phases(round: Round) -> dict[str, RoundPhase]:
    return {p.phase: p for p in RoundPhase.objects.filter(round=round)}


def vote_start(round: Round) -> dt.date:
    """The first day of voting (the day a voter's age counts on)."""
    phase = RoundPhase.objects.filter(round=round, phase=Phase.VOTE).first()
    return phase.starts_on if phase else timezone.localdate()


@transaction.atomic
def round_phase_move(
    *, round: Round, phase: str, starts_on: dt.date, ends_on: dt.date, actor=None
) -> list[RoundPhase]:
    """Give ``phase`` new dates; every later phase moves by as many days as its end moved.
    A phase cannot end before it starts nor start before the previous one ends; a phase the
    round has already left keeps its dates."""
    round = Round.objects.select_for_update().get(pk=round.pk)
    _require(actor, MANAGE_PB, round)
    if phase not in PHASE_ORDER:
        raise ValidationError({"phase": _("Unknown phase.")})
    phases = round_phases(round)
    if phase not in phases:
        raise ValidationError({"phase": _("This round has no dates for that phase.")})
    index = PHASE_ORDER.index(phase)
    current = PHASE_ORDER.index(round.phase) if round.phase in PHASE_ORDER else -1
    if round.phase == Phase.CLOSED or index < current:
        raise ValidationError({"phase": _("The round has left this phase; its dates stay.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("A phase cannot end before it starts.")})
    previous = phases.get(PHASE_ORDER[index - 1]) if index > 0 else None
    if previous is not None and starts_on <= previous.ends_on:
        raise ValidationError(
            {
                "starts_on": _("The phase would overlap %(phase)s, which ends on %(day)s.")
                % {"phase": previous.get_phase_display(), "day": previous.ends_on.isoformat()}
            }
        )
    moved = phases[phase]
    shift = ends_on - moved.ends_on
    before = {p: (r.starts_on.isoformat(), r.ends_on.isoformat()) for p, r in phases.items()}
    moved.starts_on, moved.ends_on = starts_on, ends_on
    changed = [moved]
    for later in PHASE_ORDER[index + 1 :]:
        row = phases.get(later)
        if row is not None and shift:
            row.starts_on += shift
            row.ends_on += shift
            changed.append(row)
    RoundPhase.objects.bulk_update(changed, ["starts_on", "ends_on"])
    audit_record(
        AuditAction.UPDATE, obj=round, actor=actor, field="phases",
        changes={r.phase: [list(before[r.phase]), [r.starts_on.isoformat(), r.ends_on.isoformat()]]
                 for r in changed},
    )  # fmt: skip
    return sorted(phases.values(), key=lambda r: PHASE_ORDER.index(r.phase))


def _allocated(round: Round) -> bool:
    try:
        run = apps.get_model("pb", "AllocationRun")
    except LookupError:
        return False
    return run.objects.filter(round=round).exists()


def _missing(round: Round, need: str) -> str | None:
    """Why the round cannot take a step that needs ``need`` (None: it can)."""
    if need == NEEDS_PHASES and RoundPhase.objects.filter(round=round).count() < len(PHASE_ORDER):
        return _("The round has no dates for all its phases.")
    if (
        need == NEEDS_SHORTLIST
        and not round.projects.filter(status=ProjectStatus.SHORTLISTED).exists()
    ):
        return _("No project is on the ballot: the council must shortlist at least one project "
                 "before voting opens.")  # fmt: skip
    if need == NEEDS_ALLOCATION and not _allocated(round):
        return _("The results cannot be published before the allocation has been run.")
    return None


def round_blockers(round: Round) -> list[str]:
    """What stops the round's next step (for the page: the button says why it is off)."""
    from ..workflow import next_step

    step = next_step(round.phase)
    if step is None:
        return []
    return [m for need in sorted(step.needs) if (m := _missing(round, need))]


def _allocate(round: Round, actor) -> None:
    try:
        from .allocation import round_allocate
    except ImportError:
        raise ValidationError({"phase": _("The allocation rules are not installed.")}) from None
    round_allocate(round=round, actor=actor)


def _results_url(round: Round) -> str:
    try:
        return reverse("pb:round_results", args=[round.pk])
    except NoReverseMatch:
        return reverse("pb:round_detail", args=[round.pk])


def _publish_results(round: Round, actor) -> None:
    from shequ.deliberation.models import PublicationKind
    from shequ.deliberation.services.board import publish

    funded = list(round.projects.filter(status=ProjectStatus.FUNDED).order_by("code"))
    spent = sum((p.cost for p in funded), Decimal("0"))
    lines = [f"{p.code} {p.title}：{p.cost} {_('yuan')}" for p in funded]
    body = _(
        "%(count)d projects funded, %(spent)s of %(budget)s yuan. The page of the results "
        "explains why each project was or was not funded."
    ) % {"count": len(funded), "spent": spent, "budget": round.budget}
    publish(
        node=round.node, kind=PublicationKind.PB_RESULT,
        title=_("Results of %(round)s") % {"round": round.title},
        body="\n".join([body, *lines]), subject=round, url=_results_url(round), actor=actor,
    )  # fmt: skip


@transaction.atomic
def round_transition(*, round: Round, to: str, actor=None, note: str = "") -> Round:
    """Move the round to the phase ``to``: the only writer of ``Round.phase``. The step must
    be in the table, the actor must hold its permission over the round, and what it needs
    must be there. Entering ALLOCATE runs the allocation; entering PUBLISH posts the results
    on the disclosure board."""
    round = Round.objects.select_for_update().select_related("node").get(pk=round.pk)
    step = TRANSITIONS.get(round.phase, to)
    if step is None:
        message = _("A round in %(from)s cannot move to %(to)s.") % {
            "from": Phase(round.phase).label,
            "to": Phase(to).label if to in Phase.values else to,
        }
        raise invalid("phase", message, "transition")
    _require(actor, step.perm, round)
    missing = [m for need in sorted(step.needs) if (m := _missing(round, need))]
    if missing:
        raise invalid("phase", missing, "precondition")
    source = round.phase
    round.phase = to
    round.save(update_fields=["phase", "updated_at"])
    RoundStep.objects.create(
        round=round, at=timezone.now(), verb=step.verb, from_status=source, to_status=to,
        actor=actor, actor_name=actor.get_username() if actor is not None else "", note=note,
    )  # fmt: skip
    if to == Phase.ALLOCATE:
        _allocate(round, actor)
    elif to == Phase.PUBLISH:
        _publish_results(round, actor)
    return round
