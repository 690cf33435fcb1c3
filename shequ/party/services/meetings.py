"""Writes of branch meetings (R-PM-5: 三会一课, 组织生活会, 主题党日, 民主评议): scheduling, the
roll with leave requests, minutes, resolutions and cancelling. Status changes go through one
transition that locks the meeting's row (STYLE.md)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY

from ..choices import MembershipStage, OrgKind
from ..models import (
    AttendanceStatus,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingStatus,
    PartyMember,
    PartyOrg,
    Resolution,
)
from . import check_perm

TRANSITIONS = {
    MeetingStatus.SCHEDULED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: set(),
    MeetingStatus.CANCELLED: set(),
}
LEAVE_STATUSES = {
    AttendanceStatus.LEAVE_REQUESTED,
    AttendanceStatus.LEAVE,
    AttendanceStatus.LEAVE_REFUSED,
}


def kinds_for_org(org_kind: str) -> list[str]:
    """The meetings a form of organisation holds: a party group its group meeting; every
    form with a committee its committee meeting; branches (and the general branches and
    committees holding branch life directly) the rest of 三会一课 and the other meetings."""
    if org_kind == OrgKind.GROUP:
        return [MeetingKind.GROUP_MEETING]
    if org_kind == OrgKind.WORKING_COMMITTEE:
        return [MeetingKind.BRANCH_COMMITTEE, MeetingKind.PARTY_LECTURE]
    return [k for k in MeetingKind.values if k != MeetingKind.GROUP_MEETING]


def eligible_members(meeting: Meeting):
    """Who is on a meeting's roll: the active members of its organisation's subtree who had
    joined by the meeting's day — a party group's own members for a group meeting, the
    sitting committee members for a committee meeting."""
    from ..selectors.meetings import eligible_members_for

    return eligible_members_for(org=meeting.org, kind=meeting.kind, on=meeting_day(meeting))


def meeting_day(meeting: Meeting) -> dt.date:
    return timezone.localdate(meeting.held_at or meeting.scheduled_at)


def _aware(value: dt.datetime | None, field: str) -> dt.datetime:
    if value is None:
        raise ValidationError({field: _("Give the date and time.")})
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


@transaction.atomic
def meeting_schedule(
    *,
    actor=None,
    org: PartyOrg,
    kind: str,
    title: str,
    scheduled_at: dt.datetime,
    place: str = "",
    lecturer: str = "",
) -> Meeting:
    """Put a meeting of ``org`` on the calendar."""
    check_perm(actor, RECORD_PARTY, org)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    if kind not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    elif kind not in kinds_for_org(org.kind):
        errors["kind"] = _("A %(org_kind)s does not hold a %(kind)s.") % {
            "org_kind": OrgKind(org.kind).label,
            "kind": MeetingKind(kind).label,
        }
    if org.dissolved_on is not None:
        errors["org"] = _("This organisation has been dissolved.")
    if lecturer and kind != MeetingKind.PARTY_LECTURE:
        errors["lecturer"] = _("Only a party lecture has a lecturer.")
    try:
        scheduled_at = _aware(scheduled_at, "scheduled_at")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    return Meeting.objects.create(
        org=org,
        kind=kind,
        title=title[:200],
        scheduled_at=scheduled_at,
        place=(place or "").strip()[:200],
        lecturer=(lecturer or "").strip()[:100],
        recorded_by=actor,
    )


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update(of=("self",)).select_related("org").get(pk=meeting.pk)


def _transition(meeting: Meeting, to: str) -> Meeting:
    """Lock the row and check the table; the caller sets the fields and saves."""
    meeting = _locked(meeting)
    if to not in TRANSITIONS[meeting.status]:
        raise ValidationError(
            {"status": _("The meeting is %(status)s: this is no longer possible.")
             % {"status": MeetingStatus(meeting.status).label}}
        )  # fmt: skip
    return meeting


@transaction.atomic
def meeting_hold(
    *,
    actor=None,
    meeting: Meeting,
    held_at: dt.datetime,
    minutes: str,
    lecturer: str | None = None,
) -> Meeting:
    """Record that the meeting took place, with its minutes (会议记录); a party lecture names
    its lecturer."""
    check_perm(actor, RECORD_PARTY, meeting)
    meeting = _transition(meeting, MeetingStatus.HELD)
    errors: dict[str, str] = {}
    minutes = (minutes or "").strip()
    if not minutes:
        errors["minutes"] = _("Write the minutes of the meeting.")
    lecturer = (meeting.lecturer if lecturer is None else lecturer).strip()
    if meeting.kind == MeetingKind.PARTY_LECTURE and not lecturer:
        errors["lecturer"] = _("Name the lecturer of the party lecture.")
    if lecturer and meeting.kind != MeetingKind.PARTY_LECTURE:
        errors["lecturer"] = _("Only a party lecture has a lecturer.")
    try:
        held_at = _aware(held_at, "held_at")
        if held_at > timezone.now():
            errors["held_at"] = _("A meeting cannot be held in the future.")
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    meeting.status, meeting.held_at, meeting.minutes = MeetingStatus.HELD, held_at, minutes
    meeting.lecturer = lecturer[:100]
    meeting.save(update_fields=["status", "held_at", "minutes", "lecturer", "updated_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, actor=None, meeting: Meeting, reason: str) -> Meeting:
    check_perm(actor, RECORD_PARTY, meeting)
    meeting = _transition(meeting, MeetingStatus.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling.")})
    meeting.status, meeting.cancel_reason = MeetingStatus.CANCELLED, reason[:200]
    meeting.save(update_fields=["status", "cancel_reason", "updated_at"])
    return meeting


@transaction.atomic
def meeting_attendance_record(
    *, actor=None, meeting: Meeting, statuses: dict[int, str]
) -> list[MeetingAttendance]:
    """Mark members present or absent (``{member_id: "present" | "absent"}``). Only members
    on the roll may be marked; a member on leave who came anyway is marked present."""
    check_perm(actor, RECORD_PARTY, meeting)
    meeting = _locked(meeting)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("The meeting was cancelled.")})
    if meeting.status == MeetingStatus.SCHEDULED and meeting.scheduled_at > timezone.now():
        raise ValidationError({"status": _("The meeting has not begun yet.")})
    wrong = [s for s in statuses.values() if s not in (AttendanceStatus.PRESENT,
                                                        AttendanceStatus.ABSENT)]  # fmt: skip
    if wrong:
        raise ValidationError({"statuses": _("Mark each member present or absent.")})
    roll = {m.pk: m for m in eligible_members(meeting).select_related("person")}
    outsiders = [pk for pk in statuses if pk not in roll]
    if outsiders:
        names = {
            m.pk: m.person.name
            for m in PartyMember.objects.filter(pk__in=outsiders).select_related("person")
        }
        raise ValidationError(
            {"statuses": _("Not on the roll of this meeting: %(names)s.")
             % {"names": "、".join(names.get(pk, f"#{pk}") for pk in outsiders)}}
        )  # fmt: skip
    existing = {a.member_id: a for a in meeting.attendance.all()}
    out = []
    for member_id, status in statuses.items():
        line = existing.get(member_id)
        if line is None:
            line = MeetingAttendance(meeting=meeting, member=roll[member_id], status=status)
            line.save()
        elif line.status != status:
            line.status = status
            line.save(update_fields=["status", "updated_at"])
        out.append(line)
    return out


@transaction.atomic
def meeting_leave_request(
    *, actor=None, meeting: Meeting, member: PartyMember, reason: str
) -> MeetingAttendance:
    """A member asks leave (请假) before the meeting, with a reason: himself, or a clerk for
    him."""
    own = actor is not None and getattr(actor, "person_id", None) == member.person_id
    if not own:
        check_perm(actor, RECORD_PARTY, meeting)
    meeting = _locked(meeting)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the leave.")})
    if meeting.status != MeetingStatus.SCHEDULED or meeting.scheduled_at <= timezone.now():
        raise ValidationError({"status": _("Leave is asked before the meeting begins.")})
    if not eligible_members(meeting).filter(pk=member.pk).exists():
        raise ValidationError(
            {"member": _("%(name)s is not on the roll of this meeting.")
             % {"name": member.person.name}}
        )  # fmt: skip
    line = meeting.attendance.filter(member=member).first()
    if line is not None and line.status == AttendanceStatus.LEAVE:
        raise ValidationError({"member": _("His leave has already been granted.")})
    if line is None:
        line = MeetingAttendance(meeting=meeting, member=member)
    line.status, line.leave_reason = AttendanceStatus.LEAVE_REQUESTED, reason[:200]
    line.leave_requested_at = timezone.now()
    line.leave_decided_by, line.leave_decided_at = None, None
    line.save()
    return line


@transaction.atomic
def meeting_leave_decide(
    *, actor=None, attendance: MeetingAttendance, approve: bool
) -> MeetingAttendance:
    """Grant or refuse a leave request (the secretary: MANAGE_PARTY)."""
    check_perm(actor, MANAGE_PARTY, attendance.meeting)
    line = (
        MeetingAttendance.objects.select_for_update(of=("self",))
        .select_related("meeting")
        .get(pk=attendance.pk)
    )
    if line.status != AttendanceStatus.LEAVE_REQUESTED:
        raise ValidationError({"status": _("There is no leave request waiting.")})
    if line.meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"status": _("The meeting was cancelled.")})
    line.status = AttendanceStatus.LEAVE if approve else AttendanceStatus.LEAVE_REFUSED
    line.leave_decided_by, line.leave_decided_at = actor, timezone.now()
    line.save(update_fields=["status", "leave_decided_by", "leave_decided_at", "updated_at"])
    return line


@transaction.atomic
def resolution_record(
    *,
    actor=None,
    meeting: Meeting,
    text: str,
    votes_for: int,
    votes_against: int,
    votes_abstain: int,
) -> Resolution:
    """Record a resolution voted at a held meeting. The members entitled to vote are the full
    members on its roll (probationary members have no vote, 党章 art. 7); it is adopted with
    more than half of them for it (党章 art. 10 and 17), votes cast by those present."""
    check_perm(actor, RECORD_PARTY, meeting)
    meeting = _locked(meeting)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError({"status": _("Record resolutions of a meeting that was held.")})
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the resolution.")
    votes = {"votes_for": votes_for, "votes_against": votes_against,
             "votes_abstain": votes_abstain}  # fmt: skip
    for name, value in votes.items():
        if value is None or int(value) < 0:
            errors[name] = _("Enter a number of votes, 0 or more.")
    if errors:
        raise ValidationError(errors)
    full = meeting.attendance.filter(member__stage=MembershipStage.FULL)
    voters_due = full.count()
    present = full.filter(status=AttendanceStatus.PRESENT).count()
    if voters_due == 0:
        raise ValidationError({"votes_for": _("Record the roll of the meeting first.")})
    cast = sum(int(v) for v in votes.values())
    if cast > present:
        raise ValidationError(
            {"votes_for": _("%(cast)d votes cast, but only %(present)d full members were present.")
             % {"cast": cast, "present": present}}
        )  # fmt: skip
    return Resolution.objects.create(
        meeting=meeting,
        text=text,
        votes_for=int(votes_for),
        votes_against=int(votes_against),
        votes_abstain=int(votes_abstain),
        voters_due=voters_due,
        adopted=int(votes_for) * 2 > voters_due,
        recorded_by=actor,
    )
