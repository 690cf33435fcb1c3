"""Meetings of a body and the motions put to them (R-DLB-4): the agenda, the eligibility
snapshot taken when notice is given (the roll) with each person's attendance; votes, ballots,
tallies and resolutions live in ``votes.py``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "AgendaItem",
    "Attendance",
    "Meeting",
    "MeetingRoll",
    "MeetingStatus",
    "Motion",
    "MotionStatus",
    "Threshold",
    "VoteMethod",
]


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", pgettext_lazy("meeting", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(AuditedModel, TimeStampedModel):
    scope_path = "body__node__path"

    body = models.ForeignKey(
        "deliberation.Body", on_delete=models.PROTECT, related_name="meetings",
        verbose_name=_("body"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notice_given_at = models.DateTimeField(_("notice given"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("meeting closed"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("convened by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    """One item of a meeting's agenda (议程), in its order."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("no."))
    title = models.CharField(_("item"), max_length=160)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="deliberation_agenda_pos"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.TextChoices):
    PRESENT = "present", _("Present")
    PROXY = "proxy", _("By proxy")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On leave")


class MeetingRoll(models.Model):
    """A person entitled to sit and vote in a meeting: the body's roll on the meeting's day,
    taken when notice is given (eligibility snapshot, R-DLB-4), with his attendance. One line
    per person and meeting; a proxy names the present member on the roll who holds it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="roll", verbose_name=_("meeting")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True
    )
    proxy_holder = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("proxy held by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("roll line")
        verbose_name_plural = _("roll")
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="deliberation_roll_once"),
            models.CheckConstraint(
                condition=Q(attendance="proxy", proxy_holder__isnull=False)
                | (~Q(attendance="proxy") & Q(proxy_holder__isnull=True)),
                name="deliberation_roll_proxy_holder",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.meeting_id}:{self.person_id}"


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VOTING = "voting", _("Voting")
    PASSED = "passed", pgettext_lazy("motion", "Passed")
    FAILED = "failed", pgettext_lazy("motion", "Failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class VoteMethod(models.TextChoices):
    ROLL_CALL = "roll_call", _("Roll-call")
    SECRET = "secret", _("Secret ballot")


class Threshold(models.TextChoices):
    """What share of which count a motion needs to pass (R-DLB-4)."""

    MAJORITY_PRESENT = "majority_present", _("More than half of those present")
    MAJORITY_MEMBERS = "majority_members", _("More than half of all members")
    TWO_THIRDS_PRESENT = "two_thirds_present", _("Two-thirds of those present")
    TWO_THIRDS_MEMBERS = "two_thirds_members", _("Two-thirds of all members")


class Motion(AuditedModel, TimeStampedModel):
    scope_path = "meeting__body__node__path"

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="motions", verbose_name=_("meeting")
    )
    title = models.CharField(_("title"), max_length=160)
    text = models.TextField(_("text"), blank=True)
    method = models.CharField(
        _("vote by"), max_length=10, choices=VoteMethod.choices, default=VoteMethod.ROLL_CALL
    )
    threshold = models.CharField(
        _("threshold"), max_length=20, choices=Threshold.choices,
        default=Threshold.MAJORITY_PRESENT,
    )  # fmt: skip
    affects_all_residents = models.BooleanField(_("affects all residents"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=MotionStatus.choices, default=MotionStatus.DRAFT
    )
    opened_at = models.DateTimeField(_("voting opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("voting closed"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.title
