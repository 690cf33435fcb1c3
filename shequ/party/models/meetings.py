"""Branch meetings (R-PM-5): 三会一课, organisational life meetings, 主题党日 and democratic
evaluation — scheduled per organisation, with attendance and leave, minutes and resolutions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "AttendanceStatus",
    "Meeting",
    "MeetingAttendance",
    "MeetingKind",
    "MeetingStatus",
    "Resolution",
]


class MeetingKind(models.TextChoices):
    """The regular meetings of party life (三会一课 and the others named by R-PM-5)."""

    BRANCH_ASSEMBLY = "branch_assembly", _("Branch members' assembly")  # 支部党员大会
    BRANCH_COMMITTEE = "branch_committee", _("Committee meeting")  # 支委会
    GROUP_MEETING = "group_meeting", _("Party group meeting")  # 党小组会
    PARTY_LECTURE = "party_lecture", _("Party lecture")  # 党课
    ORGANISATIONAL_LIFE = "organisational_life", _("Organisational life meeting")  # 组织生活会
    THEME_DAY = "theme_day", _("Theme party day")  # 主题党日
    DEMOCRATIC_EVALUATION = "democratic_evaluation", _("Democratic evaluation of members")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", pgettext_lazy("meeting", "Scheduled")
    HELD = "held", pgettext_lazy("meeting", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class AttendanceStatus(models.TextChoices):
    LEAVE_REQUESTED = "leave_requested", _("Leave requested")  # 请假待批
    LEAVE = "leave", _("On leave")  # 请假（已批准）
    LEAVE_REFUSED = "leave_refused", _("Leave refused")
    PRESENT = "present", _("Present")  # 出席
    ABSENT = "absent", _("Absent")  # 缺席


class Meeting(AuditedModel, TimeStampedModel):
    """A meeting of a party organisation (组织生活): a branch's assembly, its committee's
    meeting, a party group's meeting, a party lecture, an organisational life meeting, a theme
    party day or the democratic evaluation of members; scheduled, then held (with minutes) or
    cancelled."""

    org = models.ForeignKey(
        "party.PartyOrg",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=MeetingKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    scheduled_at = models.DateTimeField(_("scheduled for"), db_index=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    held_at = models.DateTimeField(_("held"), null=True, blank=True, db_index=True)
    minutes = models.TextField(_("minutes"), blank=True)
    lecturer = models.CharField(_("lecturer"), max_length=100, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "org__node__path"

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-scheduled_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="held") | (Q(held_at__isnull=False) & ~Q(minutes="")),
                name="meeting_held_has_time_and_minutes",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="meeting_cancel_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(kind="party_lecture") | Q(lecturer=""),
                name="meeting_lecturer_only_for_lectures",
            ),
        ]
        indexes = [
            models.Index(fields=["org", "kind", "status", "held_at"], name="meeting_held_idx")
        ]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.org.node.path


class MeetingAttendance(AuditedModel, TimeStampedModel):
    """A member on a meeting's roll (出席/请假/缺席): his leave request (请假) with its reason
    made before the meeting and its approval, then his presence or absence."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("meeting")
    )
    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="meeting_attendance",
        verbose_name=_("member"),
    )
    status = models.CharField(_("attendance"), max_length=20, choices=AttendanceStatus.choices)
    leave_reason = models.CharField(_("reason for leave"), max_length=200, blank=True)
    leave_requested_at = models.DateTimeField(_("leave requested"), null=True, blank=True)
    leave_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("leave decided by"),
    )
    leave_decided_at = models.DateTimeField(_("leave decided"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "meeting__org__node__path"

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "member"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_roll_line_per_member"),
            models.CheckConstraint(
                condition=~Q(status__in=["leave_requested", "leave", "leave_refused"])
                | ~Q(leave_reason=""),
                name="attendance_leave_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["leave", "leave_refused"])
                | Q(leave_decided_at__isnull=False),
                name="attendance_leave_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.member} · {self.get_status_display()}"

    def audit_node_path(self) -> str:
        return self.meeting.org.node.path

    def audit_person_id(self):
        return self.member.person_id


class Resolution(AuditedModel, TimeStampedModel):
    """A resolution (决议) voted at a held meeting: the votes for, against and abstaining and
    whether it was adopted."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("meeting")
    )
    text = models.TextField(_("resolution"))
    votes_for = models.PositiveIntegerField(_("votes for"))
    votes_against = models.PositiveIntegerField(_("votes against"))
    votes_abstain = models.PositiveIntegerField(_("abstentions"))
    voters_due = models.PositiveIntegerField(_("members entitled to vote"))
    adopted = models.BooleanField(_("adopted"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "meeting__org__node__path"

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["meeting", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    voters_due__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("votes_abstain")
                ),
                name="resolution_votes_within_voters",
            ),
            # 党章: adopted only with more than half of the members entitled to vote
            models.CheckConstraint(
                condition=Q(adopted=False) | Q(voters_due__lt=models.F("votes_for") * 2),
                name="resolution_adopted_by_majority",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]

    def audit_node_path(self) -> str:
        return self.meeting.org.node.path
