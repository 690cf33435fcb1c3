"""Reads of branch meetings (R-PM-5): the calendar, a meeting's roll, the report of
organisations behind their schedule of 三会一课 and the other meetings, and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER

from ..choices import MemberState, OrgKind
from ..config import party_config
from ..models import (
    AttendanceStatus,
    CommitteeSeat,
    Meeting,
    MeetingKind,
    MeetingStatus,
    PartyMember,
    PartyOrg,
)
from .dues import xlsx_table

# Which meetings each form of organisation is held to (R-PM-5): a branch to the whole of
# 三会一课 and the other meetings; a party group to its group meeting; a committee or
# general branch to the meetings of its committee (its branches hold the rest). A working
# committee is no branch: it is not on this report.
SCHEDULE_KINDS = {
    OrgKind.BRANCH: [
        MeetingKind.BRANCH_ASSEMBLY,
        MeetingKind.BRANCH_COMMITTEE,
        MeetingKind.PARTY_LECTURE,
        MeetingKind.THEME_DAY,
        MeetingKind.ORGANISATIONAL_LIFE,
        MeetingKind.DEMOCRATIC_EVALUATION,
    ],
    OrgKind.GROUP: [MeetingKind.GROUP_MEETING],
    OrgKind.COMMITTEE: [MeetingKind.BRANCH_COMMITTEE],
    OrgKind.GENERAL_BRANCH: [MeetingKind.BRANCH_COMMITTEE],
}


def eligible_members_for(*, org: PartyOrg, kind: str, on: dt.date):
    """The roll of a meeting of ``org`` on the day ``on``: active members who had joined by
    then — of a party group for a group meeting, sitting on the committee for a committee
    meeting, of the organisation's whole subtree otherwise."""
    members = PartyMember.objects.filter(state=MemberState.ACTIVE, joined_on__lte=on)
    if kind == MeetingKind.GROUP_MEETING or org.kind == OrgKind.GROUP:
        return members.filter(group=org)
    members = members.filter(org__in=PartyOrg.objects.subtree(org).values("pk"))
    if kind == MeetingKind.BRANCH_COMMITTEE:
        seated = CommitteeSeat.objects.filter(org=org, started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )
        members = members.filter(person_id__in=seated.values("person_id"))
    return members


# ----------------------------------------------------------------------------- calendar


def meeting_list_for(
    *,
    user,
    org: PartyOrg | None = None,
    kind: str = "",
    status: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    q: str = "",
):
    """Meetings the user sees (VIEW_PARTY), of ``org``'s subtree if given, filtered."""
    meetings = Meeting.objects.visible_to(user, VIEW_PARTY).select_related("org")
    if org is not None:
        meetings = meetings.filter(org__in=PartyOrg.objects.subtree(org).values("pk"))
    if kind:
        meetings = meetings.filter(kind=kind)
    if status:
        meetings = meetings.filter(status=status)
    if start:
        meetings = meetings.filter(
            scheduled_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time()))
        )
    if end:
        meetings = meetings.filter(
            scheduled_at__lt=timezone.make_aware(
                dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
            )
        )
    if q:
        meetings = meetings.filter(
            Q(title__icontains=q) | Q(place__icontains=q) | Q(org__name__icontains=q)
        )
    return meetings


def meeting_get_for(*, user, pk: int) -> Meeting:
    return meeting_list_for(user=user).get(pk=pk)


def meeting_orgs_for(*, user, perm: str = VIEW_PARTY):
    """Organisations in being whose meetings the user may see (or, with a write permission,
    schedule): the choices of the filters and of the scheduling form."""
    return PartyOrg.objects.visible_to(user, perm).current().select_related("node")


@dataclass
class RollLine:
    member: PartyMember
    status: str  # an AttendanceStatus, or "" when not yet marked
    line: object  # the MeetingAttendance, or None

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label if self.status else _("Not marked")


