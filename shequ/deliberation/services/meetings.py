"""Writes of a body's meetings (R-DLB-4): scheduling with the notice period and the
eligibility snapshot, opening, attendance (in person, by proxy where the body allows it),
minutes, closing and cancelling; and the quorum computed exactly from the roll. Status
changes lock the meeting's row and follow ``TRANSITIONS`` (STYLE.md)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION
from shequ.core.perms import check_perm

from ..config import deliberation_config, per_kind
from ..models import Body, Meeting, MeetingStatus, MotionStatus
from ..models.meetings import AgendaItem, Attendance, MeetingRoll
from .bodies import body_quorum, body_roll

TRANSITIONS = {
    MeetingStatus.PLANNED: {MeetingStatus.OPEN, MeetingStatus.CANCELLED},
    MeetingStatus.OPEN: {MeetingStatus.CLOSED},
    MeetingStatus.CLOSED: set(),
    MeetingStatus.CANCELLED: set(),
}
AGENDA_MAX = 30


def refusal(field: str, message: str, code: str) -> ValidationError:
    """A refusal naming the field, with a code tests and clients can rely on."""
    return ValidationError({field: ValidationError(message, code=code)})


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.starts_at)


def notice_days(body: Body) -> int:
    return int(per_kind("meetings", "notice_days", body.kind))


def earliest_start(body: Body, *, notice_at: dt.datetime | None = None) -> dt.datetime:
    """The earliest a meeting of ``body`` may start when notice is given at ``notice_at``."""
    return (notice_at or timezone.now()) + dt.timedelta(days=notice_days(body))


def _moment(value: dt.datetime) -> str:
    return date_format(timezone.localtime(value), "Y-m-d H:i")


@transaction.atomic
def meeting_schedule(
    *, body: Body, title: str, starts_at: dt.datetime, place: str = "",
    agenda: list[str] | tuple[str, ...] = (), actor=None,
) -> Meeting:  # fmt: skip
    """Give notice of a meeting of ``body``: at least the configured notice period ahead;
    the roll (who may sit and vote) is taken now from the body's roll on the meeting's day."""
    check_perm(actor, MANAGE_DELIBERATION, body)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    if body.dissolved_on is not None:
        errors["body"] = _("This body has been dissolved.")
    now = timezone.now()
    if starts_at is None:
        errors["starts_at"] = _("Give the date and time.")
    else:
        if timezone.is_naive(starts_at):
            starts_at = timezone.make_aware(starts_at)
        earliest = earliest_start(body, notice_at=now)
        if starts_at < earliest:
            errors["starts_at"] = _(
                "Notice must be given %(days)d days ahead: the meeting can start at "
                "%(earliest)s at the earliest."
            ) % {"days": notice_days(body), "earliest": _moment(earliest)}
    items = [line.strip() for line in agenda if line and line.strip()]
    if len(items) > AGENDA_MAX:
        errors["agenda"] = _("At most %(n)d agenda items.") % {"n": AGENDA_MAX}
    elif any(len(item) > 160 for item in items):
        errors["agenda"] = _("An agenda item is at most 160 characters.")
    if errors:
        raise ValidationError(errors)
    roll = body_roll(body, on=timezone.localdate(starts_at))
    if not roll:
        raise ValidationError({"body": _("Nobody sits in this body on the meeting's day.")})
    meeting = Meeting.objects.create(
        body=body, title=title[:120], starts_at=starts_at, place=(place or "").strip()[:120],
        notice_given_at=now, convened_by=actor,
    )  # fmt: skip
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=i, title=item) for i, item in enumerate(items, 1)
    )
    MeetingRoll.objects.bulk_create(MeetingRoll(meeting=meeting, person_id=pk) for pk in roll)
    from .petitions import petitions_settle  # a petition to convene is answered (R-DLB-3)

    petitions_settle(body=body)
    return meeting


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)


def _move(meeting: Meeting, to: str) -> None:
    if to not in TRANSITIONS[meeting.status]:
        message = _("A meeting that is %(status)s cannot become %(to)s.") % {
            "status": MeetingStatus(meeting.status).label,
            "to": MeetingStatus(to).label,
        }
        raise refusal("status", message, "transition")


@transaction.atomic
def meeting_open(*, meeting: Meeting, actor=None) -> Meeting:
    """Open the session, on the meeting's day or later."""
    check_perm(actor, MANAGE_DELIBERATION, meeting)
    meeting = _locked(meeting)
    _move(meeting, MeetingStatus.OPEN)
    if timezone.localdate() < meeting_day(meeting):
        raise ValidationError(
            {"starts_at": _("The meeting is called for %(day)s: it cannot open before.")
             % {"day": meeting_day(meeting).isoformat()}}
        )  # fmt: skip
    meeting.status = MeetingStatus.OPEN
    meeting.opened_at = timezone.now()
    meeting.save(update_fields=["status", "opened_at", "updated_at"])
    return meeting


@transaction.atomic
def meeting_close(*, meeting: Meeting, minutes: str | None = None, actor=None) -> Meeting:
    """Close the session; a vote still open must be closed first."""
    check_perm(actor, MANAGE_DELIBERATION, meeting)
    meeting = _locked(meeting)
    _move(meeting, MeetingStatus.CLOSED)
    if meeting.motions.filter(status=MotionStatus.VOTING).exists():
        raise ValidationError({"status": _("Close the vote on every motion first.")})
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    fields = ["status", "closed_at", "updated_at"]
    if minutes is not None:
        meeting.minutes = minutes.strip()
        fields.append("minutes")
    meeting.save(update_fields=fields)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor=None) -> Meeting:
    check_perm(actor, MANAGE_DELIBERATION, meeting)
    meeting = _locked(meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    _move(meeting, MeetingStatus.CANCELLED)
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:200]
    meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
    return meeting


