"""Reads of meetings, motions, votes and resolutions (R-DLB-3, R-DLB-4): what a user sees —
staff the meetings of their subtree (VIEW_DELIBERATION), a person the meetings he is on the
roll of —, a meeting's roll with its quorum, a motion's votes, resolutions with their
execution, the councils that did not meet in a month, exports and the 我的议事 sections."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import VIEW_DELIBERATION
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import scope_q, subtree_q
from shequ.core.xlsx import xlsx_table

from ..choices import BodyKind
from ..config import deliberation_config
from ..models import Body, Meeting, MeetingStatus, Motion, MotionStatus, VoteMethod
from ..models.meetings import Attendance, MeetingRoll
from ..models.votes import BallotCast, Resolution, RollCallVote, Tally
from .mine import register_my_section

# ----------------------------------------------------------------------------- meetings


def _on_roll(user) -> Q:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return Q(pk__in=[])
    return Q(pk__in=MeetingRoll.objects.filter(person_id=person_id).values("meeting_id"))


def meeting_list_for(
    *, user, body: Body | None = None, status: str = "", start: dt.date | None = None,
    end: dt.date | None = None, q: str = "",
):  # fmt: skip
    """Meetings of bodies in the user's subtree (VIEW_DELIBERATION), and those whose roll
    he is on, filtered."""
    meetings = Meeting.objects.filter(
        scope_q(user, VIEW_DELIBERATION, Meeting.scope_path) | _on_roll(user)
    ).select_related("body")
    if body is not None:
        meetings = meetings.filter(body=body)
    if status:
        meetings = meetings.filter(status=status)
    if start:
        meetings = meetings.filter(
            starts_at__gte=timezone.make_aware(dt.datetime.combine(start, dt.time()))
        )
    if end:
        meetings = meetings.filter(starts_at__lt=timezone.make_aware(
            dt.datetime.combine(end + dt.timedelta(days=1), dt.time())))  # fmt: skip
    if q:
        meetings = meetings.filter(
            Q(title__icontains=q) | Q(place__icontains=q) | Q(body__name__icontains=q)
        )
    return meetings


def meeting_get_for(*, user, pk: int) -> Meeting:
    return meeting_list_for(user=user).get(pk=pk)


def bodies_for(*, user, perm: str = VIEW_DELIBERATION):
    """Bodies in being the user may see (or, with a write permission, run)."""
    return (
        Body.objects.visible_to(user, perm)
        .filter(dissolved_on__isnull=True)
        .select_related("node")
        .order_by("node__path", "kind", "id")
    )


def may_see_roll(user, meeting: Meeting) -> bool:
    """The roll names people: staff of the subtree and the body's own members."""
    return user.has_perm(VIEW_DELIBERATION, meeting)


@dataclass
class RollLine:
    person_id: int
    name: str
    attendance: str
    proxy_holder: str

    @property
    def attendance_label(self) -> str:
        return Attendance(self.attendance).label if self.attendance else _("Not marked")


def meeting_roll(meeting: Meeting) -> list[RollLine]:
    """The roll with each person's attendance, by name (one query)."""
    rows = meeting.roll.select_related("person", "proxy_holder").order_by("person__name", "id")
    return [
        RollLine(
            r.person_id,
            r.person.name,
            r.attendance,
            r.proxy_holder.name if r.proxy_holder_id else "",
        )  # fmt: skip
        for r in rows
    ]


def own_roll_line(user, meeting: Meeting) -> MeetingRoll | None:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    return meeting.roll.filter(person_id=person_id).first()


# ----------------------------------------------------------------------------- motions


def motion_list_for(*, user, status: str = "", q: str = ""):
    motions = Motion.objects.filter(
        meeting__in=meeting_list_for(user=user).values("pk")
    ).select_related("meeting__body")
    if status:
        motions = motions.filter(status=status)
    if q:
        motions = motions.filter(Q(title__icontains=q) | Q(meeting__title__icontains=q))
    return motions


def motion_get_for(*, user, pk: int) -> Motion:
    return motion_list_for(user=user).get(pk=pk)


def tally_of(motion: Motion) -> Tally | None:
    try:
        return motion.tally
    except Tally.DoesNotExist:
        return None


def roll_call_votes(motion: Motion) -> list[RollCallVote]:
    if motion.method != VoteMethod.ROLL_CALL:
        return []
    return list(motion.roll_call_votes.select_related("person").order_by("person__name", "id"))


