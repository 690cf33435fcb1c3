"""The time-limit sweep (督办, R-CASE-3): marks open cases due soon or overdue, and puts an
overdue case before the next level up the territory tree (grid → community → subdistrict →
district) for every ``SHEQU_CASE_ESCALATE_EVERY_DAYS`` working days it stays overdue — once
per level, held by ``CaseEscalation``'s unique key, so running the sweep twice changes
nothing the second time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import APPROVE_CASE, roles_granting
from shequ.core.models import NotificationChannel
from shequ.core.notify import notify
from shequ.core.workdays import Calendar
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from . import figures
from .choices import FINAL_STATUSES, PAUSED_STATUSES, CaseStatus, DueState
from .models import Case, CaseEscalation, CaseEvent

ESCALATION_KINDS = (NodeKind.GRID, NodeKind.COMMUNITY, NodeKind.SUBDISTRICT, NodeKind.DISTRICT)


@dataclass
class SweepResult:
    checked: int = 0
    due_soon: int = 0
    overdue: int = 0
    escalations: int = 0


def current_due(case: Case) -> dt.datetime | None:
    """The earliest limit the case has not met yet: accepting, first contact, resolution."""
    pending = []
    if case.status == CaseStatus.RECEIVED and case.due_accept_at:
        pending.append(case.due_accept_at)
    if case.first_contact_at is None and case.due_contact_at:
        pending.append(case.due_contact_at)
    if case.replied_at is None and case.due_resolve_at:
        pending.append(case.due_resolve_at)
    return min(pending) if pending else None


def escalation_chain(case: Case) -> list[Node]:
    """The levels a case goes up to, bottom first: the grid, community, subdistrict and
    district above whoever answers for it (its handler; before assignment, from the
    community of its place); at least the top level, so that someone is always told."""
    base = case.handler.node if case.handler_id else case.node
    ancestors = list(base.ancestors_and_self())  # top first
    levels = [n for n in ancestors if n.kind in ESCALATION_KINDS]
    if not case.handler_id:
        # nobody has taken it yet: the community of the place answers for intake, then upwards
        chain = [n for n in reversed(levels) if n.kind != NodeKind.GRID]
        return chain or ancestors[:1]
    above = [n for n in reversed(levels) if n.depth < base.depth]
    return above or levels[:1] or ancestors[:1]


def _levels_reached(calendar: Calendar, overdue_since: dt.datetime, now: dt.datetime,
                    every: int, limit: int) -> int:  # fmt: skip
    """How many levels an overdue case has reached by ``now`` (at most ``limit``): the first
    when it became overdue, one more for every ``every`` working days after."""
    if now < overdue_since:
        return 0
    reached, mark = 1, overdue_since
    while reached < limit:
        mark = calendar.add_work_days(mark, every)
        if now < mark:
            break
        reached += 1
    return reached


# No tree is deeper than these four levels: a case that has reached this many is done.
_MOST_LEVELS = len(ESCALATION_KINDS)


def _approvers_at(node: Node):
    """Users who hold an approving role on exactly this node (the level being told)."""
    return [
        ra.user
        for ra in RoleAssignment.objects.active()
        .filter(node=node, role__in=roles_granting(APPROVE_CASE), user__is_active=True)
        .select_related("user")
    ]


def case_sweep(now: dt.datetime | None = None) -> SweepResult:
    """One pass over the open cases: due states and escalations. Idempotent."""
    now = now or timezone.now()
    calendar = Calendar.load()
    soon = dt.timedelta(hours=settings.SHEQU_CASE_DUE_SOON_HOURS)
    every = settings.SHEQU_CASE_ESCALATE_EVERY_DAYS
    result = SweepResult()
    open_cases = (
        Case.objects.exclude(status__in=FINAL_STATUSES | PAUSED_STATUSES)
        .filter(Q(due_accept_at__isnull=False) | Q(due_resolve_at__isnull=False))
        .select_related("node", "handler__node")
        .order_by("id")
    )
    for case in open_cases.iterator(chunk_size=500):
        result.checked += 1
        due = current_due(case)
        if due is None:
            state = DueState.ON_TIME
        elif now >= due:
            state = DueState.OVERDUE
        elif now >= due - soon:
            state = DueState.DUE_SOON
        else:
            state = DueState.ON_TIME
        result.due_soon += state == DueState.DUE_SOON
        result.overdue += state == DueState.OVERDUE
        if state != case.due_state:
            _set_due_state(case.pk, state)
        if state == DueState.OVERDUE and (
            # Reading the chain takes queries: only when the calendar says a level is due
            # beyond those already recorded.
            _levels_reached(calendar, due, now, every, _MOST_LEVELS) > case.escalation_level
        ):
            result.escalations += _escalate(case, calendar, due, now, every)
    return result


def _set_due_state(case_id: int, state: str) -> None:
    """Change a case's due state under its row lock, moving its counts in the rollup."""
    with transaction.atomic():
        case = Case.objects.select_for_update(of=("self",)).select_related("node").get(pk=case_id)
        if case.due_state == state or case.status in FINAL_STATUSES | PAUSED_STATUSES:
            return  # a step taken meanwhile stopped the clock
        area = figures.area_of(case)
        before = figures.contribution(case, area)
        case.due_state = state
        case.save(update_fields=["due_state"])
        figures.figures_track(before, figures.contribution(case, area))


def _escalate(case: Case, calendar: Calendar, due: dt.datetime, now: dt.datetime,
              every: int) -> int:  # fmt: skip
    chain = escalation_chain(case)
    reached = _levels_reached(calendar, due, now, every, len(chain))
    done = set(case.escalations.values_list("level", flat=True))
    created = 0
    for level in range(1, reached + 1):
        if level in done:
            continue
        node = chain[level - 1]
        try:
            with transaction.atomic():
                CaseEscalation.objects.create(
                    case=case, level=level, node=node, at=now, overdue_since=due
                )
                Case.objects.filter(pk=case.pk, escalation_level__lt=level).update(
                    escalation_level=level
                )
                CaseEvent.objects.create(
                    case=case,
                    at=now,
                    verb="escalate",
                    from_status=case.status,
                    to_status=case.status,
                    note=_("Overdue since %(since)s: put before %(node)s.")
                    % {
                        "since": timezone.localtime(due).strftime("%Y-%m-%d %H:%M"),
                        "node": node.name,
                    },  # fmt: skip
                    data={"level": level, "node": {"id": node.pk, "name": node.name}},
                )
                for user in _approvers_at(node):
                    notify(
                        channel=NotificationChannel.IN_APP,
                        user=user,
                        subject=_("Overdue case %(number)s needs your supervision.")
                        % {"number": case.number},
                        obj=case,
                    )
        except IntegrityError:
            continue  # another sweep recorded this level first
        created += 1
    return created
