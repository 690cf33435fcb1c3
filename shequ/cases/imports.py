"""Cases recorded after the fact (R-CASE-1, R-CASE-2): a case brought in from another system,
or one of the demo's past, with every step at the time it was taken. The steps follow the one
transition table (``workflow``) and take effect through the same code as
``services.case_transition``; the rollup is kept in the same transaction; nobody is notified,
since the requester heard from wherever the steps were taken."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import RECORD_CASE
from shequ.core import pii
from shequ.core.workdays import Calendar

from . import figures, workflow
from .attributes import attributes_clean
from .choices import FINAL_STATUSES, PAUSED_STATUSES, CaseStatus, Channel, DueState
from .models import Case, CaseCategory, CaseEvent, Handler
from .services import _apply, _event_data, _set_deadlines, requester_sealed

CONTACT = "contact"  # not a status: the step of the first contact with the requester

# What a step taken elsewhere may lack: the approval and the reasons were given where it was
# taken, and a postponement whose days are not known keeps the resolution date it had.
WAIVED = frozenset({"approver", "note", "extension_days"})

# The usual way through the table; a case is never taken back along it by an import.
MAIN_LINE = (
    CaseStatus.RECEIVED,
    CaseStatus.ACCEPTED,
    CaseStatus.ASSIGNED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.REPLIED,
    CaseStatus.RATED,
    CaseStatus.CLOSED,
)
_OPEN_EXITS = {
    CaseStatus.REJECTED: (CaseStatus.RECEIVED, CaseStatus.ACCEPTED),
    CaseStatus.DUPLICATE: (CaseStatus.RECEIVED, CaseStatus.ACCEPTED),
    CaseStatus.MERGED: (CaseStatus.RECEIVED,),
}


@dataclass
class PastStep:
    """One step as it was taken: the status it led to (or ``CONTACT``), when, by whom, and
    what the step needs (``workflow.StepInput``)."""

    to: str
    at: dt.datetime
    actor: object = None
    note: str = ""
    approver: object = None
    handler: Handler | None = None
    category: CaseCategory | None = None
    duplicate_of: Case | None = None
    reply: str = ""
    rating: str = ""
    solved: bool | None = None
    extension_days: int | None = None


def statuses_between(source: str, target: str, *, rated: bool = True) -> list[str] | None:
    """The statuses a case passes through on the usual way from ``source`` to ``target``
    (``target`` last; [] when it is there already), or None when that way does not lead
    there: ``target`` lies behind ``source``, or ``source`` is final. ``rated``: whether a
    case that ends closed was rated before."""
    if source == target:
        return []
    if source in FINAL_STATUSES:
        return None
    if source == CaseStatus.POSTPONED:
        rest = statuses_between(CaseStatus.IN_PROGRESS, target, rated=rated)
        return None if rest is None else [CaseStatus.IN_PROGRESS, *rest]
    if target in _OPEN_EXITS:
        return [target] if source in _OPEN_EXITS[target] else None
    if target == CaseStatus.POSTPONED:
        rest = statuses_between(source, CaseStatus.IN_PROGRESS)
        return None if rest is None else [*rest, CaseStatus.POSTPONED]
    if target not in MAIN_LINE:
        return None
    start, end = MAIN_LINE.index(source), MAIN_LINE.index(target)
    if end < start:
        return None
    way = list(MAIN_LINE[start + 1 : end + 1])
    if target == CaseStatus.CLOSED and not rated and CaseStatus.RATED in way:
        way.remove(CaseStatus.RATED)
    return way


# ----------------------------------------------------------------------------- checks


def _check_steps(case: Case, steps: Sequence[PastStep], *, since: dt.datetime,
                 now: dt.datetime) -> dict[str, str]:  # fmt: skip
    """Field → message for the first fault of the steps, walking them from the case's
    status: an edge the table lacks, a time out of order, what a step needs and lacks."""
    status, last = case.status, since
    category, rating = case.category, case.rating
    for step in steps:
        if step.at < last:
            return {"at": _("The steps' times must not go back in time.")}
        if step.at > now:
            return {"at": _("A step cannot lie in the future.")}
        last = step.at
        if step.to == CONTACT:
            if status in FINAL_STATUSES:
                return {"status": _("The case is closed.")}
            continue
        transition = workflow.transition_for(status, step.to)
        if transition is None:
            return {
                "status": _("A case that is %(source)s cannot become %(target)s.")
                % {
                    "source": CaseStatus(status).label,
                    "target": CaseStatus(step.to).label
                    if step.to in CaseStatus.values
                    else step.to,
                }
            }
        chosen = step.category or (category if transition.verb == "accept" else None)
        errors = workflow.missing(
            transition,
            workflow.StepInput(
                note=step.note,
                approver_id=step.approver.pk if step.approver is not None else None,
                actor_id=step.actor.pk if step.actor is not None else None,
                handler_id=step.handler.pk if step.handler is not None else None,
                category_id=chosen.pk if chosen is not None else None,
                duplicate_of_id=step.duplicate_of.pk if step.duplicate_of is not None else None,
                case_id=case.pk,
                reply=step.reply,
                rating=step.rating,
                solved=step.solved,
                extension_days=step.extension_days,
                last_rating=rating,
                wants_reply=case.wants_reply,
            ),
        )
        errors = {k: v for k, v in errors.items() if k not in WAIVED}
        if step.handler is not None and not step.handler.is_active:
            errors["handler"] = _("This handler no longer takes cases.")
        if step.duplicate_of is not None and step.duplicate_of.status in (
            CaseStatus.DUPLICATE,
            CaseStatus.MERGED,
        ):
            errors["duplicate_of"] = _("Name the original case, not another duplicate.")
        if errors:
            return errors
        if transition.verb == "accept":
            category = chosen
        if transition.verb == "rate":
            rating = step.rating
        elif transition.verb == "reopen":
            rating = ""
        status = step.to
    return {}


def due_state_at(case: Case, at: dt.datetime) -> str:
    """The due state the time-limit sweep leaves a case in at ``at``: the limits still
    pending just before then (to accept, to contact, to resolve) against ``at``. For a case
    that stopped (answered, postponed, closed) ``at`` is when it stopped: the sweep does not
    look at it after that, so the state it had then stays (R-CASE-3, ``escalation``)."""
    pending = [
        due
        for due, met in (
            (case.due_accept_at, case.accepted_at),
            (case.due_contact_at, case.first_contact_at),
            (case.due_resolve_at, case.replied_at),
        )
        if due is not None and (met is None or met >= at)
    ]
    if not pending:
        return DueState.ON_TIME
    due = min(pending)
    if at >= due:
        return DueState.OVERDUE
    if at >= due - dt.timedelta(hours=settings.SHEQU_CASE_DUE_SOON_HOURS):
        return DueState.DUE_SOON
    return DueState.ON_TIME


_STOPPED = FINAL_STATUSES | PAUSED_STATUSES


def _replay(case: Case, steps: Sequence[PastStep], *, now: dt.datetime,
            event_data: dict) -> tuple[list[CaseEvent], set[str]]:  # fmt: skip
    """Apply checked steps to ``case`` in memory; its events (unsaved) and changed fields.
    The due state is the sweep's at the moment the case stopped, or now while it runs; a
    case that had stopped before the steps and did not run again keeps the state it had."""
    events, fields = [], set()
    stopped_at = None
    for step in steps:
        source = case.status
        if step.to == CONTACT:
            if case.first_contact_at is None:
                case.first_contact_at = step.at
                fields.add("first_contact_at")
            events.append(_new_event(case, "contact", source, source, step, event_data, {}))
            continue
        transition = workflow.transition_for(source, step.to)
        category = step.category or (case.category if transition.verb == "accept" else None)
        if transition.verb != "postpone" or step.extension_days:
            # (a postponement whose days are not known keeps its resolution date)
            fields.update(
                _apply(
                    case,
                    transition,
                    now=step.at,
                    note=step.note,
                    handler=step.handler,
                    category=category,
                    duplicate_of=step.duplicate_of,
                    reply=step.reply,
                    rating=step.rating,
                    actor=step.actor,
                    extension_days=step.extension_days,
                    solved=step.solved,
                )
            )
        case.status = step.to
        fields.add("status")
        if source not in _STOPPED and step.to in _STOPPED:
            stopped_at = step.at
        elif step.to not in _STOPPED:
            stopped_at = None
        data = _event_data(transition, step.handler, category, step.duplicate_of, step.rating,
                           step.extension_days)  # fmt: skip
        events.append(_new_event(case, transition.verb, source, step.to, step, event_data, data))
    if case.status not in _STOPPED or stopped_at is not None:
        state = due_state_at(case, now if case.status not in _STOPPED else stopped_at)
        if case.status in _STOPPED and state == DueState.DUE_SOON:
            state = DueState.ON_TIME  # nothing is coming due for a case that stopped
        if state != case.due_state:
            case.due_state = state
            fields.add("due_state")
    return events, fields


def _new_event(case, verb, source, target, step: PastStep, extra: dict, data: dict):
    return CaseEvent(
        case=case,
        at=step.at,
        verb=verb,
        from_status=source,
        to_status=target,
        actor=step.actor,
        actor_name=step.actor.get_username() if step.actor is not None else "",
        approver=step.approver if step.approver is not None and verb != "contact" else None,
        note=step.note,
        data=data | extra,
    )


# ----------------------------------------------------------------------------- services


def case_import(
    *,
    actor,
    channel: str,
    title: str,
    description: str,
    node,
    received_at: dt.datetime,
    steps: Sequence[PastStep] = (),
    category: CaseCategory | None = None,
    place: str = "",
    requester_name: str = "",
    requester_phone: str = "",
    requester_user=None,
    person=None,
    wants_reply: bool = True,
    attributes: dict | None = None,
    suggestion: dict | None = None,
    submit_data: dict | None = None,
    event_data: dict | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Record a case received at ``received_at`` and the steps it has taken since, each at its
    own time. ``actor`` None is the system (the command line, the demo); a user needs the
    recording permission in the place's area. ``submit_data`` goes into the intake event
    (where the case came from), ``event_data`` into every event; ``suggestion`` is what
    routing made of it on intake, if it was asked (``routing.route_suggest``)."""
    if actor is not None and not actor.has_perm(RECORD_CASE, node):
        raise PermissionDenied(_("You may not record requests here."))
    now = now or timezone.now()
    errors: dict[str, str] = {}
    title, description = (title or "").strip(), (description or "").strip()
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel.")
    if not description:
        errors["description"] = _("Describe the request.")
    if received_at > now:
        errors["received_at"] = _("A request cannot be received in the future.")
    phone = ""
    if requester_phone:
        try:
            phone = pii.normalize_phone(requester_phone)
        except ValidationError as exc:
            errors["requester_phone"] = exc.messages[0]
    answers = {}
    if attributes:
        try:
            answers = attributes_clean(category, attributes)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    requester_name = (requester_name or "").strip()
    case = Case(
        channel=channel,
        category=category,
        title=(title or description[:40])[:200],
        description=description,
        node=node,
        place=(place or "").strip()[:200],
        requester_user=requester_user,
        person=person,
        **requester_sealed(requester_name, phone),
        wants_reply=wants_reply,
        attributes=answers,
        suggestion=suggestion or {},
        received_at=received_at,
        created_by=actor,
    )
    _set_deadlines(case, Calendar.load(), since=received_at)
    errors = _check_steps(case, steps, since=received_at, now=now)
    if errors:
        raise ValidationError(errors)
    extra = event_data or {}
    events, _fields = _replay(case, steps, now=now, event_data=extra)
    with transaction.atomic():
        case.save()
        case.number = f"{timezone.localtime(received_at):%Y%m%d}{case.pk:06d}"
        case.save(update_fields=["number"])
        intake = CaseEvent(
            case=case, at=received_at, verb="submit", to_status=CaseStatus.RECEIVED,
            actor=actor, actor_name=actor.get_username() if actor is not None else "",
            data={"channel": channel} | (submit_data or {}) | extra,
        )  # fmt: skip
        CaseEvent.objects.bulk_create([intake, *events])
        figures.figures_track(None, figures.contribution(case))
    return case


def case_import_steps(
    *,
    case: Case,
    steps: Sequence[PastStep],
    event_data: dict | None = None,
    now: dt.datetime | None = None,
) -> Case:
    """Take a case recorded before further along steps taken elsewhere since (a second
    import of a sheet in which the case has moved on), each at its own time, under the
    case's row lock and with its counts moved in the rollup."""
    now = now or timezone.now()
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("category", "node")
            .get(pk=case.pk)
        )
        last = case.events.order_by("-at").values_list("at", flat=True).first()
        since = max(filter(None, (last, case.received_at)))
        errors = _check_steps(case, steps, since=since, now=now)
        if errors:
            raise ValidationError(errors)
        if not steps:
            return case
        area = figures.area_of(case)
        before = figures.contribution(case, area)
        events, fields = _replay(case, steps, now=now, event_data=event_data or {})
        case.save(update_fields=["updated_at", *sorted(fields)])
        CaseEvent.objects.bulk_create(events)
        figures.figures_track(before, figures.contribution(case, area))
    return case