def own_vote(user, motion: Motion) -> str:
    """The channel by which the user's person has voted on the motion, or ""."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return ""
    model = BallotCast if motion.method == VoteMethod.SECRET else RollCallVote
    return model.objects.filter(motion=motion, person_id=person_id).values_list(
        "channel", flat=True
    ).first() or ""  # fmt: skip


def proxies_held(user, motion: Motion) -> list[MeetingRoll]:
    """Roll lines the user's person holds the proxy of (he votes for them)."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    return list(
        MeetingRoll.objects.filter(meeting_id=motion.meeting_id, proxy_holder_id=person_id,
                                   attendance=Attendance.PROXY).select_related("person")
    )  # fmt: skip


# ----------------------------------------------------------------------------- resolutions


def resolution_list_for(*, user, q: str = "", state: str = "", today: dt.date | None = None):
    """Resolutions of bodies in the user's subtree; ``state``: open, overdue or done."""
    today = today or timezone.localdate()
    rows = (
        Resolution.objects.visible_to(user, VIEW_DELIBERATION)
        .select_related("motion__meeting__body")
        .annotate(progress_at=Max("progress__at"))
    )
    if state == "done":
        rows = rows.filter(done_on__isnull=False)
    elif state == "open":
        rows = rows.filter(done_on__isnull=True)
    elif state == "overdue":
        rows = rows.filter(done_on__isnull=True, due_on__lt=today)
    if q:
        rows = rows.filter(
            Q(title__icontains=q) | Q(responsible__icontains=q)
            | Q(motion__meeting__body__name__icontains=q)
        )  # fmt: skip
    return rows


def resolution_get_for(*, user, pk: int) -> Resolution:
    return Resolution.objects.visible_to(user, VIEW_DELIBERATION).select_related(
        "motion__meeting__body__node", "motion__tally"
    ).get(pk=pk)  # fmt: skip


def overdue_for(*, user, today: dt.date | None = None):
    return resolution_list_for(user=user, state="overdue", today=today)


# ----------------------------------------------------------------------------- councils


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = month.replace(day=1)
    after = (first + dt.timedelta(days=32)).replace(day=1)

    def aware(day):
        return timezone.make_aware(dt.datetime.combine(day, dt.time()))

    return aware(first), aware(after)


def idle_councils_for(*, user, month: dt.date, node=None) -> list[dict]:
    """Residents' councils of the user's subtree (or of ``node``'s) that held fewer meetings
    in ``month`` than configured (R-DLB-3: ``council_meetings_per_month``). A meeting counts
    when it opened that month; a council set up or dissolved within the month is not held
    to it. Two queries."""
    at_least = int(deliberation_config()["meetings"]["council_meetings_per_month"])
    start, after = month_bounds(month)
    councils = Body.objects.visible_to(user, VIEW_DELIBERATION).filter(kind=BodyKind.COUNCIL)
    if node is not None:
        councils = councils.filter(subtree_q("node__path", node.path))
    councils = (
        councils.filter(
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gte=after.date()),
            created_at__lt=start,
        )
        .select_related("node")
        .order_by("node__path", "id")
    )
    councils = list(councils)
    held = dict(
        Meeting.objects.filter(
            body__in=[c.pk for c in councils], opened_at__gte=start, opened_at__lt=after,
            status__in=[MeetingStatus.OPEN, MeetingStatus.CLOSED],
        ).order_by().values_list("body_id").annotate(n=Count("id"))
    )  # fmt: skip
    return [
        {"body": c, "held": held.get(c.pk, 0), "at_least": at_least}
        for c in councils
        if held.get(c.pk, 0) < at_least
    ]


# ----------------------------------------------------------------------------- exports