def meeting_roll(meeting: Meeting) -> tuple[list[RollLine], dict[str, int]]:
    """The roll of a meeting: every member on it with his attendance (those marked who have
    since left the roll too), and the counts of present, on leave and absent. Two queries."""
    from ..services.meetings import meeting_day

    lines = {
        a.member_id: a
        for a in meeting.attendance.select_related("member__person", "leave_decided_by")
    }
    members = {
        m.pk: m
        for m in eligible_members_for(org=meeting.org, kind=meeting.kind, on=meeting_day(meeting))
        .select_related("person")
        .order_by("id")
    }
    for member_id, line in lines.items():
        members.setdefault(member_id, line.member)
    roll = [
        RollLine(m, lines[m.pk].status if m.pk in lines else "", lines.get(m.pk))
        for m in sorted(members.values(), key=lambda m: (m.person.name, m.pk))
    ]
    counts = {"all": len(roll), "present": 0, "leave": 0, "absent": 0, "leave_requested": 0}
    for line in roll:
        if line.status == AttendanceStatus.PRESENT:
            counts["present"] += 1
        elif line.status == AttendanceStatus.LEAVE:
            counts["leave"] += 1
        elif line.status == AttendanceStatus.LEAVE_REQUESTED:
            counts["leave_requested"] += 1
        elif line.status == AttendanceStatus.ABSENT:
            counts["absent"] += 1
    return roll, counts


def may_see_roll(user, meeting: Meeting) -> bool:
    """The roll names members: it needs the member register's permission."""
    return user.has_perm(VIEW_PARTY_MEMBER, meeting)


# ----------------------------------------------------------------------------- schedule


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def last_complete_period(today: dt.date, every_months: int) -> tuple[dt.date, dt.date]:
    """The last calendar period of ``every_months`` months that has ended before ``today``:
    [first day, first day after). Periods are aligned to the calendar: months, quarters
    (every 3), half-years (6), years (12)."""
    current = _month_index(today) // every_months * every_months
    return _month(current - every_months), _month(current)


def period_label(start: dt.date, every_months: int) -> str:
    if every_months == 1:
        return _("%(year)d-%(month)02d") % {"year": start.year, "month": start.month}
    if every_months == 3:
        return _("Q%(quarter)d %(year)d") % {"year": start.year, "quarter": start.month // 3 + 1}
    if every_months == 12:
        return _("year %(year)d") % {"year": start.year}
    end = _month(_month_index(start) + every_months - 1)
    return f"{start:%Y-%m} – {end:%Y-%m}"


@dataclass
class Shortfall:
    kind: str
    period_start: dt.date
    period_end: dt.date  # first day after
    label: str
    held: int
    at_least: int

    @property
    def kind_label(self) -> str:
        return MeetingKind(self.kind).label

    @property
    def text(self) -> str:
        return _("%(kind)s: %(period)s held %(held)d, at least %(at_least)d required") % {
            "kind": self.kind_label,
            "period": self.label,
            "held": self.held,
            "at_least": self.at_least,
        }


def behind_schedule_for(*, user, today: dt.date, org: PartyOrg | None = None) -> list[dict]:
    """Organisations the user sees (VIEW_PARTY) whose held meetings of a kind in the last
    complete period fall below the configured minimum (``party_config()["meetings"]``: kind →
    every_months, at_least), e.g. a branch committee monthly: no committee meeting held in
    the previous calendar month → behind. An organisation set up after the period began is
    not held to it. Two queries: the organisations, the held meetings counted per
    organisation and kind."""
    config = party_config()["meetings"]
    orgs = (
        PartyOrg.objects.visible_to(user, VIEW_PARTY)
        .current()
        .filter(kind__in=list(SCHEDULE_KINDS))
    )
    if org is not None:
        orgs = orgs.filter(pk__in=PartyOrg.objects.subtree(org).values("pk"))
    orgs = list(orgs.select_related("node").order_by("path"))
    periods = {}
    for kind, rule in config.items():
        if kind in MeetingKind.values:
            start, end = last_complete_period(today, int(rule["every_months"]))
            periods[kind] = (start, end, int(rule["every_months"]), int(rule["at_least"]))
    if not orgs or not periods:
        return []

    def aware(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    within = Q(pk__in=[])
    for kind, (start, end, _every, _least) in periods.items():
        within |= Q(kind=kind, held_at__gte=aware(start), held_at__lt=aware(end))
    counts = {
        (row["org_id"], row["kind"]): row["n"]
        for row in Meeting.objects.filter(
            within, status=MeetingStatus.HELD, org_id__in=[o.pk for o in orgs]
        )
        .values("org_id", "kind")
        .annotate(n=Count("id"))
    }
    out = []
    for o in orgs:
        shortfalls = []
        for kind in SCHEDULE_KINDS[o.kind]:
            if kind not in periods:
                continue
            start, end, every, least = periods[kind]
            if o.established_on is not None and o.established_on > start:
                continue
            held = counts.get((o.pk, kind), 0)
            if held < least:
                shortfalls.append(
                    Shortfall(kind, start, end, period_label(start, every), held, least)
                )
        if shortfalls:
            out.append({"org": o, "shortfalls": shortfalls})
    return out


def behind_schedule_count_for(*, user, today: dt.date) -> int:
    """Organisations behind their meeting schedule that the user sees (home dashboard)."""
    return len(behind_schedule_for(user=user, today=today))


# ----------------------------------------------------------------------------- exports


def meeting_export(meetings) -> bytes:
    columns = [
        (_("Organisation"), 24),
        (_("Kind"), 16),
        (_("Title"), 30),
        (_("Scheduled for"), 17),
        (_("Place"), 20),
        (_("Status"), 10),
        (_("Held"), 17),
        (_("Lecturer"), 12),
        (_("Present"), 8),
        (_("On leave"), 8),
        (_("Absent"), 8),
        (_("Resolutions"), 8),
    ]
    rows = meetings.annotate(
        n_present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT),
                        distinct=True),
        n_leave=Count("attendance", filter=Q(attendance__status=AttendanceStatus.LEAVE),
                      distinct=True),
        n_absent=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT),
                       distinct=True),
        n_resolutions=Count("resolutions", distinct=True),
    ).order_by("-scheduled_at", "-id")  # fmt: skip
    data = (
        [
            m.org.name,
            str(m.get_kind_display()),
            m.title,
            m.scheduled_at,
            m.place,
            str(m.get_status_display()),
            m.held_at,
            m.lecturer,
            m.n_present,
            m.n_leave,
            m.n_absent,
            m.n_resolutions,
        ]
        for m in rows.iterator(chunk_size=500)
    )
    return xlsx_table(_("Meetings"), columns, data)


