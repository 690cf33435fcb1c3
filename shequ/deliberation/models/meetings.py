"""Meetings of a body and the motions put to them (R-DLB-4). The skeleton the other parts
name; attendance, votes, ballots and resolutions live beside it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In session")
    CLOSED = "closed", _("Closed")
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


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VOTING = "voting", _("Voting")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
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