def meeting_export(*, user, meetings) -> bytes:
    columns = [
        (_("Body"), 24), (_("Title"), 30), (_("Starts at"), 17), (_("Place"), 20),
        (_("Status"), 10), (_("On the roll"), 8), (_("Present"), 8), (_("By proxy"), 8),
        (_("Motions"), 8), (_("Passed"), 8),
    ]  # fmt: skip
    rows = meetings.annotate(
        n_roll=Count("roll", distinct=True),
        n_present=Count("roll", filter=Q(roll__attendance=Attendance.PRESENT), distinct=True),
        n_proxy=Count("roll", filter=Q(roll__attendance=Attendance.PROXY), distinct=True),
        n_motions=Count("motions", distinct=True),
        n_passed=Count("motions", filter=Q(motions__status=MotionStatus.PASSED), distinct=True),
    ).order_by("-starts_at", "-id")
    data = [
        [
            m.body.name,
            m.title,
            m.starts_at,
            m.place,
            str(m.get_status_display()),
            m.n_roll,
            m.n_present,
            m.n_proxy,
            m.n_motions,
            m.n_passed,
        ]  # fmt: skip
        for m in rows.iterator(chunk_size=500)
    ]
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Meetings of bodies")),
                 row_count=len(data))  # fmt: skip
    return xlsx_table(_("Meetings"), columns, data)


def resolution_export(*, user, resolutions, today: dt.date | None = None) -> bytes:
    today = today or timezone.localdate()
    columns = [
        (_("Body"), 24), (_("Resolution"), 30), (_("Responsible"), 14), (_("Due"), 11),
        (_("Done on"), 11), (_("Overdue"), 8), (_("Last progress"), 17),
    ]  # fmt: skip
    data = [
        [
            r.motion.meeting.body.name,
            r.title,
            r.responsible,
            r.due_on,
            r.done_on,
            bool(r.done_on is None and r.due_on and r.due_on < today),
            r.progress_at,
        ]  # fmt: skip
        for r in resolutions.order_by("-id")
    ]
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Resolutions")),
                 row_count=len(data))  # fmt: skip
    return xlsx_table(_("Resolutions"), columns, data)


def idle_councils_export(*, user, report: list[dict], month: dt.date) -> bytes:
    columns = [(_("Council"), 28), (_("Territory"), 20), (_("Month"), 10), (_("Meetings held"), 8),
               (_("At least"), 8)]  # fmt: skip
    data = [
        [row["body"].name, row["body"].node.name, f"{month:%Y-%m}", row["held"], row["at_least"]]
        for row in report
    ]
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Councils without a meeting")),
                 row_count=len(data))  # fmt: skip
    return xlsx_table(_("Councils"), columns, data)


# ----------------------------------------------------------------------------- 我的议事


@register_my_section
def my_meetings(user, person) -> dict | None:
    """Meetings to come or in session whose roll he is on, and the motions open for his
    vote (3 queries)."""
    if person is None:
        return None
    now = timezone.now()
    lines = list(
        MeetingRoll.objects.filter(
            person_id=person.pk,
            meeting__status__in=[MeetingStatus.PLANNED, MeetingStatus.OPEN],
            meeting__starts_at__gte=now - dt.timedelta(days=1),
        ).select_related("meeting__body").order_by("meeting__starts_at")[:20]
    )  # fmt: skip
    meetings = [line.meeting for line in lines]
    open_motions = list(
        Motion.objects.filter(meeting__in=[m.pk for m in meetings], status=MotionStatus.VOTING)
        .select_related("meeting")
        .order_by("id")
    )
    voted = set(
        RollCallVote.objects.filter(motion__in=open_motions, person_id=person.pk)
        .values_list("motion_id", flat=True)
    ) | set(
        BallotCast.objects.filter(motion__in=open_motions, person_id=person.pk)
        .values_list("motion_id", flat=True)
    )  # fmt: skip
    to_vote = [m for m in open_motions if m.pk not in voted]
    if not meetings and not to_vote:
        return None
    return {
        "title": _("My meetings and votes"),
        "template": "deliberation/meetings/_mine.html",
        "context": {"meetings": meetings, "to_vote": to_vote},
        "order": 10,
    }


@register_my_section
def my_receipts(user, person) -> dict | None:
    """The motions he voted on: his roll-call votes, and the secret ballots he cast (the
    channel, never the choice: he checks that with his receipt token)."""
    if person is None:
        return None
    votes = list(
        RollCallVote.objects.filter(person_id=person.pk)
        .select_related("motion__meeting")
        .order_by("-id")[:20]
    )
    ballots = list(
        BallotCast.objects.filter(person_id=person.pk)
        .select_related("motion__meeting")
        .order_by("-id")[:20]
    )
    if not votes and not ballots:
        return None
    return {
        "title": _("My votes and receipts"),
        "template": "deliberation/votes/_mine.html",
        "context": {"votes": votes, "ballots": ballots},
        "order": 11,
    }