def behind_schedule_export(report: list[dict]) -> bytes:
    columns = [
        (_("Organisation"), 28),
        (_("Kind"), 16),
        (_("Period"), 14),
        (_("Held"), 8),
        (_("At least"), 8),
    ]
    data = [
        [row["org"].name, s.kind_label, s.label, s.held, s.at_least]
        for row in report
        for s in row["shortfalls"]
    ]
    return xlsx_table(_("Behind schedule"), columns, data)


# ----------------------------------------------------------------------------- my page

try:
    from .mine import register_my_section
except ImportError:  # pragma: no cover — the members area provides it
    register_my_section = None


def my_meetings(user, member: PartyMember) -> dict | None:
    """The meetings still to come that he is on the roll of: of his branch (its committee's
    if he sits on it) and of his party group (2 queries)."""
    now = timezone.now()
    orgs = [pk for pk in (member.org_id, member.group_id) if pk]
    if not orgs:
        return None
    upcoming = list(
        Meeting.objects.filter(
            org_id__in=orgs, status=MeetingStatus.SCHEDULED, scheduled_at__gte=now
        )
        .select_related("org")
        .order_by("scheduled_at")[:20]
    )
    committee = set(
        CommitteeSeat.objects.filter(
            person_id=member.person_id, org_id__in=orgs, ended_on__isnull=True
        ).values_list("org_id", flat=True)
    )
    upcoming = [
        m for m in upcoming if m.kind != MeetingKind.BRANCH_COMMITTEE or m.org_id in committee
    ]
    if not upcoming:
        return None
    return {
        "title": _("Meetings to attend"),
        "template": "party/meetings/mine.html",
        "context": {"meetings": upcoming, "member_id": member.pk},
    }


if register_my_section is not None:
    register_my_section(my_meetings)
