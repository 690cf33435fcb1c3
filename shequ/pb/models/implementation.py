"""Carrying out a funded micro-project and its acceptance (R-PB-1 "carried out; results are
accepted and rated"): milestones, progress reports with photos, the spending ledger, the
acceptance checks and the residents' ratings. Reports, spending entries and checks are
append-only; a project's money is never overspent (services.implementation, a row lock)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet, obj_path

__all__ = [
    "AcceptanceCheck",
    "AcceptanceResult",
    "Milestone",
    "ProgressPhoto",
    "ProgressReport",
    "ProjectRating",
    "SpendingEntry",
    "SpendingKind",
]


class AcceptanceResult(models.TextChoices):
    PASSED = "passed", _("Passed")
    CONDITIONAL = "conditional", _("Passed with conditions")
    FAILED = "failed", pgettext_lazy("acceptance", "Failed")


# the results that accept a project; a failed check sends it back to implementation
ACCEPTING = (AcceptanceResult.PASSED, AcceptanceResult.CONDITIONAL)


class SpendingKind(models.TextChoices):
    PAYMENT = "payment", pgettext_lazy("micro-project spending", "Payment")  # 支出
    REVERSAL = "reversal", pgettext_lazy("micro-project spending", "Reversal")  # 冲正


class AppendOnlyQuerySet(ScopedQuerySet):
    """Bulk writes refused: the rows are a record (a correction is a new row)."""

    def update(self, **kwargs):
        raise PermissionDenied("these rows are append-only")

    def delete(self):
        raise PermissionDenied("these rows are append-only")


class InRound:
    """Audit rows of a project's records are kept at the round's node."""

    def audit_node_path(self) -> str:
        return obj_path(self)


class AppendOnly(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("these rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("these rows are append-only")


class Milestone(InRound, AuditedModel, TimeStampedModel):
    """A step of carrying out a project (节点) with the day it is due and the day it was done."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE, related_name="milestones",
                                verbose_name=_("micro-project"))  # fmt: skip
    title = models.CharField(_("title"), max_length=120)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_on", "id"]
        indexes = [models.Index(fields=["project", "due_on"], name="pb_milestone_due_idx")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today=None) -> bool:
        return self.done_on is None and self.due_on < (today or timezone.localdate())


class ProgressReport(InRound, AppendOnly, AuditedModel, TimeStampedModel):
    """How far a project has come (进度), as a percentage that never goes down unless the report
    says why; with a note and photos. Never changed: the next report supersedes it."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE,
                                related_name="progress_reports",
                                verbose_name=_("micro-project"))  # fmt: skip
    reported_on = models.DateField(_("report date"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    note = models.TextField(_("note"), blank=True)
    # why the percentage went down (a part redone, a measurement corrected); required then
    decrease_reason = models.CharField(_("why lower"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["project", "created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="pb_progress_percent_max"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.percent}%"


def photo_upload_to(instance, filename: str) -> str:
    """A dated folder and a random name: the uploader's file name never reaches the disk."""
    import secrets
    from pathlib import PurePosixPath

    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"pb/progress/{timezone.localdate():%Y/%m}/{secrets.token_hex(16)}{suffix}"


class ProgressPhoto(AppendOnly):
    """A photo of a progress report: checked and re-encoded by Pillow without its metadata;
    public with the project."""

    scope_path = "report__project__round__node__path"

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="photos",
                               verbose_name=_("progress report"))  # fmt: skip
    file = models.FileField(_("photo"), upload_to=photo_upload_to, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), upload_to=photo_upload_to, max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("progress photo")
        verbose_name_plural = _("progress photos")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.pk}"


class SpendingEntry(InRound, AppendOnly, AuditedModel):
    """One line of a project's spending ledger (支出台账), never changed nor deleted.

    ``amount`` is the entry's effect on what is spent: a payment positive, a reversal (冲正)
    the negative of the payment it names. What is spent is the plain sum, never above the
    project's money (services.implementation, under a lock on the project). The funds module
    will read these entries later."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.PROTECT, related_name="spending",
                                verbose_name=_("micro-project"))  # fmt: skip
    kind = models.CharField(_("kind"), max_length=10, choices=SpendingKind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    voucher = models.CharField(_("voucher number"), max_length=40, blank=True)
    payee = models.CharField(_("paid to"), max_length=120, blank=True)
    note = models.CharField(_("what for"), max_length=200, blank=True)
    reverses = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="reversals",
                                 verbose_name=_("reverses"))  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("spending entry")
        verbose_name_plural = _("spending entries")
        ordering = ["project", "recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reverses"], condition=Q(reverses__isnull=False),
                                    name="pb_spending_reversed_once"),
            models.CheckConstraint(
                condition=(Q(kind="reversal", reverses__isnull=False, amount__lt=0))
                | (Q(kind="payment", reverses__isnull=True, amount__gt=0)),
                name="pb_spending_kind_sign",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"


class AcceptanceCheck(InRound, AppendOnly, AuditedModel, TimeStampedModel):
    """An acceptance check of a project (验收): when, who checked it and who took part
    (residents' representatives among them), the result and the findings. Posted on the
    board. A failed check sends the project back to implementation; the next check follows."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE,
                                related_name="acceptance_checks",
                                verbose_name=_("micro-project"))  # fmt: skip
    checked_on = models.DateField(_("checked on"))
    result = models.CharField(_("result"), max_length=12, choices=AcceptanceResult.choices)
    findings = models.TextField(_("findings"))
    conditions = models.TextField(_("conditions"), blank=True)
    checked_by = models.CharField(_("checked by"), max_length=200)
    participants = models.ManyToManyField("people.Person", blank=True, related_name="+",
                                          verbose_name=_("residents taking part"))  # fmt: skip
    other_participants = models.CharField(_("others taking part"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("acceptance check")
        verbose_name_plural = _("acceptance checks")
        ordering = ["project", "checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.get_result_display()}"

    @property
    def accepts(self) -> bool:
        return self.result in ACCEPTING


class ProjectRating(InRound, AuditedModel, TimeStampedModel):
    """A resident's rating of an accepted project (评价): 1–5 stars and a comment, one per
    resident (a database constraint)."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE, related_name="ratings",
                                verbose_name=_("micro-project"))  # fmt: skip
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("resident"))  # fmt: skip
    stars = models.PositiveSmallIntegerField(_("stars"))
    comment = models.CharField(_("comment"), max_length=500, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("residents' ratings")
        ordering = ["project", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "person"],
                                    name="pb_one_rating_per_resident"),
            models.CheckConstraint(condition=Q(stars__gte=1, stars__lte=5),
                                   name="pb_rating_stars_1_5"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.project_id}: {self.stars}"

    @property
    def stars_text(self) -> str:
        return "★" * self.stars