@transaction.atomic
def meeting_minutes(*, meeting: Meeting, minutes: str, actor=None) -> Meeting:
    """Record the minutes of a meeting in session or closed."""
    check_perm(actor, RECORD_DELIBERATION, meeting)
    meeting = _locked(meeting)
    if meeting.status not in (MeetingStatus.OPEN, MeetingStatus.CLOSED):
        raise ValidationError({"minutes": _("Minutes are kept once the meeting has opened.")})
    meeting.minutes = (minutes or "").strip()
    meeting.save(update_fields=["minutes", "updated_at"])
    return meeting


def proxies_per_holder() -> int:
    # R-DLB-4: how many absent members one present member may represent
    return int(deliberation_config()["meetings"]["proxies_per_holder"])


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, marks: dict[int, tuple[str, int | None]], actor=None
) -> list[MeetingRoll]:
    """Mark the roll: ``{person_id: (attendance, proxy holder's person_id or None)}``.
    Unnamed lines keep their mark. Before the meeting opens only leave may be marked; while a
    vote is open the roll is frozen (the count present decides the vote)."""
    check_perm(actor, RECORD_DELIBERATION, meeting)
    meeting = _locked(meeting)
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.OPEN):
        raise ValidationError({"attendance": _("The meeting is over: its roll is kept as it is.")})
    if meeting.motions.filter(status=MotionStatus.VOTING).exists():
        raise ValidationError(
            {"attendance": _("A vote is open: close it before changing the roll.")}
        )
    lines = {line.person_id: line for line in meeting.roll.select_related("person")}
    errors: dict[str, list[str]] = {}

    def refuse(person_id, message):
        errors.setdefault(f"person-{person_id}", []).append(message)

    for person_id, (attendance, _holder) in marks.items():
        if person_id not in lines:
            refuse(person_id, _("This person is not on the meeting's roll."))
        elif attendance and attendance not in Attendance.values:
            refuse(person_id, _("Choose present, by proxy, absent or on leave."))
        elif meeting.status == MeetingStatus.PLANNED and attendance not in ("", Attendance.LEAVE):
            refuse(person_id, _("Before the meeting opens only leave can be marked."))
    # the roll as it will be, to check the proxies against it
    after = {pk: (line.attendance, line.proxy_holder_id) for pk, line in lines.items()}
    for person_id, (attendance, holder) in marks.items():
        if person_id in lines:
            after[person_id] = (
                attendance or "",
                holder if attendance == Attendance.PROXY else None,
            )
    held: dict[int, int] = {}
    for person_id, (attendance, holder) in after.items():
        if attendance != Attendance.PROXY:
            continue
        name = lines[person_id].person.name
        if not meeting.body.proxy_allowed:
            refuse(person_id, _("%(body)s does not allow proxies.") % {"body": meeting.body.name})
        elif holder is None or holder not in lines or holder == person_id:
            refuse(person_id, _("Name the member on the roll who holds %(name)s's proxy.")
                   % {"name": name})  # fmt: skip
        elif after[holder][0] != Attendance.PRESENT:
            refuse(person_id, _("%(holder)s holds %(name)s's proxy but is not present.")
                   % {"holder": lines[holder].person.name, "name": name})  # fmt: skip
        else:
            held[holder] = held.get(holder, 0) + 1
    limit = proxies_per_holder()
    for holder, count in held.items():
        if count > limit:
            refuse(
                holder,
                _("%(holder)s holds %(count)d proxies; at most %(limit)d allowed.")
                % {"holder": lines[holder].person.name, "count": count, "limit": limit},
            )
    if errors:
        raise ValidationError(errors)
    changed = []
    for person_id, (attendance, holder) in after.items():
        line = lines[person_id]
        if (line.attendance, line.proxy_holder_id) != (attendance, holder):
            line.attendance, line.proxy_holder_id = attendance, holder
            changed.append(line)
    MeetingRoll.objects.bulk_update(changed, ["attendance", "proxy_holder"])
    return changed


@dataclass(frozen=True)
class Quorum:
    """The quorum of a meeting: ``present`` in person plus ``proxies`` against the ``roll``,
    met when (present + proxies) × denominator ≥ numerator × roll — exact, never rounded."""

    roll: int
    present: int
    proxies: int
    share: Fraction

    @property
    def counted(self) -> int:
        return self.present + self.proxies

    @property
    def needed(self) -> int:
        """The fewest who must be counted: ⌈share × roll⌉."""
        return -(-self.share.numerator * self.roll // self.share.denominator)

    @property
    def met(self) -> bool:
        return self.roll > 0 and (
            self.counted * self.share.denominator >= self.share.numerator * self.roll
        )


def quorum_of(*, roll: int, present: int, proxies: int, share: Fraction) -> Quorum:
    return Quorum(roll=roll, present=present, proxies=proxies, share=share)


def meeting_quorum(meeting: Meeting) -> Quorum:
    """The quorum as the roll stands (one query)."""
    counts = {Attendance.PRESENT: 0, Attendance.PROXY: 0, "": 0}
    roll = 0
    for attendance in meeting.roll.values_list("attendance", flat=True):
        roll += 1
        counts[attendance] = counts.get(attendance, 0) + 1
    return Quorum(
        roll=roll, present=counts[Attendance.PRESENT], proxies=counts[Attendance.PROXY],
        share=body_quorum(meeting.body),
    )  # fmt: skip
